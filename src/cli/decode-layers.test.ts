import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { mutations } from '../dissectors/rops/testing/mutate.js';
import { callArb } from '../dissectors/rops/testing/rop-sequence.js';
import { DECODE_FORMS, decodeDocument, DecodeUsageError, guessForm } from './decode-layers.js';
import { parseHexText } from './decode-input.js';

/**
 * The decode command's layers on hostile bytes: every form, guessed or not, with or without a
 * paired request, must return a document or a usage error — never throw anything else, never hang.
 */
const STUBS = ['001_Outlook_2007_in_ModifyRecipients_comp.dat', '002_Outlook_2007_in_Tables_operations_comp.dat'].map(
  (f) => new Uint8Array(readFileSync(join(process.cwd(), 'test/fixtures/outlook2007', f))),
);

function decodeAll(bytes: Uint8Array, request?: Uint8Array): void {
  for (const as of [undefined, ...DECODE_FORMS]) {
    try {
      const doc = decodeDocument(bytes, { ...(as ? { as } : {}), opnum: 11, ...(request ? { request } : {}), limits: DEFAULT_LIMITS }, 'fuzz');
      JSON.stringify(doc);
    } catch (err) {
      if (!(err instanceof DecodeUsageError)) throw err;
    }
  }
}

const mutate = (base: Uint8Array): fc.Arbitrary<Uint8Array> => mutations(base, { maxCut: 80 });

describe('decode layers never throw on hostile bytes', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => decodeAll(b)), { numRuns: 200 });
  });

  it('mutated Outlook stubs, alone and paired', () => {
    fc.assert(fc.property(fc.constantFrom(...STUBS).chain(mutate), (b) => decodeAll(b, STUBS[1])), { numRuns: 200 });
  });

  it('mutated encoder-made ROP buffers, with their mutated requests', () => {
    const pair = callArb(5).chain((c) => fc.tuple(mutate(c.requestBytes), mutate(c.responseBytes)));
    fc.assert(fc.property(pair, ([q, a]) => decodeAll(a, q)), { numRuns: 200 });
  });
});

describe('decode input and guessing', () => {
  it('hex text: separators, 0x, and a dump offset column', () => {
    expect(parseHexText('0x15, 0x01:00-00')).toEqual(Uint8Array.from([0x15, 0x01, 0x00, 0x00]));
    expect(parseHexText('0000: 15 01\n0002: 00 00\n')).toEqual(Uint8Array.from([0x15, 0x01, 0x00, 0x00]));
    expect(parseHexText('0000:1501')).toEqual(Uint8Array.from([0x00, 0x00, 0x15, 0x01]));
    expect(parseHexText('15 0')).toBeNull();
    expect(parseHexText('hello')).toBeNull();
  });

  it('guesses the Outlook stubs as EcDoRpcExt2 requests, and refuses what is no known form', () => {
    for (const s of STUBS) expect(guessForm(s, { opnum: 11, limits: DEFAULT_LIMITS })).toBe('stub-request');
    expect(guessForm(Uint8Array.from([0x01]), { opnum: 11, limits: DEFAULT_LIMITS })).toBeNull();
    // RopSize 2 with no ROPs (a poll) reads as either; with no ReturnValue to name, a request.
    expect(guessForm(Uint8Array.from([0x02, 0x00]), { opnum: 11, limits: DEFAULT_LIMITS })).toBe('rop-request');
    // A RopNotify + RopPending output buffer (VECTORS-rpc V17 shape) has no request reading.
    const notify = parseHexText('2600 2a 34120000 00 0280 0100000000000010 0100000000000020 04000000 00 49504d00 6e 0100')!;
    expect(guessForm(notify, { opnum: 11, limits: DEFAULT_LIMITS })).toBe('rop-response');
  });
});
