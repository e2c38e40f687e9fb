import { hex4 } from '../../core/hex.js';
import type { RtsCommandName, RtsDestinationName } from './types.js';

/** RTS Flags bits ([MS-RPCH] 2.2.3.6.1). */
export const RTS_FLAG = {
  NONE: 0x0000,
  PING: 0x0001,
  OTHER_CMD: 0x0002,
  RECYCLE_CHANNEL: 0x0004,
  IN_CHANNEL: 0x0008,
  OUT_CHANNEL: 0x0010,
  EOF: 0x0020,
  ECHO: 0x0040,
} as const;

/** CommandType values ([MS-RPCH] 2.2.3.5): the index is the wire value. */
export const RTS_COMMAND_NAMES: readonly RtsCommandName[] = [
  'ReceiveWindowSize',
  'FlowControlAck',
  'ConnectionTimeout',
  'Cookie',
  'ChannelLifetime',
  'ClientKeepalive',
  'Version',
  'Empty',
  'Padding',
  'NegativeANCE',
  'ANCE',
  'ClientAddress',
  'AssociationGroupId',
  'Destination',
  'PingTrafficSentNotify',
];

export const RTS_COMMAND: Readonly<Record<RtsCommandName, number>> = Object.fromEntries(
  RTS_COMMAND_NAMES.map((name, i) => [name, i]),
) as Record<RtsCommandName, number>;

/** Forward destinations ([MS-RPCH] 2.2.3.3): the index is the wire value. */
export const RTS_DESTINATION_NAMES: readonly RtsDestinationName[] = ['FDClient', 'FDInProxy', 'FDServer', 'FDOutProxy'];

/** ClientAddress AddressType ([MS-RPCH] 2.2.3.2). */
export const RTS_ADDRESS_IPV4 = 0;
export const RTS_ADDRESS_IPV6 = 1;

/** RTS header = 16-byte common header + Flags u16 + NumberOfCommands u16. */
export const RTS_HEADER_LENGTH = 20;

/** ClientKeepalive 0 stands for this many milliseconds ([MS-RPCH] 2.2.3.5.6). */
export const DEFAULT_CLIENT_KEEPALIVE_MS = 300_000;

/** Padding ConformanceCount MUST be at most 0xFFFF ([MS-RPCH] 2.2.3.5.9). */
export const MAX_PADDING_CONFORMANCE = 0xffff;

export function rtsFlagNames(flags: number): string[] {
  if (flags === 0) return ['RTS_FLAG_NONE'];
  const names: string[] = [];
  let known = 0;
  for (const [name, bit] of Object.entries(RTS_FLAG)) {
    if (bit !== 0 && flags & bit) {
      names.push(`RTS_FLAG_${name}`);
      known |= bit;
    }
  }
  const rest = flags & ~known;
  if (rest) names.push(hex4(rest));
  return names;
}
