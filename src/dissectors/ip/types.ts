/**
 * A TCP or UDP packet after link and IP decoding (and IP reassembly). REUSED per packet:
 * views are valid only during the callback; copy what you keep.
 */
export interface TransportPacket {
  ipVersion: 4 | 6;
  /** 4 or 16 bytes, network order (view). */
  src: Uint8Array;
  dst: Uint8Array;
  /** 6 = TCP, 17 = UDP. */
  protocol: 6 | 17;
  srcPort: number;
  dstPort: number;
  /** TCP only (0 for UDP). */
  seq: number;
  ack: number;
  /** TCP flags byte: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10. */
  tcpFlags: number;
  /** TCP or UDP payload (view); for UDP bounded by the UDP length field. */
  payload: Uint8Array;
  /** True when the snap length cut this packet's payload short of what the headers announce. */
  truncated: boolean;
}
