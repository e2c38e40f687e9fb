// MAPI over HTTP sessions driven through real HTTP stacks: the client side (headers, cookie jar, X-RequestId
// counter) and the server side (Set-Cookie, PROCESSING / PENDING / DONE inner stream), with every exchange
// recorded for expected.json from the values that were written.
import * as MH from './mapihttp.mjs';
import { sleep, makeRng, hex8 } from './bytes.mjs';
import { ropCall, recordRopOut, recordSubscriptions, logonRegisterRops, W } from './session.mjs';

export const HTTP_PORT = 60080;
export const TLS_PORT = 60443;
export const HOST = 'mail.contoso.example';
export const SERVER_APPLICATION = 'Exchange/15.01.2375.007';
export const CLIENT_APPLICATION = 'Outlook/16.0.4266.1001';
const EXPIRATION_MS = 900000;
const CLOCK_BASE = Date.UTC(2025, 2, 14, 9, 26, 53); // X-StartTime = this + seconds since the scenario began

/** Server-side state of one Session Context: its cookies, rotated by the server. */
class ServerContext {
  constructor(seed, { secure }) {
    this.rng = makeRng(seed);
    this.context = this.rng.bytes(24).toString('base64');
    this.sequence = this.nextSequence();
    this.attrs = `path=/mapi/emsmdb/;${secure ? ' secure;' : ''} HttpOnly`;
  }
  nextSequence() {
    const h = this.rng.bytes(16).toString('hex').toUpperCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  /** Every response names all the context's cookies; the sequence cookie changes on every request but NotificationWait. */
  setCookies(type) {
    if (type !== 'NotificationWait') this.sequence = this.nextSequence();
    return { MapiContext: this.context, MapiSequence: this.sequence };
  }
}

function connectionRecord(rec, conn) {
  let c = rec.http.find((x) => x.connection === conn.label);
  if (!c) {
    c = { connection: conn.label, client: conn.clientEp, server: conn.serverEp, tls: !!conn.tls, exchanges: [] };
    rec.http.push(c);
    rec.connections.push({ label: conn.label, client: conn.clientEp, server: conn.serverEp, interfaces: ['MAPI/HTTP emsmdb'] });
  }
  return c;
}

/**
 * One user's Session Context. `label` names it in expected.json (S1, S2, ...).
 */
export class MapiSession {
  constructor(rec, srv, { label, user, requestGuid, clientInfo, cookieSeed, secure = false, t0 }) {
    Object.assign(this, { rec, srv, label, user, requestGuid, clientInfo, t0 });
    this.target = `/mapi/emsmdb/?MailboxId=${user.mailboxGuid}@contoso.example`;
    this.counter = 1;
    this.jar = null; // cookies the client holds
    this.server = new ServerContext(cookieSeed, { secure });
    this.auth = 'Basic ' + Buffer.from(`${user.account}:P@ssw0rd`).toString('base64');
  }

  startTime() {
    return MH.httpDate(CLOCK_BASE + Math.floor((Date.now() - this.t0) / 1000) * 1000);
  }

  /**
   * Client request → server (respond(ex) writes the response and returns what it wrote) → client response.
   * Returns { requestId, response, record }.
   */
  async exchange(conn, { type, body, auth = true, connectionClose = false, respond }) {
    const requestId = MH.guidCounter(this.requestGuid, this.counter++);
    const connRecord = connectionRecord(this.rec, conn); // connections listed in the order they first carry a request
    const headers = ['Host', `${HOST}:${conn.server.port}`, 'Content-Type', MH.CONTENT_TYPE, 'Content-Length', String(body.length), 'X-RequestType', type, 'X-RequestId', requestId, 'X-ClientInfo', this.clientInfo, 'X-ClientApplication', CLIENT_APPLICATION];
    const cookiesSent = this.jar ? { ...this.jar } : null;
    if (cookiesSent) headers.push('Cookie', Object.entries(cookiesSent).map(([k, v]) => `${k}=${v}`).join('; '));
    if (auth) headers.push('Authorization', this.auth);
    if (connectionClose) headers.push('Connection', 'close');
    const pending = conn.request({ path: this.target, headers, body });
    const ex = await this.srv.take((x) => x.req.headers['x-requestid'] === requestId, `${type} ${requestId}`);
    if (ex.client !== conn.clientEp) throw new Error(`${requestId} arrived from ${ex.client}, not ${conn.clientEp}`);
    if (cookiesSent && ex.req.headers.cookie !== headers[headers.indexOf('Cookie') + 1]) throw new Error('cookie header changed in transit');
    const wrote = await respond(ex, { type, requestId });
    const response = await pending;
    if (response.status !== wrote.status || response.body.length !== wrote.record.responseBodyBytes) throw new Error(`${requestId}: client saw ${response.status} with ${response.body.length} body bytes`);
    if (wrote.setCookies) this.jar = { ...wrote.setCookies };
    const record = {
      session: wrote.status === 200 ? this.label : null,
      method: 'POST',
      target: this.target,
      requestType: type,
      requestId,
      authorization: auth ? 'Basic' : null,
      cookiesSent,
      connectionClose,
      requestBodyBytes: body.length,
      ...wrote.record,
      setCookies: wrote.setCookies ?? null,
    };
    connRecord.exchanges.push(record);
    return { requestId, response, record };
  }

  /** 401 with a Basic challenge (no cookies, no MAPI headers). */
  async unauthorized(ex) {
    const text = Buffer.from('<html><head><title>401 - Unauthorized</title></head><body>Access is denied.</body></html>');
    ex.res.writeHead(401, 'Unauthorized', ['Content-Type', 'text/html', 'WWW-Authenticate', `Basic realm="${HOST}"`, 'Content-Length', String(text.length)]);
    await new Promise((r) => ex.res.end(text, r));
    return { status: 401, record: { status: 401, reason: 'Unauthorized', framing: 'content-length', responseBodyBytes: text.length, wwwAuthenticate: 'Basic' } };
  }

  /**
   * 200 with the MAPI/HTTP inner stream. chunked: PROCESSING, `keepAlives` × PENDING every pendingPeriodMs, then
   * DONE + additional headers (+ the binary body in the same chunk or, with splitBody, its own chunk).
   * Not chunked: the whole stream under Content-Length.
   */
  async ok(ex, { type, requestId }, { body = Buffer.alloc(0), chunked = true, keepAlives = 0, pendingPeriodMs = 1000, thinkMs = 12, tailMs = 0, elapsedMs, splitBody = false }) {
    const setCookies = this.server.setCookies(type);
    const startTime = this.startTime();
    const done = Buffer.from(MH.doneText({ elapsedMs, startTime }));
    const processing = Buffer.from(MH.META.PROCESSING);
    const headers = ['Content-Type', MH.CONTENT_TYPE];
    headers.push(...(chunked ? ['Transfer-Encoding', 'chunked'] : ['Content-Length', String(processing.length + done.length + body.length)]));
    headers.push('X-RequestType', type, 'X-RequestId', requestId, 'X-ResponseCode', '0', 'X-ClientInfo', this.clientInfo, 'X-ServerApplication', SERVER_APPLICATION, 'X-PendingPeriod', String(pendingPeriodMs), 'X-ExpirationInfo', String(EXPIRATION_MS));
    for (const [k, v] of Object.entries(setCookies)) headers.push('Set-Cookie', `${k}=${v}; ${this.server.attrs}`);
    const res = ex.res;
    res.writeHead(200, 'OK', headers);
    const write = (b) => new Promise((r) => res.write(b, r));
    let chunks = 0;
    const metaTags = ['PROCESSING'];
    if (chunked) {
      await write(processing);
      chunks++;
      for (let i = 0; i < keepAlives; i++) {
        await sleep(pendingPeriodMs);
        await write(MH.META.PENDING);
        chunks++;
        metaTags.push('PENDING');
      }
      await sleep(tailMs || thinkMs);
      if (splitBody && body.length) {
        await write(done);
        await sleep(2);
        await write(body);
        chunks += 2;
      } else {
        await write(Buffer.concat([done, body]));
        chunks++;
      }
      await new Promise((r) => res.end(r));
    } else {
      await sleep(thinkMs);
      await new Promise((r) => res.end(Buffer.concat([processing, done, body]), r));
    }
    metaTags.push('DONE');
    const bytes = processing.length + (keepAlives * MH.META.PENDING.length) + done.length + body.length;
    return {
      status: 200,
      setCookies,
      record: {
        status: 200,
        reason: 'OK',
        framing: chunked ? 'chunked' : 'content-length',
        responseBodyBytes: bytes,
        chunks: chunked ? chunks : null,
        responseCode: 0,
        metaTags,
        additionalHeaders: { 'X-ResponseCode': 0, 'X-ElapsedTime': elapsedMs, 'X-StartTime': startTime },
        binaryBodyBytes: body.length,
        pendingPeriodMs,
        pendingKeepAlives: keepAlives,
      },
    };
  }

  // ---------------------------------------------------------------- request types

  async connect(conn, { auth = true } = {}) {
    const u = this.user;
    const body = MH.connectRequest({ userDn: u.userDn });
    if (!auth) return this.exchange(conn, { type: 'Connect', body, auth: false, respond: (ex) => this.unauthorized(ex) });
    const out = MH.connectResponse({ pollsMax: 60000, retryCount: 6, retryDelay: 10000, dnPrefix: W.ORG_DN, displayName: u.displayName, auxOut: W.connectExResult(null, 0).auxOut });
    const r = await this.exchange(conn, { type: 'Connect', body, respond: (ex, m) => this.ok(ex, m, { body: out, elapsedMs: 31, thinkMs: 30, splitBody: true }) });
    r.record.connect = { statusCode: 0, errorCode: hex8(0), pollsMaxMs: 60000, retryCount: 6, retryDelayMs: 10000, auxOut: { flags: '0x0004', blocks: ['AUX_EXORGINFO', 'AUX_CLIENT_CONTROL', 'AUX_ENDPOINT_CAPABILITIES'] } };
    this.rec.sessions.push({
      session: this.label,
      connection: conn.label,
      client: conn.clientEp,
      server: conn.serverEp,
      transport: 'mapi-http',
      userDN: u.userDn,
      picxr: null,
      pollsMaxMs: 60000,
      serverVersion: W.SERVER_VERSION_TEXT,
      serverApplication: SERVER_APPLICATION,
      displayName: u.displayName,
      dnPrefix: W.ORG_DN,
      contextHandle: null,
      sessionCookie: { name: 'MapiContext', value: this.server.context },
      requestIdGuid: `{${this.requestGuid.toUpperCase()}}`,
      clientInfo: this.clientInfo,
      target: this.target,
      connectRequestId: r.requestId,
      returnValue: hex8(0),
    });
    return r;
  }

  /** Execute: ROPs in, ROPs out (RPC_HEADER_EXT framed); records subscriptions / notifications / tables given. */
  async execute(conn, { rops = [], handles = [], outRops = [], outHandles = [], compress = false, flags = 0x3, notifications = [], subs = [], connectionClose = false, thinkMs = 15 }) {
    const { rgbIn, out, info } = ropCall({ rops, handles, outRops, outHandles, compress });
    const body = MH.executeRequest({ flags, ropBuffer: rgbIn });
    const resp = MH.executeResponse({ ropBuffer: out.bytes });
    const r = await this.exchange(conn, { type: 'Execute', body, connectionClose, respond: (ex, m) => this.ok(ex, m, { body: resp, elapsedMs: thinkMs, thinkMs, splitBody: true }) });
    r.record.execute = { flags: hex8(flags), maxRopOut: hex8(0x8007), ...info, statusCode: 0, errorCode: hex8(0) };
    recordSubscriptions(this.rec, { connection: conn.label, callId: r.requestId, subs });
    recordRopOut(this.rec, { connection: conn.label, callId: r.requestId, out, notifications });
    return r;
  }

  /** RopLogon + RopRegisterNotification(s) [+ more ROPs] in one Execute. */
  async logonAndRegister(conn, { subs, more = { rops: [], handles: [], outRops: [], outHandles: [] }, ...rest }) {
    const lr = logonRegisterRops(subs, { essdn: this.user.userDn, logonResponse: { ...W.LOGON_RESPONSE, mailboxGuid: this.user.mailboxGuid } });
    return this.execute(conn, {
      rops: [...lr.rops, ...more.rops],
      handles: [...lr.handles, ...more.handles],
      outRops: [...lr.outRops, ...more.outRops],
      outHandles: [...lr.outHandles, ...more.outHandles],
      subs,
      ...rest,
    });
  }

  /** NotificationWait held for keepAlives × pendingPeriodMs + tailMs; EventPending as given. */
  async notificationWait(conn, { eventPending, keepAlives, pendingPeriodMs = 1000, tailMs }) {
    const body = MH.notificationWaitRequest();
    const out = MH.notificationWaitResponse({ eventPending });
    const elapsedMs = keepAlives * pendingPeriodMs + tailMs;
    const r = await this.exchange(conn, { type: 'NotificationWait', body, respond: (ex, m) => this.ok(ex, m, { body: out, keepAlives, pendingPeriodMs, tailMs, elapsedMs }) });
    r.record.notificationWait = { flags: hex8(0), statusCode: 0, errorCode: hex8(0), eventPending };
    if (eventPending) this.rec.pending.push({ via: 'NotificationWait', session: this.label, connection: conn.label, requestId: r.requestId, eventPending, flagsOut: hex8(eventPending) });
    this.rec.notificationWaits.push({ session: this.label, connection: conn.label, requestId: r.requestId, eventPending, pendingKeepAlives: keepAlives, pendingPeriodMs, heldMs: elapsedMs });
    return r;
  }

  ping(conn) {
    return this.exchange(conn, { type: 'PING', body: Buffer.alloc(0), respond: (ex, m) => this.ok(ex, m, { chunked: false, elapsedMs: 0, thinkMs: 2 }) });
  }

  async disconnect(conn, opts = {}) {
    const r = await this.exchange(conn, { type: 'Disconnect', body: MH.disconnectRequest(), ...opts, respond: (ex, m) => this.ok(ex, m, { body: MH.disconnectResponse(), chunked: false, elapsedMs: 4, thinkMs: 4 }) });
    this.rec.sessions.find((s) => s.session === this.label).disconnectRequestId = r.requestId;
    return r;
  }
}

/** The unsolicited 408 a server writes on an idle keep-alive connection before closing it. */
export async function requestTimeout(rec, srv, conn) {
  const text = 'HTTP/1.1 408 Request Timeout\r\nContent-Type: text/html\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';
  await srv.unsolicited(conn.clientEp, text);
  connectionRecord(rec, conn).exchanges.push({ session: null, method: null, target: null, requestType: null, requestId: null, unsolicited: true, status: 408, reason: 'Request Timeout', framing: 'content-length', responseContentLength: 0, responseBodyBytes: 0, connectionClose: true });
}
