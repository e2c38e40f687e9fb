// Scenario 6 — mapi-http-basic: MAPI over HTTP through node:http on both ends. Session S1 (alice) spans three
// TCP connections (A: Connect after a 401, Execute, fetches, PING, Disconnect; B: the NotificationWait long polls,
// then an unsolicited 408; C: one Execute with Connection: close), so it can only be followed by its cookies.
// Session S2 (bob) runs on connection D during S1's long poll, with the same handle values and a compressed
// Execute response carrying RopNotify.
import { HttpServer, HttpClientConn } from '../lib/http.mjs';
import { MapiSession, requestTimeout, HTTP_PORT } from '../lib/mapisession.mjs';
import { newRecorder, sleep, W, R } from '../lib/session.mjs';
import { hex8 } from '../lib/bytes.mjs';

export const PORTS = { A: 20201, B: 20202, C: 20203, D: 20204 };
export const FILTER = `tcp port ${HTTP_PORT} and tcp portrange ${PORTS.A}-${PORTS.D}`;

const F = W.FOLDER;
const H = W.H;
const COLS = W.COLUMNS;
const row = (mid, subject, flags, time) => ({ [R.PROP.PidTagMid]: mid, [R.PROP.PidTagSubject]: subject, [R.PROP.PidTagMessageFlags]: flags, [R.PROP.PidTagMessageDeliveryTime]: time });

export const USERS = {
  alice: { account: 'alice', userDn: W.USER_DN, displayName: W.DISPLAY_NAME, mailboxGuid: W.MAILBOX_GUID },
  bob: { account: 'bob', userDn: `${W.ORG_DN}/cn=Recipients/cn=bob`, displayName: 'Bob Martin', mailboxGuid: 'c4d5e6f7-0003-4a1b-8c2d-3e4f5a6b7c8d' },
};

/** RopOpenFolder(Inbox) + RopGetContentsTable + RopSetColumns + RopQueryRows after logon (slot 0) and n subscriptions. */
export function inboxTableRops(firstSlot, rows) {
  const folderSlot = firstSlot;
  const tableSlot = firstSlot + 1;
  return {
    rops: [
      R.ropOpenFolderRequest({ inIdx: 0, outIdx: folderSlot, folderId: F.Inbox }),
      R.ropGetContentsTableRequest({ inIdx: folderSlot, outIdx: tableSlot, tableFlags: 0x40 }),
      R.ropSetColumnsRequest({ inIdx: tableSlot, columns: COLS }),
      R.ropQueryRowsRequest({ inIdx: tableSlot, rowCount: 0x32 }),
    ],
    handles: [0xffffffff, 0xffffffff],
    outRops: [
      R.ropOpenFolderResponse({ outIdx: folderSlot }),
      R.ropGetContentsTableResponse({ outIdx: tableSlot, rowCount: rows.length }),
      R.ropSetColumnsResponse({ inIdx: tableSlot }),
      R.ropQueryRowsResponse({ inIdx: tableSlot, origin: 2, columns: COLS, rows }),
    ],
    outHandles: [H.FOLDER_INBOX, H.TABLE_INBOX],
  };
}

export function recordTable(rec, { connection, callId, rows }) {
  rec.tables.push({ connection, callId, handle: hex8(H.TABLE_INBOX), folderId: F.Inbox, folderHandle: hex8(H.FOLDER_INBOX), columns: COLS.map(hex8), rowCount: rows.length, rows: rows.map((r) => R.rowToExpected(COLS, r)) });
}

const newMail = (mid) => ({ handle: H.SUB_STORE, logonId: 0, flags: 0x8002, folderId: F.Inbox, messageId: mid, messageFlags: 0, unicode: false, messageClass: 'IPM.Note' });
const rowAdded = (r, after) => ({ handle: H.TABLE_INBOX, logonId: 0, flags: 0x8100, tableEventType: 3, tableRowFolderId: F.Inbox, tableRowMessageId: r[R.PROP.PidTagMid], tableRowInstance: 0, insertAfterTableRowFolderId: F.Inbox, insertAfterTableRowId: after, insertAfterTableRowInstance: 0, columns: COLS, tableRowData: r });

export async function run({ capture = 'mapi-http-basic.pcap' } = {}) {
  const rec = newRecorder(capture, 'mapihttp');
  const t0 = Date.now();
  const server = { host: '127.0.0.1', port: HTTP_PORT };
  const srv = await HttpServer.listen(server);
  const conn = (label, port) => new HttpClientConn({ label, server, client: { host: '127.0.0.1', port } });
  const A = conn('A', PORTS.A);
  const B = conn('B', PORTS.B);
  const C = conn('C', PORTS.C);
  const D = conn('D', PORTS.D);
  const s1 = new MapiSession(rec, srv, { label: 'S1', user: USERS.alice, requestGuid: '7a3c2e10-5b4d-4e6f-9a1b-2c3d4e5f6a70', clientInfo: '{2EF33C39-49C8-421C-B876-CDF7F2AC3AA0}:1', cookieSeed: 0x5e5510a1, t0 });
  const s2 = new MapiSession(rec, srv, { label: 'S2', user: USERS.bob, requestGuid: 'd1e2f3a4-6b7c-4d8e-9f01-a2b3c4d5e6f7', clientInfo: '{8C1D2E3F-4A5B-4C6D-8E7F-90A1B2C3D4E5}:1', cookieSeed: 0x5e5510b2, t0 });

  // --- S1: 401, Connect, logon + subscription + contents table
  await s1.connect(A, { auth: false });
  await sleep(20);
  await s1.connect(A);
  await sleep(40);
  const rowsS1 = [row('0001-00000000A101', 'Quarterly report', 0x00000001, '2025-03-13T16:02:11Z'), row('0001-00000000A102', 'Lunch on Friday?', 0x00000000, '2025-03-14T08:41:37Z')];
  const sub = { handle: H.SUB_STORE, types: W.ALL_TYPES, wantWholeStore: true };
  const lr = await s1.logonAndRegister(A, { subs: [sub], more: inboxTableRops(2, rowsS1) });
  recordTable(rec, { connection: 'A', callId: lr.requestId, rows: rowsS1 });
  await sleep(80);

  // --- S1 long poll on B: PROCESSING, 3 × PENDING a second apart, DONE with EventPending 1
  const wait1 = s1.notificationWait(B, { eventPending: 1, keepAlives: 3, pendingPeriodMs: 1000, tailMs: 250 });

  // --- meanwhile S2 on D: Connect, one Execute whose compressed response ends with its own notifications
  await sleep(1400);
  await s2.connect(D);
  await sleep(30);
  const rowsS2 = [row('0001-00000000B201', 'Welcome to Contoso', 0x00000001, '2025-03-10T08:00:00Z'), row('0001-00000000B202', 'Badge pickup', 0x00000000, '2025-03-14T07:12:45Z')];
  const rowB203 = row('0001-00000000B203', 'Parking permit renewal', 0x00000000, '2025-03-14T09:28:02Z');
  const notifS2 = [newMail('0001-00000000B203'), rowAdded(rowB203, '0001-00000000B202')];
  const e2 = await s2.logonAndRegister(D, { subs: [sub], more: { ...inboxTableRops(2, rowsS2), outRops: [...inboxTableRops(2, rowsS2).outRops, ...notifS2.map(R.ropNotify)] }, compress: true, flags: 0x0, notifications: notifS2 });
  recordTable(rec, { connection: 'D', callId: e2.requestId, rows: rowsS2 });
  await sleep(40);
  await s2.disconnect(D);
  await wait1;
  await sleep(30);

  // --- S1 fetch on A: NewMail, TableRowAdded (row in SetColumns order), ObjectModified, RopPending(1)
  const rowA103 = row('0001-00000000A103', 'Status update', 0x00000000, '2025-03-14T09:27:05Z');
  const fetch = [newMail('0001-00000000A103'), rowAdded(rowA103, '0001-00000000A102'), { handle: H.SUB_STORE, logonId: 0, flags: 0x0010, folderId: F.Inbox, tags: [] }];
  const f = await s1.execute(A, { outRops: [...fetch.map(R.ropNotify), R.ropPending(1)], notifications: fetch });
  rec.pending.push({ via: 'RopPending', session: 'S1', connection: 'A', requestId: f.requestId, sessionIndex: 1 });
  await sleep(25);

  // --- S1 drains the rest on a third connection that closes after its one request
  const rowA104 = row('0001-00000000A104', 'Re: Status update', 0x00000000, '2025-03-14T09:27:31Z');
  const drain = [newMail('0001-00000000A104'), rowAdded(rowA104, '0001-00000000A103')];
  await s1.execute(C, { outRops: drain.map(R.ropNotify), notifications: drain, connectionClose: true });
  await sleep(40);

  // --- S1 long poll #2 on B: nothing pending
  await s1.notificationWait(B, { eventPending: 0, keepAlives: 0, pendingPeriodMs: 1000, tailMs: 400 });
  await sleep(300);
  await requestTimeout(rec, srv, B);
  await sleep(150);

  // --- PING and Disconnect on A; the server then closes the idle connections
  await s1.ping(A);
  await sleep(60);
  await s1.disconnect(A);
  await sleep(50);
  await srv.close();
  for (const c of [A, B, C, D]) c.close();
  return rec;
}
