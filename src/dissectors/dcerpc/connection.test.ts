import { fromHex } from '../../core/hex.js';
import { withLimits } from '../../core/limits.js';
import { DceRpcConnection, isIfaceInferred } from './connection.js';
import { NDR64_UUID, PTYPE } from './constants.js';
import {
  MID_STREAM_CONN,
  Recorder,
  TEST_CONN,
  bindAckPdu,
  bindPdu,
  concat,
  faultPdu,
  feed,
  frame,
  requestPdu,
  responsePdu,
  split,
} from './testing/pdu-builder.js';
import type { RpcCall } from './types.js';

const EMSMDB = 'a4f1db00-ca47-1067-b31f-00dd010662da';
const ASYNC = '5261574a-4572-206e-b268-6b199213b4e4';

// VECTORS-rpc.md V31/V32 (bind with feature negotiation and its ack), V33/V34 (EcDoAsyncWaitEx).
const V31 = fromHex(`05 00 0b 03 10 00 00 00 74 00 00 00 01 00 00 00 d0 16 d0 16 00 00 00 00 02 00 00 00 00 00 01 00
00 db f1 a4 47 ca 67 10 b3 1f 00 dd 01 06 62 da 00 00 51 00 04 5d 88 8a eb 1c c9 11 9f e8 08 00
2b 10 48 60 02 00 00 00 01 00 01 00 00 db f1 a4 47 ca 67 10 b3 1f 00 dd 01 06 62 da 00 00 51 00
2c 1c b7 6c 12 98 40 45 03 00 00 00 00 00 00 00 01 00 00 00`);
const V32 = fromHex(`05 00 0c 03 10 00 00 00 54 00 00 00 01 00 00 00 d0 16 d0 16 45 23 01 00 05 00 36 30 30 31 00 00
02 00 00 00 00 00 00 00 04 5d 88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60 02 00 00 00 03 00 03 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00`);
const V21 = fromHex('00 00 00 00 e0 04 25 3f 89 4f d3 11 9a 0c 03 05 e8 2c 33 01 00 00 00 00');
const V22 = fromHex('01 00 00 00 00 00 00 00');
const V33 = fromHex(`05 00 00 03 10 00 00 00 30 00 00 00 07 00 00 00 18 00 00 00 00 00 00 00 00 00 00 00 e0 04 25 3f
89 4f d3 11 9a 0c 03 05 e8 2c 33 01 00 00 00 00`);
const V34 = fromHex('05 00 02 03 10 00 00 00 20 00 00 00 07 00 00 00 08 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00');

function connection(limits = withLimits(), conn = TEST_CONN, legacyPrefix?: boolean): { dce: DceRpcConnection; rec: Recorder } {
  const rec = new Recorder();
  let seq = 0;
  const dce = new DceRpcConnection(conn, rec, limits, legacyPrefix === undefined ? { nextSeq: () => ++seq } : { legacyPrefix, nextSeq: () => ++seq });
  return { dce, rec };
}

const asyncBind = bindPdu({ callId: 1, contexts: [{ id: 0, uuid: ASYNC, major: 0, minor: 1 }] });
const asyncAck = bindAckPdu({ callId: 1, results: [{ result: 0, uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', version: 2 }] });
const twoIfaceBind = bindPdu({
  callId: 1,
  contexts: [
    { id: 0, uuid: EMSMDB, major: 0, minor: 81 },
    { id: 1, uuid: ASYNC, major: 0, minor: 1 },
  ],
});
const twoIfaceAck = bindAckPdu({
  callId: 1,
  results: [
    { result: 0, uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', version: 2 },
    { result: 0, uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', version: 2 },
  ],
});

/** What a call looks like without its frame references (which depend on how bytes were chunked). */
function shape(c: RpcCall): unknown {
  return {
    callId: c.callId,
    contextId: c.contextId,
    opnum: c.opnum,
    iface: c.iface,
    fate: c.fate,
    request: c.request && { stub: [...c.request.stub], fragments: c.request.fragments, sealed: c.request.sealed, damage: c.request.damage?.reason },
    response: c.response && { stub: [...c.response.stub], fragments: c.response.fragments, sealed: c.response.sealed, damage: c.response.damage?.reason },
    fault: c.fault && { status: c.fault.status, statusName: c.fault.statusName },
  };
}

describe('DceRpcConnection: binds and contexts', () => {
  it('maps context ids to interfaces from bind (V31) and ack (V32); the feature-negotiation context is not usable', () => {
    const { dce, rec } = connection();
    expect(dce.clientDirection()).toBeNull();
    dce.data(1, { data: V31, streamOffset: 0, at: frame(4) });
    expect(dce.clientDirection()).toBe(1);
    dce.data(0, { data: V32, streamOffset: 0, at: frame(5) });
    const ctx = rec.of('context');
    expect(ctx.map((e) => [e.frame, e.ctx.id, e.ctx.iface, e.ctx.accepted, e.ctx.transfer])).toEqual([
      [4, 0, 'EMSMDB', null, 'unknown'],
      [4, 1, 'EMSMDB', null, 'unknown'],
      [5, 0, 'EMSMDB', true, 'ndr20'],
      [5, 1, 'EMSMDB', false, 'unknown'],
    ]);
    expect(ctx[0]!.ctx).toMatchObject({ abstractUuid: EMSMDB, major: 0, minor: 81 });
    expect(rec.of('pdu').map((e) => e.ptype)).toEqual([PTYPE.bind, PTYPE.bind_ack]);
    expect(rec.damages).toEqual([]);
  });

  it('does not take …b31e… for EMSMDB', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [bindPdu({ callId: 1, contexts: [{ id: 0, uuid: 'a4f1db00-ca47-1067-b31e-00dd010662da', major: 0, minor: 81 }] })]);
    expect(rec.of('context')[0]!.ctx.iface).toBe('unknown');
  });

  it('adds contexts with alter_context and marks refused ones after bind_nak', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [asyncBind]);
    feed(dce, 1, [asyncAck]);
    feed(dce, 0, [bindPdu({ callId: 2, ptype: PTYPE.alter_context, contexts: [{ id: 3, uuid: EMSMDB, major: 0, minor: 81 }] })], 3);
    feed(dce, 1, [bindAckPdu({ callId: 2, ptype: PTYPE.alter_context_resp, secAddr: '', results: [{ result: 2, reason: 1 }] })], 4);
    expect(dce.contexts().map((c) => [c.id, c.iface, c.accepted])).toEqual([
      [0, 'AsyncEMSMDB', true],
      [3, 'EMSMDB', false],
    ]);
  });
});

describe('DceRpcConnection: calls', () => {
  it('pairs the V33 request and V34 response of EcDoAsyncWaitEx by call_id', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [asyncBind], 1);
    feed(dce, 1, [asyncAck], 2);
    feed(dce, 0, [V33], 3);
    expect(rec.requests).toHaveLength(1);
    expect(rec.requests[0]).toMatchObject({ callId: 7, opnum: 0, iface: 'AsyncEMSMDB', contextId: 0, fate: 'open', connectionId: 7 });
    expect(rec.requests[0]!.request!.stub).toEqual(V21);
    feed(dce, 1, [V34], 200);
    const [c] = rec.completes;
    expect(c).toMatchObject({ callId: 7, opnum: 0, iface: 'AsyncEMSMDB', fate: 'complete', seq: 1 });
    expect(c!.response!.stub).toEqual(V22);
    expect(c!.request!.first).toEqual(frame(3));
    expect(c!.response!.last).toEqual(frame(200));
    expect(c!.response!.littleEndian).toBe(true);
    expect(rec.damages).toEqual([]);
  });

  const reqStub = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
  const respStub = Uint8Array.from({ length: 200 }, (_, i) => (i * 13 + 1) & 0xff);
  const fragmented = concat(
    twoIfaceBind,
    requestPdu({ callId: 2, opnum: 11, flags: 0x01, stub: reqStub.subarray(0, 100), allocHint: 300 }),
    requestPdu({ callId: 2, opnum: 11, flags: 0x00, stub: reqStub.subarray(100, 250), allocHint: 200 }),
    requestPdu({ callId: 2, opnum: 11, flags: 0x02, stub: reqStub.subarray(250), allocHint: 50 }),
  );
  const fragmentedResp = concat(
    twoIfaceAck,
    responsePdu({ callId: 2, flags: 0x01, stub: respStub.subarray(0, 120) }),
    responsePdu({ callId: 2, flags: 0x02, stub: respStub.subarray(120) }),
  );

  function runSplit(reqChunks: Uint8Array[], respChunks: Uint8Array[]): { calls: unknown[]; damages: number } {
    const { dce, rec } = connection();
    feed(dce, 0, reqChunks, 1);
    feed(dce, 1, respChunks, 100);
    return { calls: rec.completes.map(shape), damages: rec.damages.length };
  }

  it('reassembles fragments FIRST..LAST in order', () => {
    const { calls, damages } = runSplit([fragmented], [fragmentedResp]);
    expect(damages).toBe(0);
    expect(calls).toEqual([
      {
        callId: 2,
        contextId: 0,
        opnum: 11,
        iface: 'EMSMDB',
        fate: 'complete',
        request: { stub: [...reqStub], fragments: 3, sealed: false, damage: undefined },
        response: { stub: [...respStub], fragments: 2, sealed: false, damage: undefined },
        fault: undefined,
      },
    ]);
  });

  it('gives the same result whatever the chunking (every single cut, and pairs of cuts)', () => {
    const expected = runSplit([fragmented], [fragmentedResp]);
    for (let i = 1; i < fragmented.length; i++) {
      expect(runSplit(split(fragmented, [i]), [fragmentedResp])).toEqual(expected);
    }
    for (let i = 1; i < fragmentedResp.length; i++) {
      expect(runSplit([fragmented], split(fragmentedResp, [i]))).toEqual(expected);
    }
    for (let i = 1; i < fragmented.length; i += 17) {
      for (let j = i + 1; j < fragmented.length; j += 13) {
        expect(runSplit(split(fragmented, [i, j]), split(fragmentedResp, [j % fragmentedResp.length]))).toEqual(expected);
      }
    }
    // One byte per chunk.
    expect(runSplit(split(fragmented, [...fragmented.keys()]), split(fragmentedResp, [...fragmentedResp.keys()]))).toEqual(expected);
  });

  it('reports each PDU at the chunk that completed it', () => {
    const { dce, rec } = connection();
    const [first, second] = split(V33, [30]);
    dce.data(0, { data: first!, streamOffset: 0, at: frame(10) });
    expect(rec.requests).toHaveLength(0);
    dce.data(0, { data: second!, streamOffset: 30, at: frame(11) });
    expect(rec.requests[0]!.request!.first).toEqual(frame(11));
  });

  it('pairs a late async response to its request among interleaved calls', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [twoIfaceBind], 1);
    feed(dce, 1, [twoIfaceAck], 2);
    feed(dce, 0, [requestPdu({ callId: 10, contextId: 1, opnum: 0, stub: V21 })], 3);
    feed(dce, 0, [requestPdu({ callId: 11, contextId: 0, opnum: 11, stub: fromHex('aa') })], 4);
    feed(dce, 1, [responsePdu({ callId: 11, contextId: 0, stub: fromHex('bb') })], 5);
    feed(dce, 0, [requestPdu({ callId: 12, contextId: 0, opnum: 6, stub: new Uint8Array(0) })], 6);
    feed(dce, 1, [responsePdu({ callId: 12, contextId: 0, stub: fromHex('00 00 00 00') })], 7);
    feed(dce, 1, [responsePdu({ callId: 10, contextId: 1, stub: V22 })], 900);
    expect(rec.completes.map((c) => [c.callId, c.iface, c.opnum, c.fate, c.response!.last.frame])).toEqual([
      [11, 'EMSMDB', 11, 'complete', 5],
      [12, 'EMSMDB', 6, 'complete', 7],
      [10, 'AsyncEMSMDB', 0, 'complete', 900],
    ]);
  });

  it('pairs responses by call_id even when they share a context id and come out of order', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [twoIfaceBind, requestPdu({ callId: 20, opnum: 11, stub: fromHex('01') }), requestPdu({ callId: 21, opnum: 1, stub: fromHex('02') })]);
    feed(dce, 1, [twoIfaceAck, responsePdu({ callId: 21, stub: fromHex('22') }), responsePdu({ callId: 20, stub: fromHex('11') })], 10);
    expect(rec.completes.map((c) => [c.callId, c.opnum, [...c.response!.stub]])).toEqual([
      [21, 1, [0x22]],
      [20, 11, [0x11]],
    ]);
  });

  it('ends a call with a fault and names the status', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [twoIfaceBind, requestPdu({ callId: 9, opnum: 2, stub: new Uint8Array(0) })]);
    feed(dce, 1, [twoIfaceAck, faultPdu({ callId: 9, status: 0x1c010002 })], 10);
    const [c] = rec.completes;
    expect(c).toMatchObject({ callId: 9, opnum: 2, iface: 'EMSMDB', fate: 'fault', fault: { status: 0x1c010002, statusName: 'nca_op_rng_error', at: frame(11) } });
    expect(c!.response).toBeUndefined();
  });

  it('turns an orphan response into a call whose request was lost (opnum known only for single-method interfaces)', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [twoIfaceBind]);
    feed(dce, 1, [twoIfaceAck, responsePdu({ callId: 40, contextId: 0, stub: fromHex('01 02') }), responsePdu({ callId: 41, contextId: 1, stub: V22 })], 10);
    expect(rec.completes.map((c) => [c.callId, c.iface, c.opnum, c.fate, c.request])).toEqual([
      [40, 'EMSMDB', -1, 'request-lost', undefined],
      [41, 'AsyncEMSMDB', 0, 'request-lost', undefined],
    ]);
  });

  it('gives open calls the fate response-lost at the end, and closes a half-reassembled request as damaged', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [twoIfaceBind, requestPdu({ callId: 5, opnum: 11, stub: fromHex('01') }), requestPdu({ callId: 6, opnum: 11, flags: 0x01, stub: fromHex('02 03') })]);
    expect(rec.requests.map((c) => c.callId)).toEqual([5]);
    dce.end('fin', frame(50));
    expect(rec.requests.map((c) => [c.callId, c.request!.damage?.reason])).toEqual([
      [5, undefined],
      [6, 'truncated'],
    ]);
    expect(rec.completes.map((c) => [c.callId, c.fate])).toEqual([
      [5, 'response-lost'],
      [6, 'response-lost'],
    ]);
    dce.end('fin', frame(51));
    expect(rec.completes).toHaveLength(2);
  });

  it('evicts the oldest outstanding call at maxDcerpcOutstandingCalls', () => {
    const { dce, rec } = connection(withLimits({ maxDcerpcOutstandingCalls: 2 }));
    feed(dce, 0, [1, 2, 3].map((id) => requestPdu({ callId: id, opnum: 11, stub: fromHex('00') })));
    expect(rec.completes.map((c) => [c.callId, c.fate])).toEqual([[1, 'evicted']]);
    expect(rec.damages.map((d) => d.field)).toEqual(['maxDcerpcOutstandingCalls']);
  });

  it('caps calls in reassembly and bytes per call', () => {
    const { dce, rec } = connection(withLimits({ maxDcerpcCallsInReassembly: 1, maxDcerpcCallBytes: 10 }));
    feed(dce, 0, [
      requestPdu({ callId: 1, opnum: 11, flags: 0x01, stub: new Uint8Array(8) }),
      requestPdu({ callId: 2, opnum: 11, flags: 0x01, stub: new Uint8Array(8) }),
      requestPdu({ callId: 2, opnum: 11, flags: 0x02, stub: new Uint8Array(8) }),
    ]);
    expect(rec.requests.map((c) => [c.callId, c.request!.stub.length, c.request!.damage?.field])).toEqual([
      [1, 8, 'maxDcerpcCallsInReassembly'],
      [2, 8, 'maxDcerpcCallBytes'],
    ]);
  });

  it('reports a reused call_id while the earlier call waits', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [requestPdu({ callId: 3, opnum: 11, stub: fromHex('01') }), requestPdu({ callId: 3, opnum: 11, stub: fromHex('02') })]);
    expect(rec.completes.map((c) => [c.callId, c.fate, [...c.request!.stub]])).toEqual([[3, 'response-lost', [1]]]);
    expect(rec.damages[0]!.field).toBe('call_id');
  });

  it('marks NDR64 calls unsupported and keeps no stub', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [bindPdu({ callId: 1, contexts: [{ id: 0, uuid: EMSMDB, major: 0, minor: 81, transfers: [{ uuid: NDR64_UUID, version: 1 }] }] })]);
    feed(dce, 1, [bindAckPdu({ callId: 1, results: [{ result: 0, uuid: NDR64_UUID, version: 1 }] })], 2);
    feed(dce, 0, [requestPdu({ callId: 2, opnum: 11, stub: new Uint8Array(40) })], 3);
    feed(dce, 1, [responsePdu({ callId: 2, stub: new Uint8Array(40) })], 4);
    expect(rec.of('context').at(-1)!.ctx.transfer).toBe('ndr64');
    const [c] = rec.completes;
    expect(c!.request!.stub.length).toBe(0);
    expect(c!.request!.damage?.reason).toBe('unsupported');
    expect(c!.response!.stub.length).toBe(0);
    expect(rec.damages.map((d) => d.reason)).toEqual(['unsupported']);
  });

  it('strips a verification trailer from the request stub', () => {
    const { dce, rec } = connection();
    const stub = fromHex('11 22 33 44');
    const vt = fromHex('8a e3 13 71 02 f4 36 71 01 40 04 00 01 00 00 00');
    feed(dce, 0, [requestPdu({ callId: 1, opnum: 6, stub: concat(stub, vt) })]);
    expect(rec.requests[0]!.request!.stub).toEqual(stub);
  });

  it('handles big-endian drep end to end', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [requestPdu({ callId: 0x01020304, opnum: 11, contextId: 0, stub: fromHex('ab cd'), littleEndian: false })]);
    feed(dce, 1, [responsePdu({ callId: 0x01020304, stub: fromHex('ef'), littleEndian: false })], 5);
    expect(rec.completes[0]).toMatchObject({ callId: 0x01020304, opnum: 11, fate: 'complete' });
    expect(rec.completes[0]!.request!.littleEndian).toBe(false);
  });
});

describe('DceRpcConnection: auth', () => {
  const ntlm = (level: number, n = 16): { type: number; level: number; token: Uint8Array } => ({ type: 10, level, token: new Uint8Array(n).fill(0x4e) });

  it('reports auth once per change and does not decode sealed stubs', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [bindPdu({ callId: 1, contexts: [{ id: 0, uuid: EMSMDB, major: 0, minor: 81 }], auth: ntlm(6, 40) })]);
    feed(dce, 1, [bindAckPdu({ callId: 1, results: [{ result: 0, uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', version: 2 }], auth: ntlm(6, 60) })], 2);
    feed(dce, 0, [requestPdu({ callId: 2, opnum: 11, stub: new Uint8Array(37).fill(0xee), auth: ntlm(6) })], 3);
    feed(dce, 1, [responsePdu({ callId: 2, stub: new Uint8Array(64).fill(0xdd), auth: ntlm(6) })], 4);
    expect(rec.of('auth').map((e) => [e.frame, e.auth])).toEqual([
      [1, { authType: 10, authTypeName: 'RPC_C_AUTHN_WINNT', authLevel: 6, authLevelName: 'RPC_C_AUTHN_LEVEL_PKT_PRIVACY' }],
    ]);
    const [c] = rec.completes;
    expect(c!.fate).toBe('complete');
    expect(c!.request!.sealed).toBe(true);
    expect(c!.request!.stub.length).toBe(0);
    expect(c!.response!.sealed).toBe(true);
    expect(rec.damages).toEqual([]);
  });

  it('keeps integrity-level stubs, without auth padding and trailer', () => {
    const { dce, rec } = connection();
    const stub = fromHex('01 02 03 04 05 06 07');
    feed(dce, 0, [requestPdu({ callId: 2, opnum: 11, stub, auth: ntlm(5) })]);
    expect(rec.of('auth')[0]!.auth.authLevelName).toBe('RPC_C_AUTHN_LEVEL_PKT_INTEGRITY');
    expect(rec.requests[0]!.request!.stub).toEqual(stub);
  });
});

describe('DceRpcConnection: mid-stream', () => {
  it('labels calls on an unbound context unknown, and infers EMSMDB only from a whole EcDoRpcExt2', () => {
    const { dce, rec } = connection();
    // A minimal EcDoRpcExt2 request: CXH, flags, rgbIn (RPC_HEADER_EXT Last, 2-byte payload), cbIn, pcbOut, empty aux.
    const rgbIn = fromHex('00 00 04 00 02 00 02 00 02 00');
    const stub = concat(
      new Uint8Array(20).fill(1),
      fromHex('00 00 00 00'),
      fromHex('0a 00 00 00'),
      rgbIn,
      fromHex('00 00'),
      fromHex('0a 00 00 00 00 80 00 00 00 00 00 00 00 00 00 00 00 10 00 00'),
    );
    feed(dce, 0, [requestPdu({ callId: 1, contextId: 2, opnum: 1, stub: new Uint8Array(20) })], 1);
    feed(dce, 0, [requestPdu({ callId: 2, contextId: 2, opnum: 11, stub })], 2);
    feed(dce, 0, [requestPdu({ callId: 3, contextId: 2, opnum: 1, stub: new Uint8Array(20) })], 3);
    feed(dce, 0, [requestPdu({ callId: 4, contextId: 5, opnum: 11, stub: stub.subarray(0, 30) })], 4);
    expect(rec.requests.map((c) => [c.callId, c.iface, isIfaceInferred(c)])).toEqual([
      [1, 'unknown', false],
      [2, 'EMSMDB', true],
      [3, 'EMSMDB', true],
      [4, 'unknown', false],
    ]);
  });

  it('skips the tail of a PDU the capture began inside, with one damage', () => {
    const { dce, rec } = connection(withLimits(), MID_STREAM_CONN);
    const r1 = requestPdu({ callId: 1, opnum: 11, stub: new Uint8Array(50).fill(0x05) });
    const r2 = requestPdu({ callId: 2, opnum: 6, stub: new Uint8Array(0) });
    const r3 = requestPdu({ callId: 3, opnum: 6, stub: new Uint8Array(0) });
    feed(dce, 0, [concat(r1.subarray(10), r2)]);
    // Nothing vouches yet for a header that ends exactly where the data ends: it waits for the next one.
    expect(rec.requests).toHaveLength(0);
    feed(dce, 0, [r3], 2);
    expect(rec.requests.map((c) => c.callId)).toEqual([2, 3]);
    expect(rec.damages).toHaveLength(1);
    expect(rec.damages[0]).toMatchObject({ reason: 'gap', offset: 0 });
    expect(rec.damages[0]!.detail).toContain(`${r1.length - 10} bytes skipped`);
  });

  it('takes a chunk that is exactly one PDU as the start of a mid-stream capture', () => {
    const { dce, rec } = connection(withLimits(), MID_STREAM_CONN);
    feed(dce, 1, [V34], 1);
    feed(dce, 0, [V33], 2);
    expect(rec.completes.map((c) => [c.callId, c.fate])).toEqual([[7, 'request-lost']]);
    expect(rec.requests.map((c) => c.callId)).toEqual([7]);
    expect(rec.damages).toEqual([]);
  });

  it('skips "ncacn_http/1.0" when asked to', () => {
    const { dce, rec } = connection(withLimits(), TEST_CONN, true);
    const prefix = Uint8Array.from('ncacn_http/1.0', (c) => c.charCodeAt(0));
    const stream = concat(prefix, V33);
    for (const chunks of [[stream], split(stream, [5, 14, 20])]) {
      const c = connection(withLimits(), TEST_CONN, true);
      feed(c.dce, 0, chunks);
      expect(c.rec.requests.map((x) => x.callId)).toEqual([7]);
      expect(c.rec.damages).toEqual([]);
    }
    feed(dce, 1, [prefix, V34]);
    expect(rec.completes.map((c) => [c.callId, c.fate])).toEqual([[7, 'request-lost']]);
  });
});

describe('DceRpcConnection: early ends', () => {
  it('a fault for a call whose request was never seen is still a call', () => {
    const { dce, rec } = connection();
    feed(dce, 1, [faultPdu({ callId: 77, status: 5 })]);
    expect(rec.completes.map((c) => [c.callId, c.fate, c.request, c.fault?.statusName])).toEqual([[77, 'fault', undefined, 'ERROR_ACCESS_DENIED']]);
  });

  it('a response before the last request fragment closes the request as damaged and pairs it', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [requestPdu({ callId: 4, opnum: 11, flags: 0x01, stub: fromHex('01 02') })]);
    feed(dce, 1, [responsePdu({ callId: 4, stub: fromHex('03') })], 2);
    expect(rec.completes.map((c) => [c.callId, c.fate, c.request?.damage?.reason, c.response?.stub.length])).toEqual([[4, 'complete', 'gap', 1]]);
  });

  it('skips a leading ncacn_http/1.0 by default', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [concat(Uint8Array.from('ncacn_http/1.0', (c) => c.charCodeAt(0)), V33)]);
    expect(rec.requests.map((c) => c.callId)).toEqual([7]);
    expect(rec.damages).toEqual([]);
  });
});
