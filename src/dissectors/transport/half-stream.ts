import type { FrameRef } from '../../core/frame-ref.js';
import { HeldSegments } from './held-segments.js';
import type { Direction } from './types.js';

/** The largest receive window TCP can announce (65535 << 14, RFC 7323 §2.3), rounded up. */
const MAX_WINDOW = 2 ** 30;

/**
 * An ACK past a hole proves the bytes were sent, but not that the capture lost them: capture
 * points with several queues (multi-queue NICs, bonded links, mirrored ports) routinely record
 * an ACK before the data it acknowledges (Wireshark's "ACKed unseen segment" followed by a
 * "spurious retransmission"). The hole is declared lost only after this many further packets of
 * the connection or this much capture time.
 */
const ACK_GRACE_PACKETS = 8;
const ACK_GRACE_NS = 200_000_000;

/** Where one direction's reassembled bytes and losses go (the connection routes them to its sink). */
export interface HalfStreamOut {
  deliver(dir: Direction, data: Uint8Array, offset: number, at: FrameRef): void;
  lose(dir: Direction, lost: number | 'unknown', offset: number, at: FrameRef): void;
  anomaly(dir: Direction, kind: 'buffer-cap' | 'data-after-fin', offset: number, at: FrameRef): void;
}

/**
 * One direction of a TCP connection: sequence numbers to stream offsets, ordering,
 * retransmissions, overlaps and holes.
 *
 * Sequence numbers are mapped to stream offsets once, relative to the next expected byte,
 * with signed 32-bit arithmetic (RFC 9293 §3.4: comparisons are modulo 2^32), so wraparound
 * never reaches the rest of the code: offsets are plain numbers that only grow.
 *
 * Offset 0 is the byte after the SYN when the SYN was seen; otherwise the first byte of the
 * first segment seen (a capture that starts mid-stream does not wait for a SYN). A segment
 * without payload does not anchor a direction: keep-alives carry seq = next − 1 and would
 * otherwise open a false 1-byte hole.
 *
 * A hole is declared lost only when the peer acknowledges past it, the buffer cap is
 * reached, or the connection closes (`flush`): data held behind a hole is normal for a while,
 * since a reordered segment often arrives a frame later.
 */
export class HalfStream {
  anchored = false;
  /** Sequence number of stream offset 0. */
  baseSeq = 0;
  /** Stream offset of the next byte expected in order. */
  next = 0;
  finSeen = false;
  /** Stream offset the FIN occupies (−1: no FIN, or its place is unknown because the packet was cut). */
  private finAt = -1;
  private readonly held = new HeldSegments();
  /**
   * Where a truncated packet's captured bytes ended (−1: none pending). The bytes after it
   * were sent but cut by the snap length, so the hole there is known lost without waiting.
   */
  private tailLostAt = -1;
  /** Highest stream offset an ACK proved sent while a hole was open (−1: none pending). */
  private ackedUpTo = -1;
  private ackGraceFrom: FrameRef | null = null;
  private ackGracePackets = 0;

  constructor(
    readonly dir: Direction,
    private readonly out: HalfStreamOut,
    private readonly maxHeldCost: number,
  ) {}

  offsetOf(seq: number): number {
    return this.next + ((seq - this.baseSeq - this.next) | 0);
  }

  /** One segment of this direction. `payload` is a view valid only during the call. */
  segment(seq: number, syn: boolean, fin: boolean, payload: Uint8Array, truncated: boolean, at: FrameRef): void {
    // SYN occupies one sequence number before the first data byte (RFC 9293 §3.4).
    const dataSeq = syn ? (seq + 1) >>> 0 : seq;
    if (!this.anchored) {
      if (!syn && !fin && !truncated && payload.length === 0) return;
      this.anchored = true;
      this.baseSeq = dataSeq;
      this.next = 0;
    }
    const start = this.offsetOf(dataSeq);
    let n = payload.length;
    if (this.finAt >= 0 && n > 0 && start + n > this.finAt) {
      // Nothing follows a FIN in its sequence space; bytes there are not this stream's.
      n = Math.max(0, this.finAt - start);
      this.out.anomaly(this.dir, 'data-after-fin', this.finAt, at);
    }
    if (n > 0) this.accept(n === payload.length ? payload : payload.subarray(0, n), start, at);
    this.settleAckedHoles(at, 1);
    if (truncated && start + n >= this.next) this.tailLostAt = start + n;
    if (fin && !this.finSeen) {
      this.finSeen = true;
      // FIN sits after the last data byte; on a cut packet that place is unknown.
      this.finAt = truncated ? -1 : start + n;
    }
    this.settleTailLoss(at);
  }

  /** The peer acknowledged up to `ackSeq`: bytes below it were sent, so holes below it are lost. */
  ack(ackSeq: number, at: FrameRef): void {
    if (!this.anchored || !this.hasHole) return;
    const ackAt = this.offsetOf(ackSeq);
    // No receiver window exceeds 2^30 (RFC 7323 §2.3), so an ACK further ahead than that is
    // noise (often ack 0 on a packet with the ACK bit set), not proof that a hole was sent.
    if (ackAt - this.next > MAX_WINDOW) return;
    if (ackAt > this.next && ackAt > this.ackedUpTo) {
      this.ackedUpTo = ackAt;
      this.ackGraceFrom ??= at;
    }
    this.settleAckedHoles(at, 1);
    this.settleTailLoss(at);
  }

  /** Declares acknowledged holes lost once the grace for late (reordered) data has passed. */
  private settleAckedHoles(at: FrameRef, packets: number): void {
    if (this.ackedUpTo < 0) return;
    if (this.ackedUpTo <= this.next || !this.hasHole) {
      this.clearAckGrace();
      return;
    }
    this.ackGracePackets += packets;
    const from = this.ackGraceFrom ?? at;
    const elapsed = (at.time.sec - from.time.sec) * 1e9 + (at.time.nsec - from.time.nsec);
    if (this.ackGracePackets <= ACK_GRACE_PACKETS && elapsed < ACK_GRACE_NS) return;
    // Bounded by held data: an ack can only release what is already here.
    const upTo = this.ackedUpTo;
    while (this.hasHole && upTo > this.next) this.skipHole(at, upTo);
    this.clearAckGrace();
  }

  private clearAckGrace(): void {
    this.ackedUpTo = -1;
    this.ackGraceFrom = null;
    this.ackGracePackets = 0;
  }

  /** The connection is closing: every hole is lost and what was held behind it is delivered. */
  flush(at: FrameRef): void {
    this.clearAckGrace();
    while (this.hasHole) this.skipHole(at, Number.POSITIVE_INFINITY);
    if (this.tailLostAt >= 0 && this.tailLostAt === this.next) {
      this.tailLostAt = -1;
      this.out.lose(this.dir, 'unknown', this.next, at);
    }
  }

  /** Frees held bytes (the connection was declined or ended). */
  drop(): void {
    this.held.clear();
    this.clearAckGrace();
    this.tailLostAt = -1;
  }

  private accept(data: Uint8Array, start: number, at: FrameRef): void {
    const end = start + data.length;
    if (end <= this.next) return; // retransmission of bytes already delivered
    if (start <= this.next) {
      this.deliverInOrder(data, start, at);
      return;
    }
    this.held.insert(data, start);
    if (this.held.cost > this.maxHeldCost) {
      this.out.anomaly(this.dir, 'buffer-cap', this.next, at);
      while (!this.held.isEmpty && this.held.cost > this.maxHeldCost) this.skipHole(at, Number.POSITIVE_INFINITY);
    }
  }

  /**
   * Delivers a segment that starts at or before `next`, straight from the packet (no copy),
   * interleaved with held segments it overlaps: held bytes were seen first, so they win.
   */
  private deliverInOrder(data: Uint8Array, start: number, at: FrameRef): void {
    const end = start + data.length;
    for (;;) {
      this.releaseContiguous(at);
      if (this.next >= end) return;
      const head = this.held.peek();
      const limit = head && head.start < end ? head.start : end;
      this.out.deliver(this.dir, data.subarray(this.next - start, limit - start), this.next, at);
      this.next = limit;
    }
  }

  /** Delivers held segments that now continue the stream; they carry the frame that filled the hole. */
  private releaseContiguous(at: FrameRef): void {
    for (let h = this.held.peek(); h && h.start <= this.next; h = this.held.peek()) {
      this.held.shift();
      if (h.end <= this.next) continue;
      this.out.deliver(this.dir, h.data.subarray(this.next - h.start), this.next, at);
      this.next = h.end;
    }
  }

  /**
   * Bytes are missing before held data, or before a FIN whose place is known (the last
   * segment before a bare FIN was not captured).
   */
  private get hasHole(): boolean {
    return !this.held.isEmpty || this.finAt > this.next;
  }

  /** Declares the first hole lost up to `upTo` (at most to where the hole ends), then releases. */
  private skipHole(at: FrameRef, upTo: number): void {
    const head = this.held.peek();
    const holeEnd = head ? head.start : this.finAt > this.next ? this.finAt : -1;
    if (holeEnd < 0) return;
    const target = holeEnd < upTo ? holeEnd : upTo;
    if (target > this.next) {
      this.out.lose(this.dir, target - this.next, this.next, at);
      this.next = target;
    }
    this.releaseContiguous(at);
  }

  private settleTailLoss(at: FrameRef): void {
    if (this.tailLostAt < 0) return;
    if (this.next > this.tailLostAt) this.tailLostAt = -1;
    else if (this.next === this.tailLostAt && this.hasHole) {
      this.tailLostAt = -1;
      this.skipHole(at, Number.POSITIVE_INFINITY);
    }
  }
}
