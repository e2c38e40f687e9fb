import { ByteReader } from '../../core/byte-reader.js';
import { damageFrom, Malformed, type Damage } from '../../core/damage.js';
import type { Limits } from '../../core/limits.js';

/**
 * The LZ77 + DIRECT2 decompressor of [MS-OXCRPC] 3.1.4.1.1.2 (reference §2.7; the "plain LZ77"
 * variant of MS-XCA).
 *
 * Wire facts that shape this code:
 * - 32-bit little-endian flag words are consumed most-significant bit first: 0 = literal byte,
 *   1 = match. The encoder appends one extra 1 bit after the last token; it is only recognised
 *   because the input has ended when it is read.
 * - A match is a u16: high 13 bits = distance − 1 (so at most 8192 back), low 3 bits = length − 3.
 *   Length field 7 continues into a nibble that two consecutive long matches share (low nibble
 *   first, then the high nibble of the same byte), then a byte (nibble 15), then a u16 (byte 255)
 *   that holds the whole length minus 3.
 * - Copies may overlap the bytes they produce (distance 1 = run of one byte).
 *
 * Hostile input never throws and never allocates more than min(sizeActual, maxDecompressedBytes).
 */
export interface Lz77Result {
  data: Uint8Array;
  damage?: Damage;
}

const FIELD = 'RPC_HEADER_EXT compressed payload';

export function lz77Decompress(input: Uint8Array, sizeActual: number, limits: Limits, base = 0): Lz77Result {
  const cap = Math.max(0, Math.min(sizeActual, limits.maxDecompressedBytes));
  const out = new Uint8Array(cap);
  const r = new ByteReader(input, base);
  let n = 0;
  let flags = 0;
  let bitsLeft = 0;
  /** The shared length byte whose high nibble the next long match uses, or -1. */
  let sharedNibbleByte = -1;

  const nextBit = (): number => {
    if (bitsLeft === 0) {
      flags = r.u32('LZ77 flag word');
      bitsLeft = 32;
    }
    const bit = flags >>> 31;
    flags = (flags << 1) >>> 0;
    bitsLeft--;
    return bit;
  };

  try {
    while (n < cap) {
      if (nextBit() === 0) {
        out[n++] = r.u8('LZ77 literal');
        continue;
      }
      if (r.atEnd) {
        return {
          data: out.subarray(0, n),
          damage: { reason: 'truncated', offset: r.offset, field: FIELD, detail: `end marker after ${n} bytes, SizeActual is ${sizeActual}` },
        };
      }
      const metaAt = r.offset;
      const meta = r.u16('LZ77 match');
      const distance = (meta >>> 3) + 1;
      let length = meta & 7;
      if (length === 7) {
        if (sharedNibbleByte < 0) {
          sharedNibbleByte = r.u8('LZ77 length nibble');
          length = sharedNibbleByte & 0x0f;
        } else {
          length = sharedNibbleByte >>> 4;
          sharedNibbleByte = -1;
        }
        if (length === 15) {
          length = r.u8('LZ77 length byte');
          // 255 escapes to a u16 that already holds the total length minus 3.
          length = length === 255 ? r.u16('LZ77 length word') - 22 : length;
          length += 15;
        }
        length += 7;
      }
      length += 3;
      if (distance > n) {
        throw new Malformed('LZ77 match', metaAt, `distance ${distance} reaches before the start of the output (${n} bytes decoded)`);
      }
      const want = n + length;
      const end = Math.min(want, cap);
      for (; n < end; n++) out[n] = out[n - distance]!;
      if (want > sizeActual) {
        return {
          data: out,
          damage: {
            reason: 'decompression-overrun',
            offset: metaAt,
            field: FIELD,
            detail: `a ${length}-byte match ends at ${want}, past SizeActual ${sizeActual}`,
          },
        };
      }
    }
    if (cap < sizeActual) {
      return {
        data: out,
        damage: { reason: 'limit', offset: r.offset, field: FIELD, detail: `SizeActual ${sizeActual} exceeds maxDecompressedBytes ${limits.maxDecompressedBytes}` },
      };
    }
    return { data: out, damage: trailingDamage(r, nextBit, bitsLeft, sizeActual) };
  } catch (err) {
    return { data: out.subarray(0, n), damage: damageFrom(err) };
  }
}

/**
 * Output is complete: what follows may only be the end marker (its flag word, if it needs a new
 * one). Any further input byte would expand past SizeActual. A missing marker is tolerated: it
 * carries no data.
 */
function trailingDamage(r: ByteReader, nextBit: () => number, bitsLeft: number, sizeActual: number): Damage | undefined {
  if (r.atEnd) return undefined;
  if (bitsLeft === 0 && r.remaining < 4) {
    return { reason: 'malformed', offset: r.offset, field: FIELD, detail: `${r.remaining} trailing bytes after SizeActual ${sizeActual}` };
  }
  const at = r.offset;
  nextBit();
  if (r.atEnd) return undefined;
  return { reason: 'decompression-overrun', offset: at, field: FIELD, detail: `input continues after SizeActual ${sizeActual} bytes were produced` };
}
