// Little byte-building helpers for the sample generator (Node built-ins only).
// Everything here is our own code; layouts come from /work/shared/protocol.

/** Growable little-endian writer. Alignment is relative to the writer's start. */
export class Writer {
  constructor() {
    this.buf = Buffer.alloc(256);
    this.len = 0;
  }
  ensure(n) {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  get length() {
    return this.len;
  }
  u8(v) {
    this.ensure(1);
    this.buf.writeUInt8(v & 0xff, this.len);
    this.len += 1;
    return this;
  }
  u16(v) {
    this.ensure(2);
    this.buf.writeUInt16LE(v & 0xffff, this.len);
    this.len += 2;
    return this;
  }
  u16be(v) {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.len);
    this.len += 2;
    return this;
  }
  u32(v) {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.len);
    this.len += 4;
    return this;
  }
  u64(v) {
    this.ensure(8);
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, BigInt(v)), this.len);
    this.len += 8;
    return this;
  }
  bytes(b) {
    const src = Buffer.isBuffer(b) ? b : Buffer.from(b);
    this.ensure(src.length);
    src.copy(this.buf, this.len);
    this.len += src.length;
    return this;
  }
  zeros(n) {
    this.ensure(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
    return this;
  }
  /** Pad with zero bytes up to a multiple of n (relative to the writer start). */
  align(n) {
    const r = this.len % n;
    if (r !== 0) this.zeros(n - r);
    return this;
  }
  guid(str) {
    return this.bytes(guidBytes(str));
  }
  /** 8-bit string with its terminating NUL. */
  asciiz(s) {
    return this.bytes(Buffer.from(s + '\0', 'latin1'));
  }
  /** UTF-16LE string with its terminating 0x0000. */
  utf16z(s) {
    return this.bytes(Buffer.from(s + '\0', 'utf16le'));
  }
  /** Overwrite a u16 at an earlier offset. */
  patchU16(off, v) {
    this.buf.writeUInt16LE(v & 0xffff, off);
  }
  patchU32(off, v) {
    this.buf.writeUInt32LE(v >>> 0, off);
  }
  toBuffer() {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

/** GUID string "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" → 16 bytes in the little-endian (Windows) form. */
export function guidBytes(str) {
  const hexs = str.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hexs)) throw new Error(`bad GUID ${str}`);
  const raw = Buffer.from(hexs, 'hex');
  const out = Buffer.alloc(16);
  out.writeUInt32LE(raw.readUInt32BE(0), 0);
  out.writeUInt16LE(raw.readUInt16BE(4), 4);
  out.writeUInt16LE(raw.readUInt16BE(6), 6);
  raw.copy(out, 8, 8, 16);
  return out;
}

export function hex(buf) {
  return Buffer.from(buf).toString('hex');
}

/** Parse "aa bb cc\n0010: dd" style dumps (offsets "xxxx:" are ignored). */
export function fromDump(text) {
  const bytes = [];
  for (const line of text.split('\n')) {
    const body = line.replace(/^\s*[0-9a-fA-F]{4}:/, '');
    for (const tok of body.trim().split(/\s+/)) if (tok) bytes.push(parseInt(tok, 16));
  }
  return Buffer.from(bytes);
}

export const hex8 = (v) => '0x' + (v >>> 0).toString(16).toUpperCase().padStart(8, '0');
export const hex4 = (v) => '0x' + (v & 0xffff).toString(16).toUpperCase().padStart(4, '0');

/** Deterministic PRNG (xorshift32) so regenerated samples carry the same "random" bytes. */
export function makeRng(seed) {
  let s = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return {
    next,
    bytes(n) {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = next() & 0xff;
      return b;
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
