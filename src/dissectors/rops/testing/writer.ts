/**
 * A little-endian byte writer for the test-only encoders: the inverse of the wire forms in
 * ROPS-OXCDATA §3, written independently of the decoders. Test support only (excluded from the
 * build by tsconfig.build.json).
 */
export class Writer {
  private readonly out: number[] = [];

  get length(): number {
    return this.out.length;
  }
  u8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16((v >>> 16) & 0xffff);
  }
  u64(v: bigint): this {
    const x = BigInt.asUintN(64, v);
    return this.u32(Number(x & 0xffffffffn)).u32(Number(x >> 32n));
  }
  f32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    return this.bytes(b);
  }
  f64(v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    return this.bytes(b);
  }
  bytes(b: Uint8Array): this {
    for (const x of b) this.out.push(x);
    return this;
  }
  /** 8-bit characters (every code unit below 256) and a NUL. */
  asciiz(s: string): this {
    for (let i = 0; i < s.length; i++) this.u8(s.charCodeAt(i));
    return this.u8(0);
  }
  /** UTF-16LE code units and a 0x0000. */
  utf16z(s: string): this {
    for (let i = 0; i < s.length; i++) this.u16(s.charCodeAt(i));
    return this.u16(0);
  }
  /** "RRRR-GGGGGGGGGGGG": ReplicaId little-endian, the counter as written (big-endian). */
  id(text: string): this {
    const [replica, counter] = text.split('-') as [string, string];
    return this.u16(parseInt(replica, 16)).bytes(hexBytes(counter));
  }
  /** "dddddddd-dddd-dddd-dddd-dddddddddddd": the first three groups little-endian. */
  guid(text: string): this {
    const g = text.split('-') as [string, string, string, string, string];
    return this.u32(parseInt(g[0], 16)).u16(parseInt(g[1], 16)).u16(parseInt(g[2], 16)).bytes(hexBytes(g[3] + g[4]));
  }
  /** "guid:GGGGGGGGGGGG" then the 2-byte pad (zero). */
  longTermId(text: string): this {
    const [g, counter] = text.split(':') as [string, string];
    return this.guid(g).bytes(hexBytes(counter)).u16(0);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lower-case hex, for building the text forms the decoders produce. */
export function bytesHex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** A byte count that is written before the bytes it counts. */
export function sized(w: Writer, width: 2 | 4, body: (inner: Writer) => void): void {
  const inner = new Writer();
  body(inner);
  if (width === 2) w.u16(inner.length);
  else w.u32(inner.length);
  w.bytes(inner.finish());
}
