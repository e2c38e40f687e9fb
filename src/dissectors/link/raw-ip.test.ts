import { ByteReader } from '../../core/byte-reader.js';
import { Malformed, ShortRead } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { linkDecoderFor, supportedLinkTypes } from './link-types.js';
import { decodeRawIp } from './raw-ip.js';

describe('raw IP and the link-type table', () => {
  it('raw IP picks the version from the first nibble and consumes nothing', () => {
    const r4 = new ByteReader(fromHex('45 00 00 14'));
    expect(decodeRawIp(r4)).toBe(0x0800);
    expect(r4.position).toBe(0);
    expect(decodeRawIp(new ByteReader(fromHex('60 00 00 00')))).toBe(0x86dd);
    expect(() => decodeRawIp(new ByteReader(fromHex('50 00')))).toThrow(Malformed);
    expect(() => decodeRawIp(new ByteReader(new Uint8Array(0)))).toThrow(ShortRead);
  });

  it('every link type we claim has a decoder, and others have none', () => {
    expect(supportedLinkTypes().sort((a, b) => a - b)).toEqual([0, 1, 12, 14, 101, 108, 113, 228, 229, 276]);
    expect(linkDecoderFor(127)).toBeUndefined(); // 802.11 radiotap
    const v6only = linkDecoderFor(229)!;
    expect(v6only(new ByteReader(fromHex('60')))).toBe(0x86dd);
    expect(linkDecoderFor(228)!(new ByteReader(fromHex('45')))).toBe(0x0800);
    expect(linkDecoderFor(12)!(new ByteReader(fromHex('60')))).toBe(0x86dd);
  });
});
