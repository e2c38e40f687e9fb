import { ByteReader } from '../../core/byte-reader.js';
import { type Damage, Malformed, damageFrom, tryDecode } from '../../core/damage.js';
import { hex2, hex8 } from '../../core/hex.js';
import { PTYPE } from '../dcerpc/constants.js';
import { readPduHeader } from '../dcerpc/pdu-header.js';
import { ipText } from '../ip/ip-text.js';
import { uuidText } from '../ndr/uuid.js';
import {
  DEFAULT_CLIENT_KEEPALIVE_MS,
  RTS_ADDRESS_IPV4,
  RTS_ADDRESS_IPV6,
  RTS_COMMAND_NAMES,
  RTS_DESTINATION_NAMES,
  rtsFlagNames,
} from './rts-constants.js';
import type { RtsCommand, RtsCommandName, RtsCommandValue, RtsPdu } from './types.js';

/** Result of a decode: the value when one could be built, and every problem found, first by offset in `damage`. */
export interface RtsDecodeResult {
  value?: RtsPdu;
  damage?: Damage;
  /** Problems after the first (rare: a PDU that breaks several header rules). */
  otherDamage?: Damage[];
}

const SINGLE_FRAGMENT = 0x03;

/** Reads the command data after CommandType; a short read throws ShortRead, an unsizable value Malformed. */
const COMMAND_DECODERS: Readonly<Record<RtsCommandName, (r: ByteReader) => RtsCommandValue>> = {
  ReceiveWindowSize: (r) => ({ command: 'ReceiveWindowSize', receiveWindowSize: r.u32('ReceiveWindowSize') }),
  FlowControlAck: (r) => ({
    command: 'FlowControlAck',
    bytesReceived: r.u32('BytesReceived'),
    availableWindow: r.u32('AvailableWindow'),
    channelCookie: cookie(r, 'ChannelCookie'),
  }),
  ConnectionTimeout: (r) => ({ command: 'ConnectionTimeout', connectionTimeout: r.u32('ConnectionTimeout') }),
  Cookie: (r) => ({ command: 'Cookie', cookie: cookie(r, 'Cookie') }),
  ChannelLifetime: (r) => ({ command: 'ChannelLifetime', channelLifetime: r.u32('ChannelLifetime') }),
  ClientKeepalive: (r) => {
    const clientKeepalive = r.u32('ClientKeepalive');
    return { command: 'ClientKeepalive', clientKeepalive, effective: clientKeepalive || DEFAULT_CLIENT_KEEPALIVE_MS };
  },
  Version: (r) => ({ command: 'Version', version: r.u32('Version') }),
  Empty: () => ({ command: 'Empty' }),
  Padding: (r) => {
    const conformanceCount = r.u32('ConformanceCount');
    return { command: 'Padding', conformanceCount, padding: r.bytes(conformanceCount, 'Padding').slice() };
  },
  NegativeANCE: () => ({ command: 'NegativeANCE' }),
  ANCE: () => ({ command: 'ANCE' }),
  ClientAddress: (r) => {
    const at = r.offset;
    const addressType = r.u32('AddressType');
    // [MS-RPCH] 2.2.3.2 says "little-endian" for the address; tshark and every capture seen read it in
    // network order, which is what an address copied from a sockaddr is. We show the wire order.
    let family: 'IPv4' | 'IPv6';
    if (addressType === RTS_ADDRESS_IPV4) family = 'IPv4';
    else if (addressType === RTS_ADDRESS_IPV6) family = 'IPv6';
    else throw new Malformed('ClientAddress.AddressType', at, `AddressType ${addressType}: only 0 (IPv4) and 1 (IPv6) are defined`);
    const address = ipText(r.bytes(family === 'IPv4' ? 4 : 16, 'ClientAddress'));
    r.skip(12, 'ClientAddress.Padding');
    return { command: 'ClientAddress', addressType, family, address };
  },
  AssociationGroupId: (r) => ({ command: 'AssociationGroupId', associationGroupId: cookie(r, 'AssociationGroupId') }),
  Destination: (r) => {
    const destination = r.u32('Destination');
    return { command: 'Destination', destination, destinationName: RTS_DESTINATION_NAMES[destination] ?? null };
  },
  PingTrafficSentNotify: (r) => ({ command: 'PingTrafficSentNotify', pingTrafficSent: r.u32('PingTrafficSent') }),
};

function cookie(r: ByteReader, field: string): string {
  return uuidText(r.bytes(16, field), 0, r.littleEndian);
}

/**
 * Decodes one complete DCE/RPC PDU of PTYPE 20 ([MS-RPCH] 2.2.3.6). A header that is not DCE/RPC 5.x or
 * not RTS gives damage and no value; anything after that gives a value holding what decoded, with the
 * damage beside it. Never throws; every damage offset lies within `pdu` (a truncation points at its end).
 */
export function decodeRtsPdu(pdu: Uint8Array): RtsDecodeResult {
  const head = tryDecode(() => readPduHeader(pdu));
  if (!head.value) return { damage: head.damage };
  const hdr = head.value;
  if (hdr.ptype !== PTYPE.rts) {
    return { damage: { reason: 'malformed', offset: 2, field: 'PTYPE', detail: `PTYPE ${hdr.ptype}, 20 (rts) expected` } };
  }

  const problems: Damage[] = [];
  const note = (reason: Damage['reason'], offset: number, field: string, detail: string): void => {
    problems.push({ reason, offset, field, detail });
  };
  // [MS-RPCH] 2.2.3.6.1: the header rules an RTS PDU MUST follow; a breach is reported, decoding goes on.
  if (hdr.flags !== SINGLE_FRAGMENT) note('malformed', 3, 'pfc_flags', `pfc_flags ${hex2(hdr.flags)}, RTS PDUs carry exactly 0x03`);
  if (!hdr.littleEndian) note('malformed', 4, 'packed_drep', `packed_drep ${hex8(hdr.drep)} is not little-endian`);
  if (hdr.authLength !== 0) note('malformed', 10, 'auth_length', `auth_length ${hdr.authLength}, MUST be 0`);
  if (hdr.callId !== 0) note('malformed', 12, 'call_id', `call_id ${hdr.callId}, MUST be 0`);
  const end = Math.min(hdr.fragLength, pdu.length);
  if (hdr.fragLength > pdu.length) {
    note('truncated', pdu.length, 'frag_length', `frag_length ${hdr.fragLength}, only ${pdu.length} bytes present`);
  } else if (hdr.fragLength < pdu.length) {
    note('malformed', hdr.fragLength, 'frag_length', `${pdu.length - hdr.fragLength} bytes after frag_length ${hdr.fragLength}`);
  }

  const r = new ByteReader(pdu.subarray(0, end), 0, hdr.littleEndian);
  r.skip(16, 'common header');
  const counts = tryDecode(() => ({ flags: r.u16('Flags'), n: r.u16('NumberOfCommands') }));
  if (!counts.value) return finish(undefined, [...problems, counts.damage]);
  const { flags, n } = counts.value;
  const commands: RtsCommand[] = [];
  const value: RtsPdu = {
    header: {
      rpcVersMinor: hdr.rpcVersMinor,
      pfcFlags: hdr.flags,
      drep: hdr.drep,
      fragLength: hdr.fragLength,
      authLength: hdr.authLength,
      callId: hdr.callId,
    },
    flags,
    flagNames: rtsFlagNames(flags),
    numberOfCommands: n,
    commands,
  };

  // Each command takes at least 4 bytes, so the loop is bounded by the bytes present, not by n.
  for (let i = 0; i < n; i++) {
    if (r.atEnd) {
      if (hdr.fragLength <= pdu.length) note('truncated', r.offset, 'NumberOfCommands', `NumberOfCommands ${n}, the PDU ends after ${i}`);
      break;
    }
    const offset = r.offset;
    try {
      const type = r.u32('CommandType');
      const name = RTS_COMMAND_NAMES[type];
      if (!name) throw new Malformed('CommandType', offset, `CommandType ${type} is not defined; the rest of the PDU cannot be sized`);
      commands.push({ ...COMMAND_DECODERS[name](r), type, offset });
    } catch (err) {
      const d = damageFrom(err);
      // A cut already reported at the frag_length check is not reported twice.
      if (!(d.reason === 'truncated' && hdr.fragLength > pdu.length)) problems.push(d);
      break;
    }
  }
  if (commands.length === n && !r.atEnd) {
    note('malformed', r.offset, 'RTS PDU body', `${r.remaining} bytes after the last of ${n} commands`);
  }
  return finish(value, problems);
}

function finish(value: RtsPdu | undefined, problems: Damage[]): RtsDecodeResult {
  if (problems.length === 0) return { value };
  const sorted = [...problems].sort((a, b) => a.offset - b.offset);
  const [damage, ...rest] = sorted;
  return rest.length ? { value, damage, otherDamage: rest } : { value, damage };
}
