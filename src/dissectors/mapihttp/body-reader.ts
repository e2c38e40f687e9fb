import { ByteReader } from '../../core/byte-reader.js';
import { type Damage, damageFrom } from '../../core/damage.js';
import type { AuxiliaryPart, MapiDecodeResult } from './types.js';

/** Records a problem that does not stop the decode. */
export type Note = (reason: Damage['reason'], offset: number, field: string, detail: string) => void;

/**
 * Runs one body decoder ([MS-OXCMAPIHTTP] 2.2.4): a short read or a contradiction ends it with damage and
 * no value; bytes left after the last field are reported but the value stands. Offsets are body offsets.
 */
export function decodeBody<T>(body: Uint8Array, what: string, decode: (r: ByteReader, note: Note) => T): MapiDecodeResult<T> {
  const problems: Damage[] = [];
  const note: Note = (reason, offset, field, detail) => problems.push({ reason, offset, field, detail });
  const r = new ByteReader(body);
  let value: T | undefined;
  try {
    value = decode(r, note);
    if (!r.atEnd) note('malformed', r.offset, what, `${r.remaining} bytes after the last field of the ${what}`);
  } catch (err) {
    problems.push(damageFrom(err));
  }
  if (problems.length === 0) return { value };
  const [damage, ...rest] = [...problems].sort((a, b) => a.offset - b.offset);
  const out: MapiDecodeResult<T> = { damage };
  if (value !== undefined) out.value = value;
  if (rest.length) out.otherDamage = rest;
  return out;
}

/**
 * AuxiliaryBufferSize + AuxiliaryBuffer, the tail of every body. A body that ends right before
 * AuxiliaryBufferSize is accepted as an empty auxiliary buffer with a note, as the Fiddler MAPI inspector
 * reads only when 4 bytes remain (reference §5).
 */
export function readAux(r: ByteReader, note: Note): AuxiliaryPart {
  if (r.atEnd) {
    note('truncated', r.offset, 'AuxiliaryBufferSize', 'the body ends before AuxiliaryBufferSize; read as 0');
    return { auxiliaryBufferSize: 0, auxiliaryBuffer: new Uint8Array(0) };
  }
  const auxiliaryBufferSize = r.u32('AuxiliaryBufferSize');
  return { auxiliaryBufferSize, auxiliaryBuffer: r.bytes(auxiliaryBufferSize, 'AuxiliaryBuffer').slice() };
}

/** A u32 size and that many bytes (RopBufferSize + RopBuffer): bounded by the bytes present. */
export function readSized(r: ByteReader, sizeField: string, field: string): { size: number; bytes: Uint8Array } {
  const size = r.u32(sizeField);
  return { size, bytes: r.bytes(size, field).slice() };
}
