import { withLimits } from '../core/limits.js';
import { decodeRopRequestBuffer, decodeRopResponseBuffer } from '../dissectors/rops/rop-buffer.js';
import { ropBuffer } from '../dissectors/rops/test-hex.js';
import type { RopBuffer, RopRequest, RopResponse } from '../dissectors/rops/types.js';
import type { OxEvent, RopEvent } from '../model/events.js';
import { AnalysisContext } from './context.js';
import { applyExchange, applyRequestRops, pairRops } from './rop-exchange.js';

const req = (kind: string, name: string, i: number): RopRequest =>
  ({ kind, name, ropId: 0, offset: i, size: 0, logonId: 0, inputHandleIndex: 0, outputHandleIndex: null, fields: {} }) as unknown as RopRequest;
const resp = (kind: string, name: string, i: number): RopResponse =>
  ({ kind, name, ropId: 0, offset: i, size: 0, handleIndex: 0, returnValue: 0, fields: {} }) as unknown as RopResponse;

describe('pairRops ([MS-OXCROPS] 2.2.1)', () => {
  it('skips RopRelease requests and unsolicited responses', () => {
    const reqs = [req('RopRelease', 'RopRelease', 0), req('RopGetTable', 'RopGetContentsTable', 1), req('RopSetColumns', 'RopSetColumns', 2)];
    const resps = [
      resp('RopGetTable', 'RopGetContentsTable', 0),
      resp('RopNotify', 'RopNotify', 1),
      resp('RopSetColumns', 'RopSetColumns', 2),
      resp('RopPending', 'RopPending', 3),
    ];
    const pairs = pairRops(reqs, resps);
    expect(pairs.get(resps[0]!)).toBe(reqs[1]);
    expect(pairs.get(resps[2]!)).toBe(reqs[2]);
    expect(pairs.has(resps[1]!)).toBe(false);
    expect(pairs.has(resps[3]!)).toBe(false);
  });
  it('pairs a RopProgress standing in for a response with that request', () => {
    const reqs = [req('other', 'RopEmptyFolder', 0), req('other', 'RopGetStatus', 1)];
    const resps = [resp('RopProgress', 'RopProgress', 0), resp('other', 'RopGetStatus', 1)];
    const pairs = pairRops(reqs, resps);
    expect(pairs.get(resps[0]!)).toBe(reqs[0]);
    expect(pairs.get(resps[1]!)).toBe(reqs[1]);
  });
  it('leaves extra responses unpaired when the requests run out', () => {
    const pairs = pairRops([], [resp('other', 'RopGetStatus', 0)]);
    expect(pairs.size).toBe(0);
  });
});

describe('pairRops: a response of another RopId answers nothing we sent', () => {
  it('stays unpaired, and the next request pairs with the next response', () => {
    const reqs = [{ ...req('other', 'RopGetStatus', 0), ropId: 0x16 }, { ...req('other', 'RopAbort', 1), ropId: 0x38 }] as RopRequest[];
    const resps = [{ ...resp('other', 'RopQueryPosition', 0), ropId: 0x17 }, { ...resp('other', 'RopAbort', 1), ropId: 0x38 }] as RopResponse[];
    const pairs = pairRops(reqs, resps);
    expect(pairs.has(resps[0]!)).toBe(false);
    expect(pairs.get(resps[1]!)).toBe(reqs[1]);
  });
});

/**
 * Cross-call state kept per session (ROPS-OXCDATA §2.14): the kind of a logon (RopLogon) shapes
 * RopSetMessageReadFlag requests of later calls; the columns of a table handle (RopSetColumns,
 * cleared by RopResetTable) size RopQueryRows rows and RopNotify table rows of later calls.
 * Buffers are written by hand from the ROPS-OXCDATA field tables.
 */
describe('state across calls of a session', () => {
  const FLAGS = '0300070e';
  const SUBJECT = '1f003700';
  const ROW = '00 07000000 4100 0000'; // MessageFlags 7, Subject "A"
  const fid = (n: number): string => '0100' + n.toString(16).padStart(12, '0');
  const events: OxEvent[] = [];
  const ctx = new AnalysisContext({ emit: (e) => void events.push(e), close: async () => undefined }, withLimits(), { ropEvents: true });
  const session = ctx.sessions.create({
    transport: 'rpc-tcp', client: '10.0.0.1:1000', server: '10.0.0.2:6001', serverIp: '10.0.0.2', frame: 1, time: { sec: 0, nsec: 0 }, key: 'cxh', sessionIndex: 1, origin: 'connect',
  });
  let frame = 10;
  function call(request: string, requestHandles: number[], response: string, responseHandles: number[]): { q: RopBuffer<RopRequest>; a: RopBuffer<RopResponse> } {
    const at = { frame: frame++, time: { sec: 1, nsec: 0 } };
    const q = decodeRopRequestBuffer(ropBuffer(request, requestHandles), session.handles, ctx.limits);
    applyRequestRops(ctx, session, q, at);
    const a = decodeRopResponseBuffer(ropBuffer(response, responseHandles), { rops: q.rops, handles: q.handles }, session.handles, ctx.limits);
    applyExchange(ctx, session, q, a, { transport: 'rpc-tcp', request: at, response: { frame: frame++, time: at.time }, flow: 'f' });
    return { q, a };
  }
  const publicLogonBody = '00' + fid(1).repeat(13) + '0100' + '11'.repeat(16) + '22'.repeat(16);

  it('call 1: a public-folders logon, a contents table and its columns', () => {
    const { q, a } = call(
      'fe 01 00 00 00000000 00000000 0000' + '05 01 00 01 00' + `12 01 01 00 0200 ${FLAGS} ${SUBJECT}`,
      [0xffffffff, 0xffffffff],
      `fe 00 00000000 ${publicLogonBody}` + '05 01 00000000 03000000' + '12 01 00000000 00',
      [0x11, 0x22],
    );
    expect([q.damage, a.damage]).toEqual([null, null]);
    expect(session.handles.logonIsPrivate(1)).toBe(false);
    expect(session.handles.columnsOf(0x22)).toEqual([0x0e070003, 0x0037001f]);
  });

  it('call 2: the logon shapes RopSetMessageReadFlag (ClientData present); the columns size the rows and a RopNotify row', () => {
    const notify = `2a 22000000 01 0081 0300 ${fid(5)} ${fid(0x99)} 00000000 ${fid(5)} ${fid(0x98)} 00000000 0900 ${ROW}`;
    const { q, a } = call(
      '11 01 02 01 01' + 'cd'.repeat(24) + '15 01 00 00 01 0a00',
      [0x22, 0x33, 0xffffffff],
      '11 02 00000000 00' + `15 00 00000000 00 0100 ${ROW}` + notify + '6e 01 00',
      [0x22, 0x33, 0xffffffff],
    );
    expect(q.damage).toBeNull();
    expect(q.rops.map((r) => [r.name, r.size])).toEqual([['RopSetMessageReadFlag', 29], ['RopQueryRows', 7]]);
    expect(a.damage).toBeNull();
    expect(a.rops.map((r) => r.name)).toEqual(['RopSetMessageReadFlag', 'RopQueryRows', 'RopNotify', 'RopPending']);
    const rows = (a.rops[1] as Extract<RopResponse, { kind: 'RopQueryRows' }>).rows;
    expect(rows?.[0]?.values.map((v) => v.value)).toEqual([7, 'A']);
    const n = a.rops[2] as Extract<RopResponse, { kind: 'RopNotify' }>;
    expect(n.data.tableRow?.values.map((v) => v.value)).toEqual([7, 'A']);
  });

  it('call 3 resets the table; call 4 cannot size its rows and says why, keeping what came before', () => {
    call('81 01 00', [0x22], '81 00 00000000', [0x22]);
    expect(session.handles.columnsOf(0x22)).toBeUndefined();
    const { a } = call('17 01 00' + '15 01 00 00 01 0a00', [0x22], '17 00 00000000 01000000 02000000' + `15 00 00000000 00 0100 ${ROW}` + '6e 01 00', [0x22]);
    expect(a.rops.map((r) => r.name)).toEqual(['RopQueryPosition']);
    expect(a.damage).toMatchObject({ reason: 'state-missing', detail: 'columns unknown: RopSetColumns for handle 0x00000022 not in capture' });
  });

  it('a RopNotify row of a table without columns is kept raw with the reason; the list goes on', () => {
    const { a } = call('', [], `2a 22000000 01 0081 0500 ${fid(5)} ${fid(0x99)} 00000000 ${fid(5)} ${fid(0x98)} 00000000 0900 ${ROW}` + '6e 01 00', []);
    expect(a.damage).toBeNull();
    const n = a.rops[0] as Extract<RopResponse, { kind: 'RopNotify' }>;
    expect(n.data.tableRow).toBeUndefined();
    expect(n.data.tableRowDamage?.detail).toBe('columns unknown: RopSetColumns for handle 0x00000022 not in capture');
    expect(a.rops[1]?.name).toBe('RopPending');
  });

  it('--rops events came with every call', () => {
    ctx.drain();
    const rops = events.filter((e): e is RopEvent => e.type === 'rop');
    expect(rops.filter((e) => e.direction === 'request').map((e) => e.name)).toEqual([
      'RopLogon', 'RopGetContentsTable', 'RopSetColumns', 'RopSetMessageReadFlag', 'RopQueryRows', 'RopResetTable', 'RopQueryPosition', 'RopQueryRows',
    ]);
    const readFlag = rops.find((e) => e.name === 'RopSetMessageReadFlag' && e.direction === 'request')!;
    expect(readFlag).toMatchObject({ logonId: 1, inputHandleIndex: 1, handle: '0x00000033', fields: { responseHandleIndex: 2, readFlags: 1, clientData: 'cd'.repeat(24) } });
    const logon = rops.find((e) => e.name === 'RopLogon' && e.direction === 'response')!;
    expect(logon).toMatchObject({ logonId: 1, inputHandleIndex: 0, handle: '0x00000011', returnValue: '0x00000000', returnName: 'Success', fields: { logonFlags: 0 } });
  });
});
