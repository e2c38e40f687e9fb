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
  /** Indexes where the carrying frame changes, and the frame from there on. */
  private marks: { index: number; at: FrameRef }[] = [];
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
    const last = this.marks[this.marks.length - 1];
    if (!last || last.at !== at) this.marks.push({ index: this.len, at });
    this.len += n;
  }

  /** The bytes held; valid until the next change. */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** The frame that carried byte `index`. */
  atOf(index: number, fallback: FrameRef): FrameRef {
    let found = fallback;
    for (const m of this.marks) {
      if (m.index > index) break;
      found = m.at;
    }
    return found;
  }

  /** Forgets the first n bytes (n ≤ length). */
  dropFront(n: number): void {
    if (n >= this.len) return this.clear();
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    this.offset += n;
    let keep = 0;
    while (keep + 1 < this.marks.length && this.marks[keep + 1]!.index <= n) keep++;
    this.marks = this.marks.slice(keep).map((m) => ({ index: Math.max(0, m.index - n), at: m.at }));
  }

  clear(): void {
    this.len = 0;
    this.marks = [];
    // Give back a buffer that grew for one long line.
    if (this.buf.length > 4096) this.buf = new Uint8Array(0);
  }
}
