import { latin1 } from '../../core/byte-reader.js';
import { diffNs, type CaptureTime } from '../../core/capture-time.js';
import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import type { Limits } from '../../core/limits.js';
import { ipText } from './ip-text.js';

/** One fragment as the IP decoders saw it (views valid only during `add`). */
export interface Fragment {
  version: 4 | 6;
  src: Uint8Array;
  dst: Uint8Array;
  id: number;
  /** IPv4 Protocol; IPv6: the Fragment header's Next Header. */
  protocol: number;
  /** Offset of this fragment's data in the datagram, in bytes. */
  offset: number;
  more: boolean;
  /** The fragment's data as captured (may be shorter than `length` when the frame was cut). */
  data: Uint8Array;
  /** The fragment's data length according to the IP header. */
  length: number;
  /** Offset of the fragment's IP header in its frame, for damage. */
  headerAt: number;
}

/** A datagram whose fragments have all arrived. `payload` belongs to the reassembler. */
export interface Reassembled {
  payload: Uint8Array;
  /** The datagram's length per its fragments (> payload.length when truncated). */
  totalLength: number;
  protocol: number;
  /** Some fragment was cut by the snap length: payload stops where the first cut starts. */
  truncated: boolean;
}

interface Pending {
  readonly version: 4 | 6;
  readonly label: string;
  readonly first: FrameRef;
  readonly headerAt: number;
  buf: Uint8Array | null;
  /** Covered byte ranges, sorted, disjoint, not adjacent: [start0, end0, start1, end1, …]. */
  ranges: number[];
  /** Datagram length once the last fragment (M clear) has been seen, else -1. */
  total: number;
  /** Where the first byte lost to the snap length sits. */
  cutAt: number;
  /** IPv6: Next Header of the offset-0 fragment (the one reassembly uses, RFC 8200 §4.5). */
  protocol: number;
  /** Reported (over a cap, or contradictory): later fragments are swallowed until it expires. */
  dropped: boolean;
  disagreementReported: boolean;
}

const MIN_BUFFER = 2048;

/**
 * IPv4 (RFC 791) and IPv6 (RFC 8200 §4.5) reassembly. Datagrams are keyed by addresses and
 * Identification (and Protocol for IPv4). Where fragments overlap, the bytes that arrived first
 * are kept (a later copy that disagrees is reported once). Memory is bounded: each datagram by
 * `maxIpFragmentBytes`, their number by `maxIpReassemblies` (the oldest is evicted), their age
 * by `ipFragmentTimeoutSec` of capture time.
 */
export class FragmentReassembler {
  private readonly pending = new Map<string, Pending>();
  /** Capture second at which the oldest pending datagram may have expired. */
  private nextExpirySec = Number.POSITIVE_INFINITY;
  private readonly result: Reassembled = { payload: new Uint8Array(0), totalLength: 0, protocol: 0, truncated: false };
  completed = 0;
  lost = 0;

  constructor(
    private readonly limits: Limits,
    private readonly onDamage: (d: Damage, at: FrameRef) => void,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /** Cheap to call per packet: does work only when a pending datagram may have timed out. */
  expire(now: CaptureTime): void {
    if (now.sec < this.nextExpirySec) return;
    const timeoutNs = this.limits.ipFragmentTimeoutSec * 1e9;
    let next = Number.POSITIVE_INFINITY;
    for (const [key, p] of this.pending) {
      if (diffNs(now, p.first.time) > timeoutNs) {
        this.pending.delete(key);
        if (!p.dropped) this.lose(p, 'gap', `incomplete after ${this.limits.ipFragmentTimeoutSec} s (${this.describeHave(p)}); its fragments are dropped`);
      } else {
        next = Math.min(next, p.first.time.sec + this.limits.ipFragmentTimeoutSec);
      }
    }
    this.nextExpirySec = next;
  }

  /** End of capture: every datagram still incomplete is reported. */
  flush(): void {
    for (const p of this.pending.values()) {
      if (!p.dropped) this.lose(p, 'gap', `incomplete at the end of the capture (${this.describeHave(p)})`);
    }
    this.pending.clear();
    this.nextExpirySec = Number.POSITIVE_INFINITY;
  }

  /** Adds a fragment; returns the whole datagram when this fragment completed it. */
  add(f: Fragment, at: FrameRef): Reassembled | null {
    this.expire(at.time);
    const key = `${f.version}/${f.id}/${f.version === 4 ? f.protocol : ''}/${latin1(f.src, 0, f.src.length)}/${latin1(f.dst, 0, f.dst.length)}`;
    let p = this.pending.get(key);
    if (p === undefined) {
      if (this.pending.size >= this.limits.maxIpReassemblies) this.evictOldest();
      p = {
        version: f.version,
        label: `IPv${f.version} datagram ${ipText(f.src)} → ${ipText(f.dst)} id 0x${f.id.toString(16)}`,
        first: { frame: at.frame, time: { sec: at.time.sec, nsec: at.time.nsec } },
        headerAt: f.headerAt,
        buf: null,
        ranges: [],
        total: -1,
        cutAt: Number.MAX_SAFE_INTEGER,
        protocol: f.version === 4 ? f.protocol : -1,
        dropped: false,
        disagreementReported: false,
      };
      this.pending.set(key, p);
      this.nextExpirySec = Math.min(this.nextExpirySec, at.time.sec + this.limits.ipFragmentTimeoutSec);
    }
    if (p.dropped) return null;

    let end = f.offset + f.length;
    if (end > this.limits.maxIpFragmentBytes) {
      this.drop(p, f, at, 'limit', `a fragment reaches byte ${end}, past maxIpFragmentBytes ${this.limits.maxIpFragmentBytes}; the datagram is dropped`);
      return null;
    }
    if (!f.more) {
      if (p.total < 0) {
        p.total = end;
      } else if (p.total !== end) {
        this.drop(p, f, at, 'malformed', `two last fragments end at ${p.total} and ${end}; the datagram is dropped`);
        return null;
      }
    } else if (p.total >= 0 && end > p.total) {
      this.report(p, 'malformed', `a fragment reaches byte ${end}, past the datagram's end at ${p.total}; the excess is ignored`, f, at);
      end = p.total;
    }
    if (f.offset === 0 && p.protocol < 0) p.protocol = f.protocol;

    const capturedEnd = Math.min(end, f.offset + f.data.length);
    if (capturedEnd < end) p.cutAt = Math.min(p.cutAt, capturedEnd);
    if (end > f.offset) this.insert(p, f, at, f.offset, end, capturedEnd);

    if (p.total < 0 || p.ranges[0] !== 0 || (p.ranges[1] ?? -1) < p.total) return null;
    this.pending.delete(key);
    this.completed++;
    const buf = p.buf ?? new Uint8Array(0);
    const usable = Math.min(p.total, p.cutAt);
    this.result.payload = buf.subarray(0, usable);
    this.result.totalLength = p.total;
    this.result.protocol = p.protocol;
    this.result.truncated = usable < p.total;
    return this.result;
  }

  /** Copies the bytes of [start, capturedEnd) not yet covered, then marks [start, end) covered. */
  private insert(p: Pending, f: Fragment, at: FrameRef, start: number, end: number, capturedEnd: number): void {
    const buf = this.room(p, end);
    const ranges = p.ranges;
    let cursor = start;
    let disagrees = false;
    for (let i = 0; i < ranges.length && cursor < end; i += 2) {
      const a = ranges[i]!;
      const b = ranges[i + 1]!;
      if (b <= cursor) continue;
      if (a >= end) break;
      if (a > cursor) this.copy(buf, f, cursor, Math.min(a, capturedEnd));
      // First wins: [max(a, cursor), min(b, end)) stays as it is.
      if (!disagrees) disagrees = this.differs(buf, f, Math.max(a, cursor), Math.min(b, capturedEnd, p.cutAt));
      cursor = Math.max(cursor, b);
    }
    if (cursor < end) this.copy(buf, f, cursor, capturedEnd);
    if (disagrees && !p.disagreementReported) {
      p.disagreementReported = true;
      this.report(p, 'malformed', 'overlapping fragments carry different bytes; the first received are kept', f, at);
    }
    mergeRange(ranges, start, end);
  }

  private copy(buf: Uint8Array, f: Fragment, from: number, to: number): void {
    if (to > from) buf.set(f.data.subarray(from - f.offset, to - f.offset), from);
  }

  private differs(buf: Uint8Array, f: Fragment, from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (buf[i] !== f.data[i - f.offset]) return true;
    return false;
  }

  private room(p: Pending, end: number): Uint8Array {
    const have = p.buf?.length ?? 0;
    if (p.buf !== null && end <= have) return p.buf;
    const size = Math.min(this.limits.maxIpFragmentBytes, Math.max(end, MIN_BUFFER, have * 2));
    const grown = new Uint8Array(size);
    if (p.buf !== null) grown.set(p.buf);
    p.buf = grown;
    return grown;
  }

  private evictOldest(): void {
    for (const [key, p] of this.pending) {
      this.pending.delete(key);
      if (!p.dropped) this.lose(p, 'limit', `evicted incomplete (${this.describeHave(p)}): more than maxIpReassemblies ${this.limits.maxIpReassemblies} datagrams in reassembly`);
      return;
    }
  }

  private drop(p: Pending, f: Fragment, at: FrameRef, reason: Damage['reason'], detail: string): void {
    p.dropped = true;
    p.buf = null;
    p.ranges = [];
    this.lose(p, reason, detail, f, at);
  }

  /** A datagram given up on: counted, and reported once. */
  private lose(p: Pending, reason: Damage['reason'], detail: string, f?: Fragment, at?: FrameRef): void {
    this.lost++;
    this.report(p, reason, detail, f, at);
  }

  private report(p: Pending, reason: Damage['reason'], detail: string, f?: Fragment, at?: FrameRef): void {
    const frame = at ? { frame: at.frame, time: { sec: at.time.sec, nsec: at.time.nsec } } : p.first;
    this.onDamage({ reason, offset: f ? f.headerAt : p.headerAt, field: `IPv${p.version} fragment`, detail: `${p.label}: ${detail}` }, frame);
  }

  private describeHave(p: Pending): string {
    let have = 0;
    for (let i = 0; i < p.ranges.length; i += 2) have += p.ranges[i + 1]! - p.ranges[i]!;
    return `${have} bytes of ${p.total < 0 ? 'an unknown total' : p.total}`;
  }
}

/** Adds [start, end) to sorted disjoint ranges, merging what it overlaps or touches. */
function mergeRange(ranges: number[], start: number, end: number): void {
  let i = 0;
  while (i < ranges.length && ranges[i + 1]! < start) i += 2;
  let j = i;
  let s = start;
  let e = end;
  while (j < ranges.length && ranges[j]! <= end) {
    s = Math.min(s, ranges[j]!);
    e = Math.max(e, ranges[j + 1]!);
    j += 2;
  }
  ranges.splice(i, j - i, s, e);
}
