/**
 * What the IPv4 / IPv6 decoders found, written into one reused object per decoder (no
 * allocation per packet). Positions are indexes into the buffer the reader was reset to.
 */
export interface IpLayer {
  version: 4 | 6;
  /** Start of this IP header (for damage offsets). */
  headerAt: number;
  /** Source and destination addresses (4 or 16 bytes at these indexes). */
  srcAt: number;
  dstAt: number;
  /** Upper-layer protocol: IPv4 Protocol, or the Next Header after IPv6's extension headers. */
  protocol: number;
  /** Payload bytes present: [payloadStart, payloadEnd). */
  payloadStart: number;
  payloadEnd: number;
  /** Where the length fields say the payload ends (> payloadEnd when the frame was cut short). */
  announcedEnd: number;
  /** A fragment of a larger datagram (not an atomic fragment). */
  fragmented: boolean;
  /** Fragment offset in bytes, More Fragments flag, Identification (16 bits IPv4, 32 bits IPv6). */
  fragmentOffset: number;
  moreFragments: boolean;
  fragmentId: number;
}

export function emptyIpLayer(): IpLayer {
  return {
    version: 4,
    headerAt: 0,
    srcAt: 0,
    dstAt: 0,
    protocol: 0,
    payloadStart: 0,
    payloadEnd: 0,
    announcedEnd: 0,
    fragmented: false,
    fragmentOffset: 0,
    moreFragments: false,
    fragmentId: 0,
  };
}
