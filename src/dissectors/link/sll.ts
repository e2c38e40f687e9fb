import type { ByteReader } from '../../core/byte-reader.js';
import { etherTypeOrNone, NET_NONE } from './ethertypes.js';

/** ARPHRD_NETLINK: the protocol field then holds a netlink family, not an EtherType. */
export const ARPHRD_NETLINK = 824;

/**
 * LINKTYPE_LINUX_SLL (113), the "any" device's cooked header, 16 bytes, big-endian:
 * packet type (2), ARPHRD type (2), link-layer address length (2), address (8, padded),
 * protocol (2, an EtherType for the cases we follow).
 */
export function decodeSll(r: ByteReader): number {
  r.skip(2, 'SLL packet type');
  const hatype = r.u16be('SLL ARPHRD type');
  r.skip(10, 'SLL link-layer address');
  const protocol = r.u16be('SLL protocol');
  return hatype === ARPHRD_NETLINK ? NET_NONE : etherTypeOrNone(protocol);
}
