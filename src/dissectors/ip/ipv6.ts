import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import type { IpLayer } from './ip-layer.js';
import { IPV6_DESTINATION_OPTIONS, IPV6_FRAGMENT, IPV6_HOP_BY_HOP, IPV6_ROUTING } from './ip-protocols.js';

/**
 * IPv6 fixed header (RFC 8200 §3) and its extension headers. Payload Length bounds what
 * follows; 0 means a jumbogram or a segmentation-offloaded packet, bounded by the frame only.
 */
export function decodeIpv6(r: ByteReader, out: IpLayer): void {
  const start = r.position;
  const first = r.u8('IPv6 version');
  if (first >> 4 !== 6) throw new Malformed('IPv6 version', r.offset - 1, `version ${first >> 4} where IPv6 was announced`);
  r.skip(3, 'IPv6 traffic class/flow label');
  const payloadLen = r.u16be('IPv6 payload length');
  const nextHeader = r.u8('IPv6 next header');
  r.skip(1, 'IPv6 hop limit');
  out.srcAt = r.position;
  r.skip(16, 'IPv6 source address');
  out.dstAt = r.position;
  r.skip(16, 'IPv6 destination address');

  const frameEnd = r.position + r.remaining;
  const announcedEnd = payloadLen === 0 ? frameEnd : r.position + payloadLen;
  out.version = 6;
  out.headerAt = start;
  out.announcedEnd = announcedEnd;
  out.fragmented = false;
  out.fragmentOffset = 0;
  out.moreFragments = false;
  out.fragmentId = 0;
  walkIpv6Extensions(r, nextHeader, announcedEnd, out);
}

/**
 * Walks extension headers from the reader's position until an upper-layer protocol (or one we
 * do not walk past: it becomes `protocol`). Stops at a Fragment header that really fragments
 * (RFC 8200 §4.5): what follows it is the fragmentable part, readable only after reassembly.
 * Sets protocol, payloadStart, payloadEnd and the fragment fields. Every header consumes at
 * least 8 bytes, so the walk ends.
 */
export function walkIpv6Extensions(r: ByteReader, nextHeader: number, announcedEnd: number, out: IpLayer): void {
  let nh = nextHeader;
  for (;;) {
    if (nh === IPV6_HOP_BY_HOP || nh === IPV6_ROUTING || nh === IPV6_DESTINATION_OPTIONS) {
      const at = r.position;
      if (at + 8 > announcedEnd) throw beyondPayload(r, 'IPv6 extension header', 8, announcedEnd - at);
      const following = r.u8('IPv6 extension next header');
      const len = (r.u8('IPv6 extension length') + 1) * 8;
      if (at + len > announcedEnd) throw beyondPayload(r, 'IPv6 extension header', len, announcedEnd - at);
      r.skip(len - 2, 'IPv6 extension header data');
      nh = following;
      continue;
    }
    if (nh === IPV6_FRAGMENT) {
      const at = r.position;
      if (at + 8 > announcedEnd) throw beyondPayload(r, 'IPv6 fragment header', 8, announcedEnd - at);
      const following = r.u8('IPv6 fragment next header');
      r.skip(1, 'IPv6 fragment reserved');
      const offsetFlags = r.u16be('IPv6 fragment offset/M');
      const id = r.u32be('IPv6 fragment identification');
      const offset = offsetFlags & 0xfff8; // 13-bit offset in 8-byte units, already in place
      const more = (offsetFlags & 1) !== 0;
      nh = following;
      // An atomic fragment (offset 0, M clear, RFC 6946) is a whole packet: keep walking.
      if (offset === 0 && !more) continue;
      out.fragmented = true;
      out.fragmentOffset = offset;
      out.moreFragments = more;
      out.fragmentId = id;
      break;
    }
    break;
  }
  out.protocol = nh;
  out.payloadStart = r.position;
  out.payloadEnd = Math.min(announcedEnd, r.position + r.remaining);
}

function beyondPayload(r: ByteReader, field: string, needed: number, left: number): Malformed {
  return new Malformed(field, r.offset, `needs ${needed} bytes but the IPv6 payload length leaves ${Math.max(0, left)}`);
}
