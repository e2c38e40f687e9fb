// Scenario 1 — rpc-tcp-basic: EPM lookup, EMSMDB session, subscriptions, table, every notification kind,
// compressed and XOR'd responses, RopPending, RopRelease, EcDummyRpc, EcDoDisconnect.
import { Link, RpcConn } from '../lib/harness.mjs';
import { encodeTower, eptMapRequest, eptMapResponse, NDR20 } from '../lib/dcerpc.mjs';
import { newRecorder, openEmsmdb, connectEx, rpcExt2, poll, logonAndRegister, disconnect, sleep, W, R, E } from '../lib/session.mjs';
import { hex8 } from '../lib/bytes.mjs';

export const CLIENT_HOST = '127.0.0.1';
export const PORTS = { epmClient: 20001, emsmdbClient: 20002 };
export const FILTER = `tcp and (port ${PORTS.epmClient} or port ${PORTS.emsmdbClient})`;

const F = W.FOLDER;
const H = W.H;
const COLS = W.COLUMNS;
const M = {
  A101: '0001-00000000A101',
  A102: '0001-00000000A102',
  A103: '0001-00000000A103',
  A104: '0001-00000000A104',
  A105: '0001-00000000A105',
  A0FF: '0001-00000000A0FF',
  A201: '0001-00000000A201',
};
const row = (mid, subject, flags, time) => ({ [R.PROP.PidTagMid]: mid, [R.PROP.PidTagSubject]: subject, [R.PROP.PidTagMessageFlags]: flags, [R.PROP.PidTagMessageDeliveryTime]: time });
const ROW_A101 = row(M.A101, 'Quarterly report', 0x00000001, '2025-03-13T16:02:11Z');
const ROW_A102 = row(M.A102, 'Lunch on Friday?', 0x00000000, '2025-03-14T08:41:37Z');
const ROW_A103 = row(M.A103, 'Status update', 0x00000000, '2025-03-14T09:27:05Z');
const ROW_A102_READ = row(M.A102, 'Lunch on Friday?', 0x00000001, '2025-03-14T08:41:37Z');
const ROW_A105 = row(M.A105, 'Réunion budget 2025 – ☕', 0x00000000, '2025-03-14T09:27:44Z');

export async function run({ capture = 'rpc-tcp-basic.pcap' } = {}) {
  const rec = newRecorder(capture, 'basic');
  const server = { host: '127.0.0.1', port: W.EMSMDB_PORT };

  // --- endpoint mapper: where is EMSMDB?
  const epmLink = await Link.open(rec, { client: { host: CLIENT_HOST, port: PORTS.epmClient }, server: { host: '127.0.0.1', port: 135 }, label: 'epm' });
  rec.connections.push({ label: 'epm', client: epmLink.clientEp, server: epmLink.serverEp, interfaces: ['EPM'] });
  const epm = new RpcConn(epmLink, { ifaces: { 0: W.EPM } });
  await epm.bind({ contexts: [{ id: 0, abstract: W.EPM, transfer: [NDR20] }], results: [{ result: 0, reason: 0, transfer: NDR20 }], ackAssocGroup: 0x00011a2b, secAddr: '135' });
  await sleep(15);
  const reqTower = encodeTower({ iface: W.EMSMDB, port: 0, ipv4: '0.0.0.0' });
  const respTower = encodeTower({ iface: W.EMSMDB, port: W.EMSMDB_PORT, ipv4: '127.0.0.1' });
  const map = await epm.call({ opnum: E.OPNUM.ept_map, req: eptMapRequest({ tower: reqTower, maxTowers: 4 }), resp: eptMapResponse({ towers: [respTower], maxTowers: 4 }), delayMs: 3 });
  rec.epm.push({ connection: 'epm', callId: map.callId, interface: 'EMSMDB', uuid: W.EMSMDB.uuid, version: '0.81', protocol: 'ncacn_ip_tcp', address: '127.0.0.1', port: W.EMSMDB_PORT, status: hex8(0) });
  await sleep(30);
  await epmLink.close();
  await sleep(60);

  // --- EMSMDB session
  const cxh = W.cxhFor(1);
  const conn = await openEmsmdb(rec, { label: 'emsmdb', client: { host: CLIENT_HOST, port: PORTS.emsmdbClient }, server, assocGroup: 0x00011a2c });
  await sleep(20);
  await connectEx(rec, conn, { cxh, icxr: 1, conMod: 0x3b9aca07 });
  await sleep(120);

  // call 3: RopLogon + 2 × RopRegisterNotification, aux in (XOR) and aux out; request written in 2 pieces
  const c3 = await logonAndRegister(rec, conn, {
    cxh,
    subs: [
      { handle: H.SUB_STORE, types: W.ALL_TYPES, wantWholeStore: true },
      { handle: H.SUB_INBOX, types: W.INBOX_TYPES, wantWholeStore: false, folderId: F.Inbox },
    ],
    auxIn: W.auxInPerf(3),
    auxOut: W.auxOutCaps(),
    reqPieces: [60],
  });
  rec.marks.call3RequestPieces = c3.requestSegments.map((b) => b.toString('hex'));
  await sleep(200);

  // call 4: open Inbox, contents table, columns, 2 rows; response written in 3 pieces
  const c4 = await rpcExt2(rec, conn, {
    cxh,
    rops: [
      R.ropOpenFolderRequest({ inIdx: 0, outIdx: 1, folderId: F.Inbox }),
      R.ropGetContentsTableRequest({ inIdx: 1, outIdx: 2, tableFlags: 0x40 }),
      R.ropSetColumnsRequest({ inIdx: 2, columns: COLS }),
      R.ropQueryRowsRequest({ inIdx: 2, rowCount: 0x32 }),
    ],
    handles: [H.LOGON, 0xffffffff, 0xffffffff],
    outRops: [
      R.ropOpenFolderResponse({ outIdx: 1 }),
      R.ropGetContentsTableResponse({ outIdx: 2, rowCount: 2 }),
      R.ropSetColumnsResponse({ inIdx: 2 }),
      R.ropQueryRowsResponse({ inIdx: 2, origin: 2, columns: COLS, rows: [ROW_A101, ROW_A102] }),
    ],
    outHandles: [H.LOGON, H.FOLDER_INBOX, H.TABLE_INBOX],
    respPieces: [120, 120],
    delayMs: 30,
  });
  rec.marks.call4ResponsePieces = c4.responseSegments.map((b) => b.toString('hex'));
  rec.tables.push({ connection: 'emsmdb', callId: c4.callId, handle: hex8(H.TABLE_INBOX), folderId: F.Inbox, folderHandle: hex8(H.FOLDER_INBOX), columns: COLS.map(hex8), rowCount: 2, rows: [ROW_A101, ROW_A102].map((r) => R.rowToExpected(COLS, r)) });
  await sleep(400);

  // call 5: NewMail (ASCII class) + TableRowAdded
  await poll(rec, conn, {
    cxh,
    notifications: [
      { handle: H.SUB_STORE, logonId: 0, flags: 0x8002, folderId: F.Inbox, messageId: M.A103, messageFlags: 0x00000000, unicode: false, messageClass: 'IPM.Note' },
      { handle: H.TABLE_INBOX, logonId: 0, flags: 0x8100, tableEventType: 3, tableRowFolderId: F.Inbox, tableRowMessageId: M.A103, tableRowInstance: 0, insertAfterTableRowFolderId: F.Inbox, insertAfterTableRowId: M.A102, insertAfterTableRowInstance: 0, columns: COLS, tableRowData: ROW_A103 },
    ],
  });
  await sleep(300);

  // call 6: folder ObjectModified with counts + message ObjectCreated with 2 tags
  await poll(rec, conn, {
    cxh,
    notifications: [
      { handle: H.SUB_INBOX, logonId: 0, flags: 0x3010, folderId: F.Inbox, tags: [], totalMessageCount: 3, unreadMessageCount: 2 },
      { handle: H.SUB_STORE, logonId: 0, flags: 0x8004, folderId: F.Projects, messageId: M.A201, tags: [R.PROP.PidTagSubject, R.PROP.PidTagMessageFlags] },
    ],
  });
  await sleep(250);

  // call 7: compressed (0x0005), response in 3 pieces: moved, row deleted, folder copied, deleted, row modified
  const c7 = await poll(rec, conn, {
    cxh,
    compress: true,
    respPieces: [100, 100],
    notifications: [
      { handle: H.SUB_STORE, logonId: 0, flags: 0x8020, folderId: F.Archive, messageId: M.A104, oldFolderId: F.Inbox, oldMessageId: M.A101 },
      { handle: H.TABLE_INBOX, logonId: 0, flags: 0x8100, tableEventType: 4, tableRowFolderId: F.Inbox, tableRowMessageId: M.A101, tableRowInstance: 0 },
      { handle: H.SUB_STORE, logonId: 0, flags: 0x0040, folderId: F.ProjectsCopy, parentFolderId: F.IpmSubtree, oldFolderId: F.Projects, oldParentFolderId: F.IpmSubtree },
      { handle: H.SUB_STORE, logonId: 0, flags: 0x8008, folderId: F.DeletedItems, messageId: M.A0FF },
      { handle: H.TABLE_INBOX, logonId: 0, flags: 0x8100, tableEventType: 5, tableRowFolderId: F.Inbox, tableRowMessageId: M.A102, tableRowInstance: 0, insertAfterTableRowFolderId: R.ZERO_ID, insertAfterTableRowId: R.ZERO_ID, insertAfterTableRowInstance: 0, columns: COLS, tableRowData: ROW_A102_READ },
    ],
  });
  rec.marks.call7ResponsePieces = c7.responseSegments.map((b) => b.toString('hex'));
  await sleep(350);

  // call 8: XorMagic (0x0006): TableChanged + SearchCompleted
  await poll(rec, conn, {
    cxh,
    xor: true,
    notifications: [
      { handle: H.TABLE_INBOX, logonId: 0, flags: 0x0100, tableEventType: 1 },
      { handle: H.SUB_STORE, logonId: 0, flags: 0x0080, folderId: F.SearchResults },
    ],
  });
  await sleep(500);

  // call 9: NewMail (UTF-16 class) + RopPending(1)
  const c9 = await poll(rec, conn, {
    cxh,
    pendingIndex: 1,
    notifications: [{ handle: H.SUB_STORE, logonId: 0, flags: 0x8002, folderId: F.Inbox, messageId: M.A105, messageFlags: 0x00000000, unicode: true, messageClass: 'IPM.Note' }],
  });
  rec.marks.call9Response = Buffer.concat(c9.responsePdus).toString('hex');
  await sleep(60);

  // call 10: drains the rest
  await poll(rec, conn, {
    cxh,
    notifications: [
      { handle: H.TABLE_INBOX, logonId: 0, flags: 0x8100, tableEventType: 3, tableRowFolderId: F.Inbox, tableRowMessageId: M.A105, tableRowInstance: 0, insertAfterTableRowFolderId: F.Inbox, insertAfterTableRowId: M.A103, insertAfterTableRowInstance: 0, columns: COLS, tableRowData: ROW_A105 },
      { handle: H.SUB_INBOX, logonId: 0, flags: 0x3010, folderId: F.Inbox, tags: [], totalMessageCount: 3, unreadMessageCount: 2 },
    ],
  });
  await sleep(700);

  // call 11: RopRelease of the folder-scoped subscription
  const c11 = await rpcExt2(rec, conn, { cxh, rops: [R.ropReleaseRequest({ inIdx: 0 })], handles: [H.SUB_INBOX], outRops: [], outHandles: [H.SUB_INBOX] });
  rec.releases.push({ connection: 'emsmdb', callId: c11.callId, handle: hex8(H.SUB_INBOX) });
  await sleep(150);

  // call 12: EcDummyRpc; call 13: EcDoDisconnect
  await conn.call({ opnum: E.OPNUM.EcDummyRpc, req: E.dummyRpcRequest(), resp: E.dummyRpcResponse(0), delayMs: 2 });
  await sleep(200);
  const d = await disconnect(conn, cxh);
  rec.sessions[0].disconnectCallId = d.callId;
  await sleep(50);
  await conn.link.close();
  rec.marks.midstreamCutCall = 4;
  return rec;
}
