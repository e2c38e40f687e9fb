import { Malformed, ShortRead } from './damage.js';

/**
 * The one way bytes are read in oxnotif-dump. Every read is bounds-checked against the
 * reader's window and throws ShortRead (with field and absolute offset) instead of the
 * engine's anonymous RangeError.
 *
 * Readers are cheap and may be re-pointed with `reset` so that the per-packet path
 * allocates nothing; `reset` rewrites every field, so no state survives from the
 * previous buffer.
 */
export class ByteReader {
  private buf: Uint8Array;
  private start: number;
  private pos: number;
  private end: number;
  private baseOffset: number;
  /** Byte order of u16/u32/u64/i32 (NDR picks it from drep); u16be/u32be are always network order. */
  littleEndian: boolean;

  constructor(buf: Uint8Array, base = 0, littleEndian = true) {
    this.buf = buf;
    this.start = 0;
    this.pos = 0;
    this.end = buf.length;
    this.baseOffset = base;
    this.littleEndian = littleEndian;
  }

  /** Re-points this reader at a new buffer; every field is rewritten. */
  reset(buf: Uint8Array, base = 0, littleEndian = true): this {
    this.buf = buf;
    this.start = 0;
    this.pos = 0;
    this.end = buf.length;
    this.baseOffset = base;
    this.littleEndian = littleEndian;
    return this;
  }

  /** Absolute offset of the cursor (base + position), for damage reports. */
  get offset(): number {
    return this.baseOffset + this.pos;
  }
  /** Position relative to the start of this reader's window. */
  get position(): number {
    return this.pos - this.start;
  }
  get length(): number {
    return this.end - this.start;
  }
  get remaining(): number {
    return this.end - this.pos;
  }
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(n: number, field: string): void {
    if (n < 0 || this.pos + n > this.end) throw new ShortRead(field, this.offset, n, this.end - this.pos);
  }

  u8(field: string): number {
    this.need(1, field);
    return this.buf[this.pos++]!;
  }
  u16(field: string): number {
    this.need(2, field);
    const b = this.buf, p = this.pos;
    this.pos = p + 2;
    return this.littleEndian ? b[p]! | (b[p + 1]! << 8) : (b[p]! << 8) | b[p + 1]!;
  }
  u32(field: string): number {
    this.need(4, field);
    const b = this.buf, p = this.pos;
    this.pos = p + 4;
    return this.littleEndian
      ? (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0
      : ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }
  i32(field: string): number {
    return this.u32(field) | 0;
  }
  u64(field: string): bigint {
    const a = this.u32(field), b = this.u32(field);
    return this.littleEndian ? (BigInt(b) << 32n) | BigInt(a) : (BigInt(a) << 32n) | BigInt(b);
  }
  u16be(field: string): number {
    this.need(2, field);
    const b = this.buf, p = this.pos;
    this.pos = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }
  u32be(field: string): number {
    this.need(4, field);
    const b = this.buf, p = this.pos;
    this.pos = p + 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }
  f32(field: string): number {
    const v = new DataView(this.bytes(4, field).slice().buffer);
    return v.getFloat32(0, this.littleEndian);
  }
  f64(field: string): number {
    const v = new DataView(this.bytes(8, field).slice().buffer);
    return v.getFloat64(0, this.littleEndian);
  }

  /** A view of the next n bytes (not a copy: copy what you keep beyond the current call). */
  bytes(n: number, field: string): Uint8Array {
    this.need(n, field);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** Everything up to the end of the window, as a view. */
  rest(): Uint8Array {
    const v = this.buf.subarray(this.pos, this.end);
    this.pos = this.end;
    return v;
  }
  skip(n: number, field: string): void {
    this.need(n, field);
    this.pos += n;
  }
  /** Moves to a position relative to the window start (bounds-checked). */
  seek(position: number, field: string): void {
    if (position < 0 || this.start + position > this.end) {
      throw new ShortRead(field, this.baseOffset + this.start + position, 0, this.end - this.start - position);
    }
    this.pos = this.start + position;
  }
  peekU8(ahead = 0): number | undefined {
    const p = this.pos + ahead;
    return p < this.end ? this.buf[p] : undefined;
  }

  /** A child reader fenced to the next n bytes: a length field becomes a wall it cannot cross. */
  window(n: number, field: string): ByteReader {
    this.need(n, field);
    const child = new ByteReader(this.buf.subarray(this.pos, this.pos + n), this.offset, this.littleEndian);
    this.pos += n;
    return child;
  }

  /**
   * Validates an element count read from the wire before anything is allocated from it:
   * n elements of at least minItemSize bytes must fit in what remains.
   */
  count(n: number, minItemSize: number, field: string): number {
    if (!Number.isInteger(n) || n < 0) throw new Malformed(field, this.offset, `count ${n} is not a non-negative integer`);
    if (n * Math.max(minItemSize, 0) > this.remaining) {
      throw new Malformed(field, this.offset, `count ${n} × ${minItemSize} bytes exceeds the ${this.remaining} bytes left`, 'truncated');
    }
    return n;
  }

  /** Aligns the cursor to a multiple of n relative to the window start (NDR: the stub start). */
  align(n: 2 | 4 | 8, field = 'alignment padding'): void {
    const rel = this.pos - this.start;
    const pad = (n - (rel % n)) % n;
    if (pad) this.skip(pad, field);
  }

  /** 8-bit string up to and including a NUL (the NUL is not returned). */
  asciiz(field: string): string {
    const b = this.buf;
    let p = this.pos;
    while (p < this.end && b[p] !== 0) p++;
    if (p >= this.end) throw new ShortRead(field, this.offset, p - this.pos + 1, this.end - this.pos);
    const s = latin1(b, this.pos, p);
    this.pos = p + 1;
    return s;
  }
  /** UTF-16LE string up to and including a 0x0000 code unit (scanned in 2-byte steps). */
  utf16z(field: string): string {
    const b = this.buf;
    let p = this.pos;
    while (p + 1 < this.end && (b[p] !== 0 || b[p + 1] !== 0)) p += 2;
    if (p + 1 >= this.end) throw new ShortRead(field, this.offset, p - this.pos + 2, this.end - this.pos);
    const s = utf16le(b, this.pos, p);
    this.pos = p + 2;
    return s;
  }
}

// ignoreBOM: a string that starts with U+FEFF keeps it (the wire has no byte-order mark).
const utf16Decoder = new TextDecoder('utf-16le', { ignoreBOM: true });

export function latin1(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]!);
  return s;
}

export function utf16le(b: Uint8Array, from: number, to: number): string {
  return utf16Decoder.decode(b.subarray(from, to));
}
