import { ByteReader } from '../../core/byte-reader.js';
import { Malformed, type Damage } from '../../core/damage.js';
import type { PduHeader } from './pdu-header.js';

/** sec_trailer ([MS-RPCE] 2.2.2.11, reference §3.6). */
export interface SecTrailer {
  authType: number;
  authLevel: number;
  padLength: number;
  contextId: number;
}

export interface BodyExtent {
  trailer: SecTrailer | null;
  /** End of the stub data in the PDU (before auth padding, sec_trailer and token). */
  stubEnd: number;
  damage?: Damage;
}

/**
 * Finds where the stub ends: with auth_length > 0 the sec_trailer sits at frag_length − auth_length − 8
 * and auth_pad_length padding bytes precede it. Throws Malformed when the trailer would start inside
 * the fixed body (`bodyStart`); a pad length that overruns the stub is damage, and the pad is then ignored.
 */
export function bodyExtent(pdu: Uint8Array, hdr: PduHeader, bodyStart: number): BodyExtent {
  const end = hdr.fragLength;
  if (hdr.authLength === 0) return { trailer: null, stubEnd: end };
  const at = end - hdr.authLength - 8;
  if (at < bodyStart) {
    throw new Malformed('sec_trailer', at, `auth_length ${hdr.authLength} leaves no room for the ${bodyStart}-byte body`);
  }
  const r = new ByteReader(pdu, 0, hdr.littleEndian);
  r.seek(at, 'sec_trailer');
  const authType = r.u8('auth_type');
  const authLevel = r.u8('auth_level');
  const padLength = r.u8('auth_pad_length');
  r.skip(1, 'auth_reserved');
  const trailer: SecTrailer = { authType, authLevel, padLength, contextId: r.u32('auth_context_id') };
  const stubEnd = at - trailer.padLength;
  if (stubEnd < bodyStart) {
    return {
      trailer,
      stubEnd: at,
      damage: { reason: 'malformed', offset: at + 2, field: 'auth_pad_length', detail: `auth_pad_length ${trailer.padLength} exceeds the ${at - bodyStart} stub bytes` },
    };
  }
  return { trailer, stubEnd };
}

const VT_SIGNATURE = [0x8a, 0xe3, 0x13, 0x71, 0x02, 0xf4, 0x36, 0x71] as const;
const VT_END = 0x4000;
/** Fixed lengths of the defined commands ([MS-RPCE] 2.2.2.13.2–4): bitmask, pcontext, header2. */
const VT_COMMAND_LENGTH: Readonly<Record<number, number>> = { 1: 4, 2: 0x28, 3: 0x10 };
/** The trailer holds at most a few commands; looking further back only finds stub bytes. */
const VT_SEARCH_WINDOW = 1024;

/**
 * Where a verification trailer starts in a request stub, or -1 ([MS-RPCE] 2.2.2.13). Servers are told to
 * search for the signature rather than assume where the stub ends; we search backwards from the end and
 * accept a signature only when the commands after it walk exactly to the end of the stub, the last one
 * carrying SEC_VT_COMMAND_END, so stub bytes that merely contain the signature are not cut.
 */
export function verificationTrailerStart(stub: Uint8Array): number {
  const lowest = Math.max(0, stub.length - VT_SEARCH_WINDOW);
  for (let p = stub.length - 8 - 4; p >= lowest; p--) {
    if (stub[p] !== VT_SIGNATURE[0]) continue;
    let match = true;
    for (let i = 1; i < 8; i++) if (stub[p + i] !== VT_SIGNATURE[i]) { match = false; break; }
    if (match && commandsReachEnd(stub, p + 8)) return p;
  }
  return -1;
}

function commandsReachEnd(b: Uint8Array, p: number): boolean {
  // Each step consumes at least 4 bytes, so the walk ends.
  while (p + 4 <= b.length) {
    const command = b[p]! | (b[p + 1]! << 8);
    const length = b[p + 2]! | (b[p + 3]! << 8);
    const fixed = VT_COMMAND_LENGTH[command & 0x3fff];
    if (fixed !== undefined && fixed !== length) return false;
    p += 4 + length;
    if (p > b.length) return false;
    if (command & VT_END) return p === b.length;
  }
  return false;
}
