// tshark as an independent oracle for the generator: the DCE/RPC PDUs it sees must be the ones we sent.
// (Same approach as test/support/tshark.ts, kept here so the generator needs no TypeScript build.)
import { execFileSync } from 'node:child_process';

const num = (v) => (v === undefined || v === null || v === '' ? null : Number(v));

export function tsharkPdus(file, decodeAsPorts = []) {
  const args = ['-r', file, '-n', '-Y', 'dcerpc', '-T', 'json', '--no-duplicate-keys', '-j', 'frame dcerpc'];
  for (const p of decodeAsPorts) args.push('-d', `tcp.port==${p},dcerpc`);
  let out;
  try {
    out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // tshark exits 2 on a file cut short but still prints every packet it read
    if (typeof e.stdout !== 'string' || !e.stdout.trim().startsWith('[')) throw new Error(`tshark failed on ${file}: ${e.message.split('\n')[0]}`);
    out = e.stdout;
  }
  const pkts = JSON.parse(out || '[]');
  const res = [];
  for (const p of pkts) {
    const layers = p._source.layers;
    const frameLayer = Array.isArray(layers.frame) ? layers.frame[0] : layers.frame;
    const frame = Number(frameLayer['frame.number']);
    const d = layers.dcerpc;
    for (const pdu of Array.isArray(d) ? d : d ? [d] : []) {
      if (pdu['dcerpc.pkt_type'] === undefined) continue;
      res.push({
        frame,
        ptype: Number(pdu['dcerpc.pkt_type']),
        callId: Number(pdu['dcerpc.cn_call_id']),
        opnum: num(pdu['dcerpc.opnum']),
        contextId: num(pdu['dcerpc.cn_ctx_id']),
        fragFlags: Number(pdu['dcerpc.cn_flags']),
      });
    }
  }
  return res;
}

/** Compare what we sent (in capture order) with what tshark lists; null when equal, else a message. */
export function comparePdus(sent, seen) {
  if (sent.length !== seen.length) return `sent ${sent.length} PDUs, tshark lists ${seen.length}`;
  for (let i = 0; i < sent.length; i++) {
    const a = sent[i];
    const b = seen[i];
    for (const k of ['ptype', 'callId', 'fragFlags']) if (a[k] !== b[k]) return `PDU #${i + 1} (frame ${b.frame}): ${k} sent ${a[k]}, tshark ${b[k]}`;
    if (a.opnum !== null && a.opnum !== b.opnum) return `PDU #${i + 1} (frame ${b.frame}): opnum sent ${a.opnum}, tshark ${b.opnum}`;
    if (a.contextId !== null && a.contextId !== b.contextId) return `PDU #${i + 1} (frame ${b.frame}): ctx sent ${a.contextId}, tshark ${b.contextId}`;
  }
  return null;
}

// ------------------------------------------------------------------ HTTP

/** Depth-first values of `key` anywhere under `o` (tshark nests fields under first-line and chunk subtrees). */
function findAll(o, key, out = []) {
  if (Array.isArray(o)) for (const x of o) findAll(x, key, out);
  else if (o && typeof o === 'object') {
    for (const [k, v] of Object.entries(o)) {
      if (k === key) out.push(...(Array.isArray(v) ? v : [v]));
      else findAll(v, key, out);
    }
  }
  return out;
}

function headerLines(lines) {
  const h = {};
  for (const l of Array.isArray(lines) ? lines : lines ? [lines] : []) {
    const i = l.indexOf(':');
    if (i > 0) h[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return h;
}

/**
 * Every HTTP message tshark lists, in frame order: { frame, client (port), kind, ... }. `ports` are read as HTTP;
 * `tls` = { port, keylog } decrypts TLS on that port with an NSS key log.
 */
export function tsharkHttp(file, ports = [], tls = null) {
  const args = ['-r', file, '-n', '-Y', 'http', '-T', 'json', '--no-duplicate-keys', '-J', 'frame tcp http'];
  for (const p of ports) args.push('-d', `tcp.port==${p},http`);
  if (tls) args.push('-d', `tcp.port==${tls.port},tls`, '-o', `tls.keylog_file:${tls.keylog}`);
  const out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  const serverPorts = new Set([...ports, ...(tls ? [tls.port] : [])].map(Number));
  const res = [];
  for (const p of JSON.parse(out || '[]')) {
    const layers = p._source.layers;
    const frame = Number((Array.isArray(layers.frame) ? layers.frame[0] : layers.frame)['frame.number']);
    const tcp = Array.isArray(layers.tcp) ? layers.tcp[0] : layers.tcp;
    const src = Number(tcp['tcp.srcport']);
    const dst = Number(tcp['tcp.dstport']);
    const client = serverPorts.has(src) ? dst : src;
    for (const m of Array.isArray(layers.http) ? layers.http : [layers.http]) {
      const method = findAll(m, 'http.request.method')[0];
      const code = findAll(m, 'http.response.code')[0];
      if (method === undefined && code === undefined) continue; // continuation data
      const h = headerLines(m[method !== undefined ? 'http.request.line' : 'http.response.line']);
      const sizes = findAll(m, 'http.chunk_size').map(Number).filter((n) => n > 0);
      const data = findAll(m, 'http.chunk_data');
      const msg = {
        frame,
        client,
        kind: method !== undefined ? 'request' : 'response',
        contentLength: h['content-length'] !== undefined ? Number(h['content-length']) : null,
        chunked: /chunked/i.test(h['transfer-encoding'] ?? ''),
        chunks: sizes.length,
        chunkBytes: sizes.reduce((a, b) => a + b, 0),
        pendingChunks: data.filter((d) => d === '50:45:4e:44:49:4e:47:0d:0a').length, // "PENDING\r\n"
      };
      if (method !== undefined) Object.assign(msg, { method, uri: findAll(m, 'http.request.uri')[0], requestType: h['x-requesttype'] ?? null, requestId: h['x-requestid'] ?? null });
      else Object.assign(msg, { status: Number(code), reason: findAll(m, 'http.response.phrase')[0] ?? '' });
      res.push(msg);
    }
  }
  return res;
}

/** The messages the scenario wrote (expected.json `http`), per client port, in the order written. */
function sentHttp(http) {
  const out = new Map();
  for (const c of http) {
    const port = Number(c.client.split(':').pop());
    const list = [];
    for (const x of c.exchanges) {
      if (x.method) list.push({ kind: 'request', method: x.method, uri: x.target, requestType: x.requestType, requestId: x.requestId, contentLength: x.requestContentLength ?? x.requestBodyBytes });
      if (x.status) list.push({ kind: 'response', status: x.status, reason: x.reason, framing: x.framing, contentLength: x.responseContentLength ?? null, bodyBytes: x.responseBodyBytes, chunks: x.chunks ?? null, pending: x.pendingKeepAlives ?? 0 });
    }
    out.set(port, list);
  }
  return out;
}

/** null when tshark lists exactly the HTTP messages the scenario wrote on every connection; else what differs. */
export function compareHttp(http, seen) {
  const sent = sentHttp(http);
  const seenBy = new Map();
  for (const m of seen) (seenBy.get(m.client) ?? seenBy.set(m.client, []).get(m.client)).push(m);
  for (const port of seenBy.keys()) if (!sent.has(port)) return `tshark lists HTTP from port ${port}, which the scenario never used`;
  for (const [port, want] of sent) {
    const got = seenBy.get(port) ?? [];
    if (got.length !== want.length) return `port ${port}: wrote ${want.length} HTTP messages, tshark lists ${got.length}`;
    for (let i = 0; i < want.length; i++) {
      const a = want[i];
      const b = got[i];
      const where = `port ${port} message ${i + 1} (frame ${b.frame})`;
      if (a.kind !== b.kind) return `${where}: wrote a ${a.kind}, tshark lists a ${b.kind}`;
      if (a.kind === 'request') {
        for (const k of ['method', 'uri', 'requestType', 'requestId', 'contentLength']) if (a[k] !== b[k]) return `${where}: ${k} wrote ${a[k]}, tshark ${b[k]}`;
        continue;
      }
      if (a.status !== b.status || a.reason !== b.reason) return `${where}: status wrote ${a.status} ${a.reason}, tshark ${b.status} ${b.reason}`;
      if ((a.framing === 'chunked') !== b.chunked) return `${where}: framing wrote ${a.framing}, tshark chunked=${b.chunked}`;
      if (a.framing === 'chunked') {
        if (a.chunks !== b.chunks || a.bodyBytes !== b.chunkBytes) return `${where}: wrote ${a.chunks} chunks / ${a.bodyBytes} bytes, tshark ${b.chunks} / ${b.chunkBytes}`;
        if (a.pending !== b.pendingChunks) return `${where}: wrote ${a.pending} PENDING chunks, tshark ${b.pendingChunks}`;
      } else if ((a.contentLength ?? a.bodyBytes) !== b.contentLength) return `${where}: Content-Length wrote ${a.contentLength ?? a.bodyBytes}, tshark ${b.contentLength}`;
    }
  }
  return null;
}

// ------------------------------------------------------------------ RPC over HTTP channel bodies

/** Both directions of every TCP stream as tshark reassembles them ("follow tcp raw"). */
export function tsharkStreams(file) {
  const ids = execFileSync('tshark', ['-r', file, '-n', '-T', 'fields', '-e', 'tcp.stream'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const n = Math.max(-1, ...ids.split('\n').filter(Boolean).map(Number)) + 1;
  const args = ['-r', file, '-n', '-q'];
  for (let i = 0; i < n; i++) args.push('-z', `follow,tcp,raw,${i}`);
  const out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  const streams = [];
  let cur = null;
  for (const line of out.split('\n')) {
    const node = /^Node ([01]): (.*)$/.exec(line);
    if (line.startsWith('Follow: ')) streams.push((cur = { a: [], b: [] }));
    else if (node) cur[`node${node[1]}`] = node[2];
    else if (cur && /^\t?[0-9a-f]+$/.test(line)) (line.startsWith('\t') ? cur.b : cur.a).push(Buffer.from(line.trim(), 'hex'));
  }
  return streams.map((s) => ({ node0: s.node0, node1: s.node1, fromNode0: Buffer.concat(s.a), fromNode1: Buffer.concat(s.b) }));
}

/** Body after the HTTP head, split into PDUs by frag_length. */
function bodyPdus(bytes, hasHead) {
  let off = 0;
  if (hasHead) {
    const end = bytes.indexOf('\r\n\r\n');
    if (end < 0) return { error: 'no HTTP head' };
    off = end + 4;
  } else if (bytes.length) return { error: `${bytes.length} bytes where nothing was written` };
  const pdus = [];
  while (off + 16 <= bytes.length) {
    const len = bytes.readUInt16LE(off + 8);
    pdus.push(bytes.subarray(off, off + len));
    off += len;
  }
  return off === bytes.length ? { pdus } : { error: `${bytes.length - off} bytes left over after the last PDU` };
}

/**
 * Every channel body of an rpc-http capture, as tshark reassembled it, must hold exactly the PDUs the scenario wrote:
 * the DCE/RPC ones of `dcerpcPdus` and the RTS ones of `rts.pdus`, each in order. null when so, else what differs.
 */
export function compareRpcHttp(entry, streams) {
  for (const vc of entry.rts.virtualConnections) {
    for (const channel of ['IN', 'OUT']) {
      const client = vc[channel.toLowerCase()].client;
      const s = streams.find((x) => x.node0 === client || x.node1 === client);
      if (!s) return `${vc.label} ${channel}: no TCP stream from ${client}`;
      const c2s = s.node0 === client ? s.fromNode0 : s.fromNode1;
      const s2c = s.node0 === client ? s.fromNode1 : s.fromNode0;
      for (const [direction, bytes, hasHead] of [['c2s', c2s, true], ['s2c', s2c, channel === 'OUT']]) {
        const where = `${vc.label} ${channel} ${direction}`;
        const got = bodyPdus(bytes, hasHead);
        if (got.error) return `${where}: ${got.error}`;
        const rts = got.pdus.filter((p) => p[2] === 20).map((p) => `0x${p.readUInt16LE(16).toString(16).toUpperCase().padStart(4, '0')}/${p.length}`);
        const wantRts = entry.rts.pdus.filter((p) => p.virtualConnection === vc.label && p.channel === channel && p.direction === direction).map((p) => `${p.flags}/${p.length}`);
        if (rts.join() !== wantRts.join()) return `${where}: RTS PDUs on the wire [${rts}], written [${wantRts}]`;
        const rpc = got.pdus.filter((p) => p[2] !== 20).map((p) => `${p[2]}:${p.readUInt32LE(12)}:${p[3]}:${p.length}`);
        const carries = (channel === 'IN') === (direction === 'c2s');
        const wantRpc = carries ? entry.dcerpcPdus.filter((p) => p.connection === vc.label && p.direction === direction).map((p) => `${p.ptype}:${p.callId}:${p.fragFlags}:${p.fragLength}`) : [];
        if (rpc.join() !== wantRpc.join()) return `${where}: DCE/RPC PDUs on the wire [${rpc}], written [${wantRpc}]`;
      }
    }
  }
  return null;
}

/** SNI and ALPN offers of every TLS ClientHello in the file. */
export function tsharkClientHellos(file, tlsPort) {
  const out = execFileSync('tshark', ['-r', file, '-n', '-d', `tcp.port==${tlsPort},tls`, '-Y', 'tls.handshake.type == 1', '-T', 'fields', '-e', 'tls.handshake.extensions_server_name', '-e', 'tls.handshake.extensions_alpn_str'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter(Boolean).map((l) => {
    const [sni, alpn] = l.split('\t');
    return { sni, alpn };
  });
}
