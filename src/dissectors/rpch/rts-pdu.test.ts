import { fromHex } from '../../core/hex.js';
import { couldBeNcacnHttpGreeting, ncacnHttpGreetingLength } from './greeting.js';
import { rtsCookies, rtsMessageName } from './rts-messages.js';
import { decodeRtsPdu } from './rts-pdu.js';
import type { RtsPdu } from './types.js';

/** Reference VECTORS-rpc.md V36 (CONN/A1) and V37 (Ping), copied from the reference text. */
const V36 = fromHex(`
  05 00 14 03 10 00 00 00 4c 00 00 00 00 00 00 00
  00 00 04 00 06 00 00 00 01 00 00 00 03 00 00 00
  11 11 11 11 22 22 33 33 44 44 55 55 55 55 55 55
  03 00 00 00 66 66 66 66 77 77 88 88 99 99 aa aa
  aa aa aa aa 00 00 00 00 00 00 01 00`);
const V37 = fromHex('05 00 14 03 10 00 00 00 14 00 00 00 00 00 00 00 01 00 00 00');

function ok(pdu: Uint8Array): RtsPdu {
  const r = decodeRtsPdu(pdu);
  expect(r.damage).toBeUndefined();
  expect(r.value).toBeDefined();
  return r.value!;
}

/** Little-endian words and raw bytes, for PDUs written out from the reference's layout table. */
const le32 = (v: number): string => [0, 8, 16, 24].map((s) => ((v >>> s) & 0xff).toString(16).padStart(2, '0')).join('');
function rts(flags: number, cmds: string[], patch: { frag?: number; pfc?: number; callId?: number; count?: number } = {}): Uint8Array {
  const body = cmds.join('');
  const frag = patch.frag ?? 20 + body.length / 2;
  const hdr =
    '050014' + (patch.pfc ?? 3).toString(16).padStart(2, '0') + '10000000' + le32(frag).slice(0, 4) + '0000' + le32(patch.callId ?? 0) +
    le32(flags).slice(0, 4) + le32(patch.count ?? cmds.length).slice(0, 4);
  return fromHex(hdr + body);
}
const cmd = (type: number, ...words: number[]): string => le32(type) + words.map(le32).join('');
const COOKIE = '000102030405060708090a0b0c0d0e0f';
const cookieCmd = cmd(3) + COOKIE;

describe('decodeRtsPdu on the reference vectors', () => {
  test('V36 CONN/A1: header, four commands, cookies as GUID text', () => {
    const p = ok(V36);
    expect(p.header).toEqual({ rpcVersMinor: 0, pfcFlags: 3, drep: 0x10000000, fragLength: 76, authLength: 0, callId: 0 });
    expect(p.flags).toBe(0);
    expect(p.flagNames).toEqual(['RTS_FLAG_NONE']);
    expect(p.numberOfCommands).toBe(4);
    expect(p.commands).toEqual([
      { command: 'Version', type: 6, offset: 20, version: 1 },
      { command: 'Cookie', type: 3, offset: 28, cookie: '11111111-2222-3333-4444-555555555555' },
      { command: 'Cookie', type: 3, offset: 48, cookie: '66666666-7777-8888-9999-aaaaaaaaaaaa' },
      { command: 'ReceiveWindowSize', type: 0, offset: 68, receiveWindowSize: 0x10000 },
    ]);
    expect(rtsMessageName(p)).toBe('CONN/A1');
    expect(rtsCookies(p)).toEqual({
      virtualConnection: '11111111-2222-3333-4444-555555555555',
      outChannel: '66666666-7777-8888-9999-aaaaaaaaaaaa',
    });
  });

  test('V37 Ping: RTS_FLAG_PING and no commands', () => {
    const p = ok(V37);
    expect(p.flags).toBe(1);
    expect(p.flagNames).toEqual(['RTS_FLAG_PING']);
    expect(p.commands).toEqual([]);
    expect(rtsMessageName(p)).toBe('Ping');
    expect(rtsCookies(p)).toEqual({});
  });
});

describe('the key PDUs of reference §4.2, built from its table', () => {
  const vc = cmd(3) + '11'.repeat(16);
  const ch = cmd(3) + '22'.repeat(16);
  const ch2 = cmd(3) + '33'.repeat(16);
  const ag = cmd(12) + '44'.repeat(16);
  const rows: [string, number, string[]][] = [
    ['CONN/A1', 0x0000, [cmd(6, 1), vc, ch, cmd(0, 0x10000)]],
    ['CONN/A2', 0x0010, [cmd(6, 1), vc, ch, cmd(4, 0x40000000), cmd(0, 0x10000)]],
    ['CONN/A3', 0x0000, [cmd(2, 120000)]],
    ['CONN/B1', 0x0000, [cmd(6, 1), vc, ch, cmd(4, 0x40000000), cmd(5, 300000), ag]],
    ['CONN/B2', 0x0008, [cmd(6, 1), vc, ch, cmd(0, 0x10000), cmd(2, 120000), ag, cmd(11, 0, 0x0100000a, 0, 0, 0)]],
    ['CONN/B3', 0x0000, [cmd(0, 0x10000), cmd(6, 1)]],
    ['CONN/C1|CONN/C2', 0x0000, [cmd(6, 1), cmd(0, 0x10000), cmd(2, 120000)]],
    ['IN_R1/A1|IN_R2/A1', 0x0004, [cmd(6, 1), vc, ch, ch2]],
    ['Keep-Alive', 0x0002, [cmd(5, 300000)]],
    ['Ping', 0x0001, []],
    ['Echo', 0x0040, []],
    ['FlowControlAck', 0x0002, [cmd(1, 0x100, 0x8000) + '22'.repeat(16)]],
    ['FlowControlAckWithDestination', 0x0002, [cmd(13, 0), cmd(1, 0x100, 0x8000) + '22'.repeat(16)]],
  ];
  test.each(rows)('%s', (name, flags, cmds) => {
    const p = ok(rts(flags, cmds));
    expect(p.numberOfCommands).toBe(cmds.length);
    expect(rtsMessageName(p)).toBe(name);
  });

  test('CONN/B1 and CONN/B2 cookies: virtual connection, IN channel, association group', () => {
    const g = (b: string): string => `${b.repeat(4)}-${b.repeat(2)}-${b.repeat(2)}-${b.repeat(2)}-${b.repeat(6)}`;
    const b1 = ok(rts(0, [cmd(6, 1), vc, ch, cmd(4, 0x40000000), cmd(5, 0), ag]));
    expect(rtsCookies(b1)).toEqual({ virtualConnection: g('11'), inChannel: g('22'), associationGroup: g('44') });
    expect(b1.commands[4]).toMatchObject({ command: 'ClientKeepalive', clientKeepalive: 0, effective: 300000 });
  });

  test('IN_R1/A1: predecessor and successor channel; the successor is the IN channel', () => {
    const p = ok(rts(0x0004, [cmd(6, 1), vc, ch, ch2]));
    expect(rtsCookies(p)).toEqual({
      virtualConnection: '11111111-1111-1111-1111-111111111111',
      predecessorChannel: '22222222-2222-2222-2222-222222222222',
      successorChannel: '33333333-3333-3333-3333-333333333333',
      inChannel: '33333333-3333-3333-3333-333333333333',
    });
  });

  test('a lone Cookie is the successor of an IN (IN_R1/A5…) or an OUT (OUT_R2/A4) channel: only the agreed role', () => {
    const p = ok(rts(0, [ch2]));
    expect(rtsMessageName(p)).toBe('IN_R1/A5|IN_R1/A6|IN_R2/A2|IN_R2/A5|OUT_R2/A4');
    expect(rtsCookies(p)).toEqual({ successorChannel: '33333333-3333-3333-3333-333333333333' });
  });

  test('CONN/B2 ClientAddress IPv4 10.0.0.1 in wire order, and FlowControlAck fields', () => {
    const b2 = ok(rts(0x0008, [cmd(6, 1), vc, ch, cmd(0, 0x10000), cmd(2, 120000), ag, cmd(11, 0, 0x0100000a, 0, 0, 0)]));
    expect(b2.commands[6]).toEqual({ command: 'ClientAddress', type: 11, offset: 104, addressType: 0, family: 'IPv4', address: '10.0.0.1' });
    const fca = ok(rts(2, [cmd(13, 3), cmd(1, 0x100, 0x8000) + COOKIE]));
    expect(fca.commands).toEqual([
      { command: 'Destination', type: 13, offset: 20, destination: 3, destinationName: 'FDOutProxy' },
      { command: 'FlowControlAck', type: 1, offset: 28, bytesReceived: 0x100, availableWindow: 0x8000, channelCookie: '03020100-0504-0706-0809-0a0b0c0d0e0f' },
    ]);
    expect(rtsCookies(fca)).toEqual({ ackedChannel: '03020100-0504-0706-0809-0a0b0c0d0e0f' });
  });

  test('undocumented layouts and flags are named RTS, unknown flag bits shown in hex', () => {
    const p = ok(rts(0x0081, [cmd(7)]));
    expect(p.flagNames).toEqual(['RTS_FLAG_PING', '0x0080']);
    expect(rtsMessageName(p)).toBe('RTS');
  });
});

describe('decodeRtsPdu on damaged PDUs', () => {
  test('not DCE/RPC 5.x, too short, or not PTYPE 20: damage and no value', () => {
    const request = V37.slice();
    request[2] = 0;
    const cases: [Uint8Array, object][] = [
      [fromHex('05 00 14 03'), { reason: 'truncated' }],
      [fromHex('04000000100000001400000000000000'), { reason: 'malformed', offset: 0 }],
      [request, { reason: 'malformed', offset: 2, field: 'PTYPE' }],
    ];
    for (const [pdu, damage] of cases) {
      const r = decodeRtsPdu(pdu);
      expect(r.value).toBeUndefined();
      expect(r.damage).toMatchObject(damage);
    }
  });

  test('frag_length beyond the bytes present: what is there decodes, truncated at the end', () => {
    const cut = V36.subarray(0, 60);
    const r = decodeRtsPdu(cut);
    expect(r.damage).toMatchObject({ reason: 'truncated', offset: 60, field: 'frag_length' });
    expect(r.otherDamage).toBeUndefined();
    expect(r.value!.commands.map((c) => c.command)).toEqual(['Version', 'Cookie']);
    expect(rtsMessageName(r.value!)).toBe('RTS');
  });

  test('bytes after frag_length, and bytes after the last command', () => {
    const longer = new Uint8Array(80);
    longer.set(V36);
    expect(decodeRtsPdu(longer)).toMatchObject({ value: { numberOfCommands: 4 }, damage: { reason: 'malformed', offset: 76 } });
    const extra = rts(1, [cmd(7)], { count: 0 });
    expect(decodeRtsPdu(extra)).toMatchObject({ value: { commands: [] }, damage: { reason: 'malformed', offset: 20 } });
  });

  test('NumberOfCommands larger than the commands present', () => {
    const r = decodeRtsPdu(rts(0, [cmd(2, 120000)], { count: 3 }));
    expect(r.value!.commands).toHaveLength(1);
    expect(r.damage).toMatchObject({ reason: 'truncated', offset: 28, field: 'NumberOfCommands' });
  });

  test('an undefined CommandType stops the walk with the decoded prefix kept', () => {
    const r = decodeRtsPdu(rts(0, [cmd(6, 1), cmd(15, 0)]));
    expect(r.value!.commands).toHaveLength(1);
    expect(r.damage).toMatchObject({ reason: 'malformed', offset: 28, field: 'CommandType' });
  });

  test('a ClientAddress with an undefined AddressType cannot be sized', () => {
    const r = decodeRtsPdu(rts(8, [cmd(11, 2, 0, 0, 0, 0)]));
    expect(r.damage).toMatchObject({ reason: 'malformed', offset: 24, field: 'ClientAddress.AddressType' });
  });

  test('Padding longer than the PDU is truncated, never allocated', () => {
    const r = decodeRtsPdu(rts(1, [cmd(8, 0xffff) + '0000']));
    expect(r.damage).toMatchObject({ reason: 'truncated', field: 'Padding' });
    expect(r.value!.commands).toEqual([]);
  });

  test('header rules of [MS-RPCH] 2.2.3.6.1: pfc_flags 0x03 and call_id 0, all reported, first by offset', () => {
    const r = decodeRtsPdu(rts(1, [], { pfc: 0x01, callId: 7 }));
    expect(r.value!.flags).toBe(1);
    expect(r.damage).toMatchObject({ reason: 'malformed', offset: 3, field: 'pfc_flags' });
    expect(r.otherDamage).toEqual([expect.objectContaining({ offset: 12, field: 'call_id' })]);
  });
});

describe('ncacn_http greeting', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  test('14 bytes when present, 0 otherwise', () => {
    expect(ncacnHttpGreetingLength(enc('ncacn_http/1.0'))).toBe(14);
    expect(ncacnHttpGreetingLength(new Uint8Array([...enc('ncacn_http/1.0'), ...V37]))).toBe(14);
    expect(ncacnHttpGreetingLength(V37)).toBe(0);
    expect(ncacnHttpGreetingLength(enc('ncacn_http/1.1'))).toBe(0);
    expect(ncacnHttpGreetingLength(enc('ncacn_ht'))).toBe(0);
  });
  test('a split greeting is recognisable before it is complete', () => {
    expect(couldBeNcacnHttpGreeting(enc('ncacn_ht'))).toBe(true);
    expect(couldBeNcacnHttpGreeting(enc('ncacX'))).toBe(false);
    expect(couldBeNcacnHttpGreeting(enc('ncacn_http/1.0'))).toBe(false);
    expect(couldBeNcacnHttpGreeting(new Uint8Array(0))).toBe(false);
  });
});
