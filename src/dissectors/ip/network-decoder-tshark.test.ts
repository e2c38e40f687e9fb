import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Damage } from '../../core/damage.js';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import {
  A6,
  be16,
  be32,
  concatBytes,
  ethFrame,
  ipv4Packet,
  ipv6Packet,
  MACS,
  PcapngWriter,
  tcpSegment,
  udpDatagram,
} from '../../test-support/capture-writer.js';
import { readCapture } from '../capture/capture-reader.js';
import { memorySource } from '../capture/chunked-source.js';
import { NetworkDecoder } from './network-decoder.js';

/**
 * Oracle test: for every frame, tshark and our capture reader + NetworkDecoder must agree on
 * the TCP/UDP ports, raw sequence numbers, flags and payload length (tshark reassembles IP
 * fragments too, and reports the datagram at the frame that completed it).
 */
const haveTshark = spawnSync('tshark', ['-v']).error === undefined;
if (!haveTshark) console.warn('network-decoder-tshark: tshark is not installed; these tests are skipped');

const dir = mkdtempSync(join(tmpdir(), 'oxnotif-net-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIELDS = ['frame.number', 'tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'tcp.len', 'udp.srcport', 'udp.dstport', 'udp.length'];

function tsharkRows(path: string): string[] {
  const args = ['-r', path, '-T', 'fields', '-E', 'occurrence=f'];
  for (const f of FIELDS) args.push('-e', f);
  const r = spawnSync('tshark', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((c) => c[1] !== '' || c[7] !== '')
    .map((c) =>
      c[1] !== ''
        ? `${c[0]} tcp ${c[1]}>${c[2]} seq=${c[3]} ack=${c[4]} flags=0x${(parseInt(c[5]!, 16) & 0xff).toString(16)} len=${c[6]}`
        : `${c[0]} udp ${c[7]}>${c[8]} len=${Number(c[9]) - 8}`,
    );
}

async function ourRows(bytes: Uint8Array): Promise<{ rows: string[]; damage: Damage[] }> {
  const damage: Damage[] = [];
  const net = new NetworkDecoder(DEFAULT_LIMITS, (d) => damage.push(d));
  const rows: string[] = [];
  await readCapture(
    memorySource(bytes, 4096),
    {
      onStart: () => {},
      onInterface: () => {},
      onDamage: (d) => damage.push(d),
      onPacket: (p) => {
        const t = net.decode(p);
        if (t === null) return;
        rows.push(
          t.protocol === 6
            ? `${p.frame} tcp ${t.srcPort}>${t.dstPort} seq=${t.seq} ack=${t.ack} flags=0x${t.tcpFlags.toString(16)} len=${t.payload.length}`
            : `${p.frame} udp ${t.srcPort}>${t.dstPort} len=${t.payload.length}`,
        );
      },
    },
    DEFAULT_LIMITS,
  );
  return { rows, damage };
}

/** A pcapng with one interface per link type and the awkward cases on each. */
function mixedCapture(): Uint8Array {
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const w = new PcapngWriter().section();
  w.iface({ linkType: 1 }).iface({ linkType: 276 }).iface({ linkType: 0 }).iface({ linkType: 101, tsresol: 9 });
  let ts = 1_795_317_699_000_000n;
  const epb = (iface: number, data: Uint8Array): void => {
    ts += 1000n;
    w.epb({ iface, ts: iface === 3 ? ts * 1000n : ts, data });
  };
  // Ethernet, padded: a 1-byte TCP payload in a 60-byte frame
  epb(0, ethFrame(0x0800, ipv4Packet(6, tcpSegment(49152, 6001, 0x01020304, 0xa0b0c0d0, 0x18, text('!'))), 60));
  // QinQ + IPv6 with hop-by-hop + UDP
  const ext = concatBytes([17, 0, 1, 4, 0, 0, 0, 0]);
  epb(0, concatBytes(MACS, be16(0x88a8), [0, 10], be16(0x8100), [0, 20], be16(0x86dd), ipv6Packet(0, concatBytes(ext, udpDatagram(5000, 5001, text('push-ctx'))))));
  // SLL2 + IPv4 TCP SYN with options
  const sll2 = concatBytes(be16(0x0800), [0, 0, 0, 0, 0, 3, 0, 1, 0, 6], MACS.slice(0, 6), [0, 0]);
  epb(1, concatBytes(sll2, ipv4Packet(6, tcpSegment(1025, 135, 7, 0, 0x02, text(''), [2, 4, 5, 0xb4, 1, 3, 3, 7]))));
  // NULL (little-endian host) + IPv6 TCP
  epb(2, concatBytes([30, 0, 0, 0], ipv6Packet(6, tcpSegment(6001, 1025, 99, 100, 0x10, text('abcdef')))));
  // IPv4 UDP in three fragments, out of order, on raw IP
  const dgram = udpDatagram(6002, 6003, new Uint8Array(100).fill(0x61));
  epb(3, ipv4Packet(17, dgram.subarray(48), { id: 9, flagsOffset: 6 }));
  epb(3, ipv4Packet(17, dgram.subarray(0, 24), { id: 9, flagsOffset: 0x2000 }));
  epb(3, ipv4Packet(17, dgram.subarray(24, 48), { id: 9, flagsOffset: 0x2000 | 3 }));
  // IPv6 TCP in two fragments on Ethernet
  const seg = tcpSegment(443, 50000, 5, 6, 0x18, new Uint8Array(64).fill(0x62));
  const frag = (offset: number, more: boolean, part: Uint8Array): Uint8Array =>
    ethFrame(0x86dd, ipv6Packet(44, concatBytes([6, 0], be16(offset | (more ? 1 : 0)), be32(0xcafe), part), { src: A6 }));
  epb(0, frag(0, true, seg.subarray(0, 48)));
  epb(0, frag(48, false, seg.subarray(48)));
  return w.bytes();
}

(haveTshark ? describe : describe.skip)('NetworkDecoder agrees with tshark', () => {
  for (const file of ['mapihttp-gromox-notify.pcap', 'rpch-gromox-notify.pcap']) {
    it(`on the real capture ${file}`, async () => {
      const path = new URL(`../../../test/fixtures/real-server/${file}`, import.meta.url);
      const expected = tsharkRows(path.pathname);
      expect(expected.length).toBeGreaterThan(50);
      const ours = await ourRows(new Uint8Array(readFileSync(path)));
      expect(ours.damage).toEqual([]);
      expect(ours.rows).toEqual(expected);
    });
  }

  it('on a generated pcapng with VLANs, SLL2, NULL, raw IP, extension headers and fragments', async () => {
    const bytes = mixedCapture();
    const path = join(dir, 'mixed.pcapng');
    writeFileSync(path, bytes);
    const expected = tsharkRows(path);
    expect(expected).toHaveLength(6);
    const ours = await ourRows(bytes);
    expect(ours.damage).toEqual([]);
    expect(ours.rows).toEqual(expected);
  });
});
