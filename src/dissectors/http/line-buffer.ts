import type { FrameRef } from '../../core/frame-ref.js';

/**
 * The bytes of one unfinished line, gathered across chunks (a header line split between two segments, or
 * fed a byte at a time). The caller bounds its length; the buffer copies because chunks are views that the
 * reassembler reuses. It remembers which frame carried which byte, so a message found in the middle of it
 * still knows the frame of its first byte.
 */
export class LineBuffer {
  private buf = new Uint8Array(0);
  private len = 0;
  /** Stream offsets where the carrying frame changes, and the frame from there on (from index `first`). */
  private markOffsets: number[] = [];
  private markAts: FrameRef[] = [];
  private first = 0;
  /** Stream offset of the first byte held. */
  offset = 0;

  get length(): number {
    return this.len;
  }

  append(src: Uint8Array, from: number, to: number, at: FrameRef, offset: number): void {
    const n = to - from;
    if (n <= 0) return;
    if (this.len === 0) this.offset = offset;
    if (this.len + n > this.buf.length) {
      const grown = new Uint8Array(Math.max(256, this.len + n, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    this.buf.set(src.subarray(from, to), this.len);
    if (this.markAts.length === this.first || this.markAts[this.markAts.length - 1] !== at) {
      this.markOffsets.push(this.offset + this.len);
      this.markAts.push(at);
    }
    this.len += n;
  }

  /** The bytes held; valid until the next change. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** The frame that carried byte `index`. */
  atOf(index: number, fallback: FrameRef): FrameRef {
    const want = this.offset + index;
    let lo = this.first;
    let hi = this.markOffsets.length - 1;
    if (hi < lo || this.markOffsets[lo]! > want) return this.markAts[lo] ?? fallback;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.markOffsets[mid]! <= want) lo = mid;
      else hi = mid - 1;
    }
    return this.markAts[lo]!;
  }

  /** Forgets the first n bytes (n ≤ length). */
  dropFront(n: number): void {
    if (n >= this.len) return this.clear();
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    this.offset += n;
    while (this.first + 1 < this.markOffsets.length && this.markOffsets[this.first + 1]! <= this.offset) this.first++;
    if (this.first > 1024 && this.first * 2 > this.markOffsets.length) {
      this.markOffsets = this.markOffsets.slice(this.first);
      this.markAts = this.markAts.slice(this.first);
      this.first = 0;
    }
  }

  clear(): void {
    if (this.len === 0 && this.markAts.length === 0) return;
    this.len = 0;
    this.markOffsets.length = 0;
    this.markAts.length = 0;
    this.first = 0;
    // Give back a buffer that grew for one long line.
    if (this.buf.length > 4096) this.buf = new Uint8Array(0);
  }
}
