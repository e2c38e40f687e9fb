import { ByteReader } from '../../core/byte-reader.js';
import { fromHex } from '../../core/hex.js';
import { NET_NONE } from './ethertypes.js';
import { decodeLoop, decodeNull } from './null-loop.js';

function run(decode: (r: ByteReader) => number, hex: string): [number, number] {
  const r = new ByteReader(fromHex(hex));
  return [decode(r), r.position];
}

describe('BSD loopback', () => {
  it('NULL (0): family in the capturing host byte order, both orders understood', () => {
    expect(run(decodeNull, '02 00 00 00 45')).toEqual([0x0800, 4]); // little-endian host
    expect(run(decodeNull, '00 00 00 02 45')).toEqual([0x0800, 4]); // big-endian host
    for (const af of ['18', '1c', '1e']) {
      // AF_INET6 on NetBSD/OpenBSD (24), FreeBSD (28), macOS (30)
      expect(run(decodeNull, `${af} 00 00 00`)[0]).toBe(0x86dd);
      expect(run(decodeNull, `00 00 00 ${af}`)[0]).toBe(0x86dd);
    }
    expect(run(decodeNull, '07 00 00 00')[0]).toBe(NET_NONE);
  });

  it('LOOP (108): family in network byte order', () => {
    expect(run(decodeLoop, '00 00 00 02')).toEqual([0x0800, 4]);
    expect(run(decodeLoop, '00 00 00 18')).toEqual([0x86dd, 4]);
    // Read as network order, a little-endian 2 is a large family: not IP.
    expect(run(decodeLoop, '02 00 00 00')[0]).toBe(NET_NONE);
  });
});
