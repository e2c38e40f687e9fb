/**
 * MAPI over HTTP sessions are keyed by their cookies across TCP connections, and a Connect that carries
 * a session's cookies replaces it ([MS-OXCMAPIHTTP] 3.1.5.7, 3.2.5.6; reference MAPIHTTP.md §1.5, rule
 * N18). Every byte is written here by hand: the HTTP messages follow the spec examples (VECTORS-mapihttp
 * A.1 Connect, A.2 Execute chunked, A.4 Connect with old cookies, A.5 Disconnect), the bodies the layouts
 * of MAPIHTTP.md §3.3, §3.4, §3.6, §3.7 and the synthetic vectors C.1–C.6. The bytes go through
 * AppDetector (HTTP routing, HttpConnection, MapiHttpAnalyzer) on four TCP connections.
 */
import type { CallEvent, OxEvent, PendingEvent, SessionEndEvent, SessionEvent } from '../src/model/events.js';
import type { FrameRef } from '../src/core/frame-ref.js';
import { diffMs } from '../src/core/capture-time.js';
import { ofType } from './support/collect.js';
import { ascii, concat, hex, u32, Wire } from './support/wire.js';

const TARGET = '/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e@Contoso.com';
const CLIENT_INFO = '{2EF33C39-49C8-421C-B876-CDF7F2AC3AA0}:123';
const rid = (n: number): string => `{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:${n}`;
const USER_DN = '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice';
const DN_PREFIX = '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)';
const S1_COOKIES = ['MapiContext=ctx-one-8c1d', 'MapiSequence=seq-one-1'];
const S2_COOKIES = ['MapiContext=ctx-two-4f7a', 'MapiSequence=seq-two-1'];
const STRANGER_COOKIES = ['MapiContext=nobody-knows-me', 'MapiSequence=whatever'];

// --- bodies (MAPIHTTP.md §3, all integers little-endian) -----------------------------------------------

const utf16z = (s: string): Uint8Array => Uint8Array.from([...s, '\0'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));

/** §3.3 Connect request: UserDn ASCIIZ, Flags, DefaultCodePage, LcidSort, LcidString, AuxiliaryBufferSize 0. */
const CONNECT_REQUEST = concat(USER_DN, '\0', u32(0), u32(1252), u32(1033), u32(1033), u32(0));
/** §3.3 Connect success: StatusCode, ErrorCode, PollsMax, RetryCount, RetryDelay, DnPrefix, DisplayName, Aux 0. */
const CONNECT_RESPONSE = concat(u32(0), u32(0), u32(60000), u32(6), u32(10000), DN_PREFIX, '\0', utf16z('Alice Wong'), u32(0));
/** C.5: Execute request with an empty ROP buffer. */
const EXECUTE_REQUEST = hex('03 00 00 00 0a 00 00 00 00 00 04 00 02 00 02 00 02 00 07 80 00 00 00 00 00 00');
/** §3.4 Execute success with an empty RopBuffer: StatusCode, ErrorCode, Flags, RopBufferSize 10, RPC_HEADER_EXT + RopSize 2, Aux 0. */
const EXECUTE_EMPTY_RESPONSE = hex('00000000 00000000 00000000 0a000000 0000 0400 0200 0200 0200 00000000');
/** C.6: Execute success carrying RopPending(SessionIndex 1) — decoding it would give a RopPending signal. */
const EXECUTE_ROP_PENDING_RESPONSE = hex('00 00 00 00 00 00 00 00 00 00 00 00 0d 00 00 00 00 00 04 00 05 00 05 00 05 00 6e 01 00 00 00 00 00');
/** C.3: NotificationWait request (Flags 0, Aux 0). */
const WAIT_REQUEST = hex('00 00 00 00 00 00 00 00');
/** §3.7 NotificationWait success: StatusCode, ErrorCode, EventPending, Aux 0 (C.4's body). */
const waitResponse = (eventPending: 0 | 1): Uint8Array => concat(u32(0), u32(0), u32(eventPending), u32(0));
/** §3.6 Disconnect request (Aux 0) and success (StatusCode, ErrorCode, Aux 0). */
const DISCONNECT_REQUEST = u32(0);
const DISCONNECT_RESPONSE = concat(u32(0), u32(0), u32(0));

// --- HTTP messages (VECTORS-mapihttp A.1–A.5) ---------------------------------------------------------

function request(type: string, id: string, body: Uint8Array, cookies: string[] = [], auth = true): Uint8Array {
  const lines = [
    `POST ${TARGET} HTTP/1.1`,
    'Host: mail.Contoso.com',
    `Content-Length: ${body.length}`,
    'Content-Type: application/mapi-http',
    ...cookies.map((c) => `Cookie: ${c}`),
    `X-RequestType: ${type}`,
    `X-ClientInfo: ${CLIENT_INFO}`,
    `X-RequestId: ${id}`,
    'X-ClientApplication: Outlook/15.0.4815.1002',
    ...(auth ? ['Authorization: Basic YWxpY2U6cGFzc3dvcmQ='] : []),
  ];
  return concat(lines.join('\r\n'), '\r\n\r\n', body);
}

function responseHead(type: string, id: string, framing: string, setCookies: string[] = []): string {
  const lines = [
    'HTTP/1.1 200 OK',
    framing,
    'Content-Type: application/mapi-http',
    ...setCookies.map((c) => `Set-Cookie: ${c}; path=/mapi/emsmdb`),
    'X-PendingPeriod: 15000',
    `X-RequestType: ${type}`,
    `X-RequestId: ${id}`,
    'X-ResponseCode: 0',
    `X-ClientInfo: ${CLIENT_INFO}`,
    'X-ServerApplication: Exchange/15.01.2375.007',
    'X-ExpirationInfo: 900000',
  ];
  return lines.join('\r\n') + '\r\n\r\n';
}

/** The text part after DONE, then the binary body (MAPIHTTP.md §2). */
const done = (body: Uint8Array, responseCode = 0): Uint8Array =>
  concat(`DONE\r\nX-ResponseCode: ${responseCode}\r\nX-ElapsedTime: 12\r\nX-StartTime: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n`, body);

/** A.1 / A.5: a Content-Length response whose entity is PROCESSING, DONE, the additional headers and the body. */
function plainResponse(type: string, id: string, body: Uint8Array, setCookies: string[] = []): Uint8Array {
  const entity = concat('PROCESSING\r\n', done(body));
  return concat(responseHead(type, id, `Content-Length: ${entity.length}`, setCookies), entity);
}

const chunk = (data: Uint8Array | string): Uint8Array => {
  const d = typeof data === 'string' ? ascii(data) : data;
  return concat(d.length.toString(16).toUpperCase(), '\r\n', d, '\r\n');
};
/** C.1 and C.2. */
const PROCESSING_CHUNK = hex('43 0d 0a 50 52 4f 43 45 53 53 49 4e 47 0d 0a 0d 0a');
const PENDING_CHUNK = hex('39 0d 0a 50 45 4e 44 49 4e 47 0d 0a 0d 0a');
const LAST_CHUNK = ascii('0\r\n\r\n');

/** A.2: chunked, PROCESSING at once, the final data chunk, the zero chunk. */
function chunkedResponse(type: string, id: string, final: Uint8Array, setCookies: string[] = []): Uint8Array {
  return concat(responseHead(type, id, 'Transfer-Encoding: chunked', setCookies), PROCESSING_CHUNK, chunk(final), LAST_CHUNK);
}

const UNAUTHORIZED = ascii('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="mail.Contoso.com"\r\nContent-Length: 0\r\n\r\n');

// --- the conversation -------------------------------------------------------------------------------

const CLIENT = '10.0.0.1';
const SERVER: [string, number] = ['10.0.0.2', 80];

interface Run {
  events: OxEvent[];
  /** Request frames by X-RequestId counter. */
  requestFrame: Map<number, FrameRef>;
  wait: { request: FrameRef; head: FrameRef; pending: FrameRef[]; done: FrameRef };
}

function conversation(): Run {
  const wire = new Wire();
  const a = wire.connection([CLIENT, 50001], SERVER);
  const b = wire.connection([CLIENT, 50002], SERVER);
  const c = wire.connection([CLIENT, 50003], SERVER);
  const d = wire.connection([CLIENT, 50004], SERVER);
  const requestFrame = new Map<number, FrameRef>();
  const req = (conn: typeof a, n: number, bytes: Uint8Array): void => void requestFrame.set(n, conn.send(0, bytes));

  // 1: Connect without credentials → 401 (no Session Context, no MAPI body).
  req(a, 1, request('Connect', rid(1), CONNECT_REQUEST, [], false));
  a.send(1, UNAUTHORIZED);
  // 2: Connect → S1 (A.1).
  req(a, 2, request('Connect', rid(2), CONNECT_REQUEST));
  a.send(1, plainResponse('Connect', rid(2), CONNECT_RESPONSE, S1_COOKIES));
  // 3: Execute on another TCP connection with S1's cookies (A.2).
  req(b, 3, request('Execute', rid(3), EXECUTE_REQUEST, S1_COOKIES));
  b.send(1, chunkedResponse('Execute', rid(3), done(EXECUTE_EMPTY_RESPONSE)));
  // 4: NotificationWait on a third connection: PROCESSING, two PENDING keep-alives, DONE with EventPending 1.
  const waitRequest = c.send(0, request('NotificationWait', rid(4), WAIT_REQUEST, S1_COOKIES));
  requestFrame.set(4, waitRequest);
  wire.wait(3);
  const head = c.send(1, concat(responseHead('NotificationWait', rid(4), 'Transfer-Encoding: chunked'), PROCESSING_CHUNK));
  const pending: FrameRef[] = [];
  wire.wait(1000);
  pending.push(c.send(1, PENDING_CHUNK));
  wire.wait(1000);
  pending.push(c.send(1, PENDING_CHUNK));
  wire.wait(1250);
  const doneAt = c.send(1, concat(chunk(done(waitResponse(1))), LAST_CHUNK));
  // 5: the next NotificationWait completes with nothing pending.
  req(c, 5, request('NotificationWait', rid(5), WAIT_REQUEST, S1_COOKIES));
  wire.wait(400);
  c.send(1, chunkedResponse('NotificationWait', rid(5), done(waitResponse(0))));
  // 6: an Execute whose response fails after DONE: header X-ResponseCode 0, additional header 10.
  req(b, 6, request('Execute', rid(6), EXECUTE_REQUEST, S1_COOKIES));
  b.send(1, chunkedResponse('Execute', rid(6), done(EXECUTE_ROP_PENDING_RESPONSE, 10)));
  // 7: Connect with S1's cookies, answered with new ones (A.4) → S1 ends, S2 begins.
  req(a, 7, request('Connect', rid(7), CONNECT_REQUEST, S1_COOKIES));
  a.send(1, plainResponse('Connect', rid(7), CONNECT_RESPONSE, S2_COOKIES));
  // 8: Execute with S2's cookies.
  req(b, 8, request('Execute', rid(8), EXECUTE_REQUEST, S2_COOKIES));
  b.send(1, chunkedResponse('Execute', rid(8), done(EXECUTE_EMPTY_RESPONSE)));
  // 9: Disconnect (A.5) ends S2.
  req(a, 9, request('Disconnect', rid(9), DISCONNECT_REQUEST, S2_COOKIES));
  a.send(1, plainResponse('Disconnect', rid(9), DISCONNECT_RESPONSE));
  // 10: a request whose cookie no Connect in the capture set.
  req(d, 10, request('Execute', rid(10), EXECUTE_REQUEST, STRANGER_COOKIES));
  d.send(1, chunkedResponse('Execute', rid(10), done(EXECUTE_EMPTY_RESPONSE)));

  return { events: wire.finish(), requestFrame, wait: { request: waitRequest, head, pending, done: doneAt } };
}

describe('MAPI over HTTP sessions by cookie, reconnect and long poll', () => {
  let run: Run;
  let sessions: SessionEvent[];
  let ends: SessionEndEvent[];
  let calls: Map<number, CallEvent>;
  beforeAll(() => {
    run = conversation();
    sessions = ofType(run.events, 'session');
    ends = ofType(run.events, 'session-end');
    calls = new Map(ofType(run.events, 'call').map((c) => [Number(c.requestId!.split(':')[1]), c]));
  });

  it('decodes every request as a MAPI call, once, with its X-RequestType', () => {
    expect([...calls.keys()].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ofType(run.events, 'call')).toHaveLength(10);
    const ops = ['Connect', 'Connect', 'Execute', 'NotificationWait', 'NotificationWait', 'Execute', 'Connect', 'Execute', 'Disconnect', 'Execute'];
    expect([...calls.entries()].sort(([x], [y]) => x - y).map(([, c]) => c.operation)).toEqual(ops);
    for (const [n, c] of calls) {
      expect({ n, transport: c.transport, requestFrame: c.requestFrame }).toEqual({ n, transport: 'mapi-http', requestFrame: run.requestFrame.get(n)!.frame });
    }
  });

  it('has three sessions: S1 and S2 from Connect (cookies from Set-Cookie), one inferred from an unknown cookie', () => {
    expect(sessions.map((s) => ({ origin: s.origin, cookie: s.cookie }))).toEqual([
      { origin: 'connect', cookie: S1_COOKIES[0] },
      { origin: 'connect', cookie: S2_COOKIES[0] },
      { origin: 'inferred', cookie: STRANGER_COOKIES[0] },
    ]);
    expect(new Set(sessions.map((s) => s.session)).size).toBe(3);
    for (const s of sessions.slice(0, 2)) {
      expect(s).toMatchObject({ transport: 'mapi-http', userDN: USER_DN, displayName: 'Alice Wong', pollsMaxMs: 60000, serverVersion: '15.1.2375.7', client: `${CLIENT}:50001`, server: '10.0.0.2:80' });
    }
    expect(sessions[2]).toMatchObject({ userDN: null, client: `${CLIENT}:50004` });
  });

  it('a 401 gives a call with httpStatus 401 and no session', () => {
    expect(calls.get(1)).toMatchObject({ operation: 'Connect', httpStatus: 401, session: null, returnValue: null });
    expect(calls.get(1)!.responseCode).toBeUndefined();
    // The session appears with the authenticated Connect's response, not before.
    expect(sessions[0]!.frame).toBeGreaterThan(run.requestFrame.get(2)!.frame);
  });

  it('puts requests on other TCP connections in the session their cookies name', () => {
    const [s1, s2, s3] = sessions.map((s) => s.session);
    const sessionOf = (n: number): string | null => calls.get(n)!.session;
    expect([2, 3, 4, 5, 6].map(sessionOf)).toEqual([s1, s1, s1, s1, s1]);
    expect([7, 8, 9].map(sessionOf)).toEqual([s2, s2, s2]);
    expect(sessionOf(10)).toBe(s3);
    // 3 and 8 travelled on connection b, 4 and 5 on c, 2, 7 and 9 on a: the session is not the connection.
    expect(new Set([2, 3, 4].map((n) => calls.get(n)!.connection)).size).toBe(3);
  });

  it('a Connect carrying S1\'s cookies ends S1 with reason reconnect and opens S2; Disconnect ends S2', () => {
    const [s1, s2, s3] = sessions.map((s) => s.session);
    expect(ends.map((e) => ({ session: e.session, reason: e.reason }))).toEqual([
      { session: s1, reason: 'reconnect' },
      { session: s2, reason: 'disconnect' },
      { session: s3, reason: 'capture-end' },
    ]);
    // S1 ends no earlier than the reconnecting request, and before S2 is announced.
    const i = (e: OxEvent): number => run.events.indexOf(e);
    expect(ends[0]!.frame).toBeGreaterThanOrEqual(run.requestFrame.get(7)!.frame);
    expect(i(ends[0]!)).toBeLessThan(i(sessions[1]!));
    expect(ends[1]!.frame).toBe(calls.get(9)!.frame);
  });

  it('a NotificationWait with EventPending 1 is a pending signal with its hold time and keep-alive cadence', () => {
    const w = run.wait;
    const pending = ofType(run.events, 'pending');
    expect(pending).toHaveLength(1);
    const p: PendingEvent = pending[0]!;
    const held = diffMs(w.done.time, w.request.time);
    expect(p).toMatchObject({ via: 'NotificationWait', session: sessions[0]!.session, requestFrame: w.request.frame, frame: w.done.frame, heldMs: held, returnValue: '0x00000000' });
    const gaps = [w.head, ...w.pending, w.done].slice(1).map((f, k) => diffMs(f.time, [w.head, ...w.pending][k]!.time));
    expect(calls.get(4)).toMatchObject({ eventPending: true, keepAlives: 2, pendingPeriodMs: 15000, keepAliveMaxGapMs: Math.max(...gaps), durationMs: held, responseCode: 0, httpStatus: 200 });
  });

  it('a NotificationWait with EventPending 0 is no pending signal', () => {
    expect(calls.get(5)).toMatchObject({ eventPending: false, keepAlives: 0, responseCode: 0, returnValue: '0x00000000' });
    expect(ofType(run.events, 'pending').filter((p) => p.requestFrame === run.requestFrame.get(5)!.frame)).toEqual([]);
  });

  it('an X-ResponseCode after DONE overrides the header\'s 0, and the body is not decoded', () => {
    const c = calls.get(6)!;
    expect(c).toMatchObject({ responseCode: 10, httpStatus: 200, returnValue: null });
    expect(c.ropsOut).toBeUndefined();
    // Decoding the body would have given a RopPending signal.
    expect(ofType(run.events, 'pending').filter((p) => p.via === 'RopPending')).toEqual([]);
    // The successful Executes were decoded: an empty response ROP list.
    expect(calls.get(3)).toMatchObject({ responseCode: 0, returnValue: '0x00000000', ropsIn: [], ropsOut: [], poll: true });
  });

  it('reports no undecoded bytes', () => {
    expect(ofType(run.events, 'finding').filter((f) => /^(http|mapihttp|rop)\./.test(f.rule))).toEqual([]);
  });
});
