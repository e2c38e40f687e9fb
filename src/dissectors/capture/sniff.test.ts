import { sniff } from './sniff.js';
import { CaptureError } from './types.js';

const b = (...x: number[]): Uint8Array => Uint8Array.from(x);

function error(head: Uint8Array): CaptureError {
  try {
    sniff(head, 'x.pcap');
  } catch (e) {
    if (e instanceof CaptureError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('sniff', () => {
  it('recognises the four pcap magics', () => {
    expect(sniff(b(0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0), 'x')).toEqual({ format: 'pcap', littleEndian: true, nanos: false });
    expect(sniff(b(0xa1, 0xb2, 0xc3, 0xd4, 0, 2, 0, 4), 'x')).toEqual({ format: 'pcap', littleEndian: false, nanos: false });
    expect(sniff(b(0x4d, 0x3c, 0xb2, 0xa1), 'x')).toEqual({ format: 'pcap', littleEndian: true, nanos: true });
    expect(sniff(b(0xa1, 0xb2, 0x3c, 0x4d), 'x')).toEqual({ format: 'pcap', littleEndian: false, nanos: true });
  });

  it('recognises pcapng in both byte orders', () => {
    expect(sniff(b(0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a), 'x').format).toBe('pcapng');
    expect(sniff(b(0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0x1c, 0x1a, 0x2b, 0x3c, 0x4d), 'x').format).toBe('pcapng');
  });

  it('takes a file that ends inside a magic for that format (the reader then reports truncation)', () => {
    expect(sniff(b(0xd4, 0xc3), 'x').format).toBe('pcap');
    expect(sniff(b(0x0a, 0x0d, 0x0d, 0x0a, 0x1c), 'x').format).toBe('pcapng');
  });

  it('refuses an empty file', () => {
    expect(error(b()).kind).toBe('empty');
  });

  it('refuses a pcapng SHB with a bad byte-order magic', () => {
    const e = error(b(0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 1, 2, 3, 4));
    expect(e.kind).toBe('not-a-capture');
    expect(e.message).toContain('01 02 03 04');
  });

  it('says what a non-capture looks like', () => {
    const text = error(new TextEncoder().encode('GET / HTTP/1.1\r\n'));
    expect(text.kind).toBe('not-a-capture');
    expect(text.message).toMatch(/^x\.pcap: .*looks like a text file/);
    expect(error(b(0x1f, 0x8b, 8, 0)).message).toContain('gzip');
    expect(error(b(0x50, 0x4b, 3, 4)).message).toContain('zip');
    expect(error(b(0, 1, 2, 3)).message).toContain('starts with 00 01 02 03');
  });

  it('names formats we do not read and how to convert them', () => {
    const netmon = error(new TextEncoder().encode('GMBU\x00\x02'));
    expect(netmon.kind).toBe('unsupported-format');
    expect(netmon.message).toContain('Network Monitor');
    expect(error(b(0x34, 0xcd, 0xb2, 0xa1)).kind).toBe('unsupported-format');
  });
});
