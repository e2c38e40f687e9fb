import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import type { IpLayer } from './ip-layer.js';

const MF = 0x2000;
const OFFSET_MASK = 0x1fff;

/**
 * IPv4 header (RFC 791 §3.1) from the reader's position; the reader ends after the options.
 * The Total Length field bounds the payload, so Ethernet padding and trailers never reach the
 * transport layer. The header checksum is not verified (offloading makes it wrong in captures
 * taken on the sending host).
 */
export function decodeIpv4(r: ByteReader, out: IpLayer): void {
  const start = r.position;
  const verIhl = r.u8('IPv4 version/IHL');
  if (verIhl >> 4 !== 4) throw new Malformed('IPv4 version', r.offset - 1, `version ${verIhl >> 4} where IPv4 was announced`);
  const headerLen = (verIhl & 0x0f) * 4;
  if (headerLen < 20) throw new Malformed('IPv4 IHL', r.offset - 1, `header length ${headerLen} is below the 20-byte minimum`);
  r.skip(1, 'IPv4 DSCP/ECN');
  const totalLen = r.u16be('IPv4 total length');
  const id = r.u16be('IPv4 identification');
  const flagsOffset = r.u16be('IPv4 flags/fragment offset');
  r.skip(1, 'IPv4 TTL');
  const protocol = r.u8('IPv4 protocol');
  r.skip(2, 'IPv4 header checksum');
  out.srcAt = r.position;
  r.skip(4, 'IPv4 source address');
  out.dstAt = r.position;
  r.skip(4, 'IPv4 destination address');
  r.skip(headerLen - 20, 'IPv4 options');

  const payloadStart = start + headerLen;
  const frameEnd = r.position + r.remaining;
  let announcedEnd: number;
  if (totalLen === 0) {
    // A sending host with TCP segmentation offload captures its large segments before the NIC
    // fills in Total Length; the frame itself is then the only bound.
    announcedEnd = frameEnd;
  } else {
    if (totalLen < headerLen) {
      throw new Malformed('IPv4 total length', r.offset - headerLen + 2, `total length ${totalLen} is shorter than the ${headerLen}-byte header`);
    }
    announcedEnd = start + totalLen;
  }
  out.version = 4;
  out.headerAt = start;
  out.protocol = protocol;
  out.payloadStart = payloadStart;
  out.announcedEnd = announcedEnd;
  out.payloadEnd = Math.min(announcedEnd, frameEnd);
  out.fragmentOffset = (flagsOffset & OFFSET_MASK) * 8;
  out.moreFragments = (flagsOffset & MF) !== 0;
  out.fragmented = out.moreFragments || out.fragmentOffset !== 0;
  out.fragmentId = id;
}
