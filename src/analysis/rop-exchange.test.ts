import { pairRops } from './rop-exchange.js';
import type { RopRequest, RopResponse } from '../dissectors/rops/types.js';

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
