// Scenario 4 — rpc-tcp-fragmented: max_xmit/recv_frag 1432, a large EcDoRpcExt2 request (RopRestrict with a big
// OR restriction) and a large response (RopQueryRows with 40 rows + one RopNotify), both split into DCE/RPC
// fragments, and written in pieces so that PDUs straddle TCP segments and one segment carries several PDUs.
import { newRecorder, openEmsmdb, connectEx, rpcExt2, logonAndRegister, disconnect, sleep, W, R } from '../lib/session.mjs';
import { hex8 } from '../lib/bytes.mjs';

export const PORTS = { client: 20031 };
export const FILTER = `tcp and port ${PORTS.client}`;
export const MAX_FRAG = 1432;

const H = W.H;
const F = W.FOLDER;
const COLS = W.COLUMNS;

const SUBJECTS = [
  'Budget', 'Roadmap', 'Invoice', 'Contract', 'Meeting notes', 'Travel', 'Offsite', 'Hiring', 'Release', 'Security review',
  'Backup', 'Migration', 'Quarterly', 'Forecast', 'Customer', 'Partner', 'Renewal', 'Training', 'Onboarding', 'Audit',
];

function rows40() {
  const rows = [];
  for (let i = 0; i < 40; i++) {
    const mid = `0001-00000000D${(0x100 + i).toString(16).toUpperCase().padStart(3, '0')}`;
    const day = String(1 + (i % 28)).padStart(2, '0');
    rows.push({
      [R.PROP.PidTagMid]: mid,
      [R.PROP.PidTagSubject]: `${SUBJECTS[i % SUBJECTS.length]} — item ${i + 1} of 40, follow-up for the ${SUBJECTS[(i * 7) % SUBJECTS.length].toLowerCase()} thread`,
      [R.PROP.PidTagMessageFlags]: i % 3 === 0 ? 0 : 1,
      [R.PROP.PidTagMessageDeliveryTime]: `2025-02-${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')}:00Z`,
    });
  }
  return rows;
}

export async function run({ capture = 'rpc-tcp-fragmented.pcap' } = {}) {
  const rec = newRecorder(capture, 'fragmented');
  const cxh = W.cxhFor(5);
  const conn = await openEmsmdb(rec, { label: 'emsmdb', client: { host: '127.0.0.1', port: PORTS.client }, server: { host: '127.0.0.1', port: W.EMSMDB_PORT }, assocGroup: 0x00044d01, maxFrag: MAX_FRAG });
  await sleep(20);
  await connectEx(rec, conn, { cxh, icxr: 1, conMod: 0x4f506172 });
  await sleep(80);
  await logonAndRegister(rec, conn, { cxh, subs: [{ handle: H.SUB_STORE, types: W.ALL_TYPES, wantWholeStore: true }] });
  await sleep(150);

  const words = [];
  for (let i = 0; i < 60; i++) words.push(`${SUBJECTS[i % SUBJECTS.length]} ${2020 + (i % 6)} / keyword ${i + 1}`);
  const restriction = R.orSubjectRestriction(words);
  const rows = rows40();
  const notify = { handle: H.SUB_STORE, logonId: 0, flags: 0x8002, folderId: F.Inbox, messageId: '0001-00000000D200', messageFlags: 0, unicode: false, messageClass: 'IPM.Note' };
  const big = await rpcExt2(rec, conn, {
    cxh,
    flags: 0x00000003, // NoCompression | NoXorMagic: keep the big buffers readable
    rops: [
      R.ropOpenFolderRequest({ inIdx: 0, outIdx: 1, folderId: F.Inbox }),
      R.ropGetContentsTableRequest({ inIdx: 1, outIdx: 2, tableFlags: 0x40 }),
      R.ropSetColumnsRequest({ inIdx: 2, columns: COLS }),
      R.ropRestrictRequest({ inIdx: 2, restriction }),
      R.ropQueryRowsRequest({ inIdx: 2, rowCount: 40 }),
    ],
    handles: [H.LOGON, 0xffffffff, 0xffffffff],
    outRops: [
      R.ropOpenFolderResponse({ outIdx: 1 }),
      R.ropGetContentsTableResponse({ outIdx: 2, rowCount: 40 }),
      R.ropSetColumnsResponse({ inIdx: 2 }),
      R.ropRestrictResponse({ inIdx: 2 }),
      R.ropQueryRowsResponse({ inIdx: 2, origin: 2, columns: COLS, rows }),
      R.ropNotify(notify),
    ],
    outHandles: [H.LOGON, H.FOLDER_INBOX, H.TABLE_INBOX],
    notifications: [notify],
    // 700 | rest of PDU1 + 300 of PDU2 | rest of PDU2 + whole PDU3 + 100 of PDU4 | rest
    reqPieces: [700, MAX_FRAG - 700 + 300, MAX_FRAG - 300 + MAX_FRAG + 100],
    respPieces: [900, MAX_FRAG - 900 + 200, MAX_FRAG - 200 + MAX_FRAG + 64, 500],
    delayMs: 60,
  });
  rec.tables.push({ connection: 'emsmdb', callId: big.callId, handle: hex8(H.TABLE_INBOX), folderId: F.Inbox, folderHandle: hex8(H.FOLDER_INBOX), columns: COLS.map(hex8), rowCount: 40, restricted: true });
  rec.marks.bigCall = { callId: big.callId, requestFragments: big.requestPdus.length, responseFragments: big.responsePdus.length, requestStub: big.requestPdus.reduce((n, p) => n + p.length - 24, 0), responseStub: big.responsePdus.reduce((n, p) => n + p.length - 24, 0) };
  await sleep(300);
  const d = await disconnect(conn, cxh);
  rec.sessions[0].disconnectCallId = d.callId;
  await sleep(30);
  await conn.link.close();
  return rec;
}
