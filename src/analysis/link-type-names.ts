/** Names of common LINKTYPE_ values (tcpdump.org link-layer header types), for messages. */
const NAMES: Record<number, string> = {
  0: 'BSD loopback',
  1: 'Ethernet',
  6: 'IEEE 802.5',
  9: 'PPP',
  12: 'raw IP',
  14: 'raw IP',
  101: 'raw IP',
  105: 'IEEE 802.11',
  108: 'OpenBSD loopback',
  113: 'Linux cooked',
  127: 'IEEE 802.11 radiotap',
  147: 'user 0',
  192: 'PPI',
  220: 'USB Linux mmapped',
  228: 'raw IPv4',
  229: 'raw IPv6',
  249: 'netlink',
  276: 'Linux cooked v2',
};

export function linkTypeName(lt: number): string {
  return NAMES[lt] ?? 'unknown';
}
