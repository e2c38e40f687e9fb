import { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import { COMMON_HEADER_LENGTH } from './constants.js';

/** The 16-byte common header of every connection-oriented PDU (reference §3.1). */
export interface PduHeader {
  rpcVersMinor: number;
  ptype: number;
  flags: number;
  /** drep[0] high nibble: 1 = little-endian integers. */
  littleEndian: boolean;
  drep: number;
  fragLength: number;
  authLength: number;
  callId: number;
}

/** drep[0]: integer order in the high nibble, character set in the low nibble (0 ASCII, 1 EBCDIC). */
export function drepLittleEndian(drep0: number): boolean {
  return (drep0 & 0xf0) === 0x10;
}

/** frag_length of a header at `p` (needs 10 bytes), in the header's own byte order. */
export function peekFragLength(b: Uint8Array, p: number): number {
  return drepLittleEndian(b[p + 4]!) ? b[p + 8]! | (b[p + 9]! << 8) : (b[p + 8]! << 8) | b[p + 9]!;
}

export function peekAuthLength(b: Uint8Array, p: number): number {
  return drepLittleEndian(b[p + 4]!) ? b[p + 10]! | (b[p + 11]! << 8) : (b[p + 10]! << 8) | b[p + 11]!;
}

/**
 * Reads the common header at the start of `pdu` (the framer has already checked version and length).
 * Throws Malformed for a version other than 5.0/5.1 or an auth_length that cannot fit.
 */
export function readPduHeader(pdu: Uint8Array, base = 0): PduHeader {
  const r = new ByteReader(pdu, base, true);
  const vers = r.u8('rpc_vers');
  const rpcVersMinor = r.u8('rpc_vers_minor');
  if (vers !== 5 || rpcVersMinor > 1) {
    throw new Malformed('rpc_vers', base, `version ${vers}.${rpcVersMinor}, 5.0 or 5.1 expected`);
  }
  const ptype = r.u8('PTYPE');
  const flags = r.u8('pfc_flags');
  const drep = r.u32be('packed_drep');
  r.littleEndian = drepLittleEndian(drep >>> 24);
  const fragLength = r.u16('frag_length');
  const authLength = r.u16('auth_length');
  const callId = r.u32('call_id');
  if (fragLength < COMMON_HEADER_LENGTH) {
    throw new Malformed('frag_length', base + 8, `frag_length ${fragLength} is shorter than the 16-byte header`);
  }
  if (authLength > 0 && authLength + 8 > fragLength - COMMON_HEADER_LENGTH) {
    throw new Malformed('auth_length', base + 10, `auth_length ${authLength} + 8-byte sec_trailer does not fit in frag_length ${fragLength}`);
  }
  return { rpcVersMinor, ptype, flags, littleEndian: r.littleEndian, drep, fragLength, authLength, callId };
}

/** A reader over the PDU positioned after the common header, in the PDU's byte order. */
export function bodyReader(pdu: Uint8Array, hdr: PduHeader, base = 0): ByteReader {
  const r = new ByteReader(pdu.subarray(0, Math.min(pdu.length, hdr.fragLength)), base, hdr.littleEndian);
  r.skip(COMMON_HEADER_LENGTH, 'common header');
  return r;
}
