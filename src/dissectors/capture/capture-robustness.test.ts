import fc from 'fast-check';
import { withLimits } from '../../core/limits.js';
import { collectCapture, PcapngWriter, writePcap } from '../../test-support/capture-writer.js';
import { CaptureError } from './types.js';

const pkt = (n: number, fill: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (fill + i) & 0xff);

/** A small pcap and the file offsets where its records end. */
function smallPcap(nanos: boolean, bigEndian: boolean): { bytes: Uint8Array; boundaries: number[] } {
  const recs = [
    { sec: 100, frac: 5, data: pkt(33, 1) },
    { sec: 101, frac: 6, data: pkt(0, 2) },
    { sec: 102, frac: 7, data: pkt(17, 3) },
  ];
  const bytes = writePcap({ nanos, bigEndian }, recs);
  const boundaries = [24];
  for (const r of recs) boundaries.push(boundaries.at(-1)! + 16 + r.data.length);
  return { bytes, boundaries };
}

/** A small pcapng with every block kind we read, and its block boundaries. */
function smallPcapng(bigEndian: boolean): { bytes: Uint8Array; boundaries: number[] } {
  const w = new PcapngWriter();
  const boundaries: number[] = [];
  const mark = (): void => void boundaries.push(w.bytes().length);
  w.section({ bigEndian });
  mark();
  w.iface({ linkType: 1, snaplen: 100, tsresol: 9 });
  mark();
  w.epb({ ts: 1_700_000_000_000_000_001n, data: pkt(21, 1), comment: 'c' });
  mark();
  w.block(0x12345678, pkt(7, 0));
  mark();
  w.spb({ data: pkt(10, 2) });
  mark();
  w.opb({ ts: 5n, data: pkt(3, 3) });
  mark();
  w.section({ bigEndian: !bigEndian });
  mark();
  w.iface({ linkType: 113 });
  mark();
  w.epb({ ts: 77n, data: pkt(40, 4) });
  mark();
  return { bytes: w.bytes(), boundaries };
}

const files = [
  ['pcap µs LE', smallPcap(false, false)],
  ['pcap ns BE', smallPcap(true, true)],
  ['pcapng LE→BE', smallPcapng(false)],
  ['pcapng BE→LE', smallPcapng(true)],
] as const;

describe('capture reading: truncation and chunk boundaries', () => {
  for (const [name, { bytes, boundaries }] of files) {
    it(`${name}: a cut at every byte offset never throws, reports the damage, keeps earlier packets`, async () => {
      const full = await collectCapture(bytes);
      expect(full.damage).toEqual([]);
      for (let n = 1; n < bytes.length; n++) {
        const c = await collectCapture(bytes.subarray(0, n));
        expect(c.start).toHaveLength(1);
        // Packets decoded from the prefix are exactly the first ones of the whole file.
        expect(c.packets).toEqual(full.packets.slice(0, c.packets.length));
        if (boundaries.includes(n)) {
          expect(c.damage).toEqual([]);
        } else {
          expect(c.damage).toHaveLength(1);
          expect(c.damage[0]!.damage.reason).toBe('truncated');
          expect(c.damage[0]!.frame).toBeNull();
          // The damage points at the start of the record the cut fell into.
          const recordStart = [0, ...boundaries].filter((b) => b < n).at(-1)!;
          expect(c.damage[0]!.damage.offset).toBe(recordStart);
        }
      }
    });

    it(`${name}: any chunk size gives the same result (records stitched across boundaries)`, async () => {
      const whole = await collectCapture(bytes);
      for (const chunk of [1, 2, 3, 5, 7, 11, 13, 16, 64, 100]) {
        expect(await collectCapture(bytes, chunk)).toEqual(whole);
      }
    });
  }

  it('a record larger than a chunk is stitched from many chunks', async () => {
    const big = pkt(70_000, 9);
    const bytes = writePcap({}, [{ sec: 1, frac: 0, data: big }, { sec: 2, frac: 0, data: pkt(5, 1) }]);
    const c = await collectCapture(bytes, 4096);
    expect(c.packets.map((p) => p.data.length)).toEqual([70_000, 5]);
    expect(c.packets[0]!.data).toEqual(big);
  });

  it('mutated files never throw anything but CaptureError, and always finish', async () => {
    const seeds = files.map(([, f]) => f.bytes);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 50 }),
        async (which, flips, chunk) => {
          const bytes = seeds[which]!.slice();
          for (const [at, v] of flips) bytes[at % bytes.length] = v;
          try {
            const c = await collectCapture(bytes, chunk, withLimits({ maxPacketBytes: 4096, maxBlockBytes: 8192 }));
            expect(c.start).toHaveLength(1);
          } catch (e) {
            expect(e).toBeInstanceOf(CaptureError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
