/**
 * The HTTP-specific facts of the HTTP samples, as samples/expected.json states them (written by the
 * generator from its scenario definitions, never by our decoders): per request its X-RequestType,
 * X-RequestId, session and HTTP status; per NotificationWait its keep-alives, X-PendingPeriod and
 * EventPending; the unsolicited 408; per RPC over HTTP channel its RTS PDUs, the virtual connections'
 * cookies and which calls each carried; the TLS sample's SNI. test/pipeline-samples.test.ts checks the
 * facts all samples share (sessions, subscriptions, notifications, pending signals).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallEvent, OxEvent, SummaryEvent } from '../src/model/events.js';
import { events, ofType, SAMPLES } from './support/collect.js';

interface Exchange {
  session: string | null;
  method: string | null;
  requestType: string | null;
  requestId: string | null;
  status: number | null;
  unsolicited?: boolean;
  responseCode?: number;
  pendingPeriodMs?: number;
  pendingKeepAlives?: number;
  virtualConnection?: string;
  channel?: 'IN' | 'OUT';
}
interface HttpConnectionFacts {
  connection: string;
  client: string;
  server: string;
  exchanges: Exchange[];
}
interface VirtualConnectionFacts {
  label: string;
  virtualConnectionCookie: string;
  inChannelCookie: string;
  outChannelCookie: string;
  associationGroupId: string;
}
interface RtsPduFacts {
  virtualConnection: string;
  channel: 'IN' | 'OUT';
  direction: 'c2s' | 's2c';
  name: string;
  flags: string;
  commands: string[];
}
interface Facts {
  http: HttpConnectionFacts[];
  sessions: { session: string; sessionCookie?: { name: string; value: string } }[];
  notificationWaits?: { session: string; requestId: string; eventPending: number; pendingKeepAlives: number; pendingPeriodMs: number; heldMs: number }[];
  calls: { connection: string; callId: number; name: string; interface: string }[];
  rts?: { virtualConnections: VirtualConnectionFacts[]; pdus: RtsPduFacts[]; flowControlAck: { virtualConnection: string; bytesReceived: number } };
  tls?: { sni: string; client: string; server: string };
}
const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as { captures: Record<string, Facts> };

const summaryOf = (evs: OxEvent[]): SummaryEvent => {
  const s = evs[evs.length - 1]!;
  if (s.type !== 'summary') throw new Error('no summary last');
  return s;
};

describe('mapi-http-basic.pcap: HTTP facts', () => {
  const exp = expected.captures['mapi-http-basic.pcap']!;
  const exchanges = exp.http.flatMap((c) => c.exchanges.map((x) => ({ ...x, client: c.client })));
  const solicited = exchanges.filter((x) => x.unsolicited !== true);
  let evs: OxEvent[];
  let calls: Map<string, CallEvent>;
  /** Scenario session label → our session id, through the session cookie the scenario set. */
  let sessionId: Map<string, string>;
  beforeAll(async () => {
    evs = await events('mapi-http-basic.pcap');
    const mapiCalls = ofType(evs, 'call').filter((c) => c.transport === 'mapi-http');
    calls = new Map(mapiCalls.map((c) => [c.requestId!, c]));
    expect(calls.size).toBe(mapiCalls.length); // X-RequestId is unique per request
    const ours = ofType(evs, 'session');
    sessionId = new Map(
      exp.sessions.map((s) => {
        const cookie = `${s.sessionCookie!.name}=${s.sessionCookie!.value}`;
        const got = ours.filter((o) => o.cookie === cookie);
        expect({ cookie, sessions: got.length }).toEqual({ cookie, sessions: 1 });
        return [s.session, got[0]!.session!];
      }),
    );
  });

  it('has one MAPI call per request, with its X-RequestType, X-RequestId, HTTP status and X-ResponseCode', () => {
    expect(solicited.length).toBeGreaterThan(0);
    expect([...calls.keys()].sort()).toEqual(solicited.map((x) => x.requestId!).sort());
    for (const x of solicited) {
      const c = calls.get(x.requestId!)!;
      expect({ id: x.requestId, operation: c.operation, httpStatus: c.httpStatus, responseCode: c.responseCode }).toEqual({
        id: x.requestId,
        operation: x.requestType,
        httpStatus: x.status,
        responseCode: x.responseCode,
      });
    }
  });

  it('puts each request in the session the scenario sent it for (none for the 401)', () => {
    for (const x of solicited) {
      const want = x.session === null ? null : sessionId.get(x.session)!;
      expect({ id: x.requestId, session: calls.get(x.requestId!)!.session }).toEqual({ id: x.requestId, session: want });
    }
    // Both sessions have requests, and on more than one TCP connection for S1 (its long poll has its own).
    const s1 = solicited.filter((x) => x.session === exp.sessions[0]!.session);
    expect(new Set(s1.map((x) => calls.get(x.requestId!)!.connection)).size).toBe(new Set(s1.map((x) => x.client)).size);
    expect(new Set(s1.map((x) => x.client)).size).toBeGreaterThan(1);
  });

  it('reports X-PendingPeriod and the PENDING keep-alives of every response', () => {
    for (const x of solicited.filter((e) => e.pendingPeriodMs !== undefined)) {
      const c = calls.get(x.requestId!)!;
      expect({ id: x.requestId, pendingPeriodMs: c.pendingPeriodMs, keepAlives: c.keepAlives ?? 0 }).toEqual({
        id: x.requestId,
        pendingPeriodMs: x.pendingPeriodMs,
        keepAlives: x.pendingKeepAlives,
      });
    }
  });

  it('per NotificationWait: keep-alive count, X-PendingPeriod, EventPending, hold time, and a pending signal only for EventPending 1', () => {
    const waits = exp.notificationWaits!;
    expect(waits.length).toBeGreaterThan(1);
    const pending = ofType(evs, 'pending').filter((p) => p.via === 'NotificationWait');
    for (const w of waits) {
      const c = calls.get(w.requestId)!;
      expect({ id: w.requestId, operation: c.operation, keepAlives: c.keepAlives, pendingPeriodMs: c.pendingPeriodMs, eventPending: c.eventPending, session: c.session }).toEqual({
        id: w.requestId,
        operation: 'NotificationWait',
        keepAlives: w.pendingKeepAlives,
        pendingPeriodMs: w.pendingPeriodMs,
        eventPending: w.eventPending === 1,
        session: sessionId.get(w.session),
      });
      // The server held the request heldMs; the capture adds loopback latency, never subtracts.
      expect(c.durationMs!).toBeGreaterThanOrEqual(w.heldMs);
      expect(c.durationMs!).toBeLessThan(w.heldMs + 250);
      const signal = pending.filter((p) => p.requestFrame === c.requestFrame);
      expect({ id: w.requestId, signals: signal.length }).toEqual({ id: w.requestId, signals: w.eventPending === 1 ? 1 : 0 });
      if (w.eventPending === 1) expect(signal[0]!.heldMs).toBe(c.durationMs);
    }
  });

  it('counts the unsolicited 408', () => {
    const want = exchanges.filter((x) => x.unsolicited === true && x.status === 408).length;
    expect(want).toBe(1);
    expect(summaryOf(evs).counts['http.unsolicited-408']).toBe(want);
  });
});

describe('rpc-http-basic.pcap: RTS and virtual connections', () => {
  const exp = expected.captures['rpc-http-basic.pcap']!;
  const rtsFacts = exp.rts!;
  const cookieOf = new Map(rtsFacts.virtualConnections.map((v) => [v.label, v.virtualConnectionCookie]));
  let evs: OxEvent[];
  beforeAll(async () => {
    evs = await events('rpc-http-basic.pcap');
  });

  it('names both virtual connections by their cookies, and nothing else', () => {
    expect(rtsFacts.virtualConnections).toHaveLength(2);
    expect(new Set(ofType(evs, 'rts').map((r) => r.virtualConnection))).toEqual(new Set(cookieOf.values()));
  });

  it('shows every RTS PDU per virtual connection and channel, in order, with direction, flags and commands', () => {
    const key = (vc: string | null, channel: string): string => `${vc} ${channel}`;
    const group = <T>(xs: T[], k: (x: T) => string): Map<string, T[]> => {
      const m = new Map<string, T[]>();
      for (const x of xs) m.set(k(x), [...(m.get(k(x)) ?? []), x]);
      return m;
    };
    const want = group(rtsFacts.pdus, (p) => key(cookieOf.get(p.virtualConnection)!, p.channel.toLowerCase()));
    const got = group(ofType(evs, 'rts'), (r) => key(r.virtualConnection, r.channel));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [k, pdus] of want) {
      expect({ k, pdus: got.get(k)!.map((r) => ({ name: r.name, direction: r.direction, flags: r.flags, commands: r.commands.map((c) => c.split(' ')[0]) })) }).toEqual({
        k,
        pdus: pdus.map((p) => ({ name: p.name, direction: p.direction === 'c2s' ? 'to-server' : 'to-client', flags: p.flags, commands: p.commands })),
      });
    }
  });

  it('CONN/A1 and CONN/B1 carry each virtual connection\'s channel cookies and association group', () => {
    const rts = ofType(evs, 'rts');
    for (const v of rtsFacts.virtualConnections) {
      const a1 = rts.filter((r) => r.virtualConnection === v.virtualConnectionCookie && r.name === 'CONN/A1');
      const b1 = rts.filter((r) => r.virtualConnection === v.virtualConnectionCookie && r.name === 'CONN/B1');
      expect(a1).toHaveLength(1);
      expect(b1).toHaveLength(1);
      expect(a1[0]!.commands).toEqual(expect.arrayContaining([`Cookie ${v.virtualConnectionCookie}`, `Cookie ${v.outChannelCookie}`]));
      expect(b1[0]!.commands).toEqual(expect.arrayContaining([`Cookie ${v.virtualConnectionCookie}`, `Cookie ${v.inChannelCookie}`, `AssociationGroupId ${v.associationGroupId}`]));
    }
  });

  it('the flow control ack says how many OUT channel bytes the client had received', () => {
    const ack = ofType(evs, 'rts').filter((r) => r.name === 'FlowControlAckWithDestination');
    expect(ack).toHaveLength(1);
    expect(ack[0]!.virtualConnection).toBe(cookieOf.get(rtsFacts.flowControlAck.virtualConnection));
    const received = /^FlowControlAck received (\d+) /.exec(ack[0]!.commands.find((c) => c.startsWith('FlowControlAck')) ?? '');
    expect(Number(received?.[1])).toBe(rtsFacts.flowControlAck.bytesReceived);
  });

  it('each call travelled on the virtual connection the scenario sent it on', () => {
    const calls = ofType(evs, 'call').filter((c) => c.transport === 'rpc-http');
    const key = (vc: string | undefined, callId: number, interfaceName: string): string => `${vc} ${interfaceName} ${callId}`;
    expect(new Map(calls.map((c) => [key(c.virtualConnection, c.callId, c.interface), c.operation]))).toEqual(
      new Map(exp.calls.map((c) => [key(cookieOf.get(c.connection), c.callId, c.interface), c.name])),
    );
    expect(calls).toHaveLength(exp.calls.length);
  });
});

describe('tls-mapi.pcap', () => {
  it('names the ClientHello\'s SNI and endpoints in summary.encrypted', async () => {
    const tls = expected.captures['tls-mapi.pcap']!.tls!;
    const { encrypted } = summaryOf(await events('tls-mapi.pcap'));
    expect(encrypted).toHaveLength(1);
    expect(encrypted[0]).toContain(`SNI ${tls.sni}`);
    expect(encrypted[0]).toContain(tls.client);
    expect(encrypted[0]).toContain(tls.server);
    expect(encrypted[0]!.indexOf(tls.client)).toBeLessThan(encrypted[0]!.indexOf(tls.server));
  });
});
