import type { Endpoint } from './types.js';

/**
 * Hashing and matching of a connection's two endpoints, without building a key object per
 * packet: the hash is a number and matching compares bytes in place.
 *
 * The pair hash is symmetric (A→B and B→A give the same number, as gopacket's FastHash) so
 * both directions of a connection land in the same bucket. It is kept in the 30-bit small
 * integer range so V8 never boxes it on the per-packet path.
 */

/** FNV-1a over the address bytes and the port. */
export function endpointHash(ip: Uint8Array, port: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < ip.length; i++) h = Math.imul(h ^ ip[i]!, 0x01000193);
  h = Math.imul(h ^ (port & 0xff), 0x01000193);
  h = Math.imul(h ^ ((port >>> 8) & 0xff), 0x01000193);
  return h >>> 0;
}

/** Order-independent hash of two endpoints, in [0, 2^30). */
export function pairHash(ipA: Uint8Array, portA: number, ipB: Uint8Array, portB: number): number {
  const x = endpointHash(ipA, portA);
  const y = endpointHash(ipB, portB);
  const lo = x < y ? x : y;
  const hi = x < y ? y : x;
  // murmur3's fmix32 spreads the combined bits so nearby tuples use different buckets.
  let h = Math.imul(lo, 0x9e3779b1) ^ hi;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & 0x3fffffff;
}

export function sameEndpoint(ip: Uint8Array, port: number, e: Endpoint): boolean {
  if (port !== e.port) return false;
  const other = e.ip;
  if (ip.length !== other.length) return false;
  for (let i = 0; i < ip.length; i++) if (ip[i] !== other[i]) return false;
  return true;
}

/**
 * Which way a packet travels on a connection between a and b: 0 (a→b), 1 (b→a), or -1 when
 * the packet belongs to another connection.
 */
export function directionOf(
  src: Uint8Array,
  srcPort: number,
  dst: Uint8Array,
  dstPort: number,
  a: Endpoint,
  b: Endpoint,
): 0 | 1 | -1 {
  if (sameEndpoint(src, srcPort, a) && sameEndpoint(dst, dstPort, b)) return 0;
  if (sameEndpoint(src, srcPort, b) && sameEndpoint(dst, dstPort, a)) return 1;
  return -1;
}
