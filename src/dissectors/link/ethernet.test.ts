import { ByteReader } from '../../core/byte-reader.js';
import { ShortRead } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { decodeEthernet } from './ethernet.js';
import { NET_NONE } from './ethertypes.js';
import { decodeVlanTag, isVlanTag } from './vlan.js';

/** Follows Ethernet and any VLAN tags, as the network decoder does; returns [key, payload offset]. */
function walk(hex: string): [number, number] {
  const r = new ByteReader(fromHex(hex));
  let t = decodeEthernet(r);
  while (isVlanTag(t)) t = decodeVlanTag(r);
  return [t, r.position];
}

const MACS = '00 11 22 33 44 55  66 77 88 99 aa bb';

describe('Ethernet and VLAN tags', () => {
  it('Ethernet II carrying IPv4 and IPv6', () => {
    expect(walk(`${MACS} 08 00  45 00`)).toEqual([0x0800, 14]);
    expect(walk(`${MACS} 86 dd  60 00`)).toEqual([0x86dd, 14]);
    expect(walk(`${MACS} 08 06  00 01`)).toEqual([0x0806, 14]); // ARP: a key, just not one we follow
  });

  it('an 802.3 length field is not a protocol', () => {
    expect(walk(`${MACS} 00 2e  aa aa 03`)[0]).toBe(NET_NONE);
    expect(walk(`${MACS} 05 dc  42 42 03`)[0]).toBe(NET_NONE);
  });

  it('802.1Q: TPID 8100, TCI, inner EtherType', () => {
    // VLAN 100, priority 5: TCI = 101 0 000001100100 = a0 64
    expect(walk(`${MACS} 81 00 a0 64 86 dd  60`)).toEqual([0x86dd, 18]);
  });

  it('QinQ: 802.1ad service tag (88a8), old-style 9100, stacked three deep', () => {
    expect(walk(`${MACS} 88 a8 00 0a 81 00 00 64 08 00  45`)).toEqual([0x0800, 22]);
    expect(walk(`${MACS} 91 00 00 0a 81 00 00 64 08 00  45`)).toEqual([0x0800, 22]);
    expect(walk(`${MACS} 88 a8 00 01 88 a8 00 02 81 00 00 03 86 dd`)).toEqual([0x86dd, 26]);
  });

  it('a frame that ends inside a header throws ShortRead', () => {
    expect(() => walk('00 11 22 33 44 55 66 77 88 99 aa bb 08')).toThrow(ShortRead);
    expect(() => walk(`${MACS} 81 00 00`)).toThrow(ShortRead);
  });
});
