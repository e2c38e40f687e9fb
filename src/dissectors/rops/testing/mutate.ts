import fc from 'fast-check';

/**
 * Hostile versions of a valid buffer: a few bytes overwritten and the tail cut, for the "never
 * throws" tests. Test support only.
 */
export function mutations(base: Uint8Array, opts: { maxEdits?: number; maxCut?: number; minLength?: number } = {}): fc.Arbitrary<Uint8Array> {
  const { maxEdits = 8, maxCut = 40, minLength = 1 } = opts;
  return fc
    .tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: maxEdits }), fc.nat(maxCut))
    .map(([edits, cut]) => {
      const b = base.slice(0, Math.max(minLength, base.length - cut));
      for (const [at, v] of edits) b[at % b.length] = v;
      return b;
    });
}
