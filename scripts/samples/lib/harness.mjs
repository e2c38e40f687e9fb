// Loopback client/server harness. Both ends run in this process over the kernel's real TCP/UDP stacks;
// the scenario script says what each side sends and when, and every byte crosses a real socket.
import net from 'node:net';
import dgram from 'node:dgram';
import { sleep } from './bytes.mjs';
import { PTYPE, PFC, UUID, peekHeader, encodeBind, encodeBindAck, encodeAuth3, fragment } from './dcerpc.mjs';

const endpoint = (host, port) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** Splits an incoming byte stream into DCE/RPC PDUs (by frag_length) and hands them to waiters. */
export class PduReader {
  constructor(socket, label) {
    this.label = label;
    this.pending = Buffer.alloc(0);
    this.pdus = [];
    this.waiters = [];
    this.ended = false;
    socket.on('data', (d) => {
      this.pending = Buffer.concat([this.pending, d]);
      while (this.pending.length >= 16) {
        const len = this.pending.readUInt16LE(8);
        if (this.pending.length < len) break;
        this.pdus.push(this.pending.subarray(0, len));
        this.pending = this.pending.subarray(len);
      }
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake();
    });
  }
  wake() {
    for (const w of [...this.waiters]) {
      const i = this.pdus.findIndex(w.pred);
      if (i >= 0) {
        const [p] = this.pdus.splice(i, 1);
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(p);
      }
    }
  }
  take(pred = () => true, what = 'PDU') {
    return new Promise((resolve, reject) => {
      const w = { pred, resolve };
      w.timer = setTimeout(() => reject(new Error(`${this.label}: timed out waiting for ${what}`)), 10000);
      this.waiters.push(w);
      this.wake();
    });
  }
  /** All fragments of one call (until PFC_LAST_FRAG). */
  async takeCall(callId, ptypes) {
    const frags = [];
    for (;;) {
      const p = await this.take((b) => peekHeader(b).callId === callId && ptypes.includes(b[2]), `call ${callId}`);
      frags.push(p);
      if (p[3] & PFC.LAST) return frags;
    }
  }
}

/** Listening servers shared across links, keyed by "host:port". */
const servers = new Map();
const acceptWaiters = new Map(); // "remoteHost:remotePort" -> resolve

async function ensureServer(host, port) {
  const key = endpoint(host, port);
  if (servers.has(key)) return;
  const srv = net.createServer({ noDelay: true }, (sock) => {
    sock.setNoDelay(true);
    const rkey = endpoint(sock.remoteAddress.replace(/^::ffff:/, ''), sock.remotePort);
    const w = acceptWaiters.get(rkey);
    if (w) {
      acceptWaiters.delete(rkey);
      w(sock);
    } else sock.destroy();
  });
  await new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ host, port, exclusive: true }, resolve);
  });
  servers.set(key, srv);
}

export async function closeServers() {
  for (const s of servers.values()) await new Promise((r) => s.close(r));
  servers.clear();
}

/**
 * A TCP connection with both ends in hand. Records every PDU it writes into `rec.pdus`.
 */
export class Link {
  static async open(rec, { client, server, label }) {
    await ensureServer(server.host, server.port);
    const l = new Link();
    l.rec = rec;
    l.label = label;
    l.clientEp = endpoint(client.host, client.port);
    l.serverEp = endpoint(server.host, server.port);
    const accepted = new Promise((r) => acceptWaiters.set(l.clientEp, r));
    l.c = net.connect({ host: server.host, port: server.port, localAddress: client.host, localPort: client.port, noDelay: true });
    l.c.setNoDelay(true);
    await new Promise((resolve, reject) => {
      l.c.once('connect', resolve);
      l.c.once('error', reject);
    });
    l.s = await accepted;
    l.cr = new PduReader(l.c, `${label} client`);
    l.sr = new PduReader(l.s, `${label} server`);
    return l;
  }

  /** Write bytes from one side, optionally in pieces ([len, len, ...] with pauses). */
  async write(side, bytes, pieces = null, pauseMs = 25) {
    const sock = side === 'client' ? this.c : this.s;
    if (!pieces) {
      await new Promise((r) => sock.write(bytes, r));
      return [bytes];
    }
    const out = [];
    let off = 0;
    // pieces lists the lengths of the first writes; whatever remains is written last
    for (let i = 0; i < pieces.length && off < bytes.length; i++) {
      const len = Math.min(pieces[i], bytes.length - off);
      const part = bytes.subarray(off, off + len);
      out.push(part);
      await new Promise((r) => sock.write(part, r));
      off += len;
      if (off < bytes.length) await sleep(pauseMs);
    }
    if (off < bytes.length) {
      const part = bytes.subarray(off);
      out.push(part);
      await new Promise((r) => sock.write(part, r));
    }
    return out;
  }

  record(dir, pdu, extra = {}) {
    const h = peekHeader(pdu);
    const isCall = h.ptype === PTYPE.request || h.ptype === PTYPE.response || h.ptype === PTYPE.fault;
    this.rec.pdus.push({
      connection: this.label,
      direction: dir,
      ptype: h.ptype,
      callId: h.callId,
      opnum: isCall ? (extra.opnum ?? null) : null,
      contextId: isCall ? pdu.readUInt16LE(20) : null,
      fragFlags: h.flags,
      fragLength: h.fragLength,
      authLength: h.authLength,
    });
  }

  /** Close: the server ends first (so TIME_WAIT stays on the server port and the fixed client port is reusable). */
  async close() {
    const cEnded = new Promise((r) => this.c.once('end', r));
    const cClosed = new Promise((r) => this.c.once('close', r));
    const sClosed = new Promise((r) => this.s.once('close', r));
    this.s.end();
    await cEnded;
    this.c.end();
    await Promise.all([cClosed, sClosed]);
  }
}

/**
 * DCE/RPC connection: bind + calls. `iface` names for the record come from the bind.
 */
export class RpcConn {
  constructor(link, { ifaces }) {
    this.link = link;
    this.ifaces = ifaces; // contextId -> interface descriptor
    this.nextCallId = 1;
    this.auth = null;
    this.maxFrag = 5840;
  }

  async bind({ contexts, results, maxXmit = 5840, maxRecv = 5840, assocGroup = 0, ackAssocGroup, secAddr, flags, authBind = null, authAck = null, authThird = null, ackMaxXmit, ackMaxRecv }) {
    const callId = this.nextCallId++;
    const bind = encodeBind({ callId, flags, maxXmit, maxRecv, assocGroup, contexts, auth: authBind });
    this.link.record('c2s', bind);
    await this.link.write('client', bind);
    await this.link.sr.take((b) => b[2] === PTYPE.bind, 'bind');
    await sleep(3);
    const ack = encodeBindAck({ callId, flags, maxXmit: ackMaxXmit ?? maxRecv, maxRecv: ackMaxRecv ?? maxXmit, assocGroup: ackAssocGroup, secAddr, results, auth: authAck });
    this.link.record('s2c', ack);
    await this.link.write('server', ack);
    await this.link.cr.take((b) => b[2] === PTYPE.bind_ack, 'bind_ack');
    this.maxFrag = Math.min(maxXmit, ackMaxRecv ?? maxXmit);
    if (authThird) {
      const a3 = encodeAuth3({ callId, flags, auth: authThird });
      this.link.record('c2s', a3);
      await this.link.write('client', a3);
      await this.link.sr.take((b) => b[2] === PTYPE.auth3, 'auth3');
    }
    const syntaxName = (t) => (t.uuid === UUID.NDR20 ? 'NDR20' : t.uuid === UUID.BTFN ? 'BindTimeFeatureNegotiation(0x03)' : t.uuid);
    const resultName = ['acceptance', 'user_rejection', 'provider_rejection', 'negotiate_ack'];
    this.rec.binds.push({
      connection: this.link.label,
      callId,
      pfcFlags: '0x' + (flags ?? 3).toString(16).padStart(2, '0'),
      maxXmitFrag: maxXmit,
      maxRecvFrag: maxRecv,
      assocGroupRequested: '0x' + assocGroup.toString(16).padStart(8, '0').toUpperCase(),
      assocGroupGranted: '0x' + ackAssocGroup.toString(16).padStart(8, '0').toUpperCase(),
      secAddr,
      contexts: contexts.map((c, i) => ({
        contextId: c.id,
        interface: c.abstract.name ?? c.abstract.uuid,
        uuid: c.abstract.uuid,
        version: c.abstract.versionText ?? null,
        ifVersionU32: '0x' + c.abstract.version.toString(16).padStart(8, '0').toUpperCase(),
        transferSyntax: syntaxName(c.transfer[0]),
        result: resultName[results[i].result],
        reason: results[i].reason,
      })),
      auth: authBind ? { authType: authBind.type, authLevel: authBind.level, legs: authThird ? ['bind', 'bind_ack', 'rpc_auth3'] : ['bind', 'bind_ack'] } : null,
    });
    return callId;
  }

  get rec() {
    return this.link.rec;
  }

  /** Client sends a request (possibly fragmented / in pieces); resolves once the server holds all of it. */
  async sendRequest({ opnum, ctxId = 0, stub, pieces = null, pauseMs, auth = null, callId = null }) {
    const id = callId ?? this.nextCallId++;
    const pdus = fragment('request', { callId: id, ctxId, opnum, stub, maxFrag: this.maxFrag, auth });
    for (const p of pdus) this.link.record('c2s', p, { opnum });
    const all = Buffer.concat(pdus);
    const segs = await this.link.write('client', all, pieces, pauseMs);
    await this.link.sr.takeCall(id, [PTYPE.request]);
    const iface = this.ifaces[ctxId];
    this.rec.calls.push({ connection: this.link.label, callId: id, opnum, interface: iface.name, name: iface.opnames[opnum] ?? null, requestFragments: pdus.length });
    return { callId: id, opnum, ctxId, requestPdus: pdus, requestSegments: segs };
  }

  /** Server answers a call; resolves once the client holds all of it. */
  async respond(call, { stub, pieces = null, pauseMs, auth = null }) {
    const pdus = fragment('response', { callId: call.callId, ctxId: call.ctxId, opnum: call.opnum, stub, maxFrag: this.maxFrag, auth });
    for (const p of pdus) this.link.record('s2c', p, { opnum: call.opnum });
    const all = Buffer.concat(pdus);
    const segs = await this.link.write('server', all, pieces, pauseMs);
    await this.link.cr.takeCall(call.callId, [PTYPE.response]);
    const c = this.rec.calls.find((x) => x.connection === this.link.label && x.callId === call.callId);
    c.responseFragments = pdus.length;
    return { responsePdus: pdus, responseSegments: segs };
  }

  /** Request, server think time, response. */
  async call({ opnum, ctxId = 0, req, resp, delayMs = 5, reqPieces = null, respPieces = null, pauseMs, reqAuth = null, respAuth = null }) {
    const call = await this.sendRequest({ opnum, ctxId, stub: req, pieces: reqPieces, pauseMs, auth: reqAuth });
    await sleep(delayMs);
    const r = await this.respond(call, { stub: resp, pieces: respPieces, pauseMs, auth: respAuth });
    return { ...call, ...r };
  }
}

// ------------------------------------------------------------------ UDP

export class Udp {
  static async bind(host, port) {
    const u = new Udp();
    u.sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    u.inbox = [];
    u.waiters = [];
    u.sock.on('message', (msg, rinfo) => {
      u.inbox.push({ msg, rinfo });
      for (const w of u.waiters.splice(0)) w();
    });
    await new Promise((resolve, reject) => {
      u.sock.once('error', reject);
      u.sock.bind(port, host, resolve);
    });
    u.host = host;
    u.port = port;
    return u;
  }
  send(payload, host, port) {
    return new Promise((resolve, reject) => this.sock.send(payload, port, host, (e) => (e ? reject(e) : resolve())));
  }
  async receive(timeoutMs = 5000) {
    const t0 = Date.now();
    while (this.inbox.length === 0) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`no datagram on ${this.host}:${this.port}`);
      await new Promise((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return this.inbox.shift();
  }
  close() {
    return new Promise((r) => this.sock.close(r));
  }
}

export { endpoint };
