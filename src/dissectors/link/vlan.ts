import type { ByteReader } from '../../core/byte-reader.js';
import { ETHERTYPE_QINQ, ETHERTYPE_QINQ_OLD, ETHERTYPE_VLAN, etherTypeOrNone } from './ethertypes.js';

/** True for the tag protocol identifiers that introduce a 4-byte VLAN tag. */
export function isVlanTag(etherType: number): boolean {
  return etherType === ETHERTYPE_VLAN || etherType === ETHERTYPE_QINQ || etherType === ETHERTYPE_QINQ_OLD;
}

/**
 * The rest of an 802.1Q / 802.1ad tag after its TPID: TCI (priority, DEI, VLAN id: 2 bytes),
 * then the inner EtherType, which may be another tag (QinQ, stacked).
 */
export function decodeVlanTag(r: ByteReader): number {
  r.skip(2, '802.1Q TCI');
  return etherTypeOrNone(r.u16be('802.1Q EtherType'));
}
