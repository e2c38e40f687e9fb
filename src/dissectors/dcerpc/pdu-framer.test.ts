import type { Damage } from '../../core/damage.js';
import { PduFramer } from './pdu-framer.js';
import { concat, frame, requestPdu } from './testing/pdu-builder.js';

function framer(opts: Partial<{ maxFragment: number; legacyPrefix: boolean; midStream: boolean }> = {}) {
  const pdus: { bytes: Uint8Array; view: Uint8Array; frame: number; offset: number }[] = [];
  const damage: Damage[] = [];
  const f = new PduFramer(
    {
      pdu: (p, at, offset) => pdus.push({ bytes: p.slice(), view: p, frame: at.frame, offset }),
      damage: (d) => damage.push(d),
    },
    { maxFragment: 0xffff, legacyPrefix: false, midStream: false, ...opts },
  );
  return { f, pdus, damage };
}

const a = requestPdu({ callId: 1, opnum: 11, stub: new Uint8Array(30).fill(1) });
const b = requestPdu({ callId: 2, opnum: 11, stub: new Uint8Array(10).fill(2) });

describe('PduFramer', () => {
  it('hands whole PDUs on as views of the chunk (no copy), with their stream offsets', () => {
    const { f, pdus } = framer();
    const chunk = concat(a, b);
    f.push(chunk, frame(1), 0);
    expect(pdus.map((p) => [p.offset, p.bytes.length])).toEqual([
      [0, a.length],
      [a.length, b.length],
    ]);
    expect(pdus[0]!.view.buffer).toBe(chunk.buffer);
  });

  it('copies only a PDU that straddles chunks, and reports it at the chunk that completed it', () => {
    const { f, pdus } = framer();
    const s = concat(a, b);
    f.push(s.subarray(0, 10), frame(1));
    f.push(s.subarray(10, a.length + 3), frame(2));
    f.push(s.subarray(a.length + 3), frame(3));
    expect(pdus.map((p) => [p.frame, p.bytes])).toEqual([
      [2, a],
      [3, b],
    ]);
  });

  it('after a gap inside a known PDU, skips exactly its remainder', () => {
    const { f, pdus, damage } = framer();
    f.push(a.subarray(0, 20), frame(1));
    const effect = f.gap(5);
    expect(effect.resync).toBe(false);
    expect(effect.cut?.length).toBe(20);
    f.push(concat(a.subarray(25), b), frame(2));
    expect(pdus.map((p) => p.bytes)).toEqual([b]);
    expect(damage).toEqual([]);
  });

  it('returns the unfinished PDU at the end', () => {
    const { f, damage } = framer();
    f.push(a.subarray(0, 30), frame(1));
    expect(f.finish(frame(2))?.length).toBe(30);
    expect(damage.map((d) => d.reason)).toEqual(['truncated']);
    f.push(b, frame(3));
  });

  it('accepts a candidate it was waiting on when the stream ends', () => {
    const { f, pdus } = framer({ midStream: true });
    f.push(concat(Uint8Array.of(9, 9), a), frame(1));
    expect(pdus).toHaveLength(0);
    f.finish(frame(2));
    expect(pdus.map((p) => p.bytes)).toEqual([a]);
  });
});
