import { ByteReader } from '../../core/byte-reader.js';
import type { Damage } from '../../core/damage.js';
import { hex4 } from '../../core/hex.js';
import type { Limits } from '../../core/limits.js';
import { lz77Decompress } from './lz77.js';
import {
  HEADER_EXT_COMPRESSED,
  HEADER_EXT_LAST,
  HEADER_EXT_XOR_MAGIC,
  type HeaderExtChain,
  type HeaderExtPayload,
} from './types.js';
import { xorMagic } from './xor.js';

/**
 * rgbIn / rgbOut / rgbAuxIn / rgbAuxOut framing ([MS-OXCRPC] 2.2.2.1; reference §2.5): a chain of
 * RPC_HEADER_EXT (Version u16, Flags u16, Size u16, SizeActual u16) + Size payload bytes, until a
 * header with Last. Each pair stands alone (flags may differ). The receiver reverts XorMagic
 * FIRST and decompresses after, because the sender compressed and then obfuscated.
 *
 * Offsets in the result are relative to `buf`. Header anomalies are chain damage; what went wrong
 * inside one payload (LZ77) is that payload's damage. Nothing throws.
 */
export const HEADER_EXT_SIZE = 8;
const KNOWN_FLAGS = HEADER_EXT_COMPRESSED | HEADER_EXT_XOR_MAGIC | HEADER_EXT_LAST;
const FIELD = 'RPC_HEADER_EXT';

export interface HeaderExtOptions {
  /** Auxiliary buffers: exactly one header, which must carry Last (reference §2.5). */
  single?: boolean;
}

export function decodeHeaderExtChain(buf: Uint8Array, limits: Limits, opts: HeaderExtOptions = {}): HeaderExtChain {
  const payloads: HeaderExtPayload[] = [];
  const damage: Damage[] = [];
  const r = new ByteReader(buf);
  const note = (reason: Damage['reason'], offset: number, detail: string, field = FIELD): void => {
    damage.push({ reason, offset, field, detail });
  };

  /** Why the walk ended: Last seen, bytes ran out, a payload was cut short, or a cap. */
  let ended: 'last' | 'end' | 'cut' | 'limit' | 'single' = 'end';
  while (!r.atEnd) {
    if (payloads.length >= limits.maxHeaderExtPayloads) {
      note('limit', r.offset, `more than maxHeaderExtPayloads (${limits.maxHeaderExtPayloads}) payloads`);
      ended = 'limit';
      break;
    }
    const offset = r.offset;
    if (r.remaining < HEADER_EXT_SIZE) {
      note('truncated', offset, `${r.remaining} bytes left, an RPC_HEADER_EXT needs ${HEADER_EXT_SIZE}`);
      r.rest();
      ended = 'cut';
      break;
    }
    const version = r.u16('Version');
    const flags = r.u16('Flags');
    const size = r.u16('Size');
    const sizeActual = r.u16('SizeActual');
    if (version !== 0) note('malformed', offset, `Version ${hex4(version)}, MUST be 0x0000`, `${FIELD}.Version`);
    if (flags & ~KNOWN_FLAGS) note('malformed', offset + 2, `Flags ${hex4(flags)} has undefined bits`, `${FIELD}.Flags`);
    const compressed = (flags & HEADER_EXT_COMPRESSED) !== 0;
    if (compressed && size >= sizeActual) {
      note('malformed', offset + 4, `Compressed with Size ${size} ≥ SizeActual ${sizeActual}`, `${FIELD}.Size`);
    } else if (!compressed && size !== sizeActual) {
      note('malformed', offset + 4, `uncompressed with Size ${size} ≠ SizeActual ${sizeActual}`, `${FIELD}.Size`);
    }

    const payloadBase = offset + HEADER_EXT_SIZE;
    let raw: Uint8Array;
    let payloadDamage: Damage | undefined;
    if (size > r.remaining) {
      payloadDamage = { reason: 'truncated', offset: payloadBase, field: `${FIELD} payload`, detail: `Size ${size}, only ${r.remaining} bytes left` };
      raw = r.rest();
      ended = 'cut';
    } else {
      raw = r.bytes(size, 'payload');
    }
    let data = flags & HEADER_EXT_XOR_MAGIC ? xorMagic(raw) : raw.slice();
    if (compressed) {
      const out = lz77Decompress(data, sizeActual, limits, payloadBase);
      data = out.data;
      payloadDamage ??= out.damage;
    } else if (data.length > limits.maxDecompressedBytes) {
      payloadDamage ??= { reason: 'limit', offset: payloadBase, field: `${FIELD} payload`, detail: `${data.length} bytes exceed maxDecompressedBytes` };
      data = data.subarray(0, limits.maxDecompressedBytes);
    }
    const p: HeaderExtPayload = { offset, version, flags, size, sizeActual, data };
    if (payloadDamage) p.damage = payloadDamage;
    payloads.push(p);

    if (ended === 'cut') break;
    if (flags & HEADER_EXT_LAST) {
      ended = 'last';
      break;
    }
    if (opts.single) {
      note('malformed', offset + 2, 'an auxiliary buffer holds exactly one RPC_HEADER_EXT, and it must carry Last', `${FIELD}.Flags`);
      ended = 'single';
      break;
    }
  }

  if (payloads.length === 0 && damage.length === 0) {
    note('truncated', 0, 'empty buffer: no RPC_HEADER_EXT');
  } else if ((ended === 'last' || ended === 'single') && !r.atEnd) {
    note('malformed', r.offset, `${r.remaining} bytes after the last payload`);
  } else if (ended === 'end') {
    note('truncated', r.offset, 'the chain ends without a header marked Last');
  }
  return { payloads, damage };
}
