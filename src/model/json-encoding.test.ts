import { endpointText, ipText } from './json-encoding.js';
import { formatRfc3339 } from '../core/capture-time.js';
import { hex4, hex8 } from '../core/hex.js';

describe('JSON spellings (CONTRACT.md)', () => {
  it('writes IPv4, IPv6 (RFC 5952) and endpoints', () => {
    expect(ipText(Uint8Array.from([192, 168, 1, 10]))).toBe('192.168.1.10');
    const v6 = new Uint8Array(16);
    v6[15] = 1;
    expect(ipText(v6)).toBe('::1');
    const fe80 = Uint8Array.from([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipText(fe80)).toBe('fe80::1');
    const doc = Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(ipText(doc)).toBe('2001:db8::1:0:0:1');
    expect(endpointText(fe80, 4660)).toBe('[fe80::1]:4660');
    expect(endpointText(Uint8Array.from([10, 0, 0, 5]), 135)).toBe('10.0.0.5:135');
  });
  it('writes handles and flags as fixed-width upper-case hex', () => {
    expect(hex8(0x12)).toBe('0x00000012');
    expect(hex8(0xffffffff)).toBe('0xFFFFFFFF');
    expect(hex4(0x8002)).toBe('0x8002');
  });
  it('writes RFC 3339 UTC with the capture precision', () => {
    const t = { sec: 1763805600, nsec: 123456789 };
    expect(formatRfc3339(t, 9)).toBe('2025-11-22T10:00:00.123456789Z');
    expect(formatRfc3339(t, 6)).toBe('2025-11-22T10:00:00.123456Z');
    expect(formatRfc3339({ sec: 0, nsec: 5000 }, 6)).toBe('1970-01-01T00:00:00.000005Z');
  });
});
