import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { collectCapture, writePcap } from '../../test-support/capture-writer.js';

/**
 * Differential test: on classic µs pcap files (the only kind it reads) the dev dependency
 * pcap-parser and our reader must agree on every packet's timestamp, lengths and bytes.
 */
interface OraclePacket {
  header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
  data: Buffer;
}
interface OracleParser {
  on(event: 'packet', fn: (p: OraclePacket) => void): OracleParser;
  on(event: 'end', fn: () => void): OracleParser;
  on(event: 'error', fn: (e: Error) => void): OracleParser;
}
const pcapParser = createRequire(import.meta.url)('pcap-parser') as { parse(input: Readable): OracleParser };

function oracle(bytes: Uint8Array): Promise<{ sec: number; usec: number; caplen: number; origLen: number; data: number[] }[]> {
  return new Promise((resolve, reject) => {
    const out: { sec: number; usec: number; caplen: number; origLen: number; data: number[] }[] = [];
    pcapParser
      .parse(Readable.from([Buffer.from(bytes)]))
      .on('packet', (p) =>
        out.push({
          sec: p.header.timestampSeconds,
          usec: p.header.timestampMicroseconds,
          caplen: p.header.capturedLength,
          origLen: p.header.originalLength,
          data: Array.from(p.data),
        }),
      )
      .on('error', reject)
      .on('end', () => resolve(out));
  });
}

async function ours(bytes: Uint8Array, chunk?: number): Promise<{ sec: number; usec: number; caplen: number; origLen: number; data: number[] }[]> {
  const c = await collectCapture(bytes, chunk);
  expect(c.damage).toEqual([]);
  expect(c.packets.every((p) => p.nsec % 1000 === 0)).toBe(true);
  return c.packets.map((p) => ({ sec: p.sec, usec: p.nsec / 1000, caplen: p.data.length, origLen: p.origLen, data: Array.from(p.data) }));
}

describe('pcap-parser oracle', () => {
  for (const file of ['mapihttp-gromox-notify.pcap', 'rpch-gromox-notify.pcap']) {
    it(`agrees on the real capture ${file}`, async () => {
      const bytes = new Uint8Array(readFileSync(new URL(`../../../test/fixtures/real-server/${file}`, import.meta.url)));
      const expected = await oracle(bytes);
      expect(expected.length).toBeGreaterThan(50);
      expect(await ours(bytes)).toEqual(expected);
      expect(await ours(bytes, 333)).toEqual(expected);
    });
  }

  it('agrees on generated files in both byte orders', async () => {
    const record = fc.record({
      sec: fc.integer({ min: 0, max: 0xffffffff }),
      frac: fc.integer({ min: 0, max: 999_999 }),
      data: fc.uint8Array({ maxLength: 300 }),
      extra: fc.nat({ max: 2000 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 12 }), fc.boolean(), fc.integer({ min: 1, max: 97 }), async (recs, bigEndian, chunk) => {
        const bytes = writePcap(
          { bigEndian },
          recs.map((r) => ({ sec: r.sec, frac: r.frac, data: r.data, origLen: r.data.length + r.extra })),
        );
        expect(await ours(bytes, chunk)).toEqual(await oracle(bytes));
      }),
      { numRuns: 60 },
    );
  });
});
