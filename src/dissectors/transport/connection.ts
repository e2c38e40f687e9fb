import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import type { Limits } from '../../core/limits.js';
import type { TransportPacket } from '../ip/types.js';
import { HalfStream, type HalfStreamOut } from './half-stream.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './tcp-flags.js';
import type { ConnectionInfo, Direction, EndReason, StreamSink, StreamSinkFactory } from './types.js';

/** A factory answering 'later' is asked at most this many times… */
export const MAX_OPEN_ASKS = 8;
/** …or until this many payload bytes have gone by unclaimed; then the connection is declined. */
export const MAX_OPEN_ASK_BYTES = 64 * 1024;

/** Counters shared by all connections of one reassembler. */
export interface ReassemblyStats {
  /** Connections created (including declined ones). */
  connections: number;
  /** Connections the factory declined, or that exhausted the 'later' budget. */
  declined: number;
  /** Gaps reported to sinks for bytes the capture lost (not the 'unknown' gaps before a late open). */
  gaps: number;
  /** Sum of the known sizes of those gaps. */
  bytesLost: number;
  /** Connections ended because the table was full. */
  evicted: number;
}

export interface ReassemblyContext {
  readonly factory: StreamSinkFactory;
  readonly limits: Limits;
  readonly stats: ReassemblyStats;
  readonly onDamage: ((d: Damage, at: FrameRef) => void) | undefined;
}

/**
 * pending: no sink yet (the factory has not been asked, or answered 'later');
 * ignored: declined or ended, so packets cost a lookup and FIN/RST bookkeeping only.
 */
type SinkState = 'pending' | 'open' | 'ignored';

/**
 * One TCP connection: both directions' reassembly and the sink's life cycle (ask the
 * factory, open, feed, end). Table membership (hash bucket, recency list) is kept on the
 * object itself so that moving it costs no allocation.
 */
export class Connection implements HalfStreamOut {
  /** Capture time (seconds) of its last packet, on the reassembler's monotonic clock. */
  lastTime = 0;
  /** Recency list: older, newer. */
  older: Connection | null = null;
  newer: Connection | null = null;

  private state: SinkState = 'pending';
  private sink: StreamSink | null = null;
  private asks = 0;
  private askedBytes = 0;
  /** Bit per direction: bytes went by (or were lost) before the sink opened. */
  private unseenBefore = 0;
  private finMask = 0;
  private sawPayload = false;
  private synSeq0 = -1;
  private synSeq1 = -1;
  private readonly streams: readonly [HalfStream, HalfStream];

  constructor(
    readonly info: ConnectionInfo,
    readonly hash: number,
    private readonly ctx: ReassemblyContext,
  ) {
    const cap = ctx.limits.maxTcpBufferedBytes;
    this.streams = [new HalfStream(0, this, cap), new HalfStream(1, this, cap)];
  }

  get declined(): boolean {
    return this.state === 'ignored';
  }

  /**
   * Whether a SYN without ACK starts a new connection on this 4-tuple (port reuse whose close
   * the capture missed) rather than repeating this one's SYN.
   */
  isNewSyn(dir: Direction, seq: number): boolean {
    const known = dir === 0 ? this.synSeq0 : this.synSeq1;
    if (known >= 0) return known !== seq;
    // No SYN from this side yet: only a connection that never carried data can still be opening.
    return this.sawPayload;
  }

  /** Processes one packet; returns how the connection ends when this packet ends it. */
  packet(dir: Direction, p: TransportPacket, at: FrameRef): EndReason | null {
    const flags = p.tcpFlags;
    const seq = p.seq >>> 0;
    if (flags & TCP_SYN) {
      if (dir === 0 && this.synSeq0 < 0) this.synSeq0 = seq;
      else if (dir === 1 && this.synSeq1 < 0) this.synSeq1 = seq;
    }
    if (p.payload.length > 0) this.sawPayload = true;
    if (flags & TCP_RST) return 'rst';
    if (!this.declined) {
      // The factory may decline during either call (TS cannot see that, hence the getter).
      this.streams[dir].segment(seq, (flags & TCP_SYN) !== 0, (flags & TCP_FIN) !== 0, p.payload, p.truncated, at);
      if (flags & TCP_ACK && !this.declined) this.streams[dir ^ 1]!.ack(p.ack >>> 0, at);
      if (this.declined) this.dropBuffers();
    }
    if (flags & TCP_FIN) this.finMask |= 1 << dir;
    return this.finMask === 3 ? 'fin' : null;
  }

  /** Ends the connection: holes become gaps, held data is delivered, then the sink hears `end`. Once. */
  end(reason: EndReason, at: FrameRef): void {
    if (this.state !== 'ignored') {
      this.streams[0].flush(at);
      this.streams[1].flush(at);
    }
    const sink = this.state === 'open' ? this.sink : null;
    this.state = 'ignored';
    this.sink = null;
    this.dropBuffers();
    sink?.end(reason, at);
  }

  /** Reports that the connection table was full and this connection made room. */
  reportEvicted(at: FrameRef): void {
    if (this.state === 'ignored') return;
    this.report(
      { reason: 'limit', offset: 0, field: 'maxTcpConnections', detail: `TCP connection ${this.info.id} evicted: ${this.ctx.limits.maxTcpConnections} connections tracked at once` },
      at,
    );
  }

  // ---- HalfStreamOut: where the two directions' bytes go ----

  deliver(dir: Direction, data: Uint8Array, offset: number, at: FrameRef): void {
    if (this.state === 'open') this.sink!.data(dir, { data, streamOffset: offset, at });
    else if (this.state === 'pending') this.ask(dir, data, offset, at);
  }

  lose(dir: Direction, lost: number | 'unknown', _offset: number, at: FrameRef): void {
    if (this.state === 'open') {
      const stats = this.ctx.stats;
      stats.gaps++;
      if (lost !== 'unknown') stats.bytesLost += lost;
      this.sink!.gap(dir, lost, at);
    } else if (this.state === 'pending') {
      this.unseenBefore |= 1 << dir;
    }
  }

  anomaly(dir: Direction, kind: 'buffer-cap' | 'data-after-fin', offset: number, at: FrameRef): void {
    if (this.state !== 'open') return;
    const where = `TCP connection ${this.info.id} direction ${dir}`;
    if (kind === 'buffer-cap') {
      this.report(
        { reason: 'limit', offset, field: 'maxTcpBufferedBytes', detail: `${where}: out-of-order bytes reached ${this.ctx.limits.maxTcpBufferedBytes}; the hole before them is declared lost` },
        at,
      );
    } else {
      this.report({ reason: 'malformed', offset, field: 'TCP segment', detail: `${where}: payload after the FIN dropped` }, at);
    }
  }

  private ask(dir: Direction, data: Uint8Array, offset: number, at: FrameRef): void {
    this.asks++;
    this.askedBytes += data.length;
    const decision = this.ctx.factory.open(this.info, dir, data, at);
    if (decision === 'decline') {
      this.decline();
      return;
    }
    if (decision === 'later') {
      this.unseenBefore |= 1 << dir;
      if (this.asks >= MAX_OPEN_ASKS || this.askedBytes >= MAX_OPEN_ASK_BYTES) this.decline();
      return;
    }
    this.sink = decision;
    this.state = 'open';
    // The sink starts mid-stream in every direction whose earlier bytes it never saw.
    if (this.unseenBefore & 1) decision.gap(0, 'unknown', at);
    if (this.unseenBefore & 2) decision.gap(1, 'unknown', at);
    decision.data(dir, { data, streamOffset: offset, at });
  }

  private decline(): void {
    this.state = 'ignored';
    this.ctx.stats.declined++;
  }

  private dropBuffers(): void {
    this.streams[0].drop();
    this.streams[1].drop();
  }

  private report(d: Damage, at: FrameRef): void {
    this.ctx.onDamage?.(d, at);
  }
}
