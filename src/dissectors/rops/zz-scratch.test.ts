import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { decodeHeaderExtChain } from '../rpc-ext/header-ext.js';
import { decodeRopRequestBuffer, decodeRopResponseBuffer } from './rop-buffer.js';
import type { RopContext } from './types.js';

const show = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString('hex') : x));
const obj = (n: number): Buffer => readFileSync(`/tmp/scratch/objs/%3fMailboxId=alice@lab(${n}).test`);
it('scratch real server', () => {
  const cols = new Map<number, readonly number[]>();
  const ctx: RopContext = { columnsOf: (h) => cols.get(h), logonIsPrivate: () => true };
  for (const [q, a] of [[2, 3], [4, 5], [8, 9], [12, 13], [14, 15]] as const) {
    const qb = obj(q);
    const qsize = qb.readUInt32LE(4);
    const qchain = decodeHeaderExtChain(new Uint8Array(qb.subarray(8, 8 + qsize)), DEFAULT_LIMITS);
    const req = decodeRopRequestBuffer(qchain.payloads[0]!.data, ctx, DEFAULT_LIMITS);
    console.log('REQ', q, show(qchain.damage), show(req));
    const ab = obj(a);
    const start = ab.indexOf('\r\n\r\n') + 4;
    const body = ab.subarray(start);
    const rsize = body.readUInt32LE(12);
    const achain = decodeHeaderExtChain(new Uint8Array(body.subarray(16, 16 + rsize)), DEFAULT_LIMITS);
    for (const p of achain.payloads) {
      console.log('CHAIN', show({ ...p, data: undefined }), show(achain.damage));
      const resp = decodeRopResponseBuffer(p.data, { rops: req.rops, handles: req.handles }, ctx, DEFAULT_LIMITS);
      console.log('RESP', a, show(resp));
      for (const [i, rq] of req.rops.entries()) {
        void i;
        if (rq.kind === 'RopSetColumns' && rq.inputHandleIndex !== null) {
          const h = resp.handles[rq.inputHandleIndex];
          if (h !== undefined) cols.set(h, rq.propertyTags);
        }
      }
    }
  }
});
