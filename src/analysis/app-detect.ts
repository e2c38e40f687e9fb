import type { FrameRef } from '../core/frame-ref.js';
import { DceRpcConnection } from '../dissectors/dcerpc/connection.js';
import { sniffDceRpc } from '../dissectors/dcerpc/sniff.js';
import { clientHelloSni, looksLikeTls } from '../dissectors/tls/client-hello.js';
import type { ConnectionInfo, Direction, OpenDecision, StreamSinkFactory } from '../dissectors/transport/types.js';
import { endpointText, ipText } from '../model/json-encoding.js';
import type { AnalysisContext } from './context.js';
import { EmsmdbCallAnalyzer } from './emsmdb-calls.js';
import type { ConnectionView } from './session-open.js';

const HTTP_METHOD = /^(GET|POST|PUT|HEAD|OPTIONS|DELETE|PATCH|RPC_IN_DATA|RPC_OUT_DATA|RPC_CONNECT|HTTP\/1\.[01]) /;

/**
 * Decides from a connection's first payload what it carries (by content, never by port: a
 * port the endpoint mapper named only lets us wait longer for a header). Everything not ours
 * is declined at once, so its later segments cost a table lookup.
 */
export class AppDetector implements StreamSinkFactory {
  constructor(private readonly ctx: AnalysisContext) {}

  open(conn: ConnectionInfo, dir: Direction, payload: Uint8Array, at: FrameRef): OpenDecision {
    const verdict = sniffDceRpc(payload);
    if (verdict === 'yes') return this.dceRpc(conn);
    if (looksLikeTls(payload)) {
      this.tls(conn, dir, payload, at);
      return 'decline';
    }
    if (isHttp(payload)) {
      // MAPI over HTTP and RPC over HTTP are decoded by a later layer; count them meanwhile.
      this.ctx.counters.add('connections.http');
      return 'decline';
    }
    if (verdict === 'maybe') return 'later';
    // A capture that began mid-stream may open inside a PDU: look at a few more segments
    // (the reassembler bounds how many) before giving up on the connection.
    if (!conn.handshakeSeen) return 'later';
    if (this.ctx.learnedPorts.has(conn.a.port) || this.ctx.learnedPorts.has(conn.b.port)) return 'later';
    this.ctx.counters.add('connections.other');
    return 'decline';
  }

  private dceRpc(conn: ConnectionInfo): DceRpcConnection {
    this.ctx.counters.add('connections.dcerpc');
    let dce: DceRpcConnection | null = null;
    // a is the SYN sender when the handshake was seen; otherwise trust the PDU types.
    const clientIsA = (): boolean => {
      const d = dce?.clientDirection() ?? null;
      return d === null ? true : d === 0;
    };
    const view: ConnectionView = {
      id: conn.id,
      transport: 'rpc-tcp',
      client: () => (clientIsA() ? endpointText(conn.a.ip, conn.a.port) : endpointText(conn.b.ip, conn.b.port)),
      server: () => (clientIsA() ? endpointText(conn.b.ip, conn.b.port) : endpointText(conn.a.ip, conn.a.port)),
      clientIp: () => ipText(clientIsA() ? conn.a.ip : conn.b.ip),
      serverIp: () => ipText(clientIsA() ? conn.b.ip : conn.a.ip),
      flow: `tcp ${conn.id}`,
    };
    dce = new DceRpcConnection(conn, new EmsmdbCallAnalyzer(this.ctx, view), this.ctx.limits);
    return dce;
  }

  private tls(conn: ConnectionInfo, dir: Direction, payload: Uint8Array, at: FrameRef): void {
    const [from, to] = dir === 0 ? [conn.a, conn.b] : [conn.b, conn.a];
    const sni = clientHelloSni(payload);
    const line = `${endpointText(from.ip, from.port)} → ${endpointText(to.ip, to.port)}: TLS${sni ? ` (SNI ${sni})` : ''}`;
    this.ctx.counters.add('connections.tls');
    if (this.ctx.encrypted.length < 1000) this.ctx.encrypted.push(line);
    this.ctx.finding('tls.encrypted', `${line}: encrypted, not decoded.`, at, { flow: 'tls' });
  }
}

function isHttp(p: Uint8Array): boolean {
  const head = String.fromCharCode(...p.subarray(0, 16));
  return HTTP_METHOD.test(head);
}
