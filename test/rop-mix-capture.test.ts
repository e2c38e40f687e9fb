/**
 * End to end: a capture whose EcDoRpcExt2 calls carry random mixes of every ROP (the test-only
 * encoder of src/dissectors/rops/testing), with RopNotify and RopPending among or after the
 * solicited responses, must yield every notification and raise no ROP damage. The session is
 * inferred from its first call (no EcDoConnectEx); a first call sets up the state the mixes lean
 * on: the table columns of handle 0x1000 (RopGetContentsTable + RopSetColumns) and the kind of
 * logons 0–7 (RopLogon, private when even).
 */
import fc from 'fast-check';
import { runPipeline } from '../src/analysis/pipeline.js';
import { withLimits } from '../src/core/limits.js';
import { memorySource } from '../src/dissectors/capture/chunked-source.js';
import { bindAckPdu, bindPdu, concat, requestPdu, responsePdu } from '../src/dissectors/dcerpc/testing/pdu-builder.js';
import { EMSMDB_UUID } from '../src/dissectors/emsmdb/interfaces.js';
import { callArb, HANDLES, TABLE_HANDLE, type Call } from '../src/dissectors/rops/testing/rop-sequence.js';
import { Writer } from '../src/dissectors/rops/testing/writer.js';
import type { NotificationEvent, OxEvent } from '../src/model/events.js';
import { ethFrame, ipv4Packet, tcpSegment, writePcap } from '../src/test-support/capture-writer.js';

const CXH = Uint8Array.from([0, 0, 0, 0, ...Array.from({ length: 16 }, (_, i) => 0xa0 + i)]);
const LAST = 0x0004;

/** rgbIn / rgbOut: one RPC_HEADER_EXT (Version 0, Last, not compressed) and the ROP buffer. */
function headerExt(rop: Uint8Array): Uint8Array {
  return concat(new Writer().u16(0).u16(LAST).u16(rop.length).u16(rop.length).finish(), rop);
}

const pad4 = (w: Writer): void => {
  while (w.length % 4) w.u8(0);
};

/** EcDoRpcExt2 request stub ([MS-OXCRPC] 3.1.4.2, NDR20): pcxh, pulFlags, rgbIn[cbIn], cbIn, pcbOut, rgbAuxIn[cbAuxIn], cbAuxIn, pcbAuxOut. */
function requestStub(rgbIn: Uint8Array): Uint8Array {
  const w = new Writer().bytes(CXH).u32(0).u32(rgbIn.length).bytes(rgbIn);
  pad4(w);
  return w.u32(rgbIn.length).u32(0x8007).u32(0).u32(0).u32(0x1008).finish();
}

/** The response stub: pcxh, pulFlags, rgbOut (conformant-varying), pcbOut, rgbAuxOut, pcbAuxOut, pulTransTime, return value. */
function responseStub(rgbOut: Uint8Array): Uint8Array {
  const w = new Writer().bytes(CXH).u32(0).u32(rgbOut.length).u32(0).u32(rgbOut.length).bytes(rgbOut);
  pad4(w);
  return w.u32(rgbOut.length).u32(0).u32(0).u32(0).u32(0).u32(0).u32(0).finish();
}

function ropBuffer(rops: Uint8Array, handles: readonly number[]): Uint8Array {
  const w = new Writer().u16(2 + rops.length).bytes(rops);
  for (const h of handles) w.u32(h);
  return w.finish();
}

/** The set-up call: logons 0–7 (even: private mailbox) and the table in slot 1 with the mixes' columns. */
function setupCall(columns: readonly number[]): { request: Uint8Array; response: Uint8Array } {
  const q = new Writer();
  const a = new Writer();
  for (let logon = 0; logon < 8; logon++) {
    const priv = logon % 2 === 0;
    q.u8(0xfe).u8(logon).u8(0).u8(priv ? 1 : 0).u32(0).u32(0).u16(0);
    a.u8(0xfe).u8(0).u32(0).u8(priv ? 1 : 0);
    for (let i = 0; i < 13; i++) a.u16(1).bytes(new Uint8Array(6));
    if (priv) a.u8(0).bytes(new Uint8Array(16)).u16(1).bytes(new Uint8Array(16)).bytes(new Uint8Array(8)).u64(0n).u32(0);
    else a.u16(1).bytes(new Uint8Array(16)).bytes(new Uint8Array(16));
  }
  q.u8(0x05).u8(0).u8(0).u8(1).u8(0);
  q.u8(0x12).u8(0).u8(1).u8(0).u16(columns.length);
  for (const c of columns) q.u32(c);
  a.u8(0x05).u8(1).u32(0).u32(0);
  a.u8(0x12).u8(1).u32(0).u8(0);
  return { request: ropBuffer(q.finish(), [0xffffffff, 0xffffffff]), response: ropBuffer(a.finish(), [HANDLES[0]!, TABLE_HANDLE]) };
}

/** A pcap of one TCP connection: handshake, bind, then each call as a request and a response segment. */
function capture(calls: { request: Uint8Array; response: Uint8Array }[]): Uint8Array {
  const C = [10, 0, 0, 1];
  const S = [10, 0, 0, 2];
  let cseq = 1000;
  let sseq = 5000;
  let t = 0;
  const records: { sec: number; frac: number; data: Uint8Array }[] = [];
  const seg = (fromClient: boolean, flags: number, payload: Uint8Array): void => {
    const tcp = fromClient ? tcpSegment(40000, 6001, cseq, sseq, flags, payload) : tcpSegment(6001, 40000, sseq, cseq, flags, payload);
    const ip = ipv4Packet(6, tcp, fromClient ? { src: C, dst: S } : { src: S, dst: C });
    records.push({ sec: 1_700_000_000, frac: t++ * 1000, data: ethFrame(0x0800, ip) });
    const advance = payload.length + (flags & 0x02 ? 1 : 0);
    if (fromClient) cseq += advance;
    else sseq += advance;
  };
  seg(true, 0x02, new Uint8Array(0));
  seg(false, 0x12, new Uint8Array(0));
  seg(true, 0x10, new Uint8Array(0));
  seg(true, 0x18, bindPdu({ callId: 1, contexts: [{ id: 0, uuid: EMSMDB_UUID, major: 0, minor: 81 }] }));
  seg(false, 0x18, bindAckPdu({ callId: 1, results: [{ result: 0 }] }));
  calls.forEach((c, i) => {
    seg(true, 0x18, requestPdu({ callId: i + 2, opnum: 11, stub: requestStub(headerExt(c.request)) }));
    seg(false, 0x18, responsePdu({ callId: i + 2, stub: responseStub(headerExt(c.response)) }));
  });
  return writePcap({}, records);
}

async function run(bytes: Uint8Array): Promise<OxEvent[]> {
  const out: OxEvent[] = [];
  await runPipeline(memorySource(bytes, 1 << 16, 'mix.pcap'), {
    file: 'mix.pcap',
    limits: withLimits(),
    sink: { emit: (e) => void out.push(e), close: async () => undefined },
    ropEvents: true,
  });
  return out;
}

const hex8 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

describe('RopNotify after any mix of ROP responses, in a capture', () => {
  it('every notification comes out, and every ROP decodes', async () => {
    const calls = fc.sample(
      callArb(6).filter((c) => c.requestBytes.length < 4000 && c.responseBytes.length < 4000),
      { numRuns: 40, seed: 20261122 },
    );
    for (const call of calls) await check(call);
  });
});

async function check(call: Call): Promise<void> {
  const columns = call.ctx.columnsOf(TABLE_HANDLE)!;
  const setup = setupCall(columns);
  const events = await run(capture([setup, { request: call.requestBytes, response: call.responseBytes }]));
  const damage = events.filter((e) => e.type === 'finding' && /^(rop|rpcext|emsmdb|dcerpc)\./.test(e.rule));
  expect(damage).toEqual([]);
  const expected = call.responses.filter((r) => r.kind === 'RopNotify').map((r) => hex8((r as { notificationHandle: number }).notificationHandle));
  const notified = events.filter((e): e is NotificationEvent => e.type === 'notification').map((e) => e.handle);
  expect(notified).toEqual(expected);
  const ropsOut = events.filter((e) => e.type === 'rop' && e.direction === 'response').map((e) => (e as { name: string }).name);
  // The set-up call answers 8 RopLogon, RopGetContentsTable and RopSetColumns first.
  expect(ropsOut.slice(10)).toEqual(call.responses.map((r) => r.name));
}
