import { ByteReader } from '../../core/byte-reader.js';
import { Malformed, ShortRead } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { emptyIpLayer } from './ip-layer.js';
import { decodeIpv4 } from './ipv4.js';

function decode(hex: string, skip = 0): ReturnType<typeof emptyIpLayer> {
  const r = new ByteReader(fromHex(hex));
  r.skip(skip, 'link');
  const out = emptyIpLayer();
  decodeIpv4(r, out);
  return out;
}

// RFC 791 §3.1: version/IHL, TOS, total length, id, flags/offset, TTL, protocol, checksum, src, dst
const TCP_40 = '45 00 00 28  1c 46 40 00  40 06 00 00  0a 00 00 01  0a 00 00 02';

describe('IPv4 header', () => {
  it('total length bounds the payload: Ethernet padding stays out', () => {
    // 20-byte header + 20 bytes of TCP, then 6 bytes of Ethernet padding
    const ip = decode(`${TCP_40} ${'11 '.repeat(20)} 00 00 00 00 00 00`);
    expect(ip).toMatchObject({ version: 4, protocol: 6, srcAt: 12, dstAt: 16, payloadStart: 20, payloadEnd: 40, announcedEnd: 40 });
    expect(ip.fragmented).toBe(false);
    expect(ip.fragmentId).toBe(0x1c46);
  });

  it('options (IHL 6) are skipped; offsets are frame positions', () => {
    const ip = decode(`aa aa 46 00 00 20 00 01 00 00 40 11 00 00 c0 a8 00 01 c0 a8 00 02 94 04 00 00 ${'22 '.repeat(8)}`, 2);
    expect(ip).toMatchObject({ headerAt: 2, protocol: 17, srcAt: 14, payloadStart: 26, payloadEnd: 34, announcedEnd: 34 });
  });

  it('a frame shorter than the total length ends the payload early (the caller decides truncation)', () => {
    const ip = decode(`${TCP_40} ${'11 '.repeat(5)}`);
    expect(ip).toMatchObject({ payloadEnd: 25, announcedEnd: 40 });
  });

  it('total length 0 (segmentation offload) takes the frame as the bound', () => {
    const ip = decode(`45 00 00 00 00 01 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02 ${'33 '.repeat(30)}`);
    expect(ip).toMatchObject({ payloadStart: 20, payloadEnd: 50, announcedEnd: 50 });
  });

  it('fragment fields: MF and offset in 8-byte units', () => {
    // flags/offset 0x2000 | 185 (1480 bytes), MF set
    const ip = decode('45 00 00 1c ab cd 20 b9 40 11 00 00 0a 00 00 01 0a 00 00 02 00 00 00 00 00 00 00 00');
    expect(ip).toMatchObject({ fragmented: true, moreFragments: true, fragmentOffset: 1480, fragmentId: 0xabcd });
    const last = decode('45 00 00 1c ab cd 00 b9 40 11 00 00 0a 00 00 01 0a 00 00 02 00 00 00 00 00 00 00 00');
    expect(last).toMatchObject({ fragmented: true, moreFragments: false, fragmentOffset: 1480 });
    // DF alone is not fragmentation
    expect(decode(TCP_40.replace('40 00', '40 00')).fragmented).toBe(false);
  });

  it('rejects a wrong version, IHL below 5, total length below the header', () => {
    expect(() => decode(TCP_40.replace(/^45/, '65'))).toThrow(Malformed);
    expect(() => decode(TCP_40.replace(/^45/, '44'))).toThrow(Malformed);
    expect(() => decode(TCP_40.replace('00 28', '00 10'))).toThrow(Malformed);
  });

  it('a header cut short throws ShortRead', () => {
    expect(() => decode('45 00 00 28 1c 46 40 00 40 06 00 00 0a 00 00')).toThrow(ShortRead);
    expect(() => decode(`${TCP_40.replace(/^45/, '4f')}`)).toThrow(ShortRead); // 60-byte header in 20 bytes
  });
});
