/**
 * The RPC over HTTP proxy-to-server legs (reference OXCNOTIF-OXCRPC-RPCE-RPCH.md §4.1): plain TCP on which
 * the server first sends the 14 ASCII bytes `ncacn_http/1.0`; then the OUT leg carries CONN/A2 from the
 * proxy and CONN/C1 plus the DCE/RPC responses from the server, the IN leg CONN/B2 plus the DCE/RPC
 * requests from the proxy and CONN/B3 from the server. Both legs name the same VirtualConnectionCookie,
 * so they form one virtual connection whose calls pair across the two TCP connections (§4.3).
 *
 * Every RTS PDU is written here from the §4.2 layouts (16-byte common header with PTYPE 20 and pfc_flags
 * 0x03, RTS Flags, NumberOfCommands, then u32 CommandType + data per command); the DCE/RPC PDUs are the
 * reference vectors V31 (bind) and V32 (bind_ack), then an EcDummyRpc request/response (§2.4: empty
 * request stub, response stub = return value) and EcDoAsyncConnectEx with the V29/V30 stubs, wrapped in
 * §3.4 request/response PDUs by the DCE/RPC tests' PDU builder. The streams go through AppDetector as
 * TcpReassembler would deliver them.
 */
import type { OxEvent, RtsEvent } from '../src/model/events.js';
import { requestPdu, responsePdu } from '../src/dissectors/dcerpc/testing/pdu-builder.js';
import { ofType } from './support/collect.js';
import { ascii, concat, hex, u16, u32, Wire, type WireConnection } from './support/wire.js';

// --- RTS PDUs (§4.2) --------------------------------------------------------------------------------

/** Cookies as their bytes on the wire and as a GUID is written (first three fields little-endian). */
const VC = { bytes: hex('78563412 bc9a f0de 0123 456789abcdef'), text: '12345678-9abc-def0-0123-456789abcdef' };
const IN_CHANNEL = { bytes: hex('11111111 2222 3333 4444 555555555555'), text: '11111111-2222-3333-4444-555555555555' };
const OUT_CHANNEL = { bytes: hex('21436587 a9cb ed0f 1032 547698badcfe'), text: '87654321-cba9-0fed-1032-547698badcfe' };
const ASSOCIATION_GROUP = hex('efbeadde 0100 0200 0304 050607080910');

const cmd = {
  receiveWindowSize: (n: number) => concat(u32(0), u32(n)),
  connectionTimeout: (ms: number) => concat(u32(2), u32(ms)),
  cookie: (c: Uint8Array) => concat(u32(3), c),
  channelLifetime: (n: number) => concat(u32(4), u32(n)),
  version: () => concat(u32(6), u32(1)),
  clientAddressV4: (ip: number[]) => concat(u32(11), u32(0), Uint8Array.from(ip), new Uint8Array(12)),
  associationGroupId: (c: Uint8Array) => concat(u32(12), c),
};

function rts(flags: number, commands: Uint8Array[]): Uint8Array {
  const body = concat(u16(flags), u16(commands.length), ...commands);
  return concat(hex('05 00 14 03 10 00 00 00'), u16(16 + body.length), u16(0), u32(0), body);
}

const CONN_A2 = rts(0x0010, [cmd.version(), cmd.cookie(VC.bytes), cmd.cookie(OUT_CHANNEL.bytes), cmd.channelLifetime(0x40000000), cmd.receiveWindowSize(0x10000)]);
const CONN_C1 = rts(0x0000, [cmd.version(), cmd.receiveWindowSize(0x10000), cmd.connectionTimeout(120000)]);
const CONN_B2 = rts(0x0008, [
  cmd.version(),
  cmd.cookie(VC.bytes),
  cmd.cookie(IN_CHANNEL.bytes),
  cmd.receiveWindowSize(0x10000),
  cmd.connectionTimeout(120000),
  cmd.associationGroupId(ASSOCIATION_GROUP),
  cmd.clientAddressV4([192, 0, 2, 7]),
]);
const CONN_B3 = rts(0x0000, [cmd.receiveWindowSize(0x20000), cmd.version()]);

// --- DCE/RPC PDUs -----------------------------------------------------------------------------------

/** V31: bind for EMSMDB 0.81 (NDR20) plus the bind-time feature negotiation context, call_id 1. */
const BIND = hex(`05 00 0b 03 10 00 00 00 74 00 00 00 01 00 00 00 d0 16 d0 16 00 00 00 00 02 00 00 00 00 00 01 00
  00 db f1 a4 47 ca 67 10 b3 1f 00 dd 01 06 62 da 00 00 51 00 04 5d 88 8a eb 1c c9 11 9f e8 08 00
  2b 10 48 60 02 00 00 00 01 00 01 00 00 db f1 a4 47 ca 67 10 b3 1f 00 dd 01 06 62 da 00 00 51 00
  2c 1c b7 6c 12 98 40 45 03 00 00 00 00 00 00 00 01 00 00 00`);
/** V32: bind_ack, sec_addr "6001", results acceptance + negotiate_ack. */
const BIND_ACK = hex(`05 00 0c 03 10 00 00 00 54 00 00 00 01 00 00 00 d0 16 d0 16 45 23 01 00 05 00 36 30 30 31 00 00
  02 00 00 00 00 00 00 00 04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60 02 00 00 00 03 00 03 00
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`);

/** §3.4 request (single fragment, context 0) and response around a stub (the DCE/RPC tests' PDU builder). */
const request = (callId: number, opnum: number, stub: Uint8Array): Uint8Array => requestPdu({ callId, opnum, stub });
const response = (callId: number, stub: Uint8Array): Uint8Array => responsePdu({ callId, stub });

/** EcDummyRpc (opnum 6): empty request stub; the response stub is the return value 0. */
const DUMMY_REQUEST = request(2, 6, new Uint8Array(0));
const DUMMY_RESPONSE = response(2, u32(0));
/** EcDoAsyncConnectEx (opnum 14): V29 request stub (CXH), V30 response stub (ACXH + return 0). */
const CXH = hex('00 00 00 00 d4 c3 b2 a1 01 00 02 00 00 03 00 00 00 00 00 04');
const ASYNC_CONNECT_REQUEST = request(3, 14, CXH);
const ASYNC_CONNECT_RESPONSE = response(3, hex('00 00 00 00 e0 04 25 3f 89 4f d3 11 9a 0c 03 05 e8 2c 33 01 00 00 00 00'));

const GREETING = 'ncacn_http/1.0';
const PROXY = '10.0.0.5';
const SERVER: [string, number] = ['10.0.0.9', 6001];

// --- tests ------------------------------------------------------------------------------------------

/**
 * How the legs open: as the reference describes (the greeting first); with the proxy's CONN/A2 and B2
 * overtaking the greeting (the server sends it "as soon as the TCP connection is established", [MS-RPCH]
 * 2.1.2.2.1, while the proxy may already be sending); without any greeting (the server only SHOULD
 * send it); and without greeting or TCP handshake in the capture.
 */
const ORDERS = ['greeting first', 'RTS before the greeting', 'no greeting', 'no greeting, no handshake seen'] as const;
type Order = (typeof ORDERS)[number];

function legs(order: Order): { wire: Wire; outLeg: WireConnection; inLeg: WireConnection; events: OxEvent[] } {
  const wire = new Wire();
  const handshake = order !== 'no greeting, no handshake seen';
  const outLeg = wire.connection([PROXY, 40001], SERVER, handshake);
  const inLeg = wire.connection([PROXY, 40002], SERVER, handshake);
  const open = (leg: WireConnection, first: Uint8Array): void => {
    if (order === 'greeting first') leg.send(1, GREETING);
    leg.send(0, first);
    if (order === 'RTS before the greeting') leg.send(1, GREETING);
  };
  open(outLeg, CONN_A2);
  outLeg.send(1, CONN_C1);
  open(inLeg, CONN_B2);
  inLeg.send(1, CONN_B3);
  inLeg.send(0, BIND);
  outLeg.send(1, BIND_ACK);
  // A request and its response split across segments, the next two PDUs in one segment.
  inLeg.send(0, DUMMY_REQUEST.subarray(0, 10));
  inLeg.send(0, concat(DUMMY_REQUEST.subarray(10), ASYNC_CONNECT_REQUEST));
  outLeg.send(1, concat(DUMMY_RESPONSE, ASYNC_CONNECT_RESPONSE));
  inLeg.end('fin');
  outLeg.end('fin');
  return { wire, outLeg, inLeg, events: wire.finish() };
}

describe.each(ORDERS)('RPC over HTTP proxy-to-server legs (ncacn_http), %s', (order) => {
  let events: OxEvent[];
  let wire: Wire;
  let outLeg: WireConnection;
  let inLeg: WireConnection;
  beforeAll(() => {
    ({ events, wire, outLeg, inLeg } = legs(order));
  });

  it('sees each leg as ncacn_http, not as RPC over TCP', () => {
    expect(outLeg.wasDeclined || inLeg.wasDeclined).toBe(false);
    expect(wire.ctx.counters.get('connections.ncacn-http')).toBe(2);
    expect(wire.ctx.counters.get('connections.dcerpc')).toBe(0);
    expect(wire.ctx.counters.get('connections.http')).toBe(0);
  });

  it('shows CONN/A2, CONN/C1, CONN/B2 and CONN/B3 with their channel, direction and the shared virtual connection', () => {
    const rtsEvents = ofType(events, 'rts');
    expect(rtsEvents.map((r: RtsEvent) => ({ name: r.name, channel: r.channel, direction: r.direction, virtualConnection: r.virtualConnection, flags: r.flags }))).toEqual([
      { name: 'CONN/A2', channel: 'out', direction: 'to-server', virtualConnection: VC.text, flags: '0x0010' },
      { name: 'CONN/C1', channel: 'out', direction: 'to-client', virtualConnection: VC.text, flags: '0x0000' },
      { name: 'CONN/B2', channel: 'in', direction: 'to-server', virtualConnection: VC.text, flags: '0x0008' },
      { name: 'CONN/B3', channel: 'in', direction: 'to-client', virtualConnection: VC.text, flags: '0x0000' },
    ]);
    const [a2, , b2] = rtsEvents;
    expect(a2!.commands).toEqual(expect.arrayContaining([`Cookie ${VC.text}`, `Cookie ${OUT_CHANNEL.text}`]));
    expect(b2!.commands).toEqual(expect.arrayContaining([`Cookie ${VC.text}`, `Cookie ${IN_CHANNEL.text}`]));
    expect(a2!.commands).toHaveLength(5);
    expect(b2!.commands).toHaveLength(7);
  });

  it('pairs requests on the IN leg with responses on the OUT leg into rpc-http calls', () => {
    const calls = ofType(events, 'call');
    expect(calls.map((c) => ({ operation: c.operation, callId: c.callId, fate: c.fate, returnValue: c.returnValue }))).toEqual([
      { operation: 'EcDummyRpc', callId: 2, fate: 'complete', returnValue: '0x00000000' },
      { operation: 'EcDoAsyncConnectEx', callId: 3, fate: 'complete', returnValue: '0x00000000' },
    ]);
    for (const c of calls) {
      // The client side of the virtual connection is the IN leg: it carries the calls.
      expect(c).toMatchObject({ transport: 'rpc-http', interface: 'EMSMDB', virtualConnection: VC.text, connection: inLeg.info.id });
    }
  });

  it('reports no undecoded bytes', () => {
    expect(ofType(events, 'finding').filter((f) => /^(tcp|rpch|dcerpc|emsmdb)\./.test(f.rule))).toEqual([]);
  });
});

describe('an RPC_IN_DATA channel whose first PDU is not RTS', () => {
  const head = (n: number): string =>
    'RPC_IN_DATA /rpc/rpcproxy.dll?mail.contoso.example:6001 HTTP/1.1\r\nAccept: application/rpc\r\nUser-Agent: MSRPC\r\n' +
    `Host: mail.contoso.example\r\nContent-Length: ${n}\r\nConnection: Keep-Alive\r\n\r\n`;

  /** The IN channel as seen from its request head on, its CONN/B1 never seen: bind, then `requests` EcDummyRpc calls. */
  function run(requests: number): OxEvent[] {
    const wire = new Wire();
    const ch = wire.connection(['10.0.0.1', 50100], ['10.0.0.2', 80], false);
    ch.send(0, head(1073741824));
    ch.send(0, BIND);
    for (let i = 0; i < requests; i++) ch.send(0, request(10 + i, 6, new Uint8Array(0)));
    return wire.finish();
  }

  it.each([1, 70])('decodes its %i call(s) on an anonymous virtual connection without throwing', (n) => {
    let events: OxEvent[] = [];
    expect(() => {
      events = run(n);
    }).not.toThrow();
    const calls = ofType(events, 'call');
    expect(calls.map((c) => c.callId)).toEqual(Array.from({ length: n }, (_, i) => 10 + i));
    for (const c of calls) {
      expect(c).toMatchObject({ transport: 'rpc-http', interface: 'EMSMDB', operation: 'EcDummyRpc' });
      // No CONN/B1 named the virtual connection, and no response came.
      expect(c.virtualConnection).toBeUndefined();
      expect(c.fate).not.toBe('complete');
    }
    expect(ofType(events, 'rts')).toEqual([]);
    expect(ofType(events, 'finding').filter((f) => /^(http|rpch|dcerpc)\./.test(f.rule))).toEqual([]);
  });
});

describe('a proxy leg that the capture joins mid-stream with the server\'s flow control', () => {
  it('takes the side on the lower port (6001) as the server, whoever sent the first PDU', () => {
    const wire = new Wire();
    const leg = wire.connection([PROXY, 40003], SERVER, false);
    // FlowControlAck (flags 0x0002, one command: BytesReceived, AvailableWindow, ChannelCookie), from the server.
    const ack = rts(0x0002, [concat(u32(1), u32(4096), u32(0x10000), IN_CHANNEL.bytes)]);
    leg.send(1, ack);
    const events = wire.finish();
    expect(ofType(events, 'rts').map((r) => [r.name, r.direction])).toEqual([['FlowControlAck', 'to-client']]);
  });
});
