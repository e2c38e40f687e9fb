// HTTP on loopback with real stacks: node:http / node:https servers and clients (one keep-alive Agent per TCP
// connection, fixed source port), and a raw HTTP/1.1 listener for RPC over HTTP, whose RPC_IN_DATA /
// RPC_OUT_DATA methods node's own server parser refuses. Every byte crosses a real socket.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { endpoint } from './harness.mjs';

const epOf = (sock) => endpoint(sock.remoteAddress.replace(/^::ffff:/, ''), sock.remotePort);

/** Waiters on a queue of items, matched by predicate. */
class Mailbox {
  constructor(label) {
    this.label = label;
    this.items = [];
    this.waiters = [];
  }
  put(item) {
    this.items.push(item);
    for (const w of [...this.waiters]) {
      const i = this.items.findIndex(w.pred);
      if (i < 0) continue;
      const [it] = this.items.splice(i, 1);
      this.waiters.splice(this.waiters.indexOf(w), 1);
      clearTimeout(w.timer);
      w.resolve(it);
    }
  }
  take(pred, what) {
    const i = this.items.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.items.splice(i, 1)[0]);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve };
      w.timer = setTimeout(() => reject(new Error(`${this.label}: timed out waiting for ${what}`)), 10000);
      this.waiters.push(w);
    });
  }
}

/** Ends every socket from the server side first (TIME_WAIT stays on the server port) and waits for the close. */
async function endSockets(sockets) {
  await Promise.all(
    [...sockets].filter((s) => !s.destroyed).map((s) => new Promise((r) => {
      s.once('close', r);
      s.end();
    })),
  );
}

/**
 * node:http (or node:https with `tls: { key, cert }`) server. The scenario takes each complete request
 * ({ req, res, body, client }) and writes the response itself.
 */
export class HttpServer {
  static async listen({ host, port, tls = null }) {
    const s = new HttpServer();
    s.requests = new Mailbox(`server ${port}`);
    s.sockets = new Map(); // client endpoint → server-side socket
    const onRequest = (req, res) => {
      const parts = [];
      req.on('data', (d) => parts.push(d));
      req.on('end', () => {
        res.sendDate = false;
        s.requests.put({ req, res, body: Buffer.concat(parts), client: epOf(req.socket) });
      });
    };
    s.srv = tls ? https.createServer({ key: tls.key, cert: tls.cert, ALPNProtocols: ['http/1.1'] }, onRequest) : http.createServer(onRequest);
    s.srv.keepAliveTimeout = 0; // the scenario decides when a connection ends
    s.srv.on(tls ? 'secureConnection' : 'connection', (sock) => {
      sock.setNoDelay(true);
      s.sockets.set(epOf(sock), sock);
    });
    await new Promise((resolve, reject) => {
      s.srv.once('error', reject);
      s.srv.listen({ host, port, exclusive: true }, resolve);
    });
    return s;
  }
  take(pred, what) {
    return this.requests.take(pred, what);
  }
  /** Bytes written on an idle connection with no request outstanding; then the server closes it. */
  async unsolicited(clientEp, text) {
    const sock = this.sockets.get(clientEp);
    await new Promise((r) => sock.write(text, r));
    await endSockets([sock]);
  }
  async close() {
    await endSockets(this.sockets.values());
    await new Promise((r) => this.srv.close(r));
  }
}

/**
 * One client TCP connection: a keep-alive Agent limited to one socket, bound to a fixed source port.
 * `tls`: https options (servername for SNI, ca, ALPNProtocols).
 */
export class HttpClientConn {
  constructor({ label, server, client, tls = null }) {
    this.label = label;
    this.server = server;
    this.client = client;
    this.clientEp = endpoint(client.host, client.port);
    this.serverEp = endpoint(server.host, server.port);
    this.tls = tls;
    this.agent = tls ? new https.Agent({ keepAlive: true, maxSockets: 1, ...tls }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /** Start a request; `headers` is a flat [name, value, ...] list written in that order. Returns the ClientRequest. */
  open({ method, path, headers }) {
    const mod = this.tls ? https : http;
    const req = mod.request({ host: this.server.host, port: this.server.port, localAddress: this.client.host, localPort: this.client.port, method, path, headers, agent: this.agent, ...(this.tls ?? {}) });
    req.on('socket', (s) => s.setNoDelay(true));
    return req;
  }

  /** A whole request with its body; resolves with the complete response. */
  request({ method = 'POST', path, headers, body }) {
    const req = this.open({ method, path, headers });
    return new Promise((resolve, reject) => {
      req.on('error', reject);
      req.on('response', (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode, reason: res.statusMessage, rawHeaders: res.rawHeaders, body: Buffer.concat(parts) }));
      });
      req.end(body);
    });
  }

  close() {
    this.agent.destroy();
  }
}

// ------------------------------------------------------------------ raw HTTP/1.1 listener (RPC over HTTP)

/**
 * Accepts connections, reads one request head per connection and hands { sock, method, target, headers, body, client }
 * to the scenario; bytes after the head keep flowing to `body` (an EventEmitter with 'data' / 'end').
 */
export class RawHttpListener {
  static async listen({ host, port }) {
    const l = new RawHttpListener();
    l.heads = new Mailbox(`raw listener ${port}`);
    l.sockets = new Set();
    l.srv = net.createServer({ noDelay: true }, (sock) => {
      sock.setNoDelay(true);
      l.sockets.add(sock);
      sock.on('close', () => l.sockets.delete(sock));
      sock.on('error', () => {});
      const body = new EventEmitter();
      let buf = Buffer.alloc(0);
      let head = null;
      sock.on('data', (d) => {
        if (head) return body.emit('data', d);
        buf = Buffer.concat([buf, d]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
        const [method, target] = lines[0].split(' ');
        const headers = {};
        for (const l2 of lines.slice(1)) {
          const i = l2.indexOf(':');
          headers[l2.slice(0, i).trim().toLowerCase()] = l2.slice(i + 1).trim();
        }
        head = { sock, method, target, headers, body, client: epOf(sock) };
        const rest = buf.subarray(end + 4);
        l.heads.put(head);
        if (rest.length) setImmediate(() => body.emit('data', rest));
      });
      sock.on('end', () => body.emit('end'));
    });
    await new Promise((resolve, reject) => {
      l.srv.once('error', reject);
      l.srv.listen({ host, port, exclusive: true }, resolve);
    });
    return l;
  }
  take(clientEp) {
    return this.heads.take((h) => h.client === clientEp, `request head from ${clientEp}`);
  }
  async close() {
    await endSockets(this.sockets);
    await new Promise((r) => this.srv.close(r));
  }
}
