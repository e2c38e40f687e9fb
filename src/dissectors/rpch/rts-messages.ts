import { RTS_FLAG } from './rts-constants.js';
import type { RtsCommandName, RtsCookies, RtsPdu } from './types.js';

type CookieRole = Exclude<keyof RtsCookies, 'associationGroup' | 'ackedChannel'>;

interface RtsLayout {
  name: string;
  flags: number;
  commands: readonly RtsCommandName[];
  /** For each Cookie command in order: the roles its value plays. */
  cookies?: readonly (readonly CookieRole[])[];
}

const { NONE, PING, OTHER_CMD, RECYCLE_CHANNEL: RECYCLE, IN_CHANNEL: IN, OUT_CHANNEL: OUT, EOF, ECHO } = RTS_FLAG;
const V = 'Version', C = 'Cookie', RWS = 'ReceiveWindowSize', CT = 'ConnectionTimeout', CL = 'ChannelLifetime';
const D = 'Destination', ANCE = 'ANCE';

const NEW_OUT = [['virtualConnection'], ['outChannel']] as const;
const NEW_IN = [['virtualConnection'], ['inChannel']] as const;
const RECYCLE_IN = [['virtualConnection'], ['predecessorChannel'], ['successorChannel', 'inChannel']] as const;
const RECYCLE_OUT = [['virtualConnection'], ['predecessorChannel'], ['successorChannel', 'outChannel']] as const;
const SUCCESSOR_IN = [['successorChannel', 'inChannel']] as const;
const SUCCESSOR_OUT = [['successorChannel', 'outChannel']] as const;

/**
 * Every RTS PDU of [MS-RPCH] 2.2.4.2–2.2.4.51 by Flags and command layout. The wire carries no name:
 * several PDUs share a layout (told apart only by channel, direction and protocol state), so a lookup
 * can give more than one name.
 */
const LAYOUTS: readonly RtsLayout[] = [
  { name: 'CONN/A1', flags: NONE, commands: [V, C, C, RWS], cookies: NEW_OUT },
  { name: 'CONN/A2', flags: OUT, commands: [V, C, C, CL, RWS], cookies: NEW_OUT },
  { name: 'CONN/A3', flags: NONE, commands: [CT] },
  { name: 'CONN/B1', flags: NONE, commands: [V, C, C, CL, 'ClientKeepalive', 'AssociationGroupId'], cookies: NEW_IN },
  { name: 'CONN/B2', flags: IN, commands: [V, C, C, RWS, CT, 'AssociationGroupId', 'ClientAddress'], cookies: NEW_IN },
  { name: 'CONN/B3', flags: NONE, commands: [RWS, V] },
  { name: 'CONN/C1', flags: NONE, commands: [V, RWS, CT] },
  { name: 'CONN/C2', flags: NONE, commands: [V, RWS, CT] },
  { name: 'IN_R1/A1', flags: RECYCLE, commands: [V, C, C, C], cookies: RECYCLE_IN },
  { name: 'IN_R1/A2', flags: IN | RECYCLE, commands: [V, C, C, C, RWS, CT], cookies: RECYCLE_IN },
  { name: 'IN_R1/A3', flags: NONE, commands: [D, V, RWS, CT] },
  { name: 'IN_R1/A4', flags: NONE, commands: [D, V, RWS, CT] },
  { name: 'IN_R1/A5', flags: NONE, commands: [C], cookies: SUCCESSOR_IN },
  { name: 'IN_R1/A6', flags: NONE, commands: [C], cookies: SUCCESSOR_IN },
  { name: 'IN_R1/B1', flags: NONE, commands: ['Empty'] },
  { name: 'IN_R1/B2', flags: NONE, commands: [RWS] },
  { name: 'IN_R2/A1', flags: RECYCLE, commands: [V, C, C, C], cookies: RECYCLE_IN },
  { name: 'IN_R2/A2', flags: NONE, commands: [C], cookies: SUCCESSOR_IN },
  { name: 'IN_R2/A3', flags: NONE, commands: [D] },
  { name: 'IN_R2/A4', flags: NONE, commands: [D] },
  { name: 'IN_R2/A5', flags: NONE, commands: [C], cookies: SUCCESSOR_IN },
  { name: 'OUT_R1/A1', flags: RECYCLE, commands: [D] },
  { name: 'OUT_R1/A2', flags: RECYCLE, commands: [D] },
  { name: 'OUT_R1/A3', flags: RECYCLE, commands: [V, C, C, C, RWS], cookies: RECYCLE_OUT },
  { name: 'OUT_R1/A4', flags: RECYCLE | OUT, commands: [V, C, C, C, CL, RWS, CT], cookies: RECYCLE_OUT },
  { name: 'OUT_R1/A5', flags: OUT, commands: [D, V, CT] },
  { name: 'OUT_R1/A6', flags: OUT, commands: [D, V, CT] },
  { name: 'OUT_R1/A7', flags: OUT, commands: [D, C], cookies: SUCCESSOR_OUT },
  { name: 'OUT_R1/A8', flags: OUT, commands: [D, C], cookies: SUCCESSOR_OUT },
  { name: 'OUT_R1/A9', flags: NONE, commands: [ANCE] },
  { name: 'OUT_R1/A10', flags: NONE, commands: [ANCE] },
  { name: 'OUT_R1/A11', flags: NONE, commands: [ANCE] },
  { name: 'OUT_R2/A1', flags: RECYCLE, commands: [D] },
  { name: 'OUT_R2/A2', flags: RECYCLE, commands: [D] },
  { name: 'OUT_R2/A3', flags: RECYCLE, commands: [V, C, C, C, RWS], cookies: RECYCLE_OUT },
  { name: 'OUT_R2/A4', flags: NONE, commands: [C], cookies: SUCCESSOR_OUT },
  { name: 'OUT_R2/A5', flags: NONE, commands: [D, ANCE] },
  { name: 'OUT_R2/A6', flags: NONE, commands: [D, ANCE] },
  { name: 'OUT_R2/A7', flags: OUT, commands: [D, C, V], cookies: SUCCESSOR_OUT },
  { name: 'OUT_R2/A8', flags: OUT, commands: [D, C], cookies: SUCCESSOR_OUT },
  { name: 'OUT_R2/B1', flags: NONE, commands: [ANCE] },
  { name: 'OUT_R2/B2', flags: NONE, commands: ['NegativeANCE'] },
  { name: 'OUT_R2/B3', flags: EOF, commands: [ANCE] },
  // 2.2.4.45: EmptyOrPadding, so two layouts under one name.
  { name: 'OUT_R2/C1', flags: PING, commands: ['Empty'] },
  { name: 'OUT_R2/C1', flags: PING, commands: ['Padding'] },
  { name: 'Keep-Alive', flags: OTHER_CMD, commands: ['ClientKeepalive'] },
  { name: 'PingTrafficSentNotify', flags: OTHER_CMD, commands: ['PingTrafficSentNotify'] },
  { name: 'Echo', flags: ECHO, commands: [] },
  { name: 'Ping', flags: PING, commands: [] },
  { name: 'FlowControlAck', flags: OTHER_CMD, commands: ['FlowControlAck'] },
  { name: 'FlowControlAckWithDestination', flags: OTHER_CMD, commands: [D, 'FlowControlAck'] },
];

const layoutKey = (flags: number, commands: readonly string[]): string => `${flags}:${commands.join(',')}`;

const BY_LAYOUT: ReadonlyMap<string, readonly RtsLayout[]> = (() => {
  const map = new Map<string, RtsLayout[]>();
  for (const l of LAYOUTS) {
    const key = layoutKey(l.flags, l.commands);
    map.set(key, [...(map.get(key) ?? []), l]);
  }
  return map;
})();

/** The documented PDUs whose layout this PDU has; none when it is damaged or matches no layout. */
function layoutsOf(pdu: RtsPdu): readonly RtsLayout[] {
  if (pdu.commands.length !== pdu.numberOfCommands) return [];
  return BY_LAYOUT.get(layoutKey(pdu.flags, pdu.commands.map((c) => c.command))) ?? [];
}

/**
 * The [MS-RPCH] 2.2.4 name of an RTS PDU, e.g. "CONN/A1"; names that share the PDU's layout are joined
 * with "|" in specification order (e.g. "CONN/C1|CONN/C2": the caller tells them apart by the leg it saw);
 * "RTS" when the layout is not documented or the PDU is damaged.
 */
export function rtsMessageName(pdu: RtsPdu): string {
  const names = [...new Set(layoutsOf(pdu).map((l) => l.name))];
  return names.length ? names.join('|') : 'RTS';
}

/**
 * The cookies of an RTS PDU by role, so an IN channel (CONN/B1 in an RPC_IN_DATA body) pairs with its OUT
 * channel (CONN/A1 in an RPC_OUT_DATA body) by the virtual connection cookie (reference §4.3). When the
 * layout is shared by PDUs that give a cookie different roles, only the roles they agree on are given.
 */
export function rtsCookies(pdu: RtsPdu): RtsCookies {
  const out: RtsCookies = {};
  const layouts = layoutsOf(pdu);
  let cookieIndex = 0;
  for (const c of pdu.commands) {
    if (c.command === 'AssociationGroupId') out.associationGroup = c.associationGroupId;
    else if (c.command === 'FlowControlAck') out.ackedChannel = c.channelCookie;
    else if (c.command === 'Cookie') {
      const i = cookieIndex++;
      const roleSets = layouts.map((l) => l.cookies?.[i] ?? []);
      const first = roleSets[0] ?? [];
      for (const role of first) if (roleSets.every((s) => s.includes(role))) out[role] = c.cookie;
    }
  }
  return out;
}
