import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import type { TransportPacket } from './types.js';

/**
 * TCP header (RFC 9293 §3.1) at the reader's position `start`, inside an IP payload that the
 * headers say ends at `announcedEnd` and whose bytes end at `end`. Fills ports, sequence
 * numbers and flags; options are skipped. Returns where the payload starts, clamped to `end`
 * when the capture cut the header's options off.
 */
export function decodeTcpHeader(r: ByteReader, start: number, end: number, announcedEnd: number, out: TransportPacket): number {
  if (announcedEnd - start < 20) {
    throw new Malformed('TCP header', r.offset, `the IP payload holds ${announcedEnd - start} bytes, less than a 20-byte TCP header`);
  }
  out.srcPort = r.u16be('TCP source port');
  out.dstPort = r.u16be('TCP destination port');
  out.seq = r.u32be('TCP sequence number');
  out.ack = r.u32be('TCP acknowledgment number');
  const dataOffset = (r.u8('TCP data offset') >> 4) * 4;
  out.tcpFlags = r.u8('TCP flags');
  if (dataOffset < 20) throw new Malformed('TCP data offset', r.offset - 2, `header length ${dataOffset} is below the 20-byte minimum`);
  if (start + dataOffset > announcedEnd) {
    throw new Malformed('TCP data offset', r.offset - 2, `header length ${dataOffset} runs past the ${announcedEnd - start}-byte IP payload`);
  }
  return Math.min(start + dataOffset, end);
}
