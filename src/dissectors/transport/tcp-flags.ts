/** TCP header flag bits (RFC 9293 §3.1), as found in `TransportPacket.tcpFlags`. */
export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
