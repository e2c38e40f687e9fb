// Scenario 2 — rpc-tcp-push: EcRRegisterPushNotification over IPv4 and IPv6 and UDP push datagrams
// with every verdict: before-registration, valid, mismatch, unregistered, re-sent valid, after-unregister.
import { Udp } from '../lib/harness.mjs';
import { newRecorder, openEmsmdb, connectEx, poll, logonAndRegister, disconnect, sleep, W, E } from '../lib/session.mjs';
import { hex8 } from '../lib/bytes.mjs';

export const PORTS = { v4Client: 20011, v6Client: 20012, v4Callback: 20110, v6Callback: 20111, stranger: 20119 };
export const FILTER =
  `(tcp and (port ${PORTS.v4Client} or port ${PORTS.v6Client})) or ` +
  `(udp and (port ${PORTS.v4Callback} or port ${PORTS.v6Callback} or port ${PORTS.stranger}))`;

const F = W.FOLDER;
const H = W.H;
const CTX4 = Buffer.from('4f584e4f54494659c0ffee0000000001', 'hex'); // "OXNOTIFY" + c0ffee + 1
const CTX6 = Buffer.from('4f584e4f54494659c0ffee0000000006', 'hex');
const SPOOF = Buffer.from('4f584e4f54494659deadbeef00000001', 'hex');

export async function run({ capture = 'rpc-tcp-push.pcap' } = {}) {
  const rec = newRecorder(capture, 'push');
  const serverUdp4 = await Udp.bind('127.0.0.1', W.SERVER_UDP_PORT);
  const serverUdp6 = await Udp.bind('::1', W.SERVER_UDP_PORT);
  const cb4 = await Udp.bind('127.0.0.1', PORTS.v4Callback);
  const cb6 = await Udp.bind('::1', PORTS.v6Callback);
  const stranger = await Udp.bind('127.0.0.1', PORTS.stranger); // listens, never registered
  const from4 = `127.0.0.1:${W.SERVER_UDP_PORT}`;
  const from6 = `[::1]:${W.SERVER_UDP_PORT}`;
  const datagram = async (sock, receiver, payload, to, verdict, note, extra = {}) => {
    await sock.send(payload, to.host, to.port);
    await receiver.receive();
    const d = { from: sock.host.includes(':') ? from6 : from4, to: to.host.includes(':') ? `[${to.host}]:${to.port}` : `${to.host}:${to.port}`, payload: payload.toString('hex'), verdict, note, ...extra };
    rec.pushDatagrams.push(d);
    // only a datagram that matches a live registration is a pending signal
    if (verdict === 'valid') rec.pending.push({ via: 'push', to: d.to, payload: d.payload, resend: !!extra.resend });
  };

  // ---------------- IPv4 session
  const cxh = W.cxhFor(2);
  const conn = await openEmsmdb(rec, { label: 'emsmdb-v4', client: { host: '127.0.0.1', port: PORTS.v4Client }, server: { host: '127.0.0.1', port: W.EMSMDB_PORT }, assocGroup: 0x00022b01 });
  await sleep(20);
  await connectEx(rec, conn, { cxh, icxr: 1, conMod: 0x1c2d3e4f });
  await sleep(80);
  await logonAndRegister(rec, conn, { cxh, subs: [{ handle: H.SUB_STORE, types: W.ALL_TYPES, wantWholeStore: true }] });
  await sleep(150);

  // a stray datagram to the port the client is about to register
  await datagram(serverUdp4, cb4, CTX4, { host: '127.0.0.1', port: PORTS.v4Callback }, 'before-registration', 'sent before EcRRegisterPushNotification');
  await sleep(120);

  const reg = await conn.call({
    opnum: E.OPNUM.EcRRegisterPushNotification,
    req: E.registerPushRequest({ cxh, iRpc: 0, context: CTX4, adviseBits: 0xffffffff, callbackAddress: E.sockaddrIn('127.0.0.1', PORTS.v4Callback) }),
    resp: E.registerPushResponse({ cxh, hNotification: 0x00000001, ret: 0 }),
    delayMs: 6,
  });
  rec.pushRegistrations.push({ connection: 'emsmdb-v4', callId: reg.callId, iRpc: 0, callback: { family: 'AF_INET', familyValue: 2, address: '127.0.0.1', port: PORTS.v4Callback }, cbCallbackAddress: 16, context: CTX4.toString('hex'), cbContext: 16, adviseBits: hex8(0xffffffff), hNotification: hex8(1), returnValue: hex8(0) });
  await sleep(600);

  // event 1 → valid datagram → the client polls and gets the RopNotify
  await datagram(serverUdp4, cb4, CTX4, { host: '127.0.0.1', port: PORTS.v4Callback }, 'valid', 'NewMail queued', { answeredByCallId: reg.callId + 1 });
  await sleep(50);
  await poll(rec, conn, { cxh, notifications: [{ handle: H.SUB_STORE, logonId: 0, flags: 0x8002, folderId: F.Inbox, messageId: '0001-00000000B201', messageFlags: 0, unicode: false, messageClass: 'IPM.Note' }] });
  await sleep(300);

  // spoofed payload to the registered address; then a datagram to a port nobody registered
  await datagram(serverUdp4, cb4, SPOOF, { host: '127.0.0.1', port: PORTS.v4Callback }, 'mismatch', 'payload differs from rgbContext');
  await sleep(200);
  await datagram(serverUdp4, stranger, CTX4, { host: '127.0.0.1', port: PORTS.stranger }, 'unregistered', 'no registration names this address');
  await sleep(250);

  // event 2 → valid datagram, not acted on at once; the server re-sends it; then the client polls
  await datagram(serverUdp4, cb4, CTX4, { host: '127.0.0.1', port: PORTS.v4Callback }, 'valid', 'ObjectModified queued');
  await sleep(1000);
  await datagram(serverUdp4, cb4, CTX4, { host: '127.0.0.1', port: PORTS.v4Callback }, 'valid', 're-sent: details still queued', { resend: true });
  await sleep(60);
  await poll(rec, conn, { cxh, notifications: [{ handle: H.SUB_STORE, logonId: 0, flags: 0x0010, folderId: F.Inbox, tags: [] }] });
  rec.pushDatagrams.at(-1).answeredByCallId = rec.calls.at(-1).callId;
  await sleep(200);

  const d4 = await disconnect(conn, cxh);
  rec.sessions[0].disconnectCallId = d4.callId;
  await sleep(40);
  await conn.link.close();
  await sleep(300);
  await datagram(serverUdp4, cb4, CTX4, { host: '127.0.0.1', port: PORTS.v4Callback }, 'after-unregister', 'sent after EcDoDisconnect ended the session');
  await sleep(150);

  // ---------------- IPv6 session
  const cxh6 = W.cxhFor(3);
  const conn6 = await openEmsmdb(rec, { label: 'emsmdb-v6', client: { host: '::1', port: PORTS.v6Client }, server: { host: '::1', port: W.EMSMDB_PORT }, assocGroup: 0x00022b02 });
  await sleep(20);
  await connectEx(rec, conn6, { cxh: cxh6, icxr: 2, conMod: 0x2d3e4f50 });
  await sleep(80);
  await logonAndRegister(rec, conn6, { cxh: cxh6, subs: [{ handle: H.SUB_STORE, types: W.ALL_TYPES, wantWholeStore: true }] });
  await sleep(100);
  const reg6 = await conn6.call({
    opnum: E.OPNUM.EcRRegisterPushNotification,
    req: E.registerPushRequest({ cxh: cxh6, iRpc: 0, context: CTX6, adviseBits: 0xffffffff, callbackAddress: E.sockaddrIn6('::1', PORTS.v6Callback) }),
    resp: E.registerPushResponse({ cxh: cxh6, hNotification: 0x00000002, ret: 0 }),
    delayMs: 6,
  });
  rec.pushRegistrations.push({ connection: 'emsmdb-v6', callId: reg6.callId, iRpc: 0, callback: { family: 'AF_INET6', familyValue: 23, address: '::1', port: PORTS.v6Callback }, cbCallbackAddress: 28, context: CTX6.toString('hex'), cbContext: 16, adviseBits: hex8(0xffffffff), hNotification: hex8(2), returnValue: hex8(0) });
  await sleep(400);
  await datagram(serverUdp6, cb6, CTX6, { host: '::1', port: PORTS.v6Callback }, 'valid', 'NewMail queued (IPv6)', { answeredByCallId: reg6.callId + 1 });
  await sleep(50);
  await poll(rec, conn6, { cxh: cxh6, notifications: [{ handle: H.SUB_STORE, logonId: 0, flags: 0x8002, folderId: F.Inbox, messageId: '0001-00000000B202', messageFlags: 0, unicode: false, messageClass: 'IPM.Note' }] });
  await sleep(200);
  const d6 = await disconnect(conn6, cxh6);
  rec.sessions[1].disconnectCallId = d6.callId;
  await sleep(40);
  await conn6.link.close();

  for (const u of [serverUdp4, serverUdp6, cb4, cb6, stranger]) await u.close();
  return rec;
}
