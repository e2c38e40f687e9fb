import type { ByteReader } from '../../core/byte-reader.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, NET_NONE } from './ethertypes.js';

/**
 * BSD loopback: a 4-byte address family before the IP packet. AF_INET is 2 everywhere; AF_INET6
 * differs by system: 24 (NetBSD, OpenBSD, BSD/OS), 28 (FreeBSD, DragonFly), 30 (macOS).
 */
function familyToNet(family: number): number {
  switch (family) {
    case 2:
      return ETHERTYPE_IPV4;
    case 24:
    case 28:
    case 30:
      return ETHERTYPE_IPV6;
    default:
      return NET_NONE;
  }
}

/**
 * LINKTYPE_NULL (0): the family is in the byte order of the machine that captured, which the
 * file does not record. Families are small numbers, so a value with only the upper half set
 * was written big-endian.
 */
export function decodeNull(r: ByteReader): number {
  const at = r.position;
  r.littleEndian = true;
  let family = r.u32('NULL address family');
  if (family > 0xffff) {
    r.seek(at, 'NULL address family');
    family = r.u32be('NULL address family');
  }
  return familyToNet(family);
}

/** LINKTYPE_LOOP (108, OpenBSD): the same family field, always in network byte order. */
export function decodeLoop(r: ByteReader): number {
  return familyToNet(r.u32be('LOOP address family'));
}
