import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../core/hex.js';
import { withLimits } from '../../core/limits.js';
import { decodeEmsmdbRequest, decodeEmsmdbResponse } from '../emsmdb/decode-call.js';
import { decodeSockaddr } from '../emsmdb/sockaddr.js';
import type { Direction } from '../transport/types.js';
import { DceRpcConnection } from './connection.js';
import { PTYPE } from './constants.js';
import { Recorder, TEST_CONN } from './testing/pdu-builder.js';
import type { RpcCall } from './types.js';

/** Real bytes: the virtual connections of shared/fixtures/real-server/rpch-gromox-notify.pcap (see testdata/README.md). */
interface Segment {
  frame: number;
  sec: number;
  nsec: number;
  dir: Direction;
  hex: string;
}
const data = JSON.parse(readFileSync(new URL('./testdata/rpch-gromox-streams.json', import.meta.url), 'utf8')) as { vcs: Record<string, Segment[]> };

function run(vc: string): Recorder {
  const rec = new Recorder();
  const dce = new DceRpcConnection(TEST_CONN, rec, withLimits(), { nextSeq: (() => { let n = 0; return () => ++n; })() });
  const offsets = [0, 0];
  let last = { frame: 0, time: { sec: 0, nsec: 0 } };
  for (const s of data.vcs[vc]!) {
    const bytes = fromHex(s.hex);
    last = { frame: s.frame, time: { sec: s.sec, nsec: s.nsec } };
    dce.data(s.dir, { data: bytes, streamOffset: offsets[s.dir]!, at: last });
    offsets[s.dir]! += bytes.length;
  }
  dce.end('fin', last);
  return rec;
}

function decodeAll(c: RpcCall): { req: ReturnType<typeof decodeEmsmdbRequest>; resp: ReturnType<typeof decodeEmsmdbResponse> } {
  return {
    req: decodeEmsmdbRequest(c.iface, c.opnum, c.request!.stub, c.request!.littleEndian),
    resp: decodeEmsmdbResponse(c.iface, c.opnum, c.response!.stub, c.response!.littleEndian),
  };
}

describe('gromox RPC over HTTP, EMSMDB virtual connection', () => {
  const rec = run('vc1');

  it('frames every PDU: RTS in both directions, one bind and its ack', () => {
    expect(rec.damages).toEqual([]);
    const pdus = rec.of('pdu').map((e) => e.ptype);
    expect(pdus.filter((p) => p === PTYPE.rts)).toHaveLength(3);
    expect(pdus.filter((p) => p === PTYPE.bind)).toHaveLength(1);
    expect(pdus.filter((p) => p === PTYPE.request)).toHaveLength(9);
    expect(pdus.filter((p) => p === PTYPE.response)).toHaveLength(9);
    expect(rec.of('context').at(-1)!.ctx).toEqual({
      id: 0,
      abstractUuid: 'a4f1db00-ca47-1067-b31f-00dd010662da',
      major: 0,
      minor: 81,
      iface: 'EMSMDB',
      transfer: 'ndr20',
      accepted: true,
    });
  });

  it('pairs the nine calls by call_id, each at the frames that carried it', () => {
    expect(rec.completes.map((c) => [c.callId, c.opnum, c.iface, c.fate, c.request!.first.frame, c.response!.last.frame])).toEqual([
      [1, 10, 'EMSMDB', 'complete', 23, 25],
      [2, 11, 'EMSMDB', 'complete', 27, 29],
      [3, 11, 'EMSMDB', 'complete', 31, 33],
      [4, 4, 'EMSMDB', 'complete', 35, 37],
      [5, 14, 'EMSMDB', 'complete', 39, 41],
      [6, 11, 'EMSMDB', 'complete', 69, 71],
      [7, 11, 'EMSMDB', 'complete', 77, 79],
      [8, 11, 'EMSMDB', 'complete', 81, 83],
      [9, 1, 'EMSMDB', 'complete', 85, 87],
    ]);
  });

  it('decodes every stub without damage', () => {
    for (const c of rec.completes) {
      const { req, resp } = decodeAll(c);
      expect([c.callId, req.damage, resp.damage]).toEqual([c.callId, undefined, undefined]);
    }
  });

  it('EcDoConnectEx: the user DN, and the unique-pointer strings of the response', () => {
    const { req, resp } = decodeAll(rec.completes[0]!);
    expect(req.value).toMatchObject({
      op: 'EcDoConnectEx',
      userDN: '/o=Gromox default/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=0100000001000000-alice',
      flags: 0,
      conMod: 0x12345678,
      cbLimit: 0,
      cpid: 1252,
      lcidString: 0x409,
      lcidSort: 0x409,
      icxrLink: 0xffffffff,
      canConvertCodePages: 1,
      clientVersion: [0x0f00, 0x92cf, 0x03ea],
      timeStamp: 0,
      cbAuxIn: 0,
      maxAuxOut: 0x1008,
    });
    expect(resp.value).toMatchObject({
      op: 'EcDoConnectEx',
      cxh: { attributes: 2, uuid: 'd5dc44a1-25c4-47f6-8b91-ef5a11eb2180', isNull: false },
      pollsMax: 60000,
      retry: 6,
      retryDelay: 10000,
      icxr: 1,
      dnPrefix: '',
      displayName: 'Alice Lab',
      serverVersion: [0x0f00, 0x834f, 0x0fc8],
      bestVersion: [0x0f00, 0x92cf, 0x03ea],
      timeStamp: 0x4955700e,
      cbAuxOut: 36,
      returnValue: 0,
    });
    if (resp.value?.op !== 'EcDoConnectEx') throw new Error('op');
    // One RPC_HEADER_EXT (Flags 0x0004) around EXORGINFO, CLIENT_CONTROL and ENDPOINT_CAPABILITIES blocks.
    expect(toHex(resp.value.auxOut.subarray(0, 8))).toBe('000004001c001c00');
    expect([...resp.value.auxOut.subarray(8)].filter((_, i) => [3, 11, 23].includes(i))).toEqual([0x17, 0x0a, 0x48]);
  });

  it('EcRRegisterPushNotification: refused with ecNotSupported', () => {
    const { req, resp } = decodeAll(rec.completes[3]!);
    if (req.value?.op !== 'EcRRegisterPushNotification') throw new Error('op');
    expect(toHex(req.value.context)).toBe('0011223344556677');
    expect(req.value.adviseBits).toBe(0xffffffff);
    expect(decodeSockaddr(req.value.callbackAddress)).toEqual({ family: 'AF_INET', address: '127.0.0.1', port: 48200 });
    expect(resp.value).toMatchObject({ op: 'EcRRegisterPushNotification', hNotification: 0, returnValue: 0x80040102 });
  });

  it('EcDoDisconnect: the server returns a NULL CXH', () => {
    const { resp } = decodeAll(rec.completes[8]!);
    expect(resp.value).toMatchObject({ op: 'EcDoDisconnect', cxh: { isNull: true }, returnValue: 0 });
  });
});

describe('gromox RPC over HTTP, AsyncEMSMDB virtual connection', () => {
  const rec = run('vc2');

  it('pairs the two EcDoAsyncWaitEx calls, each completing with NotificationPending', () => {
    expect(rec.damages).toEqual([]);
    expect(rec.completes.map((c) => [c.callId, c.iface, c.opnum, c.fate, c.response!.last.frame])).toEqual([
      [1, 'AsyncEMSMDB', 0, 'complete', 67],
      [2, 'AsyncEMSMDB', 0, 'complete', 75],
    ]);
    for (const c of rec.completes) {
      const { req, resp } = decodeAll(c);
      expect(req.value).toMatchObject({ op: 'EcDoAsyncWaitEx', acxh: { attributes: 3, uuid: 'd5dc44a1-25c4-47f6-8b91-ef5a11eb2180' }, flagsIn: 0 });
      expect(resp.value).toEqual({ op: 'EcDoAsyncWaitEx', flagsOut: 1, returnValue: 0 });
    }
  });
});
