// Scenario 7 — rpc-http-basic: RPC over HTTP v2. Virtual connection vc1 (IN 20221, OUT 20222): EMSMDB bind,
// EcDoConnectEx, EcDoRpcExt2 (RopLogon + RopRegisterNotification), a FlowControlAckWithDestination,
// EcDoAsyncConnectEx; vc2 (IN 20223, OUT 20224): AsyncEMSMDB bind, EcDoAsyncWaitEx parked 1.5 s with an RTS Ping
// on its OUT channel, completing with pulFlagsOut 1; then the fetch on vc1 (RopNotify) and EcDoDisconnect.
import { RawHttpListener } from '../lib/http.mjs';
import { HttpVc } from '../lib/rpchttp.mjs';
import { HTTP_PORT } from '../lib/mapisession.mjs';
import { newRecorder, openEmsmdb, connectEx, poll, logonAndRegister, asyncConnect, bindAsync, disconnect, sleep, W, E } from '../lib/session.mjs';
import { hex8 } from '../lib/bytes.mjs';

export const PORTS = { vc1In: 20221, vc1Out: 20222, vc2In: 20223, vc2Out: 20224 };
export const FILTER = `tcp port ${HTTP_PORT} and tcp portrange ${PORTS.vc1In}-${PORTS.vc2Out}`;

const H = W.H;
const F = W.FOLDER;
const ASSOC = 0x00044d01;
const AUTH = 'Basic ' + Buffer.from('alice:P@ssw0rd').toString('base64');
const ASSOC_COOKIE = '3e8a1f20-7c4b-4d2e-9f10-a1b2c3d4e5f6';

export async function run({ capture = 'rpc-http-basic.pcap' } = {}) {
  const rec = newRecorder(capture, 'rpchttp');
  rec.rts = { virtualConnections: [], pdus: [] };
  const server = { host: '127.0.0.1', port: HTTP_PORT };
  const listener = await RawHttpListener.listen(server);
  const cxh = W.cxhFor(7);
  const acxh = W.acxhFor(7);
  const channelConnection = (vc) => ({ label: vc.label, client: vc.clientEp, server: vc.serverEp, interfaces: [], channels: { in: vc.inConn.clientEp, out: vc.outConn.clientEp } });
  // cookies: the virtual connection, its IN and its OUT channel end in 1, 2, 3; both VCs share the association group
  const openVc = (label, inPort, outPort, cookie) =>
    HttpVc.open(rec, listener, { label, server, inPort, outPort, auth: AUTH, cookies: { vc: `${cookie}1`, inChannel: `${cookie}2`, outChannel: `${cookie}3`, associationGroupId: ASSOC_COOKIE } });

  // --- vc1: EMSMDB session
  const vc1 = await openVc('vc1', PORTS.vc1In, PORTS.vc1Out, '5b0e2c71-1d3a-4f6b-8e2c-0a1b2c3d4e0');
  rec.connections.push({ ...channelConnection(vc1), interfaces: ['EMSMDB'] });
  await sleep(10);
  const conn = await openEmsmdb(rec, { label: 'vc1', link: vc1, assocGroup: ASSOC, secAddr: '6001' });
  await sleep(20);
  await connectEx(rec, conn, { cxh, icxr: 1, conMod: 0x4a5b6c7d });
  await sleep(60);
  await logonAndRegister(rec, conn, { cxh, subs: [{ handle: H.SUB_STORE, types: W.ALL_TYPES, wantWholeStore: true }] });
  await sleep(20);
  rec.rts.flowControlAck = { virtualConnection: 'vc1', bytesReceived: await vc1.flowControlAck(), note: 'OUT channel body bytes the client had consumed when it sent the ack' };
  await sleep(20);
  await asyncConnect(rec, conn, { cxh, acxh });
  await sleep(40);

  // --- vc2: AsyncEMSMDB in the same association group, its own channels and cookies
  const vc2 = await openVc('vc2', PORTS.vc2In, PORTS.vc2Out, '9c4d7e82-2b5f-4a1c-b3d4-1f2e3d4c5b0');
  rec.connections.push({ ...channelConnection(vc2), interfaces: ['AsyncEMSMDB'] });
  await sleep(10);
  const aconn = await bindAsync(vc2, { assocGroup: ASSOC, secAddr: '6001' });
  await sleep(20);

  // wait parked 1.5 s; the out-proxy pings the client half way
  const w1 = await aconn.sendRequest({ opnum: E.OPNUM.EcDoAsyncWaitEx, stub: E.asyncWaitExRequest(acxh, 0) });
  await sleep(750);
  await vc2.ping();
  await sleep(750);
  await aconn.respond(w1, { stub: E.asyncWaitExResponse(1, 0) });
  rec.asyncWaits.push({ connection: 'vc2', callId: w1.callId, flagsIn: hex8(0), flagsOut: hex8(1), returnValue: hex8(0), parkedMs: 1500, pendingSignal: true });
  rec.pending.push({ via: 'EcDoAsyncWaitEx', connection: 'vc2', callId: w1.callId, flagsOut: hex8(1), returnValue: hex8(0) });
  await sleep(40);

  // --- fetch on vc1
  await poll(rec, conn, {
    cxh,
    notifications: [
      { handle: H.SUB_STORE, logonId: 0, flags: 0x8002, folderId: F.Inbox, messageId: '0001-00000000D401', messageFlags: 0, unicode: false, messageClass: 'IPM.Note' },
      { handle: H.SUB_STORE, logonId: 0, flags: 0x0010, folderId: F.Inbox, tags: [] },
    ],
  });
  await sleep(60);
  const d = await disconnect(conn, cxh);
  rec.sessions[0].disconnectCallId = d.callId;
  await sleep(30);
  await vc2.close();
  await vc1.close();
  await listener.close();
  return rec;
}
