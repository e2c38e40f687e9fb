// Scenario 8 — tls-mapi: MAPI over HTTP inside TLS (node:https both ends, certificate made by openssl at run time).
// The client names mail.contoso.example in SNI and negotiates http/1.1 by ALPN; inside: Connect and one Execute.
// Nothing of the session is visible without keys: expected.json lists no session, and `http` says what is inside.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { HttpServer, HttpClientConn } from '../lib/http.mjs';
import { MapiSession, TLS_PORT, HOST } from '../lib/mapisession.mjs';
import { newRecorder, sleep, W } from '../lib/session.mjs';
import { USERS } from './mapihttp.mjs';

export const PORTS = { client: 20241 };
export const FILTER = `tcp port ${TLS_PORT} and tcp port ${PORTS.client}`;

function selfSigned() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxnotif-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', `/CN=${HOST}`, '-addext', `subjectAltName=DNS:${HOST}`], { stdio: 'ignore' });
  const pair = { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
  fs.rmSync(dir, { recursive: true, force: true });
  return pair;
}

export async function run({ capture = 'tls-mapi.pcap' } = {}) {
  const rec = newRecorder(capture, 'tls');
  const inside = newRecorder(capture, 'tls'); // what travels encrypted
  const { key, cert } = selfSigned();
  const server = { host: '127.0.0.1', port: TLS_PORT };
  const srv = await HttpServer.listen({ ...server, tls: { key, cert } });
  const conn = new HttpClientConn({ label: 'T', server, client: { host: '127.0.0.1', port: PORTS.client }, tls: { servername: HOST, ca: cert, ALPNProtocols: ['http/1.1'] } });
  const keylog = [];
  conn.agent.on('keylog', (line) => keylog.push(line.toString()));
  const s = new MapiSession(inside, srv, { label: 'S1', user: USERS.alice, requestGuid: 'f0e1d2c3-b4a5-4697-8877-665544332211', clientInfo: '{0A1B2C3D-4E5F-4061-8273-94A5B6C7D8E9}:1', cookieSeed: 0x7150a11c, secure: true, t0: Date.now() });
  await s.connect(conn);
  await sleep(40);
  await s.logonAndRegister(conn, { subs: [{ handle: W.H.SUB_STORE, types: W.ALL_TYPES, wantWholeStore: true }] });
  await sleep(50);
  await srv.close();
  conn.close();

  rec.http = inside.http; // verified against tshark with the key log; invisible without it
  rec.connections = inside.connections;
  rec.tls = {
    sni: HOST,
    client: conn.clientEp,
    server: conn.serverEp,
    alpn: 'http/1.1',
    certificate: { subject: `CN=${HOST}`, selfSigned: true, key: 'EC P-256', madeAtRunTime: true },
    encrypted: { requestTypes: inside.http[0].exchanges.map((x) => x.requestType), sessions: inside.sessions.length, subscriptions: inside.subscriptions.length },
  };
  rec.tlsKeylog = keylog.join('');
  return rec;
}
