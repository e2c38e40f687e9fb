import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import { fromHex } from '../../core/hex.js';
import { mapiSessionCookies } from './cookies.js';
import { elapsedTime, parseRequestId, startTime } from './headers.js';
import { decodeMapiRequestBody } from './request-bodies.js';
import { EMSMDB_REQUEST_TYPES, NSPI_REQUEST_TYPES, endpointOf, requestTypeOf } from './request-types.js';
import { decodeMapiResponseBody } from './response-bodies.js';
import { MapiResponseStream } from './response-stream.js';
import type { MapiRequestType } from './types.js';

/**
 * Hostile input into every entry point of the folder: mutated and truncated real bodies and streams,
 * random bytes, random headers. Nothing may throw, every damage offset lies within the input, and what
 * is kept stays under maxBodyBytes.
 */
interface Exchange { requestBody: string; responseBody: string }
const real = (JSON.parse(readFileSync(new URL('./testdata/gromox-mapihttp.json', import.meta.url), 'utf8')) as { exchanges: Exchange[] }).exchanges;
const streams = real.map((e) => fromHex(e.responseBody));
const bodies = [
  ...real.map((e) => fromHex(e.requestBody)),
  ...streams.map((s) => s.subarray(s.findIndex((_, i) => s[i] === 13 && s[i + 1] === 10 && s[i + 2] === 13 && s[i + 3] === 10) + 4)),
  fromHex('03000000 0a000000 00000400 02000200 02000780 00000000 0000'.replace(/ /g, '')),
];
const TYPES: MapiRequestType[] = [...EMSMDB_REQUEST_TYPES, ...NSPI_REQUEST_TYPES];

/** A seed with up to 8 bytes overwritten and a cut from the end (possibly to nothing). */
const mutate = (seeds: Uint8Array[]) =>
  fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), fc.boolean())
    .map(([seed, edits, cut, shorten]) => {
      const b = seed.slice(0, shorten ? cut % (seed.length + 1) : seed.length);
      if (b.length) for (const [at, v] of edits) b[at % b.length] = v;
      return b;
    });
const anyBody = fc.oneof(mutate(bodies), fc.uint8Array({ maxLength: 300 }));

function within(damage: (Damage | undefined)[], length: number): void {
  for (const d of damage) {
    if (!d) continue;
    expect(d.offset).toBeGreaterThanOrEqual(0);
    expect(d.offset).toBeLessThanOrEqual(length);
  }
}

const at: FrameRef = { frame: 1, time: { sec: 0, nsec: 0 } };

describe('MAPI over HTTP decoders on hostile bytes', () => {
  test('request and response bodies', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), anyBody, (type, body) => {
        for (const r of [decodeMapiRequestBody(type, body), decodeMapiResponseBody(type, body)]) {
          within([r.damage, ...(r.otherDamage ?? [])], body.length);
          if (r.value) expect(r.value.type).toBe(type);
          else expect(r.damage).toBeDefined();
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('the inner stream, split anywhere, under a small cap', () => {
    fc.assert(
      fc.property(
        fc.oneof(mutate(streams), fc.uint8Array({ maxLength: 400 })),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.integer({ min: 0, max: 400 }),
        (bytes, cuts, maxBodyBytes) => {
          let fired = 0;
          const s = new MapiResponseStream({ maxBodyBytes, onLine: () => fired++ });
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          let from = 0;
          for (const p of [...points, bytes.length]) {
            s.push(bytes.subarray(from, p), at);
            from = p;
          }
          const r = s.end(at);
          within(r.damage, bytes.length);
          expect(r.lines.length).toBeLessThanOrEqual(fired);
          expect(r.body?.length ?? 0).toBeLessThanOrEqual(maxBodyBytes);
          expect(new Set(r.damage.map((d) => `${d.reason}:${d.field}`)).size).toBe(r.damage.length);
          if (!r.framed) expect(r.lines).toEqual([]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('headers, cookies and targets', () => {
    const text = fc.string({ maxLength: 80 });
    const header = fc.record({ name: fc.constantFrom('Cookie', 'Set-Cookie', 'X-RequestType', 'cookie', 'X'), value: text });
    fc.assert(
      fc.property(fc.array(header, { maxLength: 6 }), fc.array(header, { maxLength: 6 }), text, (req, res, s) => {
        const c = mapiSessionCookies(req, res);
        if (c.key !== null) expect(c.key).toMatch(/^(MapiContext|sid)=./);
        requestTypeOf(req);
        endpointOf(s);
        parseRequestId(s);
        elapsedTime(s);
        startTime(s);
      }),
      { numRuns: 2000 },
    );
  });
});
