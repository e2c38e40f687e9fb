// RPC over HTTP v2 virtual connections (reference §4; [MS-RPCH] 2.1.2, 3.2): the client's IN channel is a node:http
// RPC_IN_DATA request whose body never ends, its OUT channel an RPC_OUT_DATA request (body CONN/A1) whose
// "200 Success" response body streams the server's PDUs. A VC behaves as a Link, so RpcConn runs DCE/RPC over it.
import { Link, PduReader } from './harness.mjs';
import { HttpClientConn } from './http.mjs';
import { RTS, FD, PTYPE_RTS, describeRts } from './rts.mjs';
import { sleep } from './bytes.mjs';

export const PROXY_TARGET = '/rpc/rpcproxy.dll?mail.contoso.example:6001';
const CHANNEL_LENGTH = 1073741824;
const CONNECTION_TIMEOUT = 180000;
const RECEIVE_WINDOW = 0x10000;
const isRts = (b) => b[2] === PTYPE_RTS;

export class HttpVc extends Link {
  /**
   * cookies: { vc, inChannel, outChannel, associationGroupId } (GUID strings).
   * Order on the wire: IN request head; OUT request + CONN/A1; CONN/B1 on IN; OUT response head + CONN/A3; CONN/C2.
   */
  static async open(rec, listener, { label, server, inPort, outPort, cookies, auth }) {
    const v = new HttpVc();
    Object.assign(v, { rec, label, cookies, transport: 'rpc-http', inBytes: 0, outBytes: 0, received: 0 });
    v.inConn = new HttpClientConn({ label: `${label}-in`, server, client: { host: '127.0.0.1', port: inPort } });
    v.outConn = new HttpClientConn({ label: `${label}-out`, server, client: { host: '127.0.0.1', port: outPort } });
    v.clientEp = v.inConn.clientEp;
    v.serverEp = v.inConn.serverEp;
    const headers = (len) => ['Host', `mail.contoso.example:${server.port}`, 'Accept', 'application/rpc', 'User-Agent', 'MSRPC', 'Cache-Control', 'no-cache', 'Pragma', 'No-cache', 'Connection', 'Keep-Alive', 'Content-Length', String(len), 'Authorization', auth];

    // IN channel: the request head now, its body PDU by PDU as the calls happen
    v.c = v.inConn.open({ method: 'RPC_IN_DATA', path: PROXY_TARGET, headers: headers(CHANNEL_LENGTH) });
    v.c.on('error', () => {}); // the server ends the channel without answering
    v.c.flushHeaders();
    const inHead = await listener.take(v.inConn.clientEp);
    v.inSock = inHead.sock;
    v.sr = new PduReader(inHead.body, `${label} in-proxy`);
    await sleep(3);

    // OUT channel: request with the 76-byte CONN/A1 body
    const a1 = RTS['CONN/A1']({ vc: cookies.vc, outChannel: cookies.outChannel, receiveWindow: RECEIVE_WINDOW });
    const outReq = v.outConn.open({ method: 'RPC_OUT_DATA', path: PROXY_TARGET, headers: headers(a1.length) });
    outReq.on('error', () => {});
    const response = new Promise((r) => outReq.on('response', r));
    v.outReq = outReq;
    v.recordRts('OUT', 'c2s', 'CONN/A1', a1);
    outReq.end(a1);
    const outHead = await listener.take(v.outConn.clientEp);
    v.s = outHead.sock;
    await new PduReader(outHead.body, `${label} out-proxy`).take(isRts, 'CONN/A1');

    const b1 = RTS['CONN/B1']({ vc: cookies.vc, inChannel: cookies.inChannel, associationGroupId: cookies.associationGroupId });
    await v.sendRts('IN', 'CONN/B1', b1);

    // OUT channel response: head and CONN/A3 in one write, then CONN/C2
    const a3 = RTS['CONN/A3']({ connectionTimeout: CONNECTION_TIMEOUT });
    const head = `HTTP/1.1 200 Success\r\nContent-Type: application/rpc\r\nContent-Length: ${CHANNEL_LENGTH}\r\n\r\n`;
    v.recordRts('OUT', 's2c', 'CONN/A3', a3);
    v.outBytes += a3.length;
    await new Promise((r) => v.s.write(Buffer.concat([Buffer.from(head, 'latin1'), a3]), r));
    const res = await response;
    res.on('error', () => {});
    res.on('data', (d) => (v.received += d.length));
    v.cr = new PduReader(res, `${label} client`);
    await v.cr.take(isRts, 'CONN/A3');
    await sleep(3);
    await v.sendRts('OUT', 'CONN/C2', RTS['CONN/C2']({ receiveWindow: RECEIVE_WINDOW, connectionTimeout: CONNECTION_TIMEOUT }));

    // expected.json: the two channels' HTTP exchanges (byte counts filled in at close) and the VC's cookies
    v.inExchange = { virtualConnection: label, channel: 'IN', method: 'RPC_IN_DATA', target: PROXY_TARGET, requestType: null, requestId: null, authorization: 'Basic', requestContentLength: CHANNEL_LENGTH, requestBodyBytes: 0, status: null, response: 'none: an IN channel is never answered' };
    v.outExchange = { virtualConnection: label, channel: 'OUT', method: 'RPC_OUT_DATA', target: PROXY_TARGET, requestType: null, requestId: null, authorization: 'Basic', requestContentLength: a1.length, requestBodyBytes: a1.length, status: 200, reason: 'Success', framing: 'content-length', responseContentLength: CHANNEL_LENGTH, responseBodyBytes: 0 };
    for (const [conn, ex] of [[v.inConn, v.inExchange], [v.outConn, v.outExchange]]) {
      rec.http.push({ connection: conn.label, client: conn.clientEp, server: conn.serverEp, tls: false, exchanges: [ex] });
    }
    rec.rts.virtualConnections.push({
      label,
      virtualConnectionCookie: cookies.vc,
      inChannelCookie: cookies.inChannel,
      outChannelCookie: cookies.outChannel,
      associationGroupId: cookies.associationGroupId,
      in: { client: v.inConn.clientEp, server: v.inConn.serverEp },
      out: { client: v.outConn.clientEp, server: v.outConn.serverEp },
      receiveWindowSize: RECEIVE_WINDOW,
      connectionTimeoutMs: CONNECTION_TIMEOUT,
    });
    return v;
  }

  recordRts(channel, direction, name, pdu) {
    this.rec.rts.pdus.push({ virtualConnection: this.label, channel, direction, name, ...describeRts(pdu), length: pdu.length });
  }

  /** An RTS PDU from the client on IN or from the server on OUT; resolves when the other end holds it. */
  async sendRts(channel, name, pdu) {
    const side = channel === 'IN' ? 'client' : 'server';
    this.recordRts(channel, channel === 'IN' ? 'c2s' : 's2c', name, pdu);
    await this.write(side, pdu);
    await (channel === 'IN' ? this.sr : this.cr).take((b) => isRts(b) && b.equals(pdu), name);
  }

  async write(side, bytes, pieces, pauseMs) {
    if (side === 'client') this.inBytes += bytes.length;
    else this.outBytes += bytes.length;
    return super.write(side, bytes, pieces, pauseMs);
  }

  /** The client acknowledges what it consumed on the OUT channel; the ack reaches the out-proxy via the IN channel. */
  flowControlAck() {
    const pdu = RTS.FlowControlAckWithDestination({ destination: FD.OutProxy, bytesReceived: this.received, availableWindow: RECEIVE_WINDOW, channelCookie: this.cookies.outChannel });
    const bytesReceived = this.received;
    return this.sendRts('IN', 'FlowControlAckWithDestination', pdu).then(() => bytesReceived);
  }

  ping() {
    return this.sendRts('OUT', 'Ping', RTS.Ping());
  }

  /** The server ends both channels first; the client's requests then fail, as they do when a proxy goes away. */
  async close() {
    this.inExchange.requestBodyBytes = this.inBytes;
    this.outExchange.responseBodyBytes = this.outBytes;
    const sockets = [this.c.socket, this.outReq.socket];
    const closed = sockets.map((s) => new Promise((r) => (s.destroyed ? r() : s.once('close', r))));
    this.inSock.end();
    this.s.end();
    await Promise.all(closed);
    this.inConn.close();
    this.outConn.close();
  }
}
