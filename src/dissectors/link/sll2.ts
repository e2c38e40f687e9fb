import type { ByteReader } from '../../core/byte-reader.js';
import { etherTypeOrNone, NET_NONE } from './ethertypes.js';
import { ARPHRD_NETLINK } from './sll.js';

/**
 * LINKTYPE_LINUX_SLL2 (276), 20 bytes, big-endian: protocol (2), reserved (2), interface index
 * (4), ARPHRD type (2), packet type (1), address length (1), address (8, padded).
 */
export function decodeSll2(r: ByteReader): number {
  const protocol = r.u16be('SLL2 protocol');
  r.skip(6, 'SLL2 reserved and interface index');
  const hatype = r.u16be('SLL2 ARPHRD type');
  r.skip(10, 'SLL2 packet type and link-layer address');
  return hatype === ARPHRD_NETLINK ? NET_NONE : etherTypeOrNone(protocol);
}
