import { ByteReader } from '../../core/byte-reader.js';
import { damageFrom, Malformed, type Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import type { Limits } from '../../core/limits.js';
import { frameRefOf } from '../capture/reusable-packet.js';
import type { RawPacket } from '../capture/types.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from '../link/ethertypes.js';
import type { LinkDecoder } from '../link/link-decoder.js';
import { linkDecoderFor } from '../link/link-types.js';
import { decodeVlanTag, isVlanTag } from '../link/vlan.js';
import { FragmentReassembler, type Fragment } from './fragment-reassembler.js';
import { emptyIpLayer } from './ip-layer.js';
import { IPPROTO_TCP, IPPROTO_UDP, IPV6_DESTINATION_OPTIONS, IPV6_FRAGMENT, IPV6_HOP_BY_HOP, IPV6_ROUTING } from './ip-protocols.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6, walkIpv6Extensions } from './ipv6.js';
import { decodeTcpHeader } from './tcp-header.js';
import type { TransportPacket } from './types.js';
import { decodeUdpHeader } from './udp-header.js';

export interface NetworkStats {
  /** Frames handed to decode(). */
  packets: number;
  tcp: number;
  udp: number;
  /** Frames of a link type we do not decode. */
  unsupportedLinkType: number;
  /** Link layer decoded, but the payload is not IPv4/IPv6 (ARP, LLC, netlink…). */
  notIp: number;
  /** IP, but neither TCP nor UDP. */
  otherProtocol: number;
  /** IP fragments seen, datagrams rebuilt from them, datagrams given up on, datagrams still open. */
  fragments: number;
  reassembled: number;
  fragmentsLost: number;
  pendingReassemblies: number;
  /** TCP/UDP packets delivered with `truncated` set. */
  truncated: number;
  /** Frames dropped because a header was broken or cut (each reported as damage). */
  damaged: number;
}

const EMPTY = new Uint8Array(0);

/**
 * Link layer → IP (with reassembly) → TCP/UDP header, for one frame at a time. Everything is
 * decoded into objects owned by the decoder and reused, so a frame that is not TCP/UDP costs no
 * allocation and one that is costs only its subarray views. Traffic that is not ours is normal:
 * it returns null without damage. Damage is reported (and null returned) only when a header is
 * broken or cut before the transport header ends.
 */
export class NetworkDecoder {
  private readonly reader = new ByteReader(EMPTY);
  private readonly ip = emptyIpLayer();
  /** Scratch for the extension headers inside a reassembled IPv6 datagram. */
  private readonly innerIp = emptyIpLayer();
  private readonly fragment: Fragment = {
    version: 4,
    src: EMPTY,
    dst: EMPTY,
    id: 0,
    protocol: 0,
    offset: 0,
    more: false,
    data: EMPTY,
    length: 0,
    headerAt: 0,
  };
  private readonly out: TransportPacket = {
    ipVersion: 4,
    src: EMPTY,
    dst: EMPTY,
    protocol: 6,
    srcPort: 0,
    dstPort: 0,
    seq: 0,
    ack: 0,
    tcpFlags: 0,
    payload: EMPTY,
    truncated: false,
  };
  private readonly reassembler: FragmentReassembler;
  /** The last link type seen and its decoder: captures rarely switch, so the table is asked once. */
  private linkType = -1;
  private link: LinkDecoder | undefined;
  /** The addresses handed out in `out.src` / `out.dst`, rewritten per packet. */
  private readonly src4 = new Uint8Array(4);
  private readonly dst4 = new Uint8Array(4);
  private readonly src16 = new Uint8Array(16);
  private readonly dst16 = new Uint8Array(16);
  private readonly counters = {
    packets: 0,
    tcp: 0,
    udp: 0,
    unsupportedLinkType: 0,
    notIp: 0,
    otherProtocol: 0,
    fragments: 0,
    reassembled: 0,
    truncated: 0,
    damaged: 0,
  };

  constructor(
    limits: Limits,
    private readonly onDamage: (d: Damage, at: FrameRef) => void,
  ) {
    this.reassembler = new FragmentReassembler(limits, onDamage);
  }

  supportsLinkType(linkType: number): boolean {
    return linkDecoderFor(linkType) !== undefined;
  }

  /** The frame's TCP segment or UDP datagram (a reused object: copy what you keep), or null. */
  decode(pkt: RawPacket): TransportPacket | null {
    this.counters.packets++;
    if (pkt.linkType !== this.linkType) {
      this.linkType = pkt.linkType;
      this.link = linkDecoderFor(pkt.linkType);
    }
    const link = this.link;
    if (link === undefined) {
      this.counters.unsupportedLinkType++;
      return null;
    }
    if (this.reassembler.size > 0) this.reassembler.expire(pkt.time);
    try {
      return this.decodeFrame(pkt, link);
    } catch (err) {
      this.counters.damaged++;
      this.onDamage(damageFrom(err), frameRefOf(pkt));
      return null;
    }
  }

  /** End of capture: datagrams still waiting for fragments are reported as lost. */
  finish(): void {
    this.reassembler.flush();
  }

  stats(): NetworkStats {
    return {
      ...this.counters,
      fragmentsLost: this.reassembler.lost,
      pendingReassemblies: this.reassembler.size,
    };
  }

  private decodeFrame(pkt: RawPacket, link: LinkDecoder): TransportPacket | null {
    const data = pkt.data;
    const r = this.reader.reset(data);
    let net = link(r);
    while (isVlanTag(net)) net = decodeVlanTag(r);
    const ip = this.ip;
    if (net === ETHERTYPE_IPV4) decodeIpv4(r, ip);
    else if (net === ETHERTYPE_IPV6) decodeIpv6(r, ip);
    else {
      this.counters.notIp++;
      return null;
    }
    if (ip.announcedEnd > ip.payloadEnd && data.length >= pkt.origLen) {
      // The frame was not cut by the snap length, yet holds less than the IP header announces.
      this.onDamage(
        {
          reason: 'malformed',
          offset: ip.headerAt,
          field: `IPv${ip.version} length`,
          detail: `the header announces ${ip.announcedEnd - ip.payloadStart} payload bytes, the frame holds ${ip.payloadEnd - ip.payloadStart}`,
        },
        frameRefOf(pkt),
      );
    }
    const out = this.out;
    // IPv6 fragments may start with more extension headers: only reassembly can tell what follows.
    const wanted =
      ip.protocol === IPPROTO_TCP || ip.protocol === IPPROTO_UDP || (ip.fragmented && ip.version === 6 && isIpv6Extension(ip.protocol));
    if (!wanted) {
      this.counters.otherProtocol++;
      return null;
    }
    // Copying 4 or 16 bytes into owned arrays is cheaper than two subarray views per packet.
    out.ipVersion = ip.version;
    out.src = copyAddress(data, ip.srcAt, ip.version === 4 ? this.src4 : this.src16);
    out.dst = copyAddress(data, ip.dstAt, ip.version === 4 ? this.dst4 : this.dst16);
    if (!ip.fragmented) return this.transport(data, ip.protocol, ip.payloadStart, ip.payloadEnd, ip.announcedEnd, false);
    return this.reassemble(pkt, data);
  }

  private reassemble(pkt: RawPacket, data: Uint8Array): TransportPacket | null {
    const ip = this.ip;
    const f = this.fragment;
    this.counters.fragments++;
    f.version = ip.version;
    f.src = this.out.src;
    f.dst = this.out.dst;
    f.id = ip.fragmentId;
    f.protocol = ip.protocol;
    f.offset = ip.fragmentOffset;
    f.more = ip.moreFragments;
    f.data = data.subarray(ip.payloadStart, ip.payloadEnd);
    f.length = ip.announcedEnd - ip.payloadStart;
    f.headerAt = ip.headerAt;
    const whole = this.reassembler.add(f, pkt);
    if (whole === null) return null;
    this.counters.reassembled++;
    const buf = whole.payload;
    let protocol = whole.protocol;
    let start = 0;
    if (ip.version === 6 && isIpv6Extension(protocol)) {
      // Extension headers after the Fragment header belong to the fragmentable part.
      const inner = this.innerIp;
      walkIpv6Extensions(this.reader.reset(buf), protocol, whole.totalLength, inner);
      if (inner.fragmented) throw new Malformed('IPv6 fragment header', inner.payloadStart - 8, 'a reassembled datagram holds another Fragment header');
      protocol = inner.protocol;
      start = inner.payloadStart;
    }
    if (protocol !== IPPROTO_TCP && protocol !== IPPROTO_UDP) {
      this.counters.otherProtocol++;
      return null;
    }
    return this.transport(buf, protocol, start, buf.length, whole.totalLength, whole.truncated);
  }

  /** TCP or UDP header at buf[start]; the IP payload's bytes end at `end`, its headers say at `announcedEnd`. */
  private transport(buf: Uint8Array, protocol: number, start: number, end: number, announcedEnd: number, cut: boolean): TransportPacket | null {
    const r = this.reader.reset(buf);
    r.seek(start, 'transport header');
    const out = this.out;
    let payloadStart: number;
    let payloadEnd: number;
    let truncated: boolean;
    if (protocol === IPPROTO_TCP) {
      payloadStart = decodeTcpHeader(r, start, end, announcedEnd, out);
      out.protocol = 6;
      payloadEnd = end;
      truncated = end < announcedEnd;
      this.counters.tcp++;
    } else {
      const udpEnd = decodeUdpHeader(r, start, announcedEnd, out);
      out.protocol = 17;
      out.seq = 0;
      out.ack = 0;
      out.tcpFlags = 0;
      payloadStart = start + 8;
      payloadEnd = Math.min(udpEnd, end);
      truncated = payloadEnd < udpEnd;
      this.counters.udp++;
    }
    out.payload = buf.subarray(payloadStart, payloadEnd);
    out.truncated = truncated || cut;
    if (out.truncated) this.counters.truncated++;
    return out;
  }
}

function copyAddress(data: Uint8Array, at: number, to: Uint8Array): Uint8Array {
  for (let i = 0; i < to.length; i++) to[i] = data[at + i]!;
  return to;
}

function isIpv6Extension(nh: number): boolean {
  return nh === IPV6_HOP_BY_HOP || nh === IPV6_ROUTING || nh === IPV6_DESTINATION_OPTIONS || nh === IPV6_FRAGMENT;
}
