import { decodeEthernet } from './ethernet.js';
import type { LinkDecoder } from './link-decoder.js';
import { decodeLoop, decodeNull } from './null-loop.js';
import { decodeRawIp, decodeRawIpv4, decodeRawIpv6 } from './raw-ip.js';
import { decodeSll } from './sll.js';
import { decodeSll2 } from './sll2.js';

/** The link types we decode: LINKTYPE_* value (pcap header, pcapng IDB) → decoder. One entry each. */
const LINK_TYPES: ReadonlyMap<number, LinkDecoder> = new Map<number, LinkDecoder>([
  [0, decodeNull], // LINKTYPE_NULL: BSD loopback, host byte order family
  [1, decodeEthernet], // LINKTYPE_ETHERNET
  [12, decodeRawIp], // DLT_RAW as written by most systems
  [14, decodeRawIp], // DLT_RAW as written by OpenBSD
  [101, decodeRawIp], // LINKTYPE_RAW
  [108, decodeLoop], // LINKTYPE_LOOP: OpenBSD loopback, network byte order family
  [113, decodeSll], // LINKTYPE_LINUX_SLL
  [228, decodeRawIpv4], // LINKTYPE_IPV4
  [229, decodeRawIpv6], // LINKTYPE_IPV6
  [276, decodeSll2], // LINKTYPE_LINUX_SLL2
]);

export function linkDecoderFor(linkType: number): LinkDecoder | undefined {
  return LINK_TYPES.get(linkType);
}

export function supportedLinkTypes(): number[] {
  return [...LINK_TYPES.keys()];
}
