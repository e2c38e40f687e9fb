import { Malformed } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { decodeSockaddr, ipv6Text } from './sockaddr.js';

describe('decodeSockaddr', () => {
  it('V24: AF_INET 192.168.1.10:4660 (family little-endian, port big-endian)', () => {
    expect(decodeSockaddr(fromHex('02 00 12 34 c0 a8 01 0a 00 00 00 00 00 00 00 00'))).toEqual({ family: 'AF_INET', address: '192.168.1.10', port: 4660 });
  });

  it('V25: AF_INET6 (Windows 23) [fe80::1]:4660', () => {
    expect(decodeSockaddr(fromHex('17 00 12 34 00 00 00 00 fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00'))).toEqual({
      family: 'AF_INET6',
      address: 'fe80::1',
      port: 4660,
      flowInfo: 0,
      scopeId: 0,
    });
  });

  it('reads sin6_scope_id in host (little-endian) order', () => {
    expect(decodeSockaddr(fromHex('17 00 00 50 00 00 00 00 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 05 00 00 00')).scopeId).toBe(5);
  });

  it("rejects Linux's AF_INET6 (10) with a clear message", () => {
    expect(() => decodeSockaddr(fromHex('0a 00 12 34 00 00 00 00 fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00'))).toThrow(/Linux AF_INET6/);
  });

  it('rejects unknown families and short buffers with Malformed', () => {
    expect(() => decodeSockaddr(fromHex('05 00 00 00 00 00 00 00'))).toThrow(Malformed);
    expect(() => decodeSockaddr(fromHex('02 00 12'))).toThrow(Malformed);
    expect(() => decodeSockaddr(fromHex('17 00 12 34'))).toThrow(Malformed);
    expect(() => decodeSockaddr(new Uint8Array(0))).toThrow(Malformed);
  });
});

describe('ipv6Text (RFC 5952)', () => {
  const t = (hex: string): string => ipv6Text(fromHex(hex));
  it('compresses the longest zero run, the first of equal runs, never a single group', () => {
    expect(t('20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01')).toBe('2001:db8::1');
    expect(t('20 01 0d b8 00 00 00 00 00 01 00 00 00 00 00 01')).toBe('2001:db8::1:0:0:1');
    expect(t('20 01 0d b8 00 00 00 01 00 01 00 01 00 01 00 01')).toBe('2001:db8:0:1:1:1:1:1');
    expect(t('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00')).toBe('::');
    expect(t('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01')).toBe('::1');
    expect(t('fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00')).toBe('fe80::');
    expect(t('20 01 0D B8 AB CD 00 00 00 00 00 00 00 00 00 0A'.toLowerCase())).toBe('2001:db8:abcd::a');
  });
  it('writes IPv4-mapped addresses with a dotted quad', () => {
    expect(t('00 00 00 00 00 00 00 00 00 00 ff ff c0 a8 01 0a')).toBe('::ffff:192.168.1.10');
  });
});
