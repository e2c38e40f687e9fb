/**
 * Out-of-order bytes of one TCP direction, waiting for the hole before them to fill.
 *
 * Entries are sorted by stream offset and never overlap: when a new segment overlaps bytes
 * already held, only the parts not yet held are copied in. Overlap policy: the first bytes
 * seen for an offset win (a later retransmission with different content is trimmed away).
 * Windows and Linux receivers keep the first copy too, and it makes the result independent
 * of how often a segment is retransmitted.
 */

export interface HeldSegment {
  /** Stream offset of data[0]. */
  readonly start: number;
  /** start + data.length. */
  readonly end: number;
  /** A copy: the packet's own bytes are reused after the call. */
  readonly data: Uint8Array;
}

/**
 * Bookkeeping charged per held segment on top of its bytes, so that a flood of 1-byte
 * segments cannot pin millions of objects under a byte cap meant for payload.
 */
export const HELD_SEGMENT_OVERHEAD = 64;

export class HeldSegments {
  /** Entries before `first` are spent (nulled so their bytes can be collected). */
  private items: (HeldSegment | null)[] = [];
  private first = 0;
  /** Bytes held plus HELD_SEGMENT_OVERHEAD per segment: what the per-direction cap is checked against. */
  cost = 0;
  /** Payload bytes held. */
  bytes = 0;

  get isEmpty(): boolean {
    return this.first >= this.items.length;
  }

  get count(): number {
    return this.items.length - this.first;
  }

  peek(): HeldSegment | undefined {
    return this.items[this.first] ?? undefined;
  }

  shift(): HeldSegment | undefined {
    const h = this.items[this.first];
    if (!h) return undefined;
    this.items[this.first] = null;
    this.first++;
    this.cost -= h.data.length + HELD_SEGMENT_OVERHEAD;
    this.bytes -= h.data.length;
    if (this.first >= this.items.length) {
      this.items.length = 0;
      this.first = 0;
    } else if (this.first > 64 && this.first * 2 > this.items.length) {
      this.items.splice(0, this.first);
      this.first = 0;
    }
    return h;
  }

  clear(): void {
    this.items = [];
    this.first = 0;
    this.cost = 0;
    this.bytes = 0;
  }

  /**
   * Holds `data` (a view, copied here) at stream offset `start`, keeping only bytes no held
   * segment already covers. Returns the number of bytes newly held.
   */
  insert(data: Uint8Array, start: number): number {
    const end = start + data.length;
    if (end <= start) return 0;
    const items = this.items;
    const i = this.firstEndingAfter(start);
    const next = items[i];
    // The common case: the segment falls entirely in a hole (usually after the last entry).
    if (!next || next.start >= end) {
      items.splice(i, 0, this.piece(data, start, start, end));
      return data.length;
    }
    const merged: HeldSegment[] = [];
    let cursor = start;
    let added = 0;
    let j = i;
    for (let e = items[j]; e && e.start < end; e = items[++j]) {
      if (e.start > cursor) {
        merged.push(this.piece(data, start, cursor, e.start));
        added += e.start - cursor;
      }
      merged.push(e);
      if (e.end > cursor) cursor = e.end;
    }
    if (cursor < end) {
      merged.push(this.piece(data, start, cursor, end));
      added += end - cursor;
    }
    if (added === 0) return 0;
    // concat rather than splice(...spread): the replaced run can be long.
    this.items = items.slice(0, i).concat(merged, items.slice(j));
    return added;
  }

  private piece(data: Uint8Array, dataStart: number, from: number, to: number): HeldSegment {
    const copy = data.slice(from - dataStart, to - dataStart);
    this.cost += copy.length + HELD_SEGMENT_OVERHEAD;
    this.bytes += copy.length;
    return { start: from, end: to, data: copy };
  }

  /** Index of the first live entry whose end lies beyond `offset` (items.length when none). */
  private firstEndingAfter(offset: number): number {
    let lo = this.first;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.end > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
