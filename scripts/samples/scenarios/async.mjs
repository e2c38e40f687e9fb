// Scenario 3 — rpc-tcp-async: EcDoAsyncConnectEx on the session connection, EcDoAsyncWaitEx on a second
// connection bound to AsyncEMSMDB: a parked wait completing with NotificationPending, a fetch, a second wait,
// a concurrent third wait rejected at once (0x000007EE), and the second completing with pulFlagsOut 0.
import { Link } from '../lib/harness.mjs';
import { newRecorder, openEmsmdb, connectEx, poll, logonAndRegister, asyncConnect, bindAsync, disconnect, sleep, W, E } from '../lib/session.mjs';
import { hex8 } from '../lib/bytes.mjs';

export const PORTS = { session: 20021, async: 20022 };
export const FILTER = `tcp and (port ${PORTS.session} or port ${PORTS.async})`;

const H = W.H;
const F = W.FOLDER;

export async function run({ capture = 'rpc-tcp-async.pcap' } = {}) {
  const rec = newRecorder(capture, 'async');
  const server = { host: '127.0.0.1', port: W.EMSMDB_PORT };
  const ASSOC = 0x00033c01;
  const cxh = W.cxhFor(4);
  const acxh = W.acxhFor(4);

  const conn = await openEmsmdb(rec, { label: 'emsmdb', client: { host: '127.0.0.1', port: PORTS.session }, server, assocGroup: ASSOC });
  await sleep(20);
  await connectEx(rec, conn, { cxh, icxr: 1, conMod: 0x3e4f5061 });
  await sleep(80);
  await logonAndRegister(rec, conn, { cxh, subs: [{ handle: H.SUB_STORE, types: W.ALL_TYPES, wantWholeStore: true }] });
  await sleep(100);
  await asyncConnect(rec, conn, { cxh, acxh });
  await sleep(60);

  // second connection, same association group, AsyncEMSMDB, concurrent multiplexing announced
  const link = await Link.open(rec, { client: { host: '127.0.0.1', port: PORTS.async }, server, label: 'asyncemsmdb' });
  rec.connections.push({ label: 'asyncemsmdb', client: link.clientEp, server: link.serverEp, interfaces: ['AsyncEMSMDB'] });
  const aconn = await bindAsync(link, { assocGroup: ASSOC, secAddr: String(W.EMSMDB_PORT) });
  await sleep(20);

  const waitReq = () => E.asyncWaitExRequest(acxh, 0);
  // wait #1: parked ~1.5 s, completes with NotificationPending
  const w1 = await aconn.sendRequest({ opnum: E.OPNUM.EcDoAsyncWaitEx, stub: waitReq() });
  await sleep(1500);
  await aconn.respond(w1, { stub: E.asyncWaitExResponse(1, 0) });
  rec.asyncWaits.push({ connection: 'asyncemsmdb', callId: w1.callId, flagsIn: hex8(0), flagsOut: hex8(1), returnValue: hex8(0), parkedMs: 1500, pendingSignal: true });
  rec.pending.push({ via: 'EcDoAsyncWaitEx', connection: 'asyncemsmdb', callId: w1.callId, flagsOut: hex8(1), returnValue: hex8(0) });
  await sleep(40);

  // fetch on the session connection
  await poll(rec, conn, { cxh, notifications: [{ handle: H.SUB_STORE, logonId: 0, flags: 0x8002, folderId: F.Inbox, messageId: '0001-00000000C301', messageFlags: 0, unicode: false, messageClass: 'IPM.Note' }] });
  await sleep(60);

  // wait #2 outstanding; wait #3 on the same ACXH is rejected at once
  const w2 = await aconn.sendRequest({ opnum: E.OPNUM.EcDoAsyncWaitEx, stub: waitReq() });
  const t2 = Date.now();
  await sleep(200);
  const w3 = await aconn.sendRequest({ opnum: E.OPNUM.EcDoAsyncWaitEx, stub: waitReq() });
  await sleep(2);
  await aconn.respond(w3, { stub: E.asyncWaitExResponse(0, 0x000007ee) });
  await sleep(1000 - (Date.now() - t2));
  await aconn.respond(w2, { stub: E.asyncWaitExResponse(0, 0) });
  // record in the order the responses went out
  rec.asyncWaits.push({ connection: 'asyncemsmdb', callId: w3.callId, flagsIn: hex8(0), flagsOut: hex8(0), returnValue: hex8(0x7ee), parkedMs: 0, pendingSignal: false, note: 'concurrent with call ' + w2.callId + ' on the same ACXH: Rejected' });
  rec.asyncWaits.push({ connection: 'asyncemsmdb', callId: w2.callId, flagsIn: hex8(0), flagsOut: hex8(0), returnValue: hex8(0), parkedMs: 1000, pendingSignal: false, note: 'completed without a notification' });
  await sleep(100);

  const d = await disconnect(conn, cxh);
  rec.sessions[0].disconnectCallId = d.callId;
  await sleep(30);
  await link.close();
  await conn.link.close();
  return rec;
}
