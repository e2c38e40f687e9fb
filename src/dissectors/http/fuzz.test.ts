/**
 * Robustness: mutated conversations, random chunking, random gaps, random ends. The framer must never
 * throw, never break the sink contract (the recorder throws on data after end or a second end), end every
 * body it opened exactly once before onEnd, and keep damage offsets inside the streams. Garbage and
 * pathological inputs must run in time linear in their size.
 */
import fc from 'fast-check';
import { withLimits, type Limits } from '../../core/limits.js';
import type { Direction, EndReason } from '../transport/types.js';
import { conversationArb, conversationBytes } from './testing/conversations.js';
import { HttpConnection } from './http-connection.js';
import { CONN, HttpRecorder, MID_STREAM, bytes, frame, run, type Step } from './testing/http-recorder.js';

type Edit = { at: number; value: number; kind: 0 | 1 | 2 };
const editArb = fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom<0 | 1 | 2>(0, 1, 2) }), { maxLength: 10 });

/** Overwrites, inserts or deletes bytes (the usual byte-level mutations). */
function mutate(b: Uint8Array, edits: Edit[]): Uint8Array {
  const out = Array.from(b);
  for (const e of edits) {
    const at = out.length ? e.at % out.length : 0;
    if (e.kind === 0 && out.length) out[at] = e.value;
    else if (e.kind === 1) out.splice(at, 0, e.value);
    else out.splice(at, 1);
  }
  return Uint8Array.from(out);
}

type Op = { kind: 'data'; dir: Direction; len: number } | { kind: 'gap'; dir: Direction; lost: number | 'unknown' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('data' as const), dir: fc.constantFrom<Direction>(0, 1), len: fc.integer({ min: 1, max: 120 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gap' as const), dir: fc.constantFrom<Direction>(0, 1), lost: fc.oneof(fc.integer({ min: 0, max: 80 }), fc.constant('unknown' as const)) }) },
);

/** Interleaves the two streams as the ops say (gaps drop bytes), then ends the connection. */
function schedule(streams: [Uint8Array, Uint8Array], ops: Op[], reason: EndReason): Step[] {
  const pos = [0, 0];
  const steps: Step[] = [];
  for (const op of ops) {
    const s = streams[op.dir];
    const p = pos[op.dir]!;
    if (p >= s.length) continue;
    if (op.kind === 'gap') {
      const lost = op.lost === 'unknown' ? 'unknown' : Math.min(op.lost, s.length - p);
      pos[op.dir] = p + (lost === 'unknown' ? 9 : lost);
      steps.push({ gap: op.dir, lost });
    } else {
      pos[op.dir] = Math.min(s.length, p + op.len);
      steps.push({ dir: op.dir, data: s.slice(p, pos[op.dir]) });
    }
  }
  for (const d of [0, 1] as const) if (pos[d]! < streams[d].length) steps.push({ dir: d, data: streams[d].slice(pos[d]) });
  steps.push({ end: reason });
  return steps;
}

function checkContract(rec: HttpRecorder, totals: [number, number]): void {
  expect(rec.ended).not.toBeNull();
  expect(rec.ended!.openAtEnd).toBe(0);
  for (const m of rec.messages) if (m.end === null) expect(rec.decline).toBeTruthy();
  for (const { damage } of rec.damages) {
    expect(Number.isInteger(damage.offset) && damage.offset >= 0 && damage.offset <= Math.max(totals[0], totals[1])).toBe(true);
    expect(damage.detail.length).toBeGreaterThan(0);
  }
}

const tight: Limits = withLimits({ maxHttpHeaderBytes: 96, maxHttpHeaderCount: 3, maxHttpChunkLineBytes: 8, maxHttpOutstandingRequests: 2 });

describe('fuzz', () => {
  it('mutated conversations with random chunks, gaps and ends never throw and end every message once', () => {
    fc.assert(
      fc.property(
        conversationArb,
        editArb,
        editArb,
        fc.array(opArb, { maxLength: 40 }),
        fc.constantFrom<EndReason>('fin', 'rst', 'eof', 'idle'),
        fc.boolean(),
        fc.boolean(),
        (exchanges, editsA, editsB, ops, reason, midStream, small) => {
          const { requests, responses } = conversationBytes(exchanges);
          const streams: [Uint8Array, Uint8Array] = [mutate(requests, editsA), mutate(responses, editsB)];
          const steps = schedule(streams, ops, reason);
          const { rec } = run(steps, 'whole', { conn: midStream ? MID_STREAM : CONN, limits: small ? tight : withLimits() });
          checkContract(rec, [streams[0].length + 1000, streams[1].length + 1000]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('interesting splices: RPC over HTTP heads, chunked bodies and start lines cut into each other', () => {
    const pieces = [
      'RPC_IN_DATA /rpc/rpcproxy.dll?x:6001 HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n',
      'HTTP/1.1 200 Success\r\nContent-Length: 1073741824\r\n\r\n',
      'HTTP/1.1 101 Switching Protocols\r\n\r\n',
      'HTTP/1.1 100 Continue\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n',
      '5\r\nhello\r\n',
      '0\r\n\r\n',
      'GET / HTTP/1.1\r\n\r\n',
      'HEAD / HTTP/1.1\r\n\r\n',
      'Content-Length: 3\r\n',
      '\r\n',
      '\x00\x05\x00\x0b\x03',
      ' folded\r\n',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 12 }),
        fc.array(fc.constantFrom(...pieces), { maxLength: 12 }),
        fc.array(opArb, { maxLength: 30 }),
        fc.boolean(),
        (a, b, ops, small) => {
          const streams: [Uint8Array, Uint8Array] = [bytes(a.join('')), bytes(b.join(''))];
          const { rec } = run(schedule(streams, ops, 'fin'), 'whole', { limits: small ? tight : withLimits() });
          checkContract(rec, [streams[0].length + 1000, streams[1].length + 1000]);
        },
      ),
      { numRuns: 400 },
    );
  });
});

/** A deterministic byte source (xorshift) for large garbage. */
function garbage(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Best of three wall-clock timings of feeding `data` into one direction in chunks of the given sizes. */
function timeFeed(data: Uint8Array, sizes: number[], limits = withLimits()): { ms: number; rec: HttpRecorder } {
  let best = Infinity;
  let rec = new HttpRecorder();
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    rec = run([{ dir: 0, data }, { end: 'fin' }], sizes, { limits }).rec;
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, rec };
}

describe('garbage and pathological input', () => {
  it('1 MiB of random bytes in small chunks finishes fast and is reported as damage', () => {
    const { ms, rec } = timeFeed(garbage(1 << 20, 12345), [1, 7, 64, 3, 200, 1500]);
    expect(ms).toBeLessThan(3000);
    expect(rec.messages).toEqual([]);
    expect(rec.damages.length).toBeGreaterThan(0);
    expect(rec.damages[0]!.damage).toMatchObject({ reason: 'malformed', offset: 0 });
    expect(rec.damages.at(-1)!.damage.detail).toMatch(/bytes skipped/);
  });

  it.each([
    ['"GET " over and over', 'GET '],
    ['"HTTP/1.1 " over and over', 'HTTP/1.1 '],
    ['"H" over and over', 'H'],
    ['start-line lookalikes on one line', 'xGET /a HTTP/1.1 '],
    ['empty lines', '\r\n'],
    ['chunk-size digits', 'f'],
    ['one endless token', 'A'],
  ])('%s fed two bytes at a time costs time linear in its size', (_name, unit) => {
    const make = (n: number): Uint8Array => bytes(unit.repeat(Math.ceil(n / unit.length)));
    const feed = (data: Uint8Array): number => {
      const t0 = performance.now();
      const http = new HttpConnection(CONN, new HttpRecorder(), withLimits());
      for (let i = 0; i < data.length; i += 2) http.data(0, { data: data.subarray(i, i + 2), streamOffset: i, at: frame(i) });
      http.end('fin', frame(data.length));
      return performance.now() - t0;
    };
    // Linear work is about 0.3 µs a byte here; rescanning what the line buffer holds (up to 128 KiB) at
    // every chunk would take minutes.
    feed(make(64 * 1024)); // warm up the JIT
    expect(feed(make(1 << 20))).toBeLessThan(3000);
  });

  it('a chunked body fed a byte at a time costs time linear in its size', () => {
    const body = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' + '1;e=x\r\nz\r\n'.repeat(20000) + '0\r\n\r\n';
    const { ms, rec } = timeFeed(bytes(body), [1]);
    expect(rec.messages[0]!.body.length).toBe(20000);
    expect(ms).toBeLessThan(3000);
  });
});
