import { diffMs } from '../core/capture-time.js';
import type { FrameRef } from '../core/frame-ref.js';
import { hex8 } from '../core/hex.js';
import { headerValue } from '../dissectors/http/headers.js';
import { pendingPeriodMs } from '../dissectors/mapihttp/headers.js';
import { responseCodeName, responseCodeOf } from '../dissectors/mapihttp/response-codes.js';
import type { HttpBodySink, HttpEndOutcome, HttpRequestHead, HttpResponseHead } from '../dissectors/http/types.js';
import { mapiSessionCookies } from '../dissectors/mapihttp/cookies.js';
import { decodeMapiRequestBody } from '../dissectors/mapihttp/request-bodies.js';
import { decodeMapiResponseBody } from '../dissectors/mapihttp/response-bodies.js';
import { MapiResponseStream } from '../dissectors/mapihttp/response-stream.js';
import { requestTypeOf } from '../dissectors/mapihttp/request-types.js';
import type { MapiRequest, MapiRequestType, MapiResponse } from '../dissectors/mapihttp/types.js';
import { errorName } from '../dissectors/oxcdata/error-codes.js';
import type { RopBuffer, RopRequest } from '../dissectors/rops/types.js';
import type { CallEvent } from '../model/events.js';
import type { AnalysisContext } from './context.js';
import { BoundedBody } from './bounded-body.js';
import { decodeRopRequests, decodeRopResponses, notePoll, type RopCallPlace } from './rop-call.js';
import { applyRequestRops } from './rop-exchange.js';
import { INFERRED_DETAILS, openSession, type ConnectionView } from './session-open.js';
import type { Session } from './sessions.js';
import { round3 } from '../core/round.js';

/** One MAPI over HTTP request on its way to its response. */
interface Exchange {
  head: HttpRequestHead;
  /** emsmdb: the mailbox (sessions, ROPs); nspi: the address book, labelled and timed only. */
  endpoint: 'emsmdb' | 'nspi';
  view: ConnectionView;
  type: MapiRequestType | null;
  /** The session cookie key the request carried (null: none). */
  cookieKey: string | null;
  body: BoundedBody;
  request?: MapiRequest;
  session?: Session;
  ropRequests?: RopBuffer<RopRequest>[];
  /** PENDING keep-alives: how many, the last one's time and the longest silence so far (constant memory). */
  keepAlives: { count: number; last: FrameRef | null; maxGapMs: number };
  /** Bytes of the request or response body were lost: its fields cannot be trusted. */
  requestHoled: boolean;
  responseHoled: boolean;
  done: boolean;
}

/**
 * MAPI over HTTP ([MS-OXCMAPIHTTP]) on /mapi/emsmdb/: a Session Context is named by its cookies,
 * never by TCP connection (a session spans many: the long poll on one, Executes on others, and
 * servers close connections after each response — REAL-SERVER-NOTES). Execute carries the same
 * RopBuffer framing as rgbIn/rgbOut and goes through the same ROP layers as EcDoRpcExt2;
 * NotificationWait is the long poll whose EventPending is a pending signal.
 */
export class MapiHttpAnalyzer {
  private readonly exchanges = new Map<HttpRequestHead, Exchange>();

  constructor(private readonly ctx: AnalysisContext) {}

  /** A request to the emsmdb endpoint: collect its body, then decode it against its session. */
  request(head: HttpRequestHead, view: ConnectionView, endpoint: 'emsmdb' | 'nspi' = 'emsmdb'): HttpBodySink {
    const type = requestTypeOf(head.headers);
    const cookies = mapiSessionCookies(head.headers);
    const ex: Exchange = {
      head,
      endpoint,
      view,
      type,
      cookieKey: cookies.key,
      body: new BoundedBody(this.ctx.limits.maxDcerpcCallBytes),
      keepAlives: { count: 0, last: null, maxGapMs: 0 },
      requestHoled: false,
      responseHoled: false,
      done: false,
    };
    this.exchanges.set(head, ex);
    this.ctx.counters.add(`mapihttp.${endpoint}.${type ?? 'unknown'}`);
    return {
      data: (bytes) => ex.body.add(bytes),
      gap: () => {
        ex.requestHoled = true;
      },
      end: (outcome, at) => this.requestComplete(ex, outcome, at),
    };
  }

  /** The response to a request this analyzer took (null when the request was not ours). */
  response(head: HttpResponseHead, req: HttpRequestHead): HttpBodySink | null {
    const ex = this.exchanges.get(req);
    if (!ex || head.interim) return null;
    const k = ex.keepAlives;
    k.last = head.at;
    const stream = new MapiResponseStream({
      maxBodyBytes: this.ctx.limits.maxDcerpcCallBytes,
      onLine: (kind, at) => {
        if (kind !== 'PENDING') return;
        k.count++;
        k.maxGapMs = Math.max(k.maxGapMs, diffMs(at.time, k.last!.time));
        k.last = at;
      },
    });
    return {
      data: (bytes, at) => stream.push(bytes, at),
      gap: () => {
        ex.responseHoled = true;
      },
      end: (outcome, at) => this.responseComplete(ex, head, stream, outcome, at),
    };
  }

  /** The connection ended: requests still without a response are reported as such. */
  abandon(req: HttpRequestHead, at: FrameRef): void {
    const ex = this.exchanges.get(req);
    if (!ex || ex.done) return;
    this.exchanges.delete(req);
    ex.done = true;
    this.emitCall(ex, at, null, { fate: 'response-lost' });
  }

  // --- requests ----------------------------------------------------------------------------

  private sessionKey(ex: Exchange, cookieKey: string): string {
    return `mapi ${ex.view.serverIp()} ${cookieKey}`;
  }

  private requestComplete(ex: Exchange, outcome: HttpEndOutcome, at: FrameRef): void {
    const ctx = this.ctx;
    if (outcome !== 'complete' || ex.requestHoled) {
      ctx.damage('mapihttp', { reason: outcome === 'limit' ? 'limit' : 'gap', offset: ex.body.total, field: `${ex.type ?? 'MAPI'} request body`, detail: ex.requestHoled ? 'bytes of the request body are missing from the capture; it is not decoded' : `the request body ended with "${outcome}"; it is not decoded` }, at, { flow: flowOf(ex) });
    }
    if (ex.endpoint === 'nspi') return;
    if (ex.type && ex.type !== 'Connect' && ex.cookieKey) {
      const key = this.sessionKey(ex, ex.cookieKey);
      // The capture began after this session's Connect: infer it from its cookie.
      ex.session = ctx.sessions.byKey(key) ?? openSession(ctx, ex.view, ex.head.first, key, 'inferred', { ...INFERRED_DETAILS, contextHandle: null, cookie: ex.cookieKey });
    }
    if (!ex.type || ex.body.overflowed || outcome !== 'complete' || ex.requestHoled) return;
    const res = decodeMapiRequestBody(ex.type, ex.body.bytes());
    for (const d of [res.damage, ...(res.otherDamage ?? [])]) if (d) ctx.damage('mapihttp', d, at, { session: ex.session ?? null, flow: flowOf(ex) });
    ex.request = res.value;
    const req = res.value;
    // Request effects (RopRelease) wait for the server's acceptance: a 401 round or a failed Execute changes nothing.
    if (req?.type === 'Execute') ex.ropRequests = decodeRopRequests(ctx, req.ropBuffer, ex.session, at, placeOf(ex));
  }

  // --- responses ---------------------------------------------------------------------------

  private responseComplete(ex: Exchange, head: HttpResponseHead, stream: MapiResponseStream, outcome: HttpEndOutcome, at: FrameRef): void {
    const ctx = this.ctx;
    this.exchanges.delete(ex.head);
    if (ex.done) return;
    ex.done = true;
    const inner = stream.end(at);
    const opts = { session: ex.session ?? null, flow: flowOf(ex) };
    for (const d of inner.damage) ctx.damage('mapihttp', d, at, opts);
    const intact = outcome === 'complete' && !ex.responseHoled;
    if (!intact) {
      ctx.damage('mapihttp', { reason: outcome === 'limit' ? 'limit' : outcome === 'truncated' ? 'truncated' : 'gap', offset: 0, field: `${ex.type ?? 'MAPI'} response body`, detail: ex.responseHoled ? 'bytes of the response body are missing from the capture; it is not decoded' : `the response body ended with "${outcome}"; it is not decoded` }, at, opts);
    }
    this.checkRequestId(ex, head, at);
    // [MS-OXCMAPIHTTP] 2.2.7 / reference §2 rule 4: an X-ResponseCode after DONE overrides the header's.
    const metaCode = [...inner.meta].reverse().find((h) => h.name.toLowerCase() === 'x-responsecode')?.value;
    const responseCode = responseCodeOf(metaCode ?? headerValue(head.headers, 'X-ResponseCode'));
    const pendingPeriod = pendingPeriodMs(headerValue(head.headers, 'X-PendingPeriod'));
    const codeName = responseCode !== null ? responseCodeName(responseCode) : null;
    const extra: Partial<CallEvent> = {
      httpStatus: head.status,
      ...(responseCode !== null ? { responseCode } : {}),
      ...(codeName !== null && responseCode !== 0 ? { responseCodeName: codeName } : {}),
      ...(pendingPeriod !== null ? { pendingPeriodMs: pendingPeriod } : {}),
      fate: outcome === 'complete' ? 'complete' : `response-${outcome}`,
    };
    const k = ex.keepAlives;
    if (ex.type === 'NotificationWait' || k.count > 0) {
      extra.keepAlives = k.count;
      extra.keepAliveMaxGapMs = round3(Math.max(k.maxGapMs, k.last ? diffMs(at.time, k.last.time) : 0));
    }
    const accepted = head.status === 200 && responseCode === 0;
    if (ex.session && ex.request?.type === 'Execute') {
      Object.assign(extra, notePoll(ctx, ex.session, ex.ropRequests ?? null, ex.head.first.time));
      if (accepted) for (const b of ex.ropRequests ?? []) applyRequestRops(ctx, ex.session, b, ex.head.at);
    }
    let resp: MapiResponse | undefined;
    if (ex.endpoint === 'emsmdb' && accepted && intact && inner.body && ex.type && !inner.damage.some((d) => d.reason === 'limit')) {
      const res = decodeMapiResponseBody(ex.type, inner.body);
      for (const d of [res.damage, ...(res.otherDamage ?? [])]) if (d) ctx.damage('mapihttp', d, at, opts);
      resp = res.value;
    }
    let after: (() => void) | null = null;
    if (resp) after = this.applyResponse(ex, head, resp, at, extra);
    this.emitCall(ex, at, resp ?? null, extra);
    after?.();
  }

  /**
   * Requests and responses pair by connection order; the echoed X-RequestId confirms it
   * ([MS-OXCMAPIHTTP] 2.2.3.3.2, reference §1.6). A mismatch means the capture lost messages.
   */
  private checkRequestId(ex: Exchange, head: HttpResponseHead, at: FrameRef): void {
    const sent = headerValue(ex.head.headers, 'X-RequestId');
    const echoed = headerValue(head.headers, 'X-RequestId');
    if (sent === undefined || echoed === undefined || sent === echoed) return;
    this.ctx.finding('mapihttp.request-id-mismatch', `The response answers X-RequestId ${echoed}, but the request it pairs with on this connection sent ${sent}; messages are missing from the capture or the server broke the echo rule.`, at, { session: ex.session ?? null, flow: flowOf(ex), frames: [ex.head.first.frame] });
  }

  /** What a decoded response does to the sessions; returns the effects to apply after the call event. */
  private applyResponse(ex: Exchange, head: HttpResponseHead, resp: MapiResponse, at: FrameRef, extra: Partial<CallEvent>): (() => void) | null {
    const ctx = this.ctx;
    if (!('failed' in resp) || resp.failed) return null;
    const ok = resp.statusCode === 0 && resp.errorCode === 0;
    switch (resp.type) {
      case 'Connect': {
        const set = mapiSessionCookies(ex.head.headers, head.headers);
        // Same spelling as mapiSessionCookies' `key`, so later requests carrying the cookie find the session.
        const newKey = set.setContext ? `MapiContext=${set.setContext}` : set.setSid ? `sid=${set.setSid}` : null;
        if (!ok || !newKey) return null;
        // A Connect with an existing session's cookies replaces it ([MS-OXCMAPIHTTP] 3.2.5.6, N18).
        const old = ex.cookieKey ? ctx.sessions.byKey(this.sessionKey(ex, ex.cookieKey)) : undefined;
        if (old && !old.ended) ctx.endSession(old, ex.head.first, 'reconnect');
        const req = ex.request?.type === 'Connect' ? ex.request : undefined;
        ex.session = openSession(ctx, ex.view, at, this.sessionKey(ex, newKey), 'connect', {
          userDN: req?.userDn ?? null,
          sessionIndex: null,
          pollsMaxMs: resp.maxPollingInterval,
          serverVersion: serverVersion(headerValue(head.headers, 'X-ServerApplication')),
          displayName: resp.displayName,
          returnValue: hex8(resp.errorCode),
          contextHandle: null,
          cookie: newKey,
        });
        return null;
      }
      case 'Execute': {
        const session = ex.session;
        if (!session) return null;
        if (!ok || resp.ropBuffer.length === 0) {
          extra.ropsOut = [];
          return null;
        }
        const out = decodeRopResponses(ctx, session, ex.ropRequests ?? null, resp.ropBuffer, { request: ex.head.first, response: at }, placeOf(ex));
        extra.ropsOut = out.ropsOut;
        return out.apply;
      }
      case 'NotificationWait': {
        extra.eventPending = resp.eventPending;
        if (!ok || !resp.eventPending) return null;
        const session = ex.session ?? null;
        const heldMs = round3(diffMs(at.time, ex.head.first.time));
        ctx.counters.add('pending.NotificationWait');
        return () => {
          ctx.emit({ type: 'pending', ...ctx.base(at, session), via: 'NotificationWait', requestFrame: ex.head.first.frame, heldMs, returnValue: hex8(resp.errorCode) });
          if (session) session.pending ??= { frame: at.frame, time: at.time, via: 'NotificationWait' };
        };
      }
      case 'Disconnect': {
        const s = ex.session;
        if (!ok || !s || s.ended) return null;
        return () => ctx.endSession(s, at, 'disconnect');
      }
      default:
        return null;
    }
  }

  private emitCall(ex: Exchange, at: FrameRef, resp: MapiResponse | null, extra: Partial<CallEvent>): void {
    const ctx = this.ctx;
    // StatusCode is the MAPI/HTTP layer's result; ErrorCode the EMSMDB one (reference §3.2).
    const ret = resp && 'statusCode' in resp ? (resp.statusCode !== 0 || !('errorCode' in resp) ? resp.statusCode : resp.errorCode) : null;
    const requestId = headerValue(ex.head.headers, 'X-RequestId');
    const iface = ex.endpoint === 'nspi' ? 'NSPI' : 'MAPI';
    ctx.counters.add(`calls.${iface}.${ex.type ?? 'unknown'}`);
    ctx.emit({
      type: 'call',
      ...ctx.base(at, ex.session ?? null),
      transport: 'mapi-http',
      connection: ex.view.id,
      interface: iface,
      operation: ex.type ?? 'unknown',
      callId: ex.head.seq,
      requestFrame: ex.head.first.frame,
      durationMs: round3(diffMs(at.time, ex.head.first.time)),
      returnValue: ret === null ? null : hex8(ret),
      returnName: ret === null ? null : errorName(ret),
      fate: 'complete',
      ...(requestId !== undefined ? { requestId } : {}),
      ...extra,
    });
  }
}

/**
 * Findings are sampled per rule and flow: a MAPI/HTTP session spans TCP connections (servers close
 * them after each response), so its flow is the session, not the connection.
 */
function flowOf(ex: Exchange): string {
  return ex.session?.key ?? ex.view.flow;
}

function placeOf(ex: Exchange): RopCallPlace {
  return { transport: 'mapi-http', flow: flowOf(ex) };
}

/** "Exchange/15.01.2375.007" → "15.1.2375.7"; other servers' text is kept as sent. */
function serverVersion(app: string | undefined): string | null {
  if (!app) return null;
  const m = /\/(\d+(?:\.\d+){1,3})/.exec(app);
  return m ? m[1]!.split('.').map((p) => String(Number(p))).join('.') : app;
}

