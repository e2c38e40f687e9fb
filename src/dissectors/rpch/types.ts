/** RPC over HTTP v2 RTS PDUs ([MS-RPCH] 2.2.3, 2.2.4; reference §4.2). */

/** The 16-byte common header as an RTS PDU carries it ([MS-RPCH] 2.2.3.6.1). */
export interface RtsCommonHeader {
  rpcVersMinor: number;
  /** MUST be 0x03 (first + last fragment): RTS PDUs are never fragmented. */
  pfcFlags: number;
  /** packed_drep as a big-endian u32 (normally 0x10000000: little-endian, ASCII, IEEE). */
  drep: number;
  fragLength: number;
  authLength: number;
  callId: number;
}

export type RtsCommandName =
  | 'ReceiveWindowSize'
  | 'FlowControlAck'
  | 'ConnectionTimeout'
  | 'Cookie'
  | 'ChannelLifetime'
  | 'ClientKeepalive'
  | 'Version'
  | 'Empty'
  | 'Padding'
  | 'NegativeANCE'
  | 'ANCE'
  | 'ClientAddress'
  | 'AssociationGroupId'
  | 'Destination'
  | 'PingTrafficSentNotify';

/** Forward destinations ([MS-RPCH] 2.2.3.3). */
export type RtsDestinationName = 'FDClient' | 'FDInProxy' | 'FDServer' | 'FDOutProxy';

/** What one RTS command carries ([MS-RPCH] 2.2.3.5.x). Cookies are lower-case GUID text. */
export type RtsCommandValue =
  | { command: 'ReceiveWindowSize'; receiveWindowSize: number }
  | { command: 'FlowControlAck'; bytesReceived: number; availableWindow: number; channelCookie: string }
  | { command: 'ConnectionTimeout'; connectionTimeout: number }
  | { command: 'Cookie'; cookie: string }
  | { command: 'ChannelLifetime'; channelLifetime: number }
  /** `effective` applies the rule that 0 means 300000 ms ([MS-RPCH] 2.2.3.5.6). */
  | { command: 'ClientKeepalive'; clientKeepalive: number; effective: number }
  | { command: 'Version'; version: number }
  | { command: 'Empty' }
  /** `padding` is an owned copy of ConformanceCount bytes. */
  | { command: 'Padding'; conformanceCount: number; padding: Uint8Array }
  | { command: 'NegativeANCE' }
  | { command: 'ANCE' }
  /** `address` in its usual text form, from the bytes in wire order (as tshark reads them). */
  | { command: 'ClientAddress'; addressType: number; family: 'IPv4' | 'IPv6'; address: string }
  | { command: 'AssociationGroupId'; associationGroupId: string }
  | { command: 'Destination'; destination: number; destinationName: RtsDestinationName | null }
  | { command: 'PingTrafficSentNotify'; pingTrafficSent: number };

export type RtsCommand = RtsCommandValue & {
  /** CommandType on the wire. */
  type: number;
  /** Offset of the CommandType in the PDU. */
  offset: number;
};

export interface RtsPdu {
  header: RtsCommonHeader;
  /** RTS Flags ([MS-RPCH] 2.2.3.6.1). */
  flags: number;
  /** RTS_FLAG_* names of the set bits, ['RTS_FLAG_NONE'] for 0; undefined bits as hex. */
  flagNames: string[];
  numberOfCommands: number;
  /** The commands decoded; fewer than numberOfCommands when the PDU is damaged. */
  commands: RtsCommand[];
}

/** Cookies of one RTS PDU by their role in its documented layout ([MS-RPCH] 2.2.4; reference §4.3). */
export interface RtsCookies {
  virtualConnection?: string;
  inChannel?: string;
  outChannel?: string;
  associationGroup?: string;
  /** Recycling PDUs: the channel being replaced. */
  predecessorChannel?: string;
  /** Recycling PDUs: the replacement channel (also given as inChannel/outChannel when the layout says which). */
  successorChannel?: string;
  /** FlowControlAck: the channel whose traffic is acknowledged. */
  ackedChannel?: string;
}
