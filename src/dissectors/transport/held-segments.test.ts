import { HELD_SEGMENT_OVERHEAD, HeldSegments } from './held-segments.js';
import { bytesOf, latin1Of } from './test-kit.js';

function dump(h: HeldSegments): string[] {
  const out: string[] = [];
  const copy = new HeldSegments();
  for (let s = h.shift(); s; s = h.shift()) {
    out.push(`${s.start}:${latin1Of(s.data)}`);
    copy.insert(s.data, s.start);
  }
  return out;
}

describe('HeldSegments', () => {
  it('keeps segments sorted and copies their bytes', () => {
    const h = new HeldSegments();
    const buf = bytesOf('cc');
    h.insert(buf, 20);
    buf.fill(0);
    h.insert(bytesOf('aa'), 0);
    h.insert(bytesOf('bb'), 10);
    expect(h.count).toBe(3);
    expect(h.bytes).toBe(6);
    expect(h.cost).toBe(6 + 3 * HELD_SEGMENT_OVERHEAD);
    expect(dump(h)).toEqual(['0:aa', '10:bb', '20:cc']);
    expect(h.isEmpty).toBe(true);
    expect(h.cost).toBe(0);
  });

  it('holds only the bytes not yet held (first seen wins)', () => {
    const h = new HeldSegments();
    h.insert(bytesOf('BBBB'), 4);
    h.insert(bytesOf('DD'), 10);
    expect(h.insert(bytesOf('aaxxxxccxxee'), 2)).toBe(6);
    expect(h.insert(bytesOf('zz'), 5)).toBe(0);
    expect(dump(h)).toEqual(['2:aa', '4:BBBB', '8:cc', '10:DD', '12:ee']);
  });

  it('stays cheap with many segments', () => {
    const h = new HeldSegments();
    for (let i = 20_000; i > 0; i--) h.insert(Uint8Array.of(i & 0xff), i * 2);
    expect(h.count).toBe(20_000);
    let n = 0;
    for (let s = h.shift(); s; s = h.shift()) {
      expect(s.start).toBe(2 + n * 2);
      n++;
    }
    expect(n).toBe(20_000);
  });
});
