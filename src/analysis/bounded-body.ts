/** Collects a message body up to a cap; what exceeds it is counted, not kept. */
export class BoundedBody {
  private chunks: Uint8Array[] = [];
  private kept = 0;
  /** Bytes seen, kept or not. */
  total = 0;

  constructor(private readonly cap: number) {}

  add(bytes: Uint8Array): void {
    this.total += bytes.length;
    const room = this.cap - this.kept;
    if (room <= 0) return;
    const part = bytes.length <= room ? bytes : bytes.subarray(0, room);
    this.chunks.push(part.slice());
    this.kept += part.length;
  }

  get overflowed(): boolean {
    return this.total > this.kept;
  }

  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    const out = new Uint8Array(this.kept);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    this.chunks = [out];
    return out;
  }
}
