/** IP protocol numbers (IPv4 Protocol, IPv6 Next Header) that this layer acts on. */
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

/** IPv6 extension headers we walk past (RFC 8200 §4); any other Next Header ends the chain. */
export const IPV6_HOP_BY_HOP = 0;
export const IPV6_ROUTING = 43;
export const IPV6_FRAGMENT = 44;
export const IPV6_DESTINATION_OPTIONS = 60;
