import type { FrameRef } from '../core/frame-ref.js';
import { PTYPE } from '../dissectors/dcerpc/constants.js';
import { DceRpcConnection } from '../dissectors/dcerpc/connection.js';
import { sniffDceRpc } from '../dissectors/dcerpc/sniff.js';
import { HttpConnection } from '../dissectors/http/http-connection.js';
import { sniffHttp } from '../dissectors/http/sniff.js';
import { ncacnHttpGreetingLength } from '../dissectors/rpch/greeting.js';
import { clientHelloSni, looksLikeTls, looksLikeTlsRecord } from '../dissectors/tls/client-hello.js';
import type { ConnectionInfo, Direction, OpenDecision, StreamSink, StreamSinkFactory } from '../dissectors/transport/types.js';
import { endpointText } from '../model/json-encoding.js';
import type { AnalysisContext } from './context.js';
import { EmsmdbCallAnalyzer } from './emsmdb-calls.js';
import { HttpApp } from './http-app.js';
import { MapiHttpAnalyzer } from './mapi-http.js';
import { RpcHttpAnalyzer } from './rpc-http.js';
import { connectionView } from './session-open.js';

/**
 * Decides from a connection's first payload what it carries (by content, never by port: a
 * port the endpoint mapper named only lets us wait longer for a header). Everything not ours
 * is declined at once, so its later segments cost a table lookup.
 */
export class AppDetector implements StreamSinkFactory {
  /** Run-wide: MAPI/HTTP sessions and RPC/HTTP virtual connections span TCP connections. */
  private readonly mapi: MapiHttpAnalyzer;
  private readonly rpch: RpcHttpAnalyzer;

  constructor(private readonly ctx: AnalysisContext) {
    this.mapi = new MapiHttpAnalyzer(ctx);
    this.rpch = new RpcHttpAnalyzer(ctx);
  }

  /** Capture end, after the TCP connections ended: virtual connections end too. */
  finish(at: FrameRef): void {
    this.rpch.finish(at);
  }

  open(conn: ConnectionInfo, dir: Direction, payload: Uint8Array, at: FrameRef): OpenDecision {
    const verdict = sniffDceRpc(payload);
    if (verdict === 'yes') {
      // An RTS PDU (PTYPE 20, RPC over HTTP v2 only) opens an ncacn_http leg even without the greeting
      // first: the server only SHOULD send it, and the proxy's CONN/A2 or B2 may overtake it
      // ([MS-RPCH] 2.1.2.2.1). The server is the greeting's sender, else the side that did not open the
      // connection (the proxy connects), else — mid-stream, where the first PDU may be either side's flow
      // control — the side on the lower port (6001–6004 against the proxy's ephemeral port).
      const greeting = ncacnHttpGreetingLength(payload);
      if (payload[greeting + 2] === PTYPE.rts) {
        const serverDir: Direction = greeting > 0 ? dir : conn.handshakeSeen ? 1 : conn.b.port <= conn.a.port ? 1 : 0;
        return this.proxyLeg(conn, serverDir);
      }
      return this.dceRpc(conn);
    }
    if (looksLikeTls(payload)) return this.tlsStart(conn, dir, payload, at);
    if (sniffHttp(payload) !== null) {
      this.ctx.counters.add('connections.http');
      return new HttpConnection(conn, new HttpApp(this.ctx, conn, this.mapi, this.rpch), this.ctx.limits);
    }
    const greeting = ncacnHttpGreetingLength(payload);
    if (greeting > 0) return this.proxyLeg(conn, dir);
    if (!conn.handshakeSeen && looksLikeTlsRecord(payload)) {
      // Mid-stream TLS: no handshake in the capture, but the bytes are TLS records.
      this.tls(conn, dir, payload, at);
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
    const view = connectionView({
      id: () => conn.id,
      transport: 'rpc-tcp',
      ends: () => (clientIsA() ? { client: conn.a, server: conn.b } : { client: conn.b, server: conn.a }),
      flow: `tcp ${conn.id}`,
    });
    dce = new DceRpcConnection(conn, new EmsmdbCallAnalyzer(this.ctx, view), this.ctx.limits);
    return dce;
  }

  /**
   * An RPC over HTTP proxy-to-server leg (ncacn_http): the server greets with "ncacn_http/1.0", then
   * the leg carries one channel as plain PDUs, its kind told by its first RTS PDU (CONN/A2, CONN/B2).
   */
  private proxyLeg(conn: ConnectionInfo, greetingDir: Direction): StreamSink {
    this.ctx.counters.add('connections.ncacn-http');
    const [server, client] = greetingDir === 0 ? [conn.a, conn.b] : [conn.b, conn.a];
    const channel = this.rpch.channel(null, client, server, conn.id, 'proxy');
    const side = (d: Direction): 'to-server' | 'to-client' => (d === greetingDir ? 'to-client' : 'to-server');
    return {
      data: (d, chunk) => channel.data(side(d), chunk.data, chunk.at),
      gap: (d, lost, at) => channel.gap(side(d), lost, at),
      end: (_r, at) => channel.end(at),
    };
  }

  /**
   * A ClientHello larger than one segment (post-quantum key shares make them ~1.8 KB) may hold its
   * server_name in a later segment: its first record is gathered (bounded by the record length) before
   * the stream is reported; the rest of the connection is ignored.
   */
  private tlsStart(conn: ConnectionInfo, dir: Direction, payload: Uint8Array, at: FrameRef): OpenDecision {
    const recordEnd = payload.length >= 5 ? 5 + ((payload[3]! << 8) | payload[4]!) : 0;
    if (payload.length >= recordEnd) {
      this.tls(conn, dir, payload, at);
      return 'decline';
    }
    // The sink is handed the first payload too (as every sink is): it gathers from there.
    const first = new Uint8Array(recordEnd);
    let have = 0;
    let reported = false;
    const report = (upTo: FrameRef): void => {
      if (reported) return;
      reported = true;
      this.tls(conn, dir, first.subarray(0, have), upTo);
    };
    return {
      data: (d, chunk) => {
        if (reported) return;
        if (d !== dir) return report(chunk.at);
        const n = Math.min(chunk.data.length, recordEnd - have);
        first.set(chunk.data.subarray(0, n), have);
        have += n;
        if (have >= recordEnd) report(chunk.at);
      },
      gap: (_d, _lost, gapAt) => report(gapAt),
      end: (_r, endAt) => report(endAt),
    };
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
