import type { FrameRef } from '../../core/frame-ref.js';
import type { Limits } from '../../core/limits.js';
import type { ConnectionInfo, Direction, EndReason, StreamChunk, StreamSink } from '../transport/types.js';
import { planBody, type BodyPlan } from './framing.js';
import { MessageFramer, type FramedHead } from './message-framer.js';
import type { HttpBodySink, HttpHandler, HttpRequestHead, HttpResponseHead } from './types.js';

const DIR_NAME = ['a→b', 'b→a'] as const;

const other = (d: Direction): Direction => (d === 0 ? 1 : 0);

/**
 * One TCP connection carrying HTTP/1.x (MAPI over HTTP, RPC over HTTP v2 channels, the 401 rounds before
 * them). Each direction has its own framer, which accepts requests and responses alike: which side is the
 * client is learnt from content, never from ports or from who sent the SYN. A response is paired with the
 * oldest request still waiting that travelled the other way (RFC 9112 §9.3.2: responses come in request
 * order), which also covers pipelining; a response with nothing waiting is reported with request null.
 */
export class HttpConnection implements StreamSink {
  private readonly framers: [MessageFramer, MessageFramer];
  /** Requests that travelled in direction d and wait for a response in the other direction. */
  private readonly waiting: [HttpRequestHead[], HttpRequestHead[]] = [[], []];
  private client: Direction | null = null;
  private seq = 0;
  private switched = false;
  private ignoredNoted = false;
  private ended = false;

  constructor(
    conn: ConnectionInfo,
    private readonly handler: HttpHandler,
    private readonly limits: Limits,
  ) {
    const make = (dir: Direction): MessageFramer =>
      new MessageFramer(
        {
          head: (h) => this.onHead(dir, h),
          damage: (d, at) => this.handler.onDamage(d, at),
          ignored: (offset, at) => this.onIgnored(dir, offset, at),
        },
        limits,
        { midStream: !conn.handshakeSeen, name: DIR_NAME[dir] },
      );
    this.framers = [make(0), make(1)];
  }

  /** The direction requests travel in, once a request or a response has been seen. */
  clientDirection(): Direction | null {
    return this.client;
  }

  data(dir: Direction, chunk: StreamChunk): void {
    if (this.ended) return;
    this.framers[dir].push(chunk.data, chunk.at, chunk.streamOffset);
  }

  gap(dir: Direction, lost: number | 'unknown', at: FrameRef): void {
    if (this.ended) return;
    this.framers[dir].gap(lost, at);
  }

  end(reason: EndReason, at: FrameRef): void {
    if (this.ended) return;
    this.ended = true;
    this.framers[0].finish(reason, at);
    this.framers[1].finish(reason, at);
    for (const q of this.waiting) {
      for (const req of q.splice(0)) this.handler.onUnanswered?.(req, at);
    }
    this.handler.onEnd(reason, at);
  }

  private onHead(dir: Direction, h: FramedHead): { plan: BodyPlan; sink: HttpBodySink | null } {
    const s = h.start;
    if (s.kind === 'request') {
      this.client ??= dir;
      const head: HttpRequestHead = {
        kind: 'request',
        method: s.method,
        target: s.target,
        version: s.version,
        headers: h.headers,
        first: h.first,
        at: h.at,
        seq: ++this.seq,
        direction: dir,
        offset: h.offset,
      };
      this.enqueue(head, h.at);
      const { plan, warning } = planBody(s, h.headers, null);
      if (warning) this.handler.onDamage({ reason: 'malformed', offset: h.offset, field: warning.field, detail: warning.detail }, h.at);
      return { plan, sink: this.handler.onRequest(head) };
    }
    this.client ??= other(dir);
    const queue = this.waiting[other(dir)];
    const request = queue[0] ?? null;
    // RFC 9110 §15.2: a 1xx other than 101 is interim; the final response is still to come.
    const interim = s.status >= 100 && s.status < 200 && s.status !== 101;
    if (request && !interim) queue.shift();
    const { plan, warning } = planBody(s, h.headers, request?.method ?? null);
    const head: HttpResponseHead = {
      kind: 'response',
      version: s.version,
      status: s.status,
      reason: s.reason,
      headers: h.headers,
      first: h.first,
      at: h.at,
      direction: dir,
      interim,
      offset: h.offset,
    };
    if (warning) this.handler.onDamage({ reason: 'malformed', offset: h.offset, field: warning.field, detail: warning.detail }, h.at);
    const sink = this.handler.onResponse(head, request);
    if (plan.kind === 'tunnel') {
      this.switched = true;
      this.framers[other(dir)].stop(h.at);
    }
    return { plan, sink };
  }

  /** Queues a request for its response; beyond the cap the oldest is given up. */
  private enqueue(head: HttpRequestHead, at: FrameRef): void {
    const q = this.waiting[head.direction];
    if (q.length >= this.limits.maxHttpOutstandingRequests) {
      const old = q.shift()!;
      this.handler.onDamage(
        {
          reason: 'limit',
          offset: old.offset ?? 0,
          field: 'pipelining',
          detail: `more than maxHttpOutstandingRequests (${this.limits.maxHttpOutstandingRequests}) requests wait for a response; request ${old.seq} (${old.method}) is no longer paired`,
        },
        at,
      );
      this.handler.onUnanswered?.(old, at);
    }
    q.push(head);
  }

  /** The rest of a switched connection is another protocol: said once, not decoded. */
  private onIgnored(dir: Direction, offset: number, at: FrameRef): void {
    if (this.ignoredNoted) return;
    this.ignoredNoted = true;
    const why = this.switched ? 'the connection switched protocols (101 or CONNECT)' : 'HTTP framing stopped';
    this.handler.onDamage({ reason: 'unsupported', offset, field: 'stream', detail: `${why}; the rest of it is not decoded (direction ${DIR_NAME[dir]})` }, at);
  }
}
