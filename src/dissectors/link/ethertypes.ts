/**
 * Network-layer keys. Every link decoder answers in EtherType space (IEEE 802 numbers), whatever
 * its own header uses (a BSD address family, a version nibble), so the next table is one table.
 */
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;
/** 802.1Q customer tag, 802.1ad service tag (QinQ), and the pre-standard QinQ tag. */
export const ETHERTYPE_VLAN = 0x8100;
export const ETHERTYPE_QINQ = 0x88a8;
export const ETHERTYPE_QINQ_OLD = 0x9100;
/** Not a network protocol we follow (802.3 length field, ARP, netlink…): the normal end of the chain. */
export const NET_NONE = 0;

/** Values below 0x0600 in an EtherType position are 802.3 lengths, not protocol numbers. */
export function etherTypeOrNone(value: number): number {
  return value >= 0x0600 ? value : NET_NONE;
}
