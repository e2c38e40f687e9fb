import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fromHex } from '../../core/hex.js';
import { couldBeNcacnHttpGreeting, ncacnHttpGreetingLength } from './greeting.js';
import { rtsCookies, rtsMessageName } from './rts-messages.js';
import { decodeRtsPdu } from './rts-pdu.js';

/**
 * Hostile bytes into the RTS decoder: mutated and truncated real and spec-layout PDUs, random bytes with
 * an RTS-looking header. Nothing may throw and every damage offset lies within the PDU.
 */
const load = (file: string): Uint8Array[] =>
  (JSON.parse(readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8')) as { pdus: { hex: string }[] }).pdus.map((p) => fromHex(p.hex));
const seeds = [...load('gromox-rts.json'), ...load('rts-spec-layouts.json')];

const mutated = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), fc.boolean())
  .map(([seed, edits, cut, shorten]) => {
    const b = seed.slice(0, shorten ? cut % (seed.length + 1) : seed.length);
    if (b.length) for (const [at, v] of edits) b[at % b.length] = v;
    return b;
  });
/** 20 bytes of valid RTS header (any Flags, any NumberOfCommands, frag_length = length) and random commands. */
const rtsShaped = fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 200 })).map(([flags, n, body]) => {
  const len = 20 + body.length;
  return Uint8Array.from([5, 0, 20, 3, 0x10, 0, 0, 0, len & 0xff, len >> 8, 0, 0, 0, 0, 0, 0, flags & 0xff, flags >> 8, n & 0xff, n >> 8, ...body]);
});

test('decodeRtsPdu, rtsMessageName and rtsCookies never throw; damage stays within the PDU', () => {
  fc.assert(
    fc.property(fc.oneof(mutated, rtsShaped, fc.uint8Array({ maxLength: 120 })), (pdu) => {
      const r = decodeRtsPdu(pdu);
      for (const d of [r.damage, ...(r.otherDamage ?? [])]) {
        if (!d) continue;
        expect(d.offset).toBeGreaterThanOrEqual(0);
        expect(d.offset).toBeLessThanOrEqual(pdu.length);
      }
      if (!r.value) expect(r.damage).toBeDefined();
      else {
        expect(r.value.commands.length).toBeLessThanOrEqual(r.value.numberOfCommands);
        for (const c of r.value.commands) expect(c.offset).toBeLessThan(pdu.length);
        expect(typeof rtsMessageName(r.value)).toBe('string');
        rtsCookies(r.value);
      }
      expect([0, 14]).toContain(ncacnHttpGreetingLength(pdu));
      couldBeNcacnHttpGreeting(pdu);
    }),
    { numRuns: 5000 },
  );
});
