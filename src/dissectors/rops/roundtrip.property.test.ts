import fc from 'fast-check';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { decodeRopRequestBuffer, decodeRopResponseBuffer } from './rop-buffer.js';
import { callArb } from './testing/rop-sequence.js';
import { restrictionArb, taggedValueArb, VALUE_TYPES, writeRestriction, writeTaggedValue } from './testing/values.js';
import { Writer } from './testing/writer.js';
import { ByteReader } from '../../core/byte-reader.js';
import { readRestriction } from '../oxcdata/restrictions.js';
import { readTaggedPropertyValue } from '../oxcdata/property-value.js';

/**
 * Round trip against an independent encoder (./testing, written from ROPS-OXCDATA §1–§4): random
 * valid calls of every RopId — property values of every type including multi-values, nested
 * restrictions, table rows over random columns, RopProgress stand-ins, RopNotify/RopPending
 * anywhere, RopBackoff and RopBufferTooSmall endings — are encoded, decoded, and must come back
 * unchanged, with every offset and size.
 */
describe('encode → decode round trip', () => {
  it('request and response buffers of random calls', () => {
    fc.assert(
      fc.property(callArb(), (call) => {
        const q = decodeRopRequestBuffer(call.requestBytes, call.ctx, DEFAULT_LIMITS);
        expect(q.damage).toBeNull();
        expect(q.rops).toEqual(call.requests);
        const a = decodeRopResponseBuffer(call.responseBytes, { rops: q.rops, handles: q.handles }, call.ctx, DEFAULT_LIMITS);
        expect(a.damage).toBeNull();
        expect(a.rops).toEqual(call.responses);
      }),
      { numRuns: 600 },
    );
  });

  /** One value written by the test encoder reads back equal, to its last byte. */
  function roundTrips<T>(arb: fc.Arbitrary<T>, write: (w: Writer, v: T) => void, read: (r: ByteReader) => unknown, numRuns: number): void {
    fc.assert(
      fc.property(arb, (v) => {
        const w = new Writer();
        write(w, v);
        const r = new ByteReader(w.finish());
        expect(read(r)).toEqual(v);
        expect(r.atEnd).toBe(true);
      }),
      { numRuns },
    );
  }

  it('TaggedPropertyValue of every type', () => {
    expect(VALUE_TYPES.length).toBe(18 + 12);
    roundTrips(taggedValueArb(), writeTaggedValue, (r) => readTaggedPropertyValue(r, 'v'), 1000);
  });

  it('nested restrictions of every type', () => {
    roundTrips(restrictionArb(), writeRestriction, (r) => readRestriction(r, 'r'), 500);
  });
});
