import fc from 'fast-check';
import type { TransportPacket } from '../ip/types.js';
import { TCP_ACK, TCP_SYN } from './tcp-flags.js';
import { Harness, type Recorded } from './test-kit.js';
import type { Direction } from './types.js';

interface Seg {
  dir: Direction;
  /** Stream offset and length within that direction's bytes. */
  off: number;
  len: number;
}

/** Cuts [0, total) into segments at the given cut points (sorted, deduplicated). */
function cut(dir: Direction, total: number, cuts: number[]): Seg[] {
  const points = [...new Set(cuts.map((c) => c % (total + 1)))].filter((c) => c > 0 && c < total).sort((a, b) => a - b);
  const out: Seg[] = [];
  let prev = 0;
  for (const p of [...points, total]) {
    out.push({ dir, off: prev, len: p - prev });
    prev = p;
  }
  return out;
}

function latin(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

/**
 * Checks the sink saw a well-formed call sequence: nothing after `end`, offsets that follow
 * from the data and known gaps before them. Returns each direction's stream with gaps as NULs.
 */
function checkSequence(events: Recorded[], conn: number, withText = true): [string, string] {
  const text: [string, string] = ['', ''];
  const next = [0, 0];
  let ended = 0;
  for (const e of events) {
    if (e.conn !== conn || e.kind === 'open') continue;
    expect(ended).toBe(0);
    if (e.kind === 'end') ended++;
    else if (e.kind === 'gap') {
      if (e.lost === 'unknown') next[e.dir] = -1;
      else {
        expect(e.lost).toBeGreaterThan(0);
        if (withText) text[e.dir] += '\0'.repeat(e.lost);
        next[e.dir]! += e.lost;
      }
    } else {
      if (next[e.dir]! >= 0) expect(e.offset).toBe(next[e.dir]);
      expect(e.text.length).toBeGreaterThan(0);
      next[e.dir] = e.offset + e.text.length;
      if (withText) text[e.dir] += e.text;
    }
  }
  return text;
}

const streamArb = fc.uint8Array({ minLength: 1, maxLength: 600 });
const cutsArb = fc.array(fc.nat(700), { maxLength: 30 });

describe('TcpReassembler: properties', () => {
  it('random segmentation, order and duplication reassemble to the original bytes', () => {
    fc.assert(
      fc.property(
        streamArb,
        streamArb,
        cutsArb,
        cutsArb,
        cutsArb,
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.boolean(),
        fc.infiniteStream(fc.nat(1_000_000)),
        (s0, s1, c0, c1, cRetrans, isn0, isn1, handshake, rand) => {
          const data = [s0, s1] as const;
          const isn = [isn0, isn1];
          // First copies, plus retransmissions cut at other boundaries (same bytes).
          const segs = [...cut(0, s0.length, c0), ...cut(1, s1.length, c1), ...cut(0, s0.length, cRetrans)];
          const r = rand[Symbol.iterator]();
          const pick = (n: number): number => (r.next().value as number) % n;
          for (let i = segs.length - 1; i > 0; i--) {
            const j = pick(i + 1);
            [segs[i], segs[j]] = [segs[j]!, segs[i]!];
          }
          for (let k = pick(6); k > 0; k--) segs.push(segs[pick(segs.length)]!);
          const h = new Harness();
          const host = (d: Direction): 'A' | 'B' => (d === 0 ? 'A' : 'B');
          if (handshake) {
            h.send('A', isn0, '', { flags: TCP_SYN });
            h.send('B', isn1, '', { flags: TCP_SYN | TCP_ACK, ack: isn0 + 1 });
          } else {
            // Without a handshake each direction starts at the first segment seen: send offset 0 first.
            for (const d of [0, 1] as const) h.send(host(d), isn[d]! + 1, data[d].subarray(0, 1), { flags: 0 });
          }
          // ACKs acknowledge only the prefix already sent in full, as a real peer would.
          const sent = [new Uint8Array(s0.length), new Uint8Array(s1.length)];
          const prefix = [0, 0];
          for (const s of segs) {
            const peer = s.dir ^ 1;
            h.send(host(s.dir), isn[s.dir]! + 1 + s.off, data[s.dir].subarray(s.off, s.off + s.len), { ack: isn[peer]! + 1 + prefix[peer]! });
            sent[s.dir]!.fill(1, s.off, s.off + s.len);
            while (prefix[s.dir]! < data[s.dir].length && sent[s.dir]![prefix[s.dir]!]) prefix[s.dir]!++;
            if (pick(3) === 0) h.send(host(peer as Direction), isn[peer]! + 1, '', { ack: isn[s.dir]! + 1 + prefix[s.dir]! });
          }
          h.finish();
          const [t0, t1] = checkSequence(h.recorder.events, 1);
          expect(t0).toBe(latin(s0));
          expect(t1).toBe(latin(s1));
          expect(h.reassembler.stats()).toMatchObject({ connections: 1, gaps: 0 });
          expect(h.recorder.of(1).pop()).toMatchObject({ kind: 'end', reason: 'eof' });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with segments lost, delivered bytes sit at their true offsets and gap sizes are exact', () => {
    fc.assert(
      fc.property(streamArb, cutsArb, fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), fc.integer({ min: 0, max: 0xffffffff }), fc.nat(3), (s, cuts, keep, isn, ackEvery) => {
        const segs = cut(0, s.length, cuts).filter((_, i) => i === 0 || keep[i % keep.length]);
        const h = new Harness({ limits: { maxTcpBufferedBytes: 1000 } });
        let highest = 0;
        for (const [i, g] of segs.entries()) {
          h.send('A', isn + g.off, s.subarray(g.off, g.off + g.len));
          highest = g.off + g.len;
          if (ackEvery > 0 && i % ackEvery === 0) h.send('B', 7, '', { ack: isn + highest });
        }
        h.finish();
        const [t] = checkSequence(h.recorder.events, 1);
        expect(t.length).toBe(highest);
        for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) !== 0) expect(t.charCodeAt(i)).toBe(s[i]);
        for (const g of segs) expect(t.slice(g.off, g.off + g.len)).toBe(latin(s.subarray(g.off, g.off + g.len)));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, never breaks the sink call sequence, and empties the table at finish, on garbage', () => {
    const ip = fc.constantFrom(Uint8Array.of(1, 1, 1, 1), Uint8Array.of(2, 2, 2, 2), new Uint8Array(16));
    const packet = fc.record({
      src: ip,
      dst: ip,
      srcPort: fc.constantFrom(1, 2, 80),
      dstPort: fc.constantFrom(1, 2, 80),
      seq: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0xfffff000, max: 0xffffffff })),
      ack: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 3000 })),
      tcpFlags: fc.nat(0xff),
      payload: fc.uint8Array({ maxLength: 300 }),
      truncated: fc.boolean(),
      protocol: fc.constantFrom<6 | 17>(6, 6, 6, 17),
      advance: fc.nat(40),
    });
    fc.assert(
      fc.property(fc.array(packet, { maxLength: 200 }), fc.nat(2), (pkts, policy) => {
        const h = new Harness({
          limits: { maxTcpConnections: 3, maxTcpBufferedBytes: 500, tcpIdleTimeoutSec: 30 },
          decide: (_c, _d, payload, asked) => (policy === 0 ? 'accept' : policy === 1 ? ((payload[0] ?? 0) & 1 ? 'decline' : 'later') : asked > 2 ? 'accept' : 'later'),
        });
        for (const g of pkts) {
          h.advance(g.advance);
          // Copies: the harness scribbles over a packet's bytes after the call, as a capture reader would.
          const p: TransportPacket = { ...g, ipVersion: g.src.length === 4 ? 4 : 6, src: g.src.slice(), dst: g.dst.slice(), payload: g.payload.slice() };
          h.packet(p);
        }
        h.finish();
        expect(h.reassembler.openConnections).toBe(0);
        for (const id of h.recorder.conns.keys()) checkSequence(h.recorder.events, id, false);
      }),
      { numRuns: 500 },
    );
  });
});
