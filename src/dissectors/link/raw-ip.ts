import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './ethertypes.js';

/**
 * Raw IP (LINKTYPE_RAW 101, and the DLT_RAW values 12 and 14 some files carry): no link header,
 * the IP version nibble says which. The link type promises IP, so another version is damage.
 */
export function decodeRawIp(r: ByteReader): number {
  const first = r.peekU8();
  if (first === undefined) r.u8('IP version'); // throws ShortRead: an empty frame
  const version = (first ?? 0) >> 4;
  if (version === 4) return ETHERTYPE_IPV4;
  if (version === 6) return ETHERTYPE_IPV6;
  throw new Malformed('IP version', r.offset, `raw IP frame with version ${version}, neither 4 nor 6`);
}

/** LINKTYPE_IPV4 (228): IPv4 only (the IPv4 decoder checks the version). */
export function decodeRawIpv4(): number {
  return ETHERTYPE_IPV4;
}

/** LINKTYPE_IPV6 (229): IPv6 only. */
export function decodeRawIpv6(): number {
  return ETHERTYPE_IPV6;
}
