import type { Damage } from '../core/damage.js';
import type { FrameRef } from '../core/frame-ref.js';
import { headerValue } from '../dissectors/http/headers.js';
import type { HttpBodySink, HttpHandler, HttpRequestHead, HttpResponseHead } from '../dissectors/http/types.js';
import { decimalValue } from '../dissectors/mapihttp/headers.js';
import { endpointOf, requestTypeOf } from '../dissectors/mapihttp/request-types.js';
import type { ConnectionInfo, EndReason } from '../dissectors/transport/types.js';
import type { AnalysisContext } from './context.js';
import type { MapiHttpAnalyzer } from './mapi-http.js';
import type { RpcHttpAnalyzer, RpchChannel } from './rpc-http.js';
import { connectionView, type ConnectionView } from './session-open.js';

/** What a request on this connection turned out to be, so that its response goes the same way. */
type Route = { kind: 'mapi' } | { kind: 'rpch'; channel: RpchChannel } | { kind: 'other' };

/** RPC over HTTP echo requests carry at most 0x10 body bytes ([MS-RPCH] 2.1.2.1.1, reference §4.1). */
const RPCH_ECHO_MAX = 0x10;

/**
 * Routes the HTTP messages of one TCP connection: /mapi/emsmdb/ to MAPI over HTTP, RPC_IN_DATA and
 * RPC_OUT_DATA (and RPC_CONNECT, version 1) to RPC over HTTP, the rest counted. Which endpoint is
 * the client comes from the HTTP layer (the side that sent requests), never from ports.
 */
export class HttpApp implements HttpHandler {
  private readonly routes = new Map<HttpRequestHead, Route>();

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly conn: ConnectionInfo,
    private readonly mapi: MapiHttpAnalyzer,
    private readonly rpch: RpcHttpAnalyzer,
  ) {}

  onRequest(head: HttpRequestHead): HttpBodySink | null {
    const ctx = this.ctx;
    ctx.counters.add('http.requests');
    const method = head.method.toUpperCase();
    if (method === 'RPC_IN_DATA' || method === 'RPC_OUT_DATA' || method === 'RPC_CONNECT') return this.rpcOverHttp(head, method);
    const endpoint = endpointOf(head.target);
    if (endpoint === 'nspi') {
      this.routes.set(head, { kind: 'mapi' });
      return this.mapi.request(head, this.view(head), 'nspi');
    }
    const contentType = headerValue(head.headers, 'Content-Type') ?? '';
    if (endpoint === 'emsmdb' || (requestTypeOf(head.headers) !== null && /application\/mapi-http/i.test(contentType))) {
      this.routes.set(head, { kind: 'mapi' });
      return this.mapi.request(head, this.view(head));
    }
    ctx.counters.add('http.other');
    this.routes.set(head, { kind: 'other' });
    return null;
  }

  onResponse(head: HttpResponseHead, request: HttpRequestHead | null): HttpBodySink | null {
    const ctx = this.ctx;
    ctx.counters.add('http.responses');
    if (!request) {
      // Real servers send "408 Request Timeout" on idle connections with nothing outstanding (REAL-SERVER-NOTES).
      ctx.counters.add(head.status === 408 ? 'http.unsolicited-408' : 'http.unpaired-responses');
      return null;
    }
    const route = this.routes.get(request);
    if (!head.interim) this.routes.delete(request);
    if (!route) return null;
    if (route.kind === 'mapi') return this.mapi.response(head, request);
    if (route.kind === 'rpch' && !head.interim) {
      const ch = route.channel;
      if (head.status < 200 || head.status > 299) {
        // A refusal (401 round, "503 RPC Error: …"): its body is text, not PDUs ([MS-RPCH] 2.1.2.1.10).
        ctx.counters.add(`rpch.http-status.${head.status}`);
        ch.end(head.at);
        return null;
      }
      return { data: (b, at) => ch.data('to-client', b, at), gap: (lost: number, at: FrameRef) => ch.gap('to-client', lost, at), end: (_o, at) => ch.end(at) };
    }
    return null;
  }

  onDamage(d: Damage, at: FrameRef): void {
    this.ctx.damage('http', d, at, { flow: `tcp ${this.conn.id}` });
  }

  /** A request the connection never answered (reset, capture end, or the outstanding-request cap). */
  onUnanswered(request: HttpRequestHead, at: FrameRef): void {
    const route = this.routes.get(request);
    this.routes.delete(request);
    if (route) this.unanswered(request, route, at);
  }

  onEnd(_reason: EndReason, at: FrameRef): void {
    for (const [req, route] of this.routes) this.unanswered(req, route, at);
    this.routes.clear();
  }

  private unanswered(request: HttpRequestHead, route: Route, at: FrameRef): void {
    if (route.kind === 'mapi') this.mapi.abandon(request, at);
    // An OUT channel whose response never came, or the IN channel (never answered): the channel is over.
    else if (route.kind === 'rpch') route.channel.end(at);
  }

  private rpcOverHttp(head: HttpRequestHead, method: string): HttpBodySink | null {
    const length = decimalValue(headerValue(head.headers, 'Content-Length'));
    if (method !== 'RPC_CONNECT' && length !== null && length <= RPCH_ECHO_MAX) {
      this.ctx.counters.add('rpch.echo');
      this.routes.set(head, { kind: 'other' });
      return null;
    }
    const [client, server] = head.direction === 0 ? [this.conn.a, this.conn.b] : [this.conn.b, this.conn.a];
    // Version 1 (RPC_CONNECT) has no RTS: its one request/response pair is the whole connection.
    const kind = method === 'RPC_IN_DATA' ? 'in' : method === 'RPC_OUT_DATA' ? 'out' : null;
    const channel = this.rpch.channel(kind, client, server, this.conn.id, 'client');
    if (kind === null) channel.bindNow();
    this.routes.set(head, { kind: 'rpch', channel });
    this.ctx.counters.add(`rpch.channels.${method}`);
    return {
      data: (b, at) => channel.data('to-server', b, at),
      gap: (lost: number, at: FrameRef) => channel.gap('to-server', lost, at),
      // The IN channel's request body is its whole life; the OUT channel's is only CONN/A1.
      end: (_o, at) => {
        if (kind === 'in') channel.end(at);
      },
    };
  }

  private view(head: HttpRequestHead): ConnectionView {
    const ends = head.direction === 0 ? { client: this.conn.a, server: this.conn.b } : { client: this.conn.b, server: this.conn.a };
    return connectionView({ id: () => this.conn.id, transport: 'mapi-http', ends: () => ends, flow: `tcp ${this.conn.id}` });
  }
}
