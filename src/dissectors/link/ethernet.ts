import type { ByteReader } from '../../core/byte-reader.js';
import { etherTypeOrNone } from './ethertypes.js';

/**
 * LINKTYPE_ETHERNET (1): destination MAC (6), source MAC (6), EtherType (2, big-endian).
 * A value ≤ 1500 there is an 802.3 length with an LLC header after it: not IP as we see it.
 * VLAN tags that follow are the EtherType table's business (vlan.ts), not Ethernet's.
 */
export function decodeEthernet(r: ByteReader): number {
  r.skip(12, 'Ethernet addresses');
  return etherTypeOrNone(r.u16be('EtherType'));
}
