// Scenario 5 — rpc-tcp-sealed: NTLMSSP bind at auth_level 6 (packet privacy): bind (NEGOTIATE), bind_ack
// (CHALLENGE), rpc_auth3 (AUTHENTICATE), then EMSMDB calls whose stubs are encrypted: the bytes are a keystream
// XOR of the plaintext stubs, so lengths are those of real calls while the content is unreadable.
import { Link, RpcConn } from '../lib/harness.mjs';
import { PFC } from '../lib/dcerpc.mjs';
import { newRecorder, sleep, W, R, E } from '../lib/session.mjs';
import { extBlock } from '../lib/rpcext.mjs';
import { makeRng, hex8 } from '../lib/bytes.mjs';
import * as N from '../lib/ntlm.mjs';

export const PORTS = { client: 20041 };
export const FILTER = `tcp and port ${PORTS.client}`;

const AUTH = { type: 10, level: 6, contextId: 0x00000001 };

export async function run({ capture = 'rpc-tcp-sealed.pcap' } = {}) {
  const rec = newRecorder(capture, 'sealed');
  const rng = makeRng(0x5ea1ed);
  const link = await Link.open(rec, { client: { host: '127.0.0.1', port: PORTS.client }, server: { host: '127.0.0.1', port: W.EMSMDB_PORT }, label: 'emsmdb' });
  rec.connections.push({ label: 'emsmdb', client: link.clientEp, server: link.serverEp, interfaces: ['EMSMDB'] });
  const conn = new RpcConn(link, { ifaces: { 0: W.EMSMDB, 1: W.EMSMDB } });
  const flags = PFC.FIRST | PFC.LAST | PFC.SUPPORT_HEADER_SIGN;
  const neg = N.negotiate();
  const chal = N.challenge(rng);
  const authn = N.authenticate(rng);
  await conn.bind({
    contexts: W.EMSMDB_CONTEXTS,
    results: W.EMSMDB_RESULTS,
    flags,
    ackAssocGroup: 0x00055e01,
    secAddr: String(W.EMSMDB_PORT),
    authBind: { ...AUTH, token: neg },
    authAck: { ...AUTH, token: chal },
    authThird: { ...AUTH, token: authn },
  });
  rec.auth = {
    authType: 10,
    authTypeName: 'NTLMSSP (RPC_C_AUTHN_WINNT)',
    authLevel: 6,
    authLevelName: 'packet privacy',
    authContextId: hex8(AUTH.contextId),
    legs: [
      { ptype: 11, callId: 1, ntlmMessageType: 1, tokenLength: neg.length },
      { ptype: 12, callId: 1, ntlmMessageType: 2, tokenLength: chal.length },
      { ptype: 16, callId: 1, ntlmMessageType: 3, tokenLength: authn.length },
    ],
    verifierLength: 16,
  };
  await sleep(30);

  let cseq = 0;
  let sseq = 0;
  const cAuth = () => ({ ...AUTH, token: N.verifier(rng, cseq++) });
  const sAuth = () => ({ ...AUTH, token: N.verifier(rng, sseq++) });
  const seal = (plain) => {
    const k = rng.bytes(plain.length);
    const out = Buffer.alloc(plain.length);
    for (let i = 0; i < plain.length; i++) out[i] = plain[i] ^ k[i];
    return out;
  };

  const cxh = W.cxhFor(6);
  const poll = extBlock(R.ropBuffer([], [])).bytes;
  const notify = extBlock(R.ropBuffer([R.ropNotify({ handle: W.H.SUB_STORE, logonId: 0, flags: 0x8002, folderId: W.FOLDER.Inbox, messageId: '0001-00000000E101', messageFlags: 0, unicode: false, messageClass: 'IPM.Note' })], [])).bytes;
  const steps = [
    { opnum: E.OPNUM.EcDoConnectEx, req: E.connectExRequest(W.connectExParams(0x50617283)), resp: E.connectExResponse(W.connectExResult(cxh, 1)) },
    {
      opnum: E.OPNUM.EcDoRpcExt2,
      req: E.rpcExt2Request({ cxh, rgbIn: extBlock(R.ropBuffer([R.ropLogonRequest({ essdn: W.USER_DN }), R.ropRegisterNotificationRequest({ inIdx: 0, outIdx: 1, types: W.ALL_TYPES, wantWholeStore: true })], [0xffffffff, 0xffffffff])).bytes, cbOut: 0x8007 }),
      resp: E.rpcExt2Response({ cxh, rgbOut: extBlock(R.ropBuffer([R.ropLogonResponse(W.LOGON_RESPONSE), R.ropRegisterNotificationResponse({ outIdx: 1 })], [W.H.LOGON, W.H.SUB_STORE])).bytes }),
    },
    { opnum: E.OPNUM.EcDoRpcExt2, req: E.rpcExt2Request({ cxh, rgbIn: poll, cbOut: 0x8007 }), resp: E.rpcExt2Response({ cxh, rgbOut: poll }) },
    { opnum: E.OPNUM.EcDoRpcExt2, req: E.rpcExt2Request({ cxh, rgbIn: poll, cbOut: 0x8007 }), resp: E.rpcExt2Response({ cxh, rgbOut: notify }) },
    { opnum: E.OPNUM.EcDoDisconnect, req: E.disconnectRequest(cxh), resp: E.disconnectResponse(0) },
  ];
  const pauses = [150, 300, 400, 500, 0];
  rec.sealedCalls = [];
  for (const [i, s] of steps.entries()) {
    const c = await conn.call({ opnum: s.opnum, req: seal(s.req), resp: seal(s.resp), reqAuth: cAuth, respAuth: sAuth, delayMs: 8 });
    rec.sealedCalls.push({ callId: c.callId, opnum: s.opnum, plaintextRequestStub: s.req.length, plaintextResponseStub: s.resp.length });
    if (pauses[i]) await sleep(pauses[i]);
  }
  await sleep(30);
  await link.close();
  return rec;
}
