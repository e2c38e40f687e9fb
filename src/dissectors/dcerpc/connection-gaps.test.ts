import { fromHex } from '../../core/hex.js';
import { withLimits } from '../../core/limits.js';
import { DceRpcConnection } from './connection.js';
import { Recorder, TEST_CONN, bindAckPdu, bindPdu, concat, feed, frame, requestPdu, responsePdu } from './testing/pdu-builder.js';

const EMSMDB = 'a4f1db00-ca47-1067-b31f-00dd010662da';

function connection(limits = withLimits()): { dce: DceRpcConnection; rec: Recorder } {
  const rec = new Recorder();
  let seq = 0;
  return { dce: new DceRpcConnection(TEST_CONN, rec, limits, { nextSeq: () => ++seq }), rec };
}

const bind = bindPdu({ callId: 1, contexts: [{ id: 0, uuid: EMSMDB, major: 0, minor: 81 }] });
const ack = bindAckPdu({ callId: 1, results: [{ result: 0, uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', version: 2 }] });
const stubOf = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

describe('gaps inside a PDU of known length', () => {
  it('skips the rest of the PDU, marks that call damaged and stays in sync', () => {
    const { dce, rec } = connection();
    const cut = requestPdu({ callId: 2, opnum: 11, stub: stubOf(100, 0x11) }); // 124 bytes
    const next = requestPdu({ callId: 3, opnum: 11, stub: stubOf(10, 0x22) });
    feed(dce, 0, [bind], 1);
    dce.data(0, { data: cut.subarray(0, 40), streamOffset: bind.length, at: frame(2) });
    dce.gap(0, 50, frame(3));
    dce.data(0, { data: concat(cut.subarray(90), next), streamOffset: bind.length + 90, at: frame(4) });
    expect(rec.requests.map((c) => [c.callId, c.opnum, c.request!.damage?.reason])).toEqual([
      [2, 11, 'gap'],
      [3, 11, undefined],
    ]);
    expect(rec.requests[1]!.request!.stub).toEqual(stubOf(10, 0x22));
    expect(rec.damages.map((d) => d.reason)).toEqual(['gap']);
    expect(rec.damages[0]!.detail).toContain('call_id 2');
  });

  it('a gap that ends exactly at the end of the PDU leaves the next header in place', () => {
    const { dce, rec } = connection();
    const cut = requestPdu({ callId: 2, opnum: 11, flags: 0x01, stub: stubOf(100, 0x11) });
    const rest = requestPdu({ callId: 2, opnum: 11, flags: 0x02, stub: stubOf(5, 0x12) });
    feed(dce, 0, [concat(bind, cut.subarray(0, 30))], 1);
    dce.gap(0, cut.length - 30, frame(2));
    feed(dce, 0, [rest], 3);
    expect(rec.requests.map((c) => [c.callId, c.request!.fragments, c.request!.damage?.reason, [...c.request!.stub]])).toEqual([
      [2, 1, 'gap', [0x12, 0x12, 0x12, 0x12, 0x12]],
    ]);
  });

  it('a gap inside the last fragment of a response makes the fate response-lost', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [bind, requestPdu({ callId: 2, opnum: 11, stub: stubOf(4, 1) })], 1);
    const resp = responsePdu({ callId: 2, stub: stubOf(80, 0x33) });
    feed(dce, 1, [concat(ack, resp.subarray(0, 30))], 5);
    dce.gap(1, 20, frame(6));
    feed(dce, 1, [resp.subarray(50), responsePdu({ callId: 99, stub: stubOf(4, 0) })], 7);
    expect(rec.completes.map((c) => [c.callId, c.fate, c.response!.damage?.reason])).toEqual([
      [2, 'response-lost', 'gap'],
      [99, 'request-lost', undefined],
    ]);
  });
});

describe('gaps that lose the place', () => {
  // A stub that carries a decoy header: 05 00 00 03, frag_length 24, call_id 9.
  const decoy = fromHex('05 00 00 03 10 00 00 00 18 00 00 00 09 00 00 00 ff 00 00 00 00 00 0b 00');
  const carrier = requestPdu({ callId: 4, opnum: 11, stub: concat(stubOf(40, 0x41), decoy, stubOf(30, 0x42)) });
  const after = [requestPdu({ callId: 5, opnum: 11, stub: stubOf(12, 0x55) }), requestPdu({ callId: 6, opnum: 1, stub: stubOf(20, 0x66) })];

  it('resyncs by scanning and does not accept a decoy 05 00 00 03 inside stub data', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [bind, carrier.subarray(0, 20)], 1);
    dce.gap(0, 'unknown', frame(3));
    feed(dce, 0, [concat(carrier.subarray(30), ...after)], 4);
    expect(rec.requests.map((c) => c.callId)).toEqual([4, 5, 6]);
    expect(rec.requests[0]!.request!.damage?.reason).toBe('gap');
    expect(rec.requests[1]!.request!.stub).toEqual(stubOf(12, 0x55));
    const reasons = rec.damages.map((d) => [d.reason, d.detail]);
    expect(reasons).toHaveLength(2);
    expect(reasons[1]![1]).toBe(`resynchronised after skipping ${carrier.length - 30} bytes`);
  });

  it('resyncs when the bytes after the gap arrive one at a time', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [bind], 1);
    dce.gap(0, 1000, frame(2));
    const stream = concat(carrier.subarray(25), ...after);
    feed(dce, 0, [...stream].map((b) => Uint8Array.of(b)), 3);
    expect(rec.requests.map((c) => c.callId)).toEqual([5, 6]);
  });

  it('marks the calls of that direction in reassembly damaged; the other direction is untouched', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [bind, requestPdu({ callId: 7, opnum: 11, flags: 0x01, stub: stubOf(8, 7) })], 1);
    feed(dce, 1, [ack, responsePdu({ callId: 8, flags: 0x01, stub: stubOf(8, 8) })], 2);
    dce.gap(0, 'unknown', frame(3));
    feed(dce, 0, [requestPdu({ callId: 7, opnum: 11, flags: 0x02, stub: stubOf(8, 7) })], 4);
    feed(dce, 1, [responsePdu({ callId: 8, flags: 0x02, stub: stubOf(8, 8) })], 5);
    expect(rec.requests[0]!.request!.damage?.reason).toBe('gap');
    expect(rec.completes.find((c) => c.callId === 8)!.response!.damage).toBeUndefined();
  });
});

describe('garbage frag_length', () => {
  const good = requestPdu({ callId: 5, opnum: 11, stub: stubOf(30, 0x77) });
  const good2 = requestPdu({ callId: 6, opnum: 11, stub: stubOf(3, 0x78) });
  const hex2 = (v: number): string => v.toString(16).padStart(2, '0');
  const header = (frag: number): Uint8Array => fromHex(`05 00 00 03 10 00 00 00 ${hex2(frag & 0xff)} ${hex2(frag >> 8)} 00 00 01 00 00 00 00 00 00 00 00 00 0b 00`);

  it.each([0, 8])('refuses frag_length %i with damage and resyncs', (frag) => {
    const { dce, rec } = connection();
    feed(dce, 0, [concat(header(frag), good, good2)]);
    expect(rec.damages[0]).toMatchObject({ reason: 'malformed', field: 'frag_length' });
    expect(rec.requests.map((c) => c.callId)).toEqual([5, 6]);
  });

  it('refuses frag_length 65535 above maxDcerpcFragment as a limit', () => {
    const { dce, rec } = connection(withLimits({ maxDcerpcFragment: 5840 }));
    feed(dce, 0, [concat(header(65535), good, good2)]);
    expect(rec.damages[0]).toMatchObject({ reason: 'limit', field: 'frag_length' });
    expect(rec.requests.map((c) => c.callId)).toEqual([5, 6]);
  });

  it('reports a PDU left unfinished when the stream ends', () => {
    const { dce, rec } = connection();
    feed(dce, 0, [good.subarray(0, 20)]);
    dce.end('eof', frame(9));
    expect(rec.damages.map((d) => d.reason)).toEqual(['truncated']);
    expect(rec.requests.map((c) => [c.callId, c.request!.damage?.reason])).toEqual([[5, 'truncated']]);
    expect(rec.completes.map((c) => c.fate)).toEqual(['response-lost']);
  });
});
