import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import type { TransportPacket } from './types.js';

/**
 * UDP header (RFC 768) at the reader's position `start`. Fills the ports and returns where the
 * datagram ends according to its Length field (which bounds the payload). Length 0 is an IPv6
 * jumbogram (RFC 2675): the IP payload is the bound.
 */
export function decodeUdpHeader(r: ByteReader, start: number, announcedEnd: number, out: TransportPacket): number {
  if (announcedEnd - start < 8) {
    throw new Malformed('UDP header', r.offset, `the IP payload holds ${announcedEnd - start} bytes, less than an 8-byte UDP header`);
  }
  out.srcPort = r.u16be('UDP source port');
  out.dstPort = r.u16be('UDP destination port');
  const length = r.u16be('UDP length');
  r.skip(2, 'UDP checksum');
  if (length === 0) return announcedEnd;
  if (length < 8) throw new Malformed('UDP length', r.offset - 4, `length ${length} is below the 8-byte header`);
  if (start + length > announcedEnd) {
    throw new Malformed('UDP length', r.offset - 4, `length ${length} runs past the ${announcedEnd - start}-byte IP payload`);
  }
  return start + length;
}
