import fc from 'fast-check';
import type { RequestBody, ResponseBody } from '../codec.js';
import { ROP_NAMES } from '../rop-names.js';
import type { RopContext, RopRequest, RopResponse } from '../types.js';
import { ROP_SPECS } from './rop-specs.js';
import { ASYNC_ROP_IDS, progressArb, type Built, type Env } from './spec-kit.js';
import { backoffArb, bufferTooSmallArb, unsolicitedArb } from './unsolicited.js';
import { columnsArb } from './values.js';
import { Writer } from './writer.js';

/**
 * A random call: ROP requests of every RopId, and the response buffer a server could answer with —
 * responses in request order (none for RopRelease), RopProgress standing in for asynchronous
 * ROPs, RopNotify/RopPending anywhere, and the list possibly ended by RopBackoff or
 * RopBufferTooSmall. Each side comes with the bytes and the ROPs a decoder must read back.
 * Test support only.
 */
export const TABLE_HANDLE = 0x00001000;
export const HANDLES = [0x00000100, TABLE_HANDLE, 0x00002000, 0x00003000, 0x00004000, 0x00005000];

export interface Call {
  ctx: RopContext;
  requestBytes: Uint8Array;
  responseBytes: Uint8Array;
  requests: RopRequest[];
  responses: RopResponse[];
}

const REQUEST_IDS = [...ROP_SPECS].filter(([, s]) => s.request).map(([id]) => id);

function envArb(): fc.Arbitrary<Env> {
  return columnsArb.map((columns) => ({ columns, tableHandle: TABLE_HANDLE, logonIsPrivate: (l: number) => l % 2 === 0 }));
}

/** RopSize, the ROPs, the handle table; and each ROP with its offset and size. */
function buffer<M extends RequestBody | ResponseBody, R>(list: readonly Built<M>[], ropIdOf: (m: M, bytes: Uint8Array) => number): { bytes: Uint8Array; rops: R[] } {
  const rops: R[] = [];
  const body = new Writer();
  for (const b of list) {
    const one = new Writer();
    b.write(one);
    const bytes = one.finish();
    const ropId = ropIdOf(b.model, bytes);
    rops.push({ ...b.model, ropId, name: ROP_NAMES.get(ropId)!, offset: 2 + body.length, size: bytes.length } as R);
    body.bytes(bytes);
  }
  const w = new Writer().u16(2 + body.length).bytes(body.finish());
  for (const h of HANDLES) w.u32(h);
  return { bytes: w.finish(), rops };
}

export function callArb(maxRops = 8): fc.Arbitrary<Call> {
  return envArb().chain((env) =>
    fc
      .array(fc.constantFrom(...REQUEST_IDS), { maxLength: maxRops })
      .chain((ids) => fc.tuple(...ids.map((id) => ROP_SPECS.get(id)!.request!(env))))
      .chain((requests) => {
        const answered = requests.filter((r) => r.model.kind !== 'RopRelease');
        const solicited = answered.map((r) => {
          const id = ropIdOfRequest(r);
          const normal = ROP_SPECS.get(id)!.response!(env, r.model);
          return ASYNC_ROP_IDS.has(id) ? fc.oneof({ arbitrary: normal, weight: 3 }, { arbitrary: progressArb(r.model), weight: 1 }) : normal;
        });
        return fc.record({
          requests: fc.constant(requests),
          solicited: fc.tuple(...solicited),
          unsolicited: fc.array(fc.tuple(fc.nat(), unsolicitedArb(env)), { maxLength: 3 }),
          end: fc.oneof(
            { arbitrary: fc.constant(null), weight: 4 },
            { arbitrary: fc.tuple(fc.nat(), fc.constant('backoff' as const), backoffArb), weight: 1 },
            { arbitrary: fc.tuple(fc.nat(), fc.constant('tooSmall' as const), bufferTooSmallArb), weight: 1 },
          ),
        });
      })
      .map(({ requests, solicited, unsolicited, end }) => {
        // RopBackoff and RopBufferTooSmall end the answers; only unsolicited ROPs may follow a RopBackoff.
        const list: Built<ResponseBody>[] = end ? solicited.slice(0, end[0] % (solicited.length + 1)) : [...solicited];
        const after: Built<ResponseBody>[] = [];
        for (const [at, u] of unsolicited) {
          if (end?.[1] === 'backoff' && at % 2 === 1) after.push(u);
          else list.splice(at % (list.length + 1), 0, u);
        }
        if (end) list.push(end[2]);
        list.push(...after);
        const req = buffer<RequestBody, RopRequest>(requests, (_m, bytes) => bytes[0]!);
        const resp = buffer<ResponseBody, RopResponse>(list, (_m, bytes) => bytes[0]!);
        const ctx: RopContext = { columnsOf: (h) => (h === TABLE_HANDLE ? env.columns : undefined), logonIsPrivate: env.logonIsPrivate };
        return { ctx, requestBytes: req.bytes, responseBytes: resp.bytes, requests: req.rops, responses: resp.rops };
      }),
  );
}

/** The RopId a built request writes first. */
function ropIdOfRequest(r: Built<RequestBody>): number {
  const w = new Writer();
  r.write(w);
  return w.finish()[0]!;
}
