import { ByteReader } from '../../core/byte-reader.js';
import { ShortRead } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { NET_NONE } from './ethertypes.js';
import { decodeSll } from './sll.js';
import { decodeSll2 } from './sll2.js';

function run(decode: (r: ByteReader) => number, hex: string): [number, number] {
  const r = new ByteReader(fromHex(hex));
  return [decode(r), r.position];
}

describe('Linux cooked capture v1 (113)', () => {
  // packet type 0 (to us), ARPHRD_ETHER 1, address length 6, address + 2 pad bytes, protocol
  const header = (hatype: string, protocol: string): string => `00 00 ${hatype} 00 06 00 11 22 33 44 55 00 00 ${protocol}`;

  it('IPv4 and IPv6 by protocol', () => {
    expect(run(decodeSll, `${header('00 01', '08 00')} 45`)).toEqual([0x0800, 16]);
    expect(run(decodeSll, `${header('00 01', '86 dd')} 60`)).toEqual([0x86dd, 16]);
    expect(run(decodeSll, header('00 01', '81 00'))).toEqual([0x8100, 16]);
  });

  it('special protocol values (802.2 frames) and netlink are not IP', () => {
    expect(run(decodeSll, header('00 01', '00 04'))[0]).toBe(NET_NONE);
    // ARPHRD_NETLINK (824 = 0x0338): protocol 0x0800 there would be a netlink family number.
    expect(run(decodeSll, header('03 38', '08 00'))[0]).toBe(NET_NONE);
  });

  it('a header cut short throws ShortRead', () => {
    expect(() => run(decodeSll, '00 00 00 01 00 06 00 11 22 33 44 55 00 00 08')).toThrow(ShortRead);
  });
});

describe('Linux cooked capture v2 (276)', () => {
  // protocol, reserved, interface index 2, ARPHRD_ETHER, packet type 4 (outgoing), address length 6, address + pad
  const header = (protocol: string, hatype = '00 01'): string => `${protocol} 00 00 00 00 00 02 ${hatype} 04 06 00 11 22 33 44 55 00 00`;

  it('IPv4 and IPv6 by protocol; payload after 20 bytes', () => {
    expect(run(decodeSll2, `${header('08 00')} 45`)).toEqual([0x0800, 20]);
    expect(run(decodeSll2, `${header('86 dd')} 60`)).toEqual([0x86dd, 20]);
  });

  it('netlink is not IP', () => {
    expect(run(decodeSll2, header('08 00', '03 38'))[0]).toBe(NET_NONE);
  });

  it('a header cut short throws ShortRead', () => {
    expect(() => run(decodeSll2, header('08 00').slice(0, -3))).toThrow(ShortRead);
  });
});
