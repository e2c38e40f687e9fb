import { readFileSync } from 'node:fs';
import { fromHex } from '../../core/hex.js';
import { rtsCookies, rtsMessageName } from './rts-messages.js';
import { decodeRtsPdu } from './rts-pdu.js';
import type { RtsCommand, RtsPdu } from './types.js';

/** What tshark 4.0 said about each PDU (see testdata/README.md); numbers are hex or decimal text, lists ';'-joined. */
type Tshark = Record<string, string>;
interface Real { frame: number; channel: 'in' | 'out' | 'out-request'; hex: string; tshark: Tshark }
interface Spec { section: string; name: string | null; hex: string; tshark: Tshark }

const load = <T>(file: string): T => JSON.parse(readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8')) as T;
const real = load<{ pdus: Real[] }>('gromox-rts.json').pdus;
const spec = load<{ pdus: Spec[] }>('rts-spec-layouts.json').pdus;

/** Our value for each tshark field, in command order. */
const FIELDS: Record<string, (c: RtsCommand) => number | string | undefined> = {
  version: (c) => (c.command === 'Version' ? c.version : undefined),
  cookie: (c) => (c.command === 'Cookie' ? c.cookie : undefined),
  receivewindowsize: (c) => (c.command === 'ReceiveWindowSize' ? c.receiveWindowSize : undefined),
  connectiontimeout: (c) => (c.command === 'ConnectionTimeout' ? c.connectionTimeout : undefined),
  channellifetime: (c) => (c.command === 'ChannelLifetime' ? c.channelLifetime : undefined),
  clientkeepalive: (c) => (c.command === 'ClientKeepalive' ? c.clientKeepalive : undefined),
  associationgroupid: (c) => (c.command === 'AssociationGroupId' ? c.associationGroupId : undefined),
  'fack.bytesreceived': (c) => (c.command === 'FlowControlAck' ? c.bytesReceived : undefined),
  'fack.availablewindow': (c) => (c.command === 'FlowControlAck' ? c.availableWindow : undefined),
  'fack.channelcookie': (c) => (c.command === 'FlowControlAck' ? c.channelCookie : undefined),
  addrtype: (c) => (c.command === 'ClientAddress' ? c.addressType : undefined),
  cmd_client_ipv4: (c) => (c.command === 'ClientAddress' && c.family === 'IPv4' ? c.address : undefined),
  cmd_client_ipv6: (c) => (c.command === 'ClientAddress' && c.family === 'IPv6' ? c.address : undefined),
  forwarddestination: (c) => (c.command === 'Destination' ? c.destination : undefined),
  pingtrafficsentnotify: (c) => (c.command === 'PingTrafficSentNotify' ? c.pingTrafficSent : undefined),
  'padding.conformancecount': (c) => (c.command === 'Padding' ? c.conformanceCount : undefined),
};

/** tshark prints numbers as "0x…" or decimal and GUIDs as text: normalise both sides the same way. */
const norm = (v: string): string => (/^(0x[0-9a-f]+|\d+)$/i.test(v) ? String(Number(v)) : v.toLowerCase());

function compareWithTshark(p: RtsPdu, t: Tshark): void {
  expect(p.flags).toBe(Number(t['cn_rts_flags']));
  expect(p.numberOfCommands).toBe(Number(t['cn_rts_commands_nb']));
  expect(p.commands.map((c) => c.type)).toEqual(t['cn_rts_command'] ? t['cn_rts_command'].split(';').map(Number) : []);
  for (const [field, pick] of Object.entries(FIELDS)) {
    const ours = p.commands.map(pick).filter((v) => v !== undefined).map((v) => norm(String(v)));
    const theirs = t[field] ? t[field].split(';').map(norm) : [];
    expect({ field, values: ours }).toEqual({ field, values: theirs });
  }
}

const decodeClean = (hex: string): RtsPdu => {
  const r = decodeRtsPdu(fromHex(hex));
  expect(r.damage).toBeUndefined();
  return r.value!;
};

describe('RTS PDUs of the gromox capture, against tshark', () => {
  test.each(real.map((p) => [p.frame, p] as const))('frame %i', (_frame, pdu) => {
    const p = decodeClean(pdu.hex);
    compareWithTshark(p, pdu.tshark);
    expect(rtsMessageName(p)).toBe(pdu.tshark['_ws.col.Info']!.replace(/,/g, '|'));
  });

  test('each CONN/B1 (IN channel) pairs with the CONN/A1 (OUT channel) of its virtual connection', () => {
    const conn = (name: string, channel: Real['channel']) =>
      real.filter((p) => p.channel === channel).map((p) => decodeClean(p.hex)).filter((p) => rtsMessageName(p) === name).map(rtsCookies);
    const a1 = conn('CONN/A1', 'out-request');
    const b1 = conn('CONN/B1', 'in');
    expect(a1).toHaveLength(2);
    expect(b1.map((c) => c.virtualConnection)).toEqual(a1.map((c) => c.virtualConnection));
    // tshark's cookies of frames 11 (CONN/A1) and 13 (CONN/B1): the first is the virtual connection.
    expect(a1[0]).toEqual({ virtualConnection: '58342e03-3f8b-3b99-7209-936fe147c350', outChannel: '73febba7-1050-11e3-d3f1-ea79bf1f930a' });
    expect(b1[0]).toEqual({
      virtualConnection: '58342e03-3f8b-3b99-7209-936fe147c350',
      inChannel: '3dfc9fa3-d6d4-1995-2d76-d81cca263415',
      associationGroup: '42d564cd-f0a9-1349-f583-8b7afa5d1f02',
    });
  });
});

/**
 * Where tshark 4.0's names differ from [MS-RPCH]: it lists OUT_R2/B2 under the ANCE layout and calls the
 * NegativeANCE one unknown, though 2.2.4.43 gives OUT_R2/B2 a NegativeANCE command; and it names neither
 * Echo (2.2.4.48) nor Ping (2.2.4.49).
 */
const SPEC_NAMES: Record<string, string> = {
  '2.2.4.31': 'OUT_R1/A9|OUT_R1/A10|OUT_R1/A11|OUT_R2/B1',
  '2.2.4.43': 'OUT_R2/B2',
  '2.2.4.48': 'Echo',
  '2.2.4.49': 'Ping',
};

describe('one PDU per layout of [MS-RPCH] 2.2.4, against tshark', () => {
  test.each(spec.map((p) => [p.section, p.name ?? '(command coverage)', p] as const))('%s %s', (section, _name, pdu) => {
    const p = decodeClean(pdu.hex);
    compareWithTshark(p, pdu.tshark);
    const expected = SPEC_NAMES[section] ?? pdu.tshark['_ws.col.Info']!.replace(/,/g, '|');
    expect(rtsMessageName(p)).toBe(expected);
    if (pdu.name) expect(expected.split('|')).toContain(pdu.name);
  });

  test('every documented name is reached by some layout', () => {
    const names = new Set(spec.flatMap((p) => rtsMessageName(decodeClean(p.hex)).split('|')));
    // The 50 PDU names of the table of contents of 2.2.4.2-2.2.4.51.
    const toc = [
      'CONN/A1', 'CONN/A2', 'CONN/A3', 'CONN/B1', 'CONN/B2', 'CONN/B3', 'CONN/C1', 'CONN/C2',
      ...[1, 2, 3, 4, 5, 6].map((i) => `IN_R1/A${i}`), 'IN_R1/B1', 'IN_R1/B2',
      ...[1, 2, 3, 4, 5].map((i) => `IN_R2/A${i}`),
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => `OUT_R1/A${i}`),
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `OUT_R2/A${i}`), 'OUT_R2/B1', 'OUT_R2/B2', 'OUT_R2/B3', 'OUT_R2/C1',
      'Keep-Alive', 'PingTrafficSentNotify', 'Echo', 'Ping', 'FlowControlAck', 'FlowControlAckWithDestination',
    ];
    expect(toc).toHaveLength(50);
    expect(toc.filter((n) => !names.has(n))).toEqual([]);
  });
});
