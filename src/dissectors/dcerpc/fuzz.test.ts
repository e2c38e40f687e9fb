import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { Malformed, ShortRead } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { withLimits } from '../../core/limits.js';
import { decodeEmsmdbRequest, decodeEmsmdbResponse } from '../emsmdb/decode-call.js';
import { decodeSockaddr } from '../emsmdb/sockaddr.js';
import { decodeEptMapRequest, decodeEptMapResponse } from '../epm/ept-map.js';
import type { Direction } from '../transport/types.js';
import { DceRpcConnection } from './connection.js';
import { findPduStart } from './resync.js';
import { sniffDceRpc } from './sniff.js';
import { MID_STREAM_CONN, Recorder, TEST_CONN, bindPdu, concat, frame, requestPdu, responsePdu } from './testing/pdu-builder.js';
import type { InterfaceName } from './types.js';

const data = JSON.parse(readFileSync(new URL('./testdata/rpch-gromox-streams.json', import.meta.url), 'utf8')) as {
  vcs: Record<string, { dir: Direction; hex: string }[]>;
};
const realStreams: [Uint8Array, Uint8Array] = [0, 1].map((d) =>
  concat(...data.vcs['vc1']!.filter((s) => s.dir === d).map((s) => fromHex(s.hex))),
) as [Uint8Array, Uint8Array];
const synthetic = concat(
  bindPdu({ callId: 1, contexts: [{ id: 0, uuid: 'a4f1db00-ca47-1067-b31f-00dd010662da', major: 0, minor: 81 }] }),
  requestPdu({ callId: 2, opnum: 11, flags: 0x01, stub: new Uint8Array(60).fill(5) }),
  requestPdu({ callId: 2, opnum: 11, flags: 0x02, stub: new Uint8Array(30).fill(0) }),
  requestPdu({ callId: 3, opnum: 0, stub: new Uint8Array(24), auth: { type: 10, level: 6, token: new Uint8Array(16) } }),
);

type Op = { kind: 'data'; dir: Direction; len: number } | { kind: 'gap'; dir: Direction; lost: number | 'unknown' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('data' as const), dir: fc.constantFrom<Direction>(0, 1), len: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gap' as const), dir: fc.constantFrom<Direction>(0, 1), lost: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant('unknown' as const)) }) },
);

/** Feeds two byte streams through a connection following `ops`; returns how many events it made. */
function drive(streams: [Uint8Array, Uint8Array], ops: Op[], midStream: boolean, tight: boolean): number {
  const rec = new Recorder();
  const limits = tight ? withLimits({ maxDcerpcFragment: 300, maxDcerpcCallBytes: 200, maxDcerpcCallsInReassembly: 2, maxDcerpcOutstandingCalls: 3 }) : withLimits();
  const dce = new DceRpcConnection(midStream ? MID_STREAM_CONN : TEST_CONN, rec, limits, { legacyPrefix: tight });
  const pos = [0, 0];
  let f = 1;
  for (const op of ops) {
    if (op.kind === 'gap') {
      const lost = op.lost === 'unknown' ? op.lost : Math.min(op.lost, streams[op.dir].length - pos[op.dir]!);
      pos[op.dir]! += lost === 'unknown' ? 7 : lost;
      dce.gap(op.dir, lost, frame(f++));
      continue;
    }
    const s = streams[op.dir];
    const p = pos[op.dir]!;
    if (p >= s.length) continue;
    const chunk = s.slice(p, Math.min(s.length, p + op.len));
    pos[op.dir] = p + chunk.length;
    dce.data(op.dir, { data: chunk, streamOffset: p, at: frame(f++) });
  }
  for (const d of [0, 1] as const) {
    if (pos[d]! < streams[d].length) dce.data(d, { data: streams[d].slice(pos[d]), streamOffset: pos[d]!, at: frame(f++) });
  }
  dce.end('eof', frame(f));
  // Every call that was opened was also closed.
  const opened = new Set(rec.requests.map((c) => c.seq));
  for (const c of rec.completes) opened.delete(c.seq);
  expect(opened.size).toBe(0);
  return rec.events.length;
}

function mutate(b: Uint8Array, edits: { at: number; value: number; kind: 0 | 1 | 2 }[]): Uint8Array {
  let out: Uint8Array = b.slice();
  for (const e of edits) {
    const at = out.length ? e.at % out.length : 0;
    if (e.kind === 0) out[at] = e.value;
    else if (e.kind === 1) out = concat(out.subarray(0, at), Uint8Array.of(e.value), out.subarray(at));
    else out = concat(out.subarray(0, at), out.subarray(at + 1));
  }
  return out;
}

const editArb = fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom<0 | 1 | 2>(0, 1, 2) }), { maxLength: 12 });

describe('fuzz: the connection never throws, never hangs, and closes every call', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 3000 }), fc.array(opArb, { maxLength: 40 }), fc.boolean(), fc.boolean(), (a, b, ops, mid, tight) => {
        drive([a, b], ops, mid, tight);
      }),
      { numRuns: 300 },
    );
  });

  it('mutations of real and synthetic streams', () => {
    fc.assert(
      fc.property(editArb, editArb, fc.array(opArb, { maxLength: 60 }), fc.boolean(), fc.boolean(), fc.boolean(), (ea, eb, ops, mid, tight, real) => {
        const [a, b] = real ? realStreams : [synthetic, concat(responsePdu({ callId: 2, stub: new Uint8Array(40) }), responsePdu({ callId: 3, stub: new Uint8Array(8) }))];
        drive([mutate(a, ea), mutate(b, eb)], ops, mid, tight);
      }),
      { numRuns: 400 },
    );
  });

  it('headers that start with 05 00 everywhere', () => {
    const headerish = fc.uint8Array({ minLength: 16, maxLength: 64 }).map((h) => {
      h[0] = 5;
      h[1] = h[1]! & 1;
      h[4] = h[4]! & 0x10;
      return h;
    });
    fc.assert(
      fc.property(fc.array(headerish, { maxLength: 40 }), fc.array(opArb, { maxLength: 30 }), fc.boolean(), (parts, ops, mid) => {
        const s = concat(...parts);
        drive([s, s], ops, mid, false);
        sniffDceRpc(s);
        findPduStart(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe('fuzz: stub decoders return damage instead of throwing', () => {
  const ifaces: InterfaceName[] = ['EMSMDB', 'AsyncEMSMDB', 'EPM', 'unknown'];

  it('EMSMDB, EPM and SOCKADDR decoders', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...ifaces), fc.integer({ min: -1, max: 16 }), fc.boolean(), (stub, iface, opnum, le) => {
        decodeEmsmdbRequest(iface, opnum, stub, le);
        decodeEmsmdbResponse(iface, opnum, stub, le);
        decodeEptMapRequest(stub, le);
        decodeEptMapResponse(stub, le);
        try {
          decodeSockaddr(stub);
        } catch (err) {
          if (!(err instanceof Malformed) && !(err instanceof ShortRead)) throw err;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated real EcDoRpcExt2 stubs', () => {
    const v1 = new Uint8Array(readFileSync(new URL('../../../test/fixtures/outlook2007/001_Outlook_2007_in_ModifyRecipients_comp.dat', import.meta.url)));
    fc.assert(
      fc.property(editArb, (edits) => {
        const r = decodeEmsmdbRequest('EMSMDB', 11, mutate(v1, edits), true);
        expect(r.value !== undefined || r.damage !== undefined).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
