// RPC over HTTP v2 RTS PDUs (reference §4.2; [MS-RPCH] 2.2.3.5, 2.2.3.6, 2.2.4).
// Header: the 16-byte DCE/RPC common header with PTYPE 20, pfc_flags 0x03, call_id 0, then Flags u16 and
// NumberOfCommands u16; the commands follow back to back (u32 CommandType, then its data).
import { Writer } from './bytes.mjs';

export const PTYPE_RTS = 20;
export const RTS_FLAG = { NONE: 0x0000, PING: 0x0001, OTHER_CMD: 0x0002, RECYCLE_CHANNEL: 0x0004, IN_CHANNEL: 0x0008, OUT_CHANNEL: 0x0010, EOF: 0x0020, ECHO: 0x0040 };
export const CMD = {
  ReceiveWindowSize: 0,
  FlowControlAck: 1,
  ConnectionTimeout: 2,
  Cookie: 3,
  ChannelLifetime: 4,
  ClientKeepalive: 5,
  Version: 6,
  Empty: 7,
  Padding: 8,
  NegativeANCE: 9,
  ANCE: 10,
  ClientAddress: 11,
  AssociationGroupId: 12,
  Destination: 13,
  PingTrafficSentNotify: 14,
};
const CMD_NAME = Object.fromEntries(Object.entries(CMD).map(([k, v]) => [v, k]));
/** Destination values (FDClient, FDInProxy, FDServer, FDOutProxy). */
export const FD = { Client: 0, InProxy: 1, Server: 2, OutProxy: 3 };

const U32_CMDS = new Set([CMD.ReceiveWindowSize, CMD.ConnectionTimeout, CMD.ChannelLifetime, CMD.ClientKeepalive, CMD.Version, CMD.Destination, CMD.PingTrafficSentNotify]);

/** commands: [[type, value]]: u32 value, GUID string (Cookie / AssociationGroupId), or an object for FlowControlAck. */
export function encodeRts(flags, commands) {
  const w = new Writer();
  w.u8(5).u8(0).u8(PTYPE_RTS).u8(0x03).bytes([0x10, 0, 0, 0]).u16(0).u16(0).u32(0);
  w.u16(flags).u16(commands.length);
  for (const [type, v] of commands) {
    w.u32(type);
    if (U32_CMDS.has(type)) w.u32(v);
    else if (type === CMD.Cookie || type === CMD.AssociationGroupId) w.guid(v);
    else if (type === CMD.FlowControlAck) w.u32(v.bytesReceived).u32(v.availableWindow).guid(v.channelCookie);
    else if (type !== CMD.Empty && type !== CMD.ANCE && type !== CMD.NegativeANCE) throw new Error(`RTS command ${type} not written here`);
  }
  w.patchU16(8, w.length);
  return w.toBuffer();
}

/** The RTS PDUs the samples use, by their [MS-RPCH] names. */
export const RTS = {
  'CONN/A1': ({ vc, outChannel, receiveWindow = 0x10000 }) =>
    encodeRts(RTS_FLAG.NONE, [[CMD.Version, 1], [CMD.Cookie, vc], [CMD.Cookie, outChannel], [CMD.ReceiveWindowSize, receiveWindow]]),
  'CONN/A3': ({ connectionTimeout }) => encodeRts(RTS_FLAG.NONE, [[CMD.ConnectionTimeout, connectionTimeout]]),
  'CONN/B1': ({ vc, inChannel, channelLifetime = 0x40000000, clientKeepalive = 300000, associationGroupId }) =>
    encodeRts(RTS_FLAG.NONE, [[CMD.Version, 1], [CMD.Cookie, vc], [CMD.Cookie, inChannel], [CMD.ChannelLifetime, channelLifetime], [CMD.ClientKeepalive, clientKeepalive], [CMD.AssociationGroupId, associationGroupId]]),
  'CONN/C2': ({ receiveWindow = 0x10000, connectionTimeout }) =>
    encodeRts(RTS_FLAG.NONE, [[CMD.Version, 1], [CMD.ReceiveWindowSize, receiveWindow], [CMD.ConnectionTimeout, connectionTimeout]]),
  Ping: () => encodeRts(RTS_FLAG.PING, []),
  FlowControlAck: ({ bytesReceived, availableWindow, channelCookie }) => encodeRts(RTS_FLAG.OTHER_CMD, [[CMD.FlowControlAck, { bytesReceived, availableWindow, channelCookie }]]),
  FlowControlAckWithDestination: ({ destination, bytesReceived, availableWindow, channelCookie }) =>
    encodeRts(RTS_FLAG.OTHER_CMD, [[CMD.Destination, destination], [CMD.FlowControlAck, { bytesReceived, availableWindow, channelCookie }]]),
};

/** Flags and command names of an RTS PDU we wrote (for expected.json; not a dissector). */
export function describeRts(pdu) {
  const flags = pdu.readUInt16LE(16);
  const n = pdu.readUInt16LE(18);
  const commands = [];
  let off = 20;
  for (let i = 0; i < n; i++) {
    const type = pdu.readUInt32LE(off);
    commands.push(CMD_NAME[type]);
    off += 4 + (U32_CMDS.has(type) ? 4 : type === CMD.Cookie || type === CMD.AssociationGroupId ? 16 : type === CMD.FlowControlAck ? 24 : 0);
  }
  return { flags: '0x' + flags.toString(16).toUpperCase().padStart(4, '0'), commands };
}
