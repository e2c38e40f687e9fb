import { ByteReader } from '../../core/byte-reader.js';
import { Malformed, ShortRead } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { emptyIpLayer } from './ip-layer.js';
import { decodeIpv6 } from './ipv6.js';

function decode(hex: string): ReturnType<typeof emptyIpLayer> {
  const out = emptyIpLayer();
  decodeIpv6(new ByteReader(fromHex(hex)), out);
  return out;
}

/** RFC 8200 §3: version/class/flow, payload length, next header, hop limit, src (2001:db8::1), dst (2001:db8::2). */
function header(payloadLen: number, nextHeader: number): string {
  const len = payloadLen.toString(16).padStart(4, '0');
  return `60 00 00 00 ${len.slice(0, 2)} ${len.slice(2)} ${nextHeader.toString(16).padStart(2, '0')} 40
    20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01
    20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02`;
}
const HOP_BY_HOP_TO_ROUTING = '2b 00 01 04 00 00 00 00'; // next 43, 8 bytes, PadN
const ROUTING_TO_DSTOPTS = '3c 01 00 00 00 00 00 00  00 00 00 00 00 00 00 00'; // next 60, (1+1)*8 = 16 bytes
const DSTOPTS_TO_TCP = '06 00 01 04 00 00 00 00';
const TCP = '11 '.repeat(20);

describe('IPv6 header and extension headers', () => {
  it('a plain TCP packet; payload length bounds the payload', () => {
    const ip = decode(`${header(20, 6)} ${TCP} 00 00 00 00`);
    expect(ip).toMatchObject({ version: 6, protocol: 6, srcAt: 8, dstAt: 24, payloadStart: 40, payloadEnd: 60, announcedEnd: 60, fragmented: false });
  });

  it('walks hop-by-hop, routing and destination options to TCP', () => {
    const ip = decode(`${header(32 + 20, 0)} ${HOP_BY_HOP_TO_ROUTING} ${ROUTING_TO_DSTOPTS} ${DSTOPTS_TO_TCP} ${TCP}`);
    expect(ip).toMatchObject({ protocol: 6, payloadStart: 72, payloadEnd: 92 });
  });

  it('stops at a header it does not walk (59 No Next Header, 51 AH)', () => {
    expect(decode(`${header(8, 0)} 3b 00 01 04 00 00 00 00`)).toMatchObject({ protocol: 59, payloadStart: 48 });
    expect(decode(`${header(0, 51)}`)).toMatchObject({ protocol: 51, payloadStart: 40 });
  });

  it('a Fragment header that fragments ends the walk with the fragment fields', () => {
    // next 17, offset 1448 (181 << 3 = 0x05a8) with M set = 0x05a9, id 0xdeadbeef
    const ip = decode(`${header(8 + 16, 44)} 11 00 05 a9 de ad be ef ${'22 '.repeat(16)}`);
    expect(ip).toMatchObject({ protocol: 17, fragmented: true, fragmentOffset: 1448, moreFragments: true, fragmentId: 0xdeadbeef, payloadStart: 48 });
  });

  it('an atomic fragment (offset 0, M clear) is a whole packet', () => {
    const ip = decode(`${header(8 + 20, 44)} 06 00 00 00 00 00 00 07 ${TCP}`);
    expect(ip).toMatchObject({ protocol: 6, fragmented: false, payloadStart: 48 });
  });

  it('payload length 0 (jumbogram or offload) takes the frame as the bound', () => {
    expect(decode(`${header(0, 6)} ${TCP}`)).toMatchObject({ payloadEnd: 60, announcedEnd: 60 });
  });

  it('an extension header past the payload length is malformed; past the frame, truncated', () => {
    expect(() => decode(`${header(8, 0)} 2b 01 00 00 00 00 00 00 ${'00 '.repeat(8)}`)).toThrow(Malformed);
    expect(() => decode(`${header(4, 0)} 06 00 00 00 00 00 00 00`)).toThrow(Malformed);
    expect(() => decode(`${header(16, 0)} 06 01 00 00 00`)).toThrow(ShortRead);
    expect(() => decode(header(20, 6).slice(0, 40))).toThrow(ShortRead);
  });

  it('rejects a wrong version', () => {
    expect(() => decode(header(0, 6).replace(/^60/, '40'))).toThrow(Malformed);
  });
});
