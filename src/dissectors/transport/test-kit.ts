/**
 * Test support for the transport layer (not used by production code): hand-built TCP packets
 * fed through one REUSED TransportPacket whose bytes are scribbled over after every call, so a
 * test fails if the reassembler keeps a view it should have copied.
 */
import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import { withLimits, type Limits } from '../../core/limits.js';
import type { TransportPacket } from '../ip/types.js';
import { TCP_ACK } from './tcp-flags.js';
import { TcpReassembler } from './tcp-reassembler.js';
import type { ConnectionInfo, Direction, EndReason, OpenDecision, StreamChunk, StreamSink, StreamSinkFactory } from './types.js';

export type Host = 'A' | 'B';

export const HOSTS: Record<Host, { ip: Uint8Array; port: number }> = {
  A: { ip: Uint8Array.of(10, 0, 0, 1), port: 50000 },
  B: { ip: Uint8Array.of(10, 0, 0, 2), port: 135 },
};

export type Recorded =
  | { kind: 'open'; conn: number; dir: Direction; frame: number }
  | { kind: 'data'; conn: number; dir: Direction; offset: number; text: string; frame: number }
  | { kind: 'gap'; conn: number; dir: Direction; lost: number | 'unknown'; frame: number }
  | { kind: 'end'; conn: number; reason: EndReason; frame: number };

export type Decide = (conn: ConnectionInfo, dir: Direction, payload: Uint8Array, asked: number) => 'accept' | 'decline' | 'later';

export function latin1Of(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

export function bytesOf(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** A factory whose sinks record every call (data copied as latin1 text). */
export class Recorder implements StreamSinkFactory {
  readonly events: Recorded[] = [];
  readonly conns = new Map<number, ConnectionInfo>();
  private readonly asked = new Map<number, number>();

  constructor(private readonly decide: Decide = () => 'accept') {}

  open(conn: ConnectionInfo, dir: Direction, firstPayload: Uint8Array, at: FrameRef): OpenDecision {
    const n = (this.asked.get(conn.id) ?? 0) + 1;
    this.asked.set(conn.id, n);
    this.conns.set(conn.id, conn);
    const answer = this.decide(conn, dir, firstPayload, n);
    if (answer !== 'accept') return answer;
    this.events.push({ kind: 'open', conn: conn.id, dir, frame: at.frame });
    const events = this.events;
    const id = conn.id;
    let ended = false;
    const sink: StreamSink = {
      data(d: Direction, chunk: StreamChunk): void {
        if (ended) throw new Error('data after end');
        events.push({ kind: 'data', conn: id, dir: d, offset: chunk.streamOffset, text: latin1Of(chunk.data), frame: chunk.at.frame });
      },
      gap(d: Direction, lost: number | 'unknown', gapAt: FrameRef): void {
        if (ended) throw new Error('gap after end');
        events.push({ kind: 'gap', conn: id, dir: d, lost, frame: gapAt.frame });
      },
      end(reason: EndReason, endAt: FrameRef): void {
        if (ended) throw new Error('end twice');
        ended = true;
        events.push({ kind: 'end', conn: id, reason, frame: endAt.frame });
      },
    };
    return sink;
  }

  asks(conn: number): number {
    return this.asked.get(conn) ?? 0;
  }

  /** One direction's stream as text, each gap shown as `[n]` or `[?]`. */
  stream(conn: number, dir: Direction): string {
    let s = '';
    for (const e of this.events) {
      if (e.conn !== conn || e.kind === 'open' || e.kind === 'end' || e.dir !== dir) continue;
      s += e.kind === 'data' ? e.text : `[${e.lost === 'unknown' ? '?' : e.lost}]`;
    }
    return s;
  }

  of(conn: number): Recorded[] {
    return this.events.filter((e) => e.conn === conn);
  }
}

export interface SendOptions {
  flags?: number;
  ack?: number;
  truncated?: boolean;
  /** Override the endpoints (e.g. another client port). */
  srcPort?: number;
  dstPort?: number;
}

/** A reassembler, a recorder, and a clock: one frame per `send`, 1 ms apart unless `advance`d. */
export class Harness {
  readonly recorder: Recorder;
  readonly reassembler: TcpReassembler;
  readonly damages: Damage[] = [];
  frame = 0;
  sec = 1_700_000_000;
  nsec = 0;
  private readonly scratch = new Uint8Array(70_000);
  private readonly srcBuf = new Uint8Array(4);
  private readonly dstBuf = new Uint8Array(4);
  private readonly pkt: TransportPacket = {
    ipVersion: 4,
    src: this.srcBuf,
    dst: this.dstBuf,
    protocol: 6,
    srcPort: 0,
    dstPort: 0,
    seq: 0,
    ack: 0,
    tcpFlags: 0,
    payload: new Uint8Array(0),
    truncated: false,
  };

  constructor(opts: { limits?: Partial<Limits>; decide?: Decide } = {}) {
    this.recorder = new Recorder(opts.decide);
    this.reassembler = new TcpReassembler(this.recorder, withLimits(opts.limits), (d) => this.damages.push(d));
  }

  get at(): FrameRef {
    return { frame: this.frame, time: { sec: this.sec, nsec: this.nsec } };
  }

  advance(seconds: number): void {
    this.sec += seconds;
  }

  send(from: Host, seq: number, data: string | Uint8Array = '', opts: SendOptions = {}): void {
    const to: Host = from === 'A' ? 'B' : 'A';
    const bytes = typeof data === 'string' ? bytesOf(data) : data;
    this.scratch.set(bytes);
    this.srcBuf.set(HOSTS[from].ip);
    this.dstBuf.set(HOSTS[to].ip);
    const p = this.pkt;
    p.srcPort = opts.srcPort ?? HOSTS[from].port;
    p.dstPort = opts.dstPort ?? HOSTS[to].port;
    p.seq = seq >>> 0;
    p.ack = (opts.ack ?? 0) >>> 0;
    p.tcpFlags = opts.flags ?? TCP_ACK;
    p.payload = this.scratch.subarray(0, bytes.length);
    p.truncated = opts.truncated ?? false;
    this.packet(p);
  }

  /** Feeds an arbitrary packet (bytes are scribbled over afterwards, as a capture reader reuses them). */
  packet(p: TransportPacket): void {
    this.frame++;
    this.nsec += 1_000_000;
    if (this.nsec >= 1e9) {
      this.nsec -= 1e9;
      this.sec++;
    }
    this.reassembler.packet(p, this.at);
    p.payload.fill(0xee);
    p.src.fill(0xee);
    p.dst.fill(0xee);
  }

  finish(): void {
    this.frame++;
    this.reassembler.finish(this.at);
  }
}
