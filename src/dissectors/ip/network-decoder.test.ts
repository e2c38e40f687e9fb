import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import { withLimits, type Limits } from '../../core/limits.js';
import type { RawPacket } from '../capture/types.js';
import { NetworkDecoder } from './network-decoder.js';
import type { TransportPacket } from './types.js';
import {
  A4,
  A6,
  B4,
  B6,
  be16,
  be32,
  concatBytes,
  ethFrame,
  ipv4Packet,
  ipv6Packet,
  MACS,
  tcpSegment,
  udpDatagram,
} from '../../test-support/capture-writer.js';

const bytes = concatBytes;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const eth = ethFrame;
const ipv4 = ipv4Packet;
const ipv6 = ipv6Packet;
const tcp = tcpSegment;
const udp = udpDatagram;

// ---- harness ----

let frameNo = 0;
function raw(data: Uint8Array, linkType = 1, o: { origLen?: number; sec?: number } = {}): RawPacket {
  return { frame: ++frameNo, time: { sec: o.sec ?? 1000, nsec: 0 }, linkType, interfaceId: 0, data, origLen: o.origLen ?? data.length };
}
function setup(limits: Partial<Limits> = {}): { net: NetworkDecoder; damage: { d: Damage; at: FrameRef }[] } {
  const damage: { d: Damage; at: FrameRef }[] = [];
  return { net: new NetworkDecoder(withLimits(limits), (d, at) => damage.push({ d, at })), damage };
}
const view = (t: TransportPacket | null): Record<string, unknown> | null =>
  t && {
    ipVersion: t.ipVersion,
    src: Array.from(t.src),
    dst: Array.from(t.dst),
    protocol: t.protocol,
    srcPort: t.srcPort,
    dstPort: t.dstPort,
    seq: t.seq,
    ack: t.ack,
    tcpFlags: t.tcpFlags,
    payload: new TextDecoder().decode(t.payload),
    truncated: t.truncated,
  };

describe('NetworkDecoder', () => {
  it('Ethernet + IPv4 + TCP with options: the payload stops at Total Length, not at the padding', () => {
    const { net, damage } = setup();
    const seg = tcp(49152, 135, 0x8000_0001, 0xfedc_ba98, 0x18, text('hi'), [1, 1, 1, 0]); // NOP NOP NOP EOL
    const t = net.decode(raw(eth(0x0800, ipv4(6, seg), 60)));
    expect(view(t)).toEqual({
      ipVersion: 4,
      src: A4,
      dst: B4,
      protocol: 6,
      srcPort: 49152,
      dstPort: 135,
      seq: 0x8000_0001,
      ack: 0xfedc_ba98,
      tcpFlags: 0x18,
      payload: 'hi',
      truncated: false,
    });
    expect(damage).toEqual([]);
  });

  it('returns the same reused object every time', () => {
    const { net } = setup();
    const a = net.decode(raw(eth(0x0800, ipv4(17, udp(1, 2, text('a'))))));
    const b = net.decode(raw(eth(0x0800, ipv4(6, tcp(3, 4, 0, 0, 2, text(''))))));
    expect(a).toBe(b);
    expect(b!.protocol).toBe(6);
    expect(b!.srcPort).toBe(3);
  });

  it('UDP zeroes the TCP-only fields, and its Length bounds the payload', () => {
    const { net } = setup();
    net.decode(raw(eth(0x0800, ipv4(6, tcp(1, 2, 7, 8, 0x10, text('x'))))));
    // IP payload holds 8 + 6 bytes, UDP Length says 8 + 4: the last two bytes are not the datagram's.
    const t = net.decode(raw(eth(0x0800, ipv4(17, udp(6001, 50000, text('ctx!..'), 12)))));
    expect(view(t)).toMatchObject({ protocol: 17, srcPort: 6001, dstPort: 50000, seq: 0, ack: 0, tcpFlags: 0, payload: 'ctx!', truncated: false });
  });

  it('802.1Q inside 802.1ad, IPv6 with hop-by-hop and destination options, UDP', () => {
    const { net } = setup();
    const ext = bytes([60, 0, 1, 4, 0, 0, 0, 0], [17, 0, 1, 4, 0, 0, 0, 0]);
    const v6 = bytes([0x60, 0, 0, 0], be16(ext.length + 13), [0, 64], A6, B6, ext, udp(53, 5353, text('dns!!')));
    const frame = bytes(MACS, be16(0x88a8), [0, 10], be16(0x8100), [0, 20], be16(0x86dd), v6);
    expect(view(net.decode(raw(frame)))).toMatchObject({ ipVersion: 6, src: A6, dst: B6, protocol: 17, srcPort: 53, dstPort: 5353, payload: 'dns!!' });
  });

  it('every link type we support carries the same UDP datagram', () => {
    const v4 = ipv4(17, udp(1000, 2000, text('ok')));
    const v6 = ipv6(17, udp(1000, 2000, text('ok')));
    const sll = (proto: number, p: Uint8Array): Uint8Array => bytes([0, 0, 0, 1, 0, 6], MACS.slice(0, 6), [0, 0], be16(proto), p);
    const sll2 = (proto: number, p: Uint8Array): Uint8Array => bytes(be16(proto), [0, 0, 0, 0, 0, 3, 0, 1, 0, 6], MACS.slice(0, 6), [0, 0], p);
    const cases: [number, Uint8Array][] = [
      [1, eth(0x0800, v4)],
      [113, sll(0x86dd, v6)],
      [276, sll2(0x0800, v4)],
      [0, bytes([2, 0, 0, 0], v4)],
      [0, bytes([0, 0, 0, 30], v6)],
      [108, bytes([0, 0, 0, 24], v6)],
      [101, v4],
      [101, v6],
      [12, v6],
      [14, v4],
      [228, v4],
      [229, v6],
    ];
    const { net, damage } = setup();
    for (const [lt, frame] of cases) {
      expect([lt, view(net.decode(raw(frame, lt)))]).toEqual([lt, expect.objectContaining({ srcPort: 1000, dstPort: 2000, payload: 'ok' })]);
    }
    expect(damage).toEqual([]);
    expect(net.supportsLinkType(276)).toBe(true);
    expect(net.supportsLinkType(127)).toBe(false);
  });

  it('traffic that is not ours is null without damage, and counted', () => {
    const { net, damage } = setup();
    expect(net.decode(raw(eth(0x0806, new Uint8Array(28))))).toBeNull(); // ARP
    expect(net.decode(raw(eth(0x0026, new Uint8Array(40))))).toBeNull(); // 802.3 + LLC
    expect(net.decode(raw(eth(0x0800, ipv4(1, new Uint8Array(8)))))).toBeNull(); // ICMP
    expect(net.decode(raw(eth(0x86dd, ipv6(58, new Uint8Array(8)))))).toBeNull(); // ICMPv6
    expect(net.decode(raw(new Uint8Array(30), 127))).toBeNull(); // radiotap
    expect(net.decode(raw(eth(0x0800, ipv4(1, new Uint8Array(8), { flagsOffset: 0x2000 }))))).toBeNull(); // ICMP fragment: not held
    expect(damage).toEqual([]);
    expect(net.stats()).toMatchObject({ packets: 6, notIp: 2, otherProtocol: 3, unsupportedLinkType: 1, fragments: 0, damaged: 0 });
  });

  it('IPv4 fragments out of order: null until the last one arrives, then the whole UDP datagram', () => {
    const { net, damage } = setup();
    const body = text('0123456789abcdefghijklmnopqrstuvwxyz'); // 36 bytes; datagram = 44 with the UDP header
    const dgram = udp(6001, 6002, body);
    const f1 = ipv4(17, dgram.subarray(0, 24), { id: 77, flagsOffset: 0x2000 | 0 });
    const f2 = ipv4(17, dgram.subarray(24, 40), { id: 77, flagsOffset: 0x2000 | 3 });
    const f3 = ipv4(17, dgram.subarray(40), { id: 77, flagsOffset: 5 });
    expect(net.decode(raw(eth(0x0800, f3, 60)))).toBeNull();
    expect(net.decode(raw(eth(0x0800, f1)))).toBeNull();
    const t = net.decode(raw(eth(0x0800, f2, 60)));
    expect(view(t)).toMatchObject({ src: A4, dst: B4, protocol: 17, srcPort: 6001, dstPort: 6002, payload: new TextDecoder().decode(body), truncated: false });
    expect(damage).toEqual([]);
    expect(net.stats()).toMatchObject({ fragments: 3, reassembled: 1, udp: 1, pendingReassemblies: 0 });
  });

  it('IPv6 fragments with a destination options header after the Fragment header, TCP inside', () => {
    const { net, damage } = setup();
    const inner = bytes([6, 0, 1, 4, 0, 0, 0, 0], tcp(1025, 6001, 100, 200, 0x18, text('ROP buffer bytes')));
    const frag = (offset: number, more: boolean, part: Uint8Array): Uint8Array =>
      ipv6(44, bytes([60, 0], be16(offset | (more ? 1 : 0)), be32(0xcafe), part));
    expect(net.decode(raw(eth(0x86dd, frag(24, false, inner.subarray(24)))))).toBeNull();
    const t = net.decode(raw(eth(0x86dd, frag(0, true, inner.subarray(0, 24)))));
    expect(view(t)).toMatchObject({ ipVersion: 6, src: A6, protocol: 6, srcPort: 1025, dstPort: 6001, seq: 100, ack: 200, payload: 'ROP buffer bytes' });
    expect(damage).toEqual([]);
  });

  it('fragments that never complete expire by capture time; finish() reports the rest', () => {
    const { net, damage } = setup({ ipFragmentTimeoutSec: 30 });
    net.decode(raw(eth(0x0800, ipv4(17, new Uint8Array(16), { id: 1, flagsOffset: 0x2000 })), 1, { sec: 1000 }));
    net.decode(raw(eth(0x0800, ipv4(17, new Uint8Array(16), { id: 2, flagsOffset: 0x2000 })), 1, { sec: 1020 }));
    net.decode(raw(eth(0x0806, new Uint8Array(28)), 1, { sec: 1031 }));
    expect(damage.map((x) => x.d.reason)).toEqual(['gap']);
    expect(damage[0]!.d.detail).toContain('id 0x1');
    net.finish();
    expect(damage.map((x) => x.d.reason)).toEqual(['gap', 'gap']);
    expect(net.stats()).toMatchObject({ fragmentsLost: 2, pendingReassemblies: 0 });
  });

  it('a snap-length cut inside the payload: delivered, truncated, no damage', () => {
    const { net, damage } = setup();
    const frame = eth(0x0800, ipv4(6, tcp(1, 2, 0, 0, 0x18, text('0123456789'))));
    const t = net.decode(raw(frame.subarray(0, frame.length - 4), 1, { origLen: frame.length }));
    expect(view(t)).toMatchObject({ payload: '012345', truncated: true });
    const u = net.decode(raw(eth(0x0800, ipv4(17, udp(1, 2, text('abcdef')))).subarray(0, 14 + 20 + 8 + 2), 1, { origLen: 100 }));
    expect(view(u)).toMatchObject({ payload: 'ab', truncated: true });
    expect(damage).toEqual([]);
    expect(net.stats().truncated).toBe(2);
  });

  it('a snap-length cut inside the TCP options: delivered with an empty payload; inside the fixed header: damage', () => {
    const { net, damage } = setup();
    const frame = eth(0x0800, ipv4(6, tcp(1, 2, 0, 0, 0x02, text(''), [2, 4, 5, 0xb4])));
    expect(view(net.decode(raw(frame.subarray(0, 14 + 20 + 22), 1, { origLen: frame.length })))).toMatchObject({ srcPort: 1, payload: '', truncated: true });
    expect(net.decode(raw(frame.subarray(0, 14 + 20 + 10), 1, { origLen: frame.length }))).toBeNull();
    expect(damage.map((x) => [x.d.reason, x.d.field])).toEqual([['truncated', 'TCP acknowledgment number']]);
  });

  it('a frame shorter than its IP Total Length without a snap cut is malformed, yet delivered as truncated', () => {
    const { net, damage } = setup();
    const t = net.decode(raw(eth(0x0800, ipv4(6, tcp(1, 2, 0, 0, 0x10, text('abc')), { total: 20 + 20 + 50 }))));
    expect(view(t)).toMatchObject({ payload: 'abc', truncated: true });
    expect(damage.map((x) => [x.d.reason, x.d.offset, x.at.frame])).toEqual([['malformed', 14, frameNo]]);
  });

  it('broken transport headers are damage with the frame offset', () => {
    const { net, damage } = setup();
    const badOffset = tcp(1, 2, 0, 0, 0x10, text('abcd'));
    badOffset[12] = 0x40; // data offset 4 words = 16 bytes < 20
    expect(net.decode(raw(eth(0x0800, ipv4(6, badOffset))))).toBeNull();
    const tooLong = tcp(1, 2, 0, 0, 0x10, text(''));
    tooLong[12] = 0xf0; // 60-byte header in a 20-byte payload
    expect(net.decode(raw(eth(0x0800, ipv4(6, tooLong))))).toBeNull();
    expect(net.decode(raw(eth(0x0800, ipv4(17, udp(1, 2, text('ab'), 30)))))).toBeNull();
    expect(net.decode(raw(eth(0x0800, ipv4(17, udp(1, 2, text('ab'), 4)))))).toBeNull();
    expect(net.decode(raw(eth(0x0800, ipv4(6, new Uint8Array(12)))))).toBeNull();
    expect(damage.map((x) => [x.d.reason, x.d.field, x.d.offset])).toEqual([
      ['malformed', 'TCP data offset', 14 + 20 + 12],
      ['malformed', 'TCP data offset', 14 + 20 + 12],
      ['malformed', 'UDP length', 14 + 20 + 4],
      ['malformed', 'UDP length', 14 + 20 + 4],
      ['malformed', 'TCP header', 14 + 20],
    ]);
    expect(net.stats().damaged).toBe(5);
  });

  it('a runt Ethernet frame is truncated damage', () => {
    const { net, damage } = setup();
    expect(net.decode(raw(Uint8Array.from(MACS.slice(0, 10))))).toBeNull();
    expect(damage.map((x) => x.d.reason)).toEqual(['truncated']);
  });
});
