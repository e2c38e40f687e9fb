// Scenario building blocks shared by the captures: recorder, EMSMDB session setup, polls.
import { sleep, hex8, hex4, Writer } from './bytes.mjs';
import { Link, RpcConn } from './harness.mjs';
import { NDR20, PFC } from './dcerpc.mjs';
import * as E from './emsmdb.mjs';
import * as R from './rops.mjs';
import { extBlock } from './rpcext.mjs';
import * as W from './world.mjs';

const ROP_NAMES = { 0x01: 'RopRelease', 0x02: 'RopOpenFolder', 0x05: 'RopGetContentsTable', 0x12: 'RopSetColumns', 0x14: 'RopRestrict', 0x15: 'RopQueryRows', 0x29: 'RopRegisterNotification', 0x2a: 'RopNotify', 0x6e: 'RopPending', 0xfe: 'RopLogon' };
const ropName = (b) => ROP_NAMES[b[0]] ?? hex4(b[0]);

export function newRecorder(capture, scenario) {
  return {
    capture,
    scenario,
    pdus: [],
    calls: [],
    binds: [],
    connections: [],
    sessions: [],
    subscriptions: [],
    tables: [],
    releases: [],
    notifications: [],
    pending: [],
    rgbOut: [],
    epm: [],
    pushRegistrations: [],
    pushDatagrams: [],
    asyncWaits: [],
    http: [], // HTTP transports: per TCP connection, every exchange
    notificationWaits: [],
    marks: {},
  };
}

/** Open a TCP connection and bind EMSMDB (ctx 0 NDR20, ctx 1 bind-time feature negotiation). */
export async function openEmsmdb(rec, { label, client, server, assocGroup, bindAssocGroup = 0, maxFrag = 5840, extraContexts = [], link = null, secAddr = String(server.port) }) {
  // `link`: an already open transport (an RPC over HTTP virtual connection); else a new TCP connection
  if (!link) {
    link = await Link.open(rec, { client, server, label });
    rec.connections.push({ label, client: link.clientEp, server: link.serverEp, interfaces: ['EMSMDB'] });
  }
  const conn = new RpcConn(link, { ifaces: { 0: W.EMSMDB, 1: W.EMSMDB } });
  await conn.bind({
    contexts: [...W.EMSMDB_CONTEXTS, ...extraContexts],
    results: W.EMSMDB_RESULTS,
    maxXmit: maxFrag,
    maxRecv: maxFrag,
    assocGroup: bindAssocGroup,
    ackAssocGroup: assocGroup,
    secAddr,
  });
  return conn;
}

/** EcDoConnectEx with the world's values; records the session. */
export async function connectEx(rec, conn, { cxh, icxr, conMod }) {
  const c = await conn.call({
    opnum: E.OPNUM.EcDoConnectEx,
    req: E.connectExRequest(W.connectExParams(conMod)),
    resp: E.connectExResponse(W.connectExResult(cxh, icxr)),
    delayMs: 40,
  });
  const call = rec.calls.find((x) => x.connection === conn.link.label && x.callId === c.callId);
  call.auxOut = { flags: '0x0004', blocks: ['AUX_EXORGINFO', 'AUX_CLIENT_CONTROL', 'AUX_ENDPOINT_CAPABILITIES'] };
  rec.sessions.push({
    connection: conn.link.label,
    client: conn.link.clientEp,
    server: conn.link.serverEp,
    transport: conn.link.transport ?? 'rpc-tcp',
    userDN: W.USER_DN,
    picxr: icxr,
    pollsMaxMs: 60000,
    serverVersion: W.SERVER_VERSION_TEXT,
    displayName: W.DISPLAY_NAME,
    dnPrefix: W.ORG_DN,
    contextHandle: cxh.toString('hex'),
    connectCallId: c.callId,
    returnValue: hex8(0),
  });
  return c;
}

/** ROP request and response buffers behind their RPC_HEADER_EXT, and how expected.json describes them. */
export function ropCall({ rops = [], handles = [], outRops = [], outHandles = [], compress = false, xor = false }) {
  const rgbIn = extBlock(R.ropBuffer(rops, handles)).bytes;
  const out = extBlock(R.ropBuffer(outRops, outHandles), { compress, xor });
  const info = {
    rgbIn: { flags: '0x0004', rops: rops.map(ropName), handles: handles.map(hex8) },
    rgbOut: { flags: hex4(out.flags), size: out.size, sizeActual: out.sizeActual, rops: outRops.map(ropName), handles: outHandles.map(hex8) },
  };
  return { rgbIn, out, info };
}

/** The response buffer's framing (when notable) and its notifications, in delivery order. */
export function recordRopOut(rec, { connection, callId, out, notifications = [] }) {
  if (out.flags !== 0x0004 || notifications.length) {
    rec.rgbOut.push({ connection, callId, flags: hex4(out.flags), size: out.size, sizeActual: out.sizeActual });
  }
  for (const n of notifications) rec.notifications.push({ connection, callId, ...R.notificationToExpected(n) });
}

/** One EcDoRpcExt2: ROP request buffer in, ROP response buffer out. */
export async function rpcExt2(rec, conn, { cxh, rops = [], handles = [], outRops = [], outHandles = [], compress = false, xor = false, auxIn = null, auxOut = null, flags = 0, reqPieces, respPieces, delayMs = 8, notifications = [], transTime = 4 }) {
  const { rgbIn, out, info } = ropCall({ rops, handles, outRops, outHandles, compress, xor });
  const c = await conn.call({
    opnum: E.OPNUM.EcDoRpcExt2,
    req: E.rpcExt2Request({ cxh, flags, rgbIn, cbOut: 0x8007, auxIn: auxIn ? auxIn.bytes : Buffer.alloc(0) }),
    resp: E.rpcExt2Response({ cxh, flags: 0, rgbOut: out.bytes, auxOut: auxOut ? auxOut.bytes : Buffer.alloc(0), transTime }),
    reqPieces,
    respPieces,
    delayMs,
  });
  const call = rec.calls.find((x) => x.connection === conn.link.label && x.callId === c.callId);
  Object.assign(call, info);
  if (auxIn) call.auxIn = { flags: hex4(auxIn.flags), blocks: auxIn.blockNames };
  if (auxOut) call.auxOut = { flags: hex4(auxOut.flags), blocks: auxOut.blockNames };
  recordRopOut(rec, { connection: conn.link.label, callId: c.callId, out, notifications });
  return c;
}

/** Empty poll (RopSize 2) answered with RopNotify (and optionally RopPending). */
export async function poll(rec, conn, { cxh, notifications = [], pendingIndex = null, compress = false, xor = false, respPieces, delayMs = 6 }) {
  const outRops = notifications.map((n) => R.ropNotify(n));
  if (pendingIndex !== null) outRops.push(R.ropPending(pendingIndex));
  const c = await rpcExt2(rec, conn, { cxh, outRops, compress, xor, respPieces, delayMs, notifications });
  if (pendingIndex !== null) rec.pending.push({ via: 'RopPending', connection: conn.link.label, callId: c.callId, sessionIndex: pendingIndex });
  return c;
}

/** RopLogon + RopRegisterNotification(s): subs [{ handle, types, wantWholeStore, folderId }]; subscription i gets handle slot i + 1. */
export function logonRegisterRops(subs, { essdn = W.USER_DN, logonResponse = W.LOGON_RESPONSE } = {}) {
  const rops = [R.ropLogonRequest({ essdn })];
  const outRops = [R.ropLogonResponse(logonResponse)];
  subs.forEach((s, i) => {
    rops.push(R.ropRegisterNotificationRequest({ inIdx: 0, outIdx: i + 1, types: s.types, wantWholeStore: s.wantWholeStore, folderId: s.folderId, messageId: s.wantWholeStore ? null : R.ZERO_ID }));
    outRops.push(R.ropRegisterNotificationResponse({ outIdx: i + 1 }));
  });
  return { rops, handles: [0xffffffff, ...subs.map(() => 0xffffffff)], outRops, outHandles: [W.H.LOGON, ...subs.map((s) => s.handle)] };
}

export function recordSubscriptions(rec, { connection, callId, subs }) {
  for (const s of subs) {
    rec.subscriptions.push({
      connection,
      callId,
      handle: hex8(s.handle),
      logonId: 0,
      notificationTypes: R.typeNames(s.types),
      notificationTypesBits: hex4(s.types),
      wantWholeStore: s.wantWholeStore,
      folderId: s.wantWholeStore ? null : s.folderId,
      messageId: s.wantWholeStore ? null : R.ZERO_ID,
      returnValue: hex8(0),
    });
  }
}

/** RopLogon + RopRegisterNotification(s) in one EcDoRpcExt2. */
export async function logonAndRegister(rec, conn, { cxh, subs, auxIn = null, auxOut = null, reqPieces }) {
  const c = await rpcExt2(rec, conn, { cxh, ...logonRegisterRops(subs), auxIn, auxOut, reqPieces, delayMs: 25 });
  recordSubscriptions(rec, { connection: conn.link.label, callId: c.callId, subs });
  return c;
}

/** EcDoAsyncConnectEx on the session's connection: the ACXH that EcDoAsyncWaitEx will name. */
export async function asyncConnect(rec, conn, { cxh, acxh }) {
  const ac = await conn.call({ opnum: E.OPNUM.EcDoAsyncConnectEx, req: E.asyncConnectExRequest(cxh), resp: E.asyncConnectExResponse(acxh, 0), delayMs: 4 });
  rec.asyncContexts = [{ connection: conn.link.label, callId: ac.callId, cxh: cxh.toString('hex'), acxh: acxh.toString('hex'), returnValue: hex8(0) }];
  return ac;
}

/** AsyncEMSMDB bound on a second connection of the same association group, concurrent multiplexing announced. */
export async function bindAsync(link, { assocGroup, secAddr }) {
  const aconn = new RpcConn(link, { ifaces: { 0: W.ASYNC } });
  await aconn.bind({
    contexts: [{ id: 0, abstract: W.ASYNC, transfer: [NDR20] }],
    results: [{ result: 0, reason: 0, transfer: NDR20 }],
    flags: PFC.FIRST | PFC.LAST | PFC.CONC_MPX,
    assocGroup,
    ackAssocGroup: assocGroup,
    secAddr,
  });
  return aconn;
}

export async function disconnect(conn, cxh) {
  return conn.call({ opnum: E.OPNUM.EcDoDisconnect, req: E.disconnectRequest(cxh), resp: E.disconnectResponse(0), delayMs: 10 });
}

export { sleep, W, R, E, NDR20, Writer };
