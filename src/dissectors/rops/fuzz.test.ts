import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fromHex } from '../../core/hex.js';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { decodeAuxBlocks } from '../rpc-ext/aux-blocks.js';
import { decodeHeaderExtChain } from '../rpc-ext/header-ext.js';
import { ROP_CODECS } from './codec-table.js';
import { decodeRopRequestBuffer, decodeRopResponseBuffer } from './rop-buffer.js';
import { ropJson } from './rop-json.js';
import { mutations } from './testing/mutate.js';
import { callArb } from './testing/rop-sequence.js';
import type { RopContext } from './types.js';

/**
 * Hostile bytes into every public entry point we own: none may throw, all must terminate, and
 * every ROP they report must lie inside the buffer. Random bytes, random ROP-shaped bytes (a
 * known RopId followed by noise), and mutations of real buffers.
 */
const COLUMNS = [0x0037001f, 0x0e070003, 0x67480014, 0x10f3001e, 0x00000000];
const CTX: RopContext = { columnsOf: () => COLUMNS, logonIsPrivate: (l) => l % 2 === 0 };
const EMPTY: RopContext = { columnsOf: () => undefined, logonIsPrivate: () => undefined };

function checkBuffer(payload: Uint8Array, contexts: readonly RopContext[] = [CTX, EMPTY]): void {
  for (const ctx of contexts) {
    const q = decodeRopRequestBuffer(payload, ctx, DEFAULT_LIMITS);
    for (const r of q.rops) expect(r.offset + r.size).toBeLessThanOrEqual(payload.length);
    const a = decodeRopResponseBuffer(payload, { rops: q.rops, handles: q.handles }, ctx, DEFAULT_LIMITS);
    for (const r of a.rops) expect(r.offset + r.size).toBeLessThanOrEqual(payload.length);
    const alone = decodeRopResponseBuffer(payload, null, ctx, DEFAULT_LIMITS);
    // What was decoded, however damaged the bytes, turns into JSON without throwing.
    for (const r of [...q.rops, ...a.rops, ...alone.rops]) JSON.stringify(ropJson(r));
  }
}

const knownIds = [...ROP_CODECS.keys()];
/** A ROP buffer whose ROPs start with real RopIds, so codecs (not just the unknown-id path) run. */
const ropShaped = fc
  .array(fc.tuple(fc.constantFrom(...knownIds), fc.uint8Array({ maxLength: 40 })), { maxLength: 6 })
  .chain((rops) => {
    const list = rops.flatMap(([id, tail]) => [id, ...tail]);
    return fc.uint8Array({ maxLength: 12 }).map((handles) => {
      const size = 2 + list.length;
      return Uint8Array.from([size & 0xff, size >> 8, ...list, ...handles]);
    });
  });

function fixture(file: string): Uint8Array {
  const stub = readFileSync(join(process.cwd(), 'test/fixtures/outlook2007', file));
  const chain = decodeHeaderExtChain(new Uint8Array(stub.subarray(0x1c, 0x1c + stub.readUInt32LE(0x18))), DEFAULT_LIMITS);
  return chain.payloads[0]!.data;
}

const REAL = [
  fixture('001_Outlook_2007_in_ModifyRecipients_comp.dat'),
  fixture('002_Outlook_2007_in_Tables_operations_comp.dat'),
  fromHex('2b002a4500000000028001000000000000120100000000000a340000000000495' + '04d2e4e6f7465006e0300'),
];

const mutated = fc.constantFrom(...REAL).chain((base) => mutations(base, { minLength: 2 }));

describe('hostile input never throws and always terminates', () => {
  it('random bytes into the ROP buffer decoders', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => checkBuffer(b)), { numRuns: 400 });
  });

  it('ROP-shaped random buffers (known RopIds with noise)', () => {
    fc.assert(fc.property(ropShaped, (b) => checkBuffer(b)), { numRuns: 1500 });
  });

  it('mutations of real Outlook and constructed buffers', () => {
    fc.assert(fc.property(mutated, (b) => checkBuffer(b)), { numRuns: 1000 });
  });

  it('mutations of valid calls of every RopId from the test encoder', () => {
    const mutatedCall = fc
      .tuple(callArb(6), fc.boolean())
      .chain(([call, response]) => mutations(response ? call.responseBytes : call.requestBytes, { maxEdits: 6, maxCut: 60, minLength: 2 }).map((bytes) => ({ bytes, ctx: call.ctx })));
    fc.assert(fc.property(mutatedCall, ({ bytes, ctx }) => checkBuffer(bytes, [ctx, EMPTY])), { numRuns: 800 });
  });

  it('random bytes into the RPC_HEADER_EXT chain and the aux walker', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        decodeHeaderExtChain(b, DEFAULT_LIMITS);
        decodeHeaderExtChain(b, DEFAULT_LIMITS, { single: true });
        decodeAuxBlocks(b);
      }),
      { numRuns: 400 },
    );
  });
});
