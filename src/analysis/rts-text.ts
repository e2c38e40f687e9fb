import type { RtsCommand, RtsPdu } from '../dissectors/rpch/types.js';

/** One RTS command as "Name value" for the `rts` event ([MS-RPCH] 2.2.3.5). */
function commandText(c: RtsCommand): string {
  switch (c.command) {
    case 'ReceiveWindowSize':
      return `ReceiveWindowSize ${c.receiveWindowSize}`;
    case 'FlowControlAck':
      return `FlowControlAck received ${c.bytesReceived} window ${c.availableWindow} channel ${c.channelCookie}`;
    case 'ConnectionTimeout':
      return `ConnectionTimeout ${c.connectionTimeout} ms`;
    case 'Cookie':
      return `Cookie ${c.cookie}`;
    case 'ChannelLifetime':
      return `ChannelLifetime ${c.channelLifetime}`;
    case 'ClientKeepalive':
      return `ClientKeepalive ${c.clientKeepalive} ms`;
    case 'Version':
      return `Version ${c.version}`;
    case 'Padding':
      return `Padding ${c.conformanceCount}`;
    case 'ClientAddress':
      return `ClientAddress ${c.address}`;
    case 'AssociationGroupId':
      return `AssociationGroupId ${c.associationGroupId}`;
    case 'Destination':
      return `Destination ${c.destinationName ?? c.destination}`;
    case 'PingTrafficSentNotify':
      return `PingTrafficSentNotify ${c.pingTrafficSent}`;
    default:
      return c.command;
  }
}

export function describeRtsCommands(pdu: RtsPdu): string[] {
  return pdu.commands.map(commandText);
}
