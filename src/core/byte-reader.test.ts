import { ByteReader } from './byte-reader.js';
import { Malformed, ShortRead } from './damage.js';

describe('ByteReader', () => {
  it('reads little- and big-endian integers', () => {
    const r = new ByteReader(Uint8Array.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x12, 0x34]));
    expect(r.u16('a')).toBe(0x0201);
    expect(r.u32('b')).toBe(0x06050403);
    expect(r.u16be('c')).toBe(0x0708);
    expect(r.u16be('d')).toBe(0x1234);
    expect(r.atEnd).toBe(true);
  });

  it('reads u32 with the high bit set as unsigned', () => {
    expect(new ByteReader(Uint8Array.from([0xff, 0xff, 0xff, 0xff])).u32('x')).toBe(0xffffffff);
    expect(new ByteReader(Uint8Array.from([0xff, 0xff, 0xff, 0xff])).i32('x')).toBe(-1);
  });

  it('throws ShortRead with field and absolute offset', () => {
    const r = new ByteReader(Uint8Array.from([1, 2, 3]), 100);
    r.u8('first');
    try {
      r.u32('LongField');
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ShortRead);
      const s = e as ShortRead;
      expect(s.field).toBe('LongField');
      expect(s.offset).toBe(101);
      expect(s.needed).toBe(4);
      expect(s.available).toBe(2);
    }
  });

  it('fences a window so a child cannot read past its length field', () => {
    const r = new ByteReader(Uint8Array.from([2, 0xaa, 0xbb, 0xcc]));
    const n = r.u8('len');
    const w = r.window(n, 'body');
    expect(w.offset).toBe(1);
    w.u16('ok');
    expect(() => w.u8('past')).toThrow(ShortRead);
    expect(r.u8('after')).toBe(0xcc);
  });

  it('refuses a count that cannot fit before anything is allocated', () => {
    const r = new ByteReader(new Uint8Array(10));
    expect(r.count(2, 4, 'n')).toBe(2);
    expect(() => r.count(3, 4, 'n')).toThrow(Malformed);
    expect(() => r.count(0xffffffff, 1, 'n')).toThrow(Malformed);
  });

  it('aligns relative to the window start', () => {
    const r = new ByteReader(new Uint8Array(16));
    r.skip(3, 'x');
    const w = r.window(10, 'w');
    w.u8('a');
    w.align(4);
    expect(w.position).toBe(4);
  });

  it('reads NUL-terminated 8-bit and UTF-16 strings', () => {
    const r = new ByteReader(Uint8Array.from([0x49, 0x50, 0x4d, 0, 0x41, 0, 0x42, 0, 0, 0]));
    expect(r.asciiz('a')).toBe('IPM');
    expect(r.utf16z('u')).toBe('AB');
    expect(r.atEnd).toBe(true);
    expect(() => new ByteReader(Uint8Array.from([0x41, 0x42])).asciiz('x')).toThrow(ShortRead);
    expect(() => new ByteReader(Uint8Array.from([0x41, 0, 0x42])).utf16z('x')).toThrow(ShortRead);
  });

  it('reset rewrites every field', () => {
    const r = new ByteReader(Uint8Array.from([1, 2, 3]), 50, false);
    r.u8('x');
    r.reset(Uint8Array.from([9, 0]));
    expect(r.offset).toBe(0);
    expect(r.littleEndian).toBe(true);
    expect(r.u16('y')).toBe(9);
  });
});
