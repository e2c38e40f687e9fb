/**
 * Test support for the HTTP framer (not used by production code): a handler that records what it is told,
 * a way to describe a conversation as steps, and feeding the steps whole, a byte at a time or cut at given
 * sizes. Chunks are fed from a buffer that is scribbled over after every call, so a test fails if the framer
 * keeps a view it should have copied.
 */
import fc from 'fast-check';
import type { Damage } from '../../../core/damage.js';
import type { FrameRef } from '../../../core/frame-ref.js';
import { withLimits, type Limits } from '../../../core/limits.js';
import type { ConnectionInfo, Direction, EndReason } from '../../transport/types.js';
import { HttpConnection } from '../http-connection.js';
import type { HttpBodySink, HttpEndOutcome, HttpHandler, HttpHeader, HttpRequestHead, HttpResponseHead } from '../types.js';

export function frame(n: number): FrameRef {
  return { frame: n, time: { sec: 1_700_000_000 + n, nsec: 0 } };
}

export const CONN: ConnectionInfo = {
  id: 3,
  a: { ip: Uint8Array.of(10, 0, 0, 1), port: 50123 },
  b: { ip: Uint8Array.of(10, 0, 0, 2), port: 443 },
  handshakeSeen: true,
};
export const MID_STREAM: ConnectionInfo = { ...CONN, handshakeSeen: false };

export function bytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

export function text(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

export interface Recorded {
  readonly head: HttpRequestHead | HttpResponseHead;
  /** For responses: the request it was paired with. */
  readonly request: HttpRequestHead | null;
  body: string;
  readonly bodyFrames: number[];
  readonly gaps: number[];
  trailers: readonly HttpHeader[] | null;
  end: { outcome: HttpEndOutcome; frame: number; detail?: string } | null;
}

/** Records every call; sinks throw on data after end and on a second end (the contract says exactly once). */
export class HttpRecorder implements HttpHandler {
  readonly messages: Recorded[] = [];
  readonly damages: { damage: Damage; frame: number }[] = [];
  readonly unanswered: HttpRequestHead[] = [];
  ended: { reason: EndReason; frame: number; openAtEnd: number } | null = null;
  /** Answer null for these kinds (not interested). */
  decline: { request?: boolean; response?: boolean } = {};
  /** Heads given a sink whose end() has not come yet. */
  private open = 0;

  onRequest(head: HttpRequestHead): HttpBodySink | null {
    return this.record(head, null, this.decline.request === true);
  }
  onResponse(head: HttpResponseHead, request: HttpRequestHead | null): HttpBodySink | null {
    return this.record(head, request, this.decline.response === true);
  }
  onDamage(damage: Damage, at: FrameRef): void {
    if (this.ended) throw new Error('damage after onEnd');
    this.damages.push({ damage, frame: at.frame });
  }
  onUnanswered(request: HttpRequestHead): void {
    this.unanswered.push(request);
  }
  onEnd(reason: EndReason, at: FrameRef): void {
    if (this.ended) throw new Error('onEnd twice');
    this.ended = { reason, frame: at.frame, openAtEnd: this.open };
  }

  get requests(): Recorded[] {
    return this.messages.filter((m) => m.head.kind === 'request');
  }
  get responses(): Recorded[] {
    return this.messages.filter((m) => m.head.kind === 'response');
  }
  /** A compact, chunking-independent summary: start line, body, outcome. */
  summary(): string[] {
    return this.messages.map((m) => {
      const h = m.head;
      const line = h.kind === 'request' ? `${h.method} ${h.target}` : `${h.status}${h.interim ? ' interim' : ''}${m.request ? ` ← ${m.request.method}#${m.request.seq}` : ' ← none'}`;
      return `${line} [${m.body}] ${m.end?.outcome ?? 'open'}`;
    });
  }
  damageReasons(): string[] {
    return this.damages.map((d) => d.damage.reason);
  }

  private record(head: HttpRequestHead | HttpResponseHead, request: HttpRequestHead | null, decline: boolean): HttpBodySink | null {
    if (this.ended) throw new Error('head after onEnd');
    const m: Recorded = { head, request, body: '', bodyFrames: [], gaps: [], trailers: null, end: null };
    this.messages.push(m);
    if (decline) return null;
    this.open++;
    const sink: HttpBodySink = {
      data: (b, at) => {
        if (m.end) throw new Error('data after end');
        m.body += text(b);
        m.bodyFrames.push(at.frame);
      },
      gap: (lost) => {
        if (m.end) throw new Error('gap after end');
        m.gaps.push(lost);
      },
      trailers: (t) => {
        m.trailers = t.map((x) => ({ ...x }));
      },
      end: (outcome, at, detail) => {
        if (m.end) throw new Error(`end twice (${m.end.outcome}, then ${outcome})`);
        m.end = detail === undefined ? { outcome, frame: at.frame } : { outcome, frame: at.frame, detail };
        this.open--;
      },
    };
    return sink;
  }
}

export type Step =
  | { dir: Direction; data: string | Uint8Array }
  | { gap: Direction; lost: number | 'unknown' }
  | { end: EndReason };

/** How a step's bytes are cut into chunks: one chunk, one byte each, or cycling through the given sizes. */
export type Split = 'whole' | 'bytes' | readonly number[];

export interface Run {
  rec: HttpRecorder;
  http: HttpConnection;
  /** Frames used so far (each chunk, gap and end takes one). */
  frames: number;
}

/** Feeds the steps to a new HttpConnection; stream offsets count gap bytes when known, as the reassembler does. */
export function run(steps: readonly Step[], split: Split = 'whole', opts: { conn?: ConnectionInfo; limits?: Limits; rec?: HttpRecorder } = {}): Run {
  const rec = opts.rec ?? new HttpRecorder();
  const http = new HttpConnection(opts.conn ?? CONN, rec, opts.limits ?? withLimits());
  const offset = [0, 0];
  let f = 0;
  let cycle = 0;
  for (const step of steps) {
    if ('end' in step) {
      http.end(step.end, frame(++f));
      continue;
    }
    if ('gap' in step) {
      http.gap(step.gap, step.lost, frame(++f));
      if (typeof step.lost === 'number') offset[step.gap]! += step.lost;
      continue;
    }
    const data = typeof step.data === 'string' ? bytes(step.data) : step.data;
    let p = 0;
    while (p < data.length) {
      const n = split === 'whole' ? data.length : split === 'bytes' ? 1 : Math.max(1, split[cycle++ % split.length]!);
      const piece = data.slice(p, Math.min(data.length, p + n));
      http.data(step.dir, { data: piece, streamOffset: offset[step.dir]!, at: frame(++f) });
      piece.fill(0xee); // the framer must have copied what it keeps
      offset[step.dir]! += piece.length;
      p += piece.length;
    }
  }
  return { rec, http, frames: f };
}

/** Runs the steps whole, a byte at a time and cut at a few fixed odd sizes; returns the runs by name. */
export function runAllSplits(steps: readonly Step[], opts: { conn?: ConnectionInfo; limits?: Limits } = {}): [string, Run][] {
  const splits: [string, Split][] = [
    ['whole', 'whole'],
    ['bytes', 'bytes'],
    ['3-7-1', [3, 7, 1]],
    ['13-2-64', [13, 2, 64]],
  ];
  return splits.map(([name, split]) => [name, run(steps, split, opts)]);
}

/**
 * Runs the steps under every split (whole, a byte at a time, fixed odd sizes, random sizes) and expects the
 * same summary from each; returns the whole-chunk run for further checks.
 */
export function expectFramed(steps: readonly Step[], expected: string[], opts: { conn?: ConnectionInfo; limits?: Limits } = {}): Run {
  const runs = runAllSplits(steps, opts);
  // Damage is found at the same stream offsets however the bytes were cut.
  const damage = (r: Run): [string, number][] => r.rec.damages.map((d) => [d.damage.reason, d.damage.offset]);
  const wholeDamage = damage(runs[0]![1]);
  for (const [name, r] of runs) {
    expect({ name, summary: r.rec.summary(), damage: damage(r) }).toEqual({ name, summary: expected, damage: wholeDamage });
  }
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), (sizes) => {
      const r = run(steps, sizes, opts);
      expect({ summary: r.rec.summary(), damage: damage(r) }).toEqual({ summary: expected, damage: wholeDamage });
    }),
    { numRuns: 25 },
  );
  return runs[0]![1];
}
