/**
 * Hand-written TCP byte streams into the analysis, without a capture file: each `send` is one in-order
 * segment of one connection, delivered the way TcpReassembler delivers (the first payload goes to
 * AppDetector's `open`, then to the sink it returned), one frame each, on a clock the test moves.
 */
import { AnalysisContext } from '../../src/analysis/context.js';
import { AppDetector } from '../../src/analysis/app-detect.js';
import { addMs, type CaptureTime } from '../../src/core/capture-time.js';
import type { FrameRef } from '../../src/core/frame-ref.js';
import { withLimits, type Limits } from '../../src/core/limits.js';
import { concat as concatBytes } from '../../src/dissectors/dcerpc/testing/pdu-builder.js';
import type { ConnectionInfo, Direction, StreamSink } from '../../src/dissectors/transport/types.js';
import type { OxEvent } from '../../src/model/events.js';

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/** Little-endian u16 / u32 fields. */
export const u16 = (v: number): Uint8Array => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff);
export const u32 = (v: number): Uint8Array => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);

/** Byte arrays and ASCII strings, concatenated. */
export function concat(...parts: (Uint8Array | string)[]): Uint8Array {
  return concatBytes(...parts.map((p) => (typeof p === 'string' ? ascii(p) : p)));
}

/** "05 00 0b 03 …" (whitespace and line breaks ignored) → bytes. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  return Uint8Array.from({ length: clean.length / 2 }, (_, i) => parseInt(clean.slice(2 * i, 2 * i + 2), 16));
}

export class Wire {
  readonly events: OxEvent[] = [];
  readonly ctx: AnalysisContext;
  readonly apps: AppDetector;
  private frame = 0;
  private clock: CaptureTime = { sec: 1_700_000_000, nsec: 0 };
  private nextId = 1;
  private readonly open = new Set<WireConnection>();

  constructor(limits: Partial<Limits> = {}) {
    this.ctx = new AnalysisContext({ emit: (e) => void this.events.push(e), close: async () => undefined }, withLimits(limits));
    this.apps = new AppDetector(this.ctx);
  }

  /** A new TCP connection; `a` opened it (its SYN was seen unless `handshakeSeen` is false). */
  connection(a: [string, number], b: [string, number], handshakeSeen = true): WireConnection {
    const ip = (s: string): Uint8Array => Uint8Array.from(s.split('.').map(Number));
    const info: ConnectionInfo = { id: this.nextId++, a: { ip: ip(a[0]), port: a[1] }, b: { ip: ip(b[0]), port: b[1] }, handshakeSeen };
    const c = new WireConnection(this, info);
    this.open.add(c);
    return c;
  }

  /** Moves the capture clock on. */
  wait(ms: number): void {
    this.clock = addMs(this.clock, ms);
  }

  /** The next frame, 1 ms after the previous one unless the test waited. */
  tick(): FrameRef {
    this.clock = addMs(this.clock, 1);
    const at: FrameRef = { frame: ++this.frame, time: this.clock };
    this.ctx.lastFrame = at;
    this.ctx.advance(at.time);
    return at;
  }

  /** Capture end: open connections end with 'eof', virtual connections and live sessions end, events drain. */
  finish(): OxEvent[] {
    const at = this.tick();
    for (const c of [...this.open]) c.end('eof');
    this.apps.finish(at);
    for (const s of this.ctx.sessions.liveSessions()) this.ctx.endSession(s, at, 'capture-end');
    this.ctx.drain();
    return this.events;
  }

  forget(c: WireConnection): void {
    this.open.delete(c);
  }
}

export class WireConnection {
  private sink: StreamSink | null = null;
  private declined = false;
  private closed = false;
  private readonly offsets: [number, number] = [0, 0];

  constructor(
    private readonly wire: Wire,
    readonly info: ConnectionInfo,
  ) {}

  /** One segment from a (dir 0) or from b (dir 1). */
  send(dir: Direction, data: Uint8Array | string): FrameRef {
    const bytes = typeof data === 'string' ? ascii(data) : data;
    const at = this.wire.tick();
    if (this.closed) throw new Error(`connection ${this.info.id} has ended`);
    if (this.declined) return at;
    if (!this.sink) {
      const decision = this.wire.apps.open(this.info, dir, bytes, at);
      if (decision === 'later') throw new Error(`connection ${this.info.id}: the detector wants more than the first payload`);
      if (decision === 'decline') {
        this.declined = true;
        return at;
      }
      this.sink = decision;
    }
    this.sink.data(dir, { data: bytes, streamOffset: this.offsets[dir], at });
    this.offsets[dir] += bytes.length;
    return at;
  }

  /** True when the detector declined the connection. */
  get wasDeclined(): boolean {
    return this.declined;
  }

  end(reason: 'fin' | 'rst' | 'eof' = 'fin'): void {
    const at = this.wire.tick();
    this.sink?.end(reason, at);
    this.sink = null;
    this.closed = true;
    this.wire.forget(this);
  }
}
