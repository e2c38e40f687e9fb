import { setPcapTimestamp, setTimestamp, timestampScale, type MutableTime } from './timestamp-scale.js';

function ts(v: bigint, tsresol?: number, offset = 0): MutableTime {
  const out = { sec: -1, nsec: -1 };
  setTimestamp(out, Number(v >> 32n), Number(v & 0xffffffffn), timestampScale(tsresol, offset));
  return out;
}

describe('pcapng timestamps', () => {
  it('default resolution is microseconds', () => {
    expect(ts(1_700_000_000_123_456n)).toEqual({ sec: 1_700_000_000, nsec: 123_456_000 });
  });

  it('nanoseconds beyond 2^53 stay exact', () => {
    // 1.7e18 ns is far past 2^53 ≈ 9.007e15: a double would lose the last digits.
    expect(ts(1_700_000_000_123_456_789n, 9)).toEqual({ sec: 1_700_000_000, nsec: 123_456_789 });
    expect(ts(0xffffffffffffffffn, 9)).toEqual({ sec: 18_446_744_073, nsec: 709_551_615 });
    expect(ts(1_700_000_000_999_999_999n, 9)).toEqual({ sec: 1_700_000_000, nsec: 999_999_999 });
  });

  it('every decimal resolution from seconds to nanoseconds', () => {
    expect(ts(1_700_000_000n, 0)).toEqual({ sec: 1_700_000_000, nsec: 0 });
    expect(ts(17_000_000_005n, 1)).toEqual({ sec: 1_700_000_000, nsec: 500_000_000 });
    expect(ts(1_700_000_000_123n, 3)).toEqual({ sec: 1_700_000_000, nsec: 123_000_000 });
    expect(ts(17_000_000_001_234_567n, 7)).toEqual({ sec: 1_700_000_000, nsec: 123_456_700 });
  });

  it('picoseconds (10^-12) take the exact BigInt path and truncate to ns', () => {
    expect(ts(1_700_000_000_123_456_789_999n, 12)).toEqual({ sec: 1_700_000_000, nsec: 123_456_789 });
  });

  it('power-of-two resolutions (if_tsresol bit 7)', () => {
    // 2^-20 s units: half a second is 2^19 units.
    expect(ts((1_700_000_000n << 20n) + 524_288n, 0x80 | 20)).toEqual({ sec: 1_700_000_000, nsec: 500_000_000 });
    // One 2^-10 s unit is 976562.5 ns, truncated.
    expect(ts((5n << 10n) + 1n, 0x80 | 10)).toEqual({ sec: 5, nsec: 976_562 });
    expect(timestampScale(0x80 | 20).precision).toBe(7);
    expect(timestampScale(0x80 | 30).precision).toBe(9);
  });

  it('if_tsoffset adds whole seconds, also negative ones', () => {
    expect(ts(1_000_000n, 6, 3600)).toEqual({ sec: 3601, nsec: 0 });
    expect(ts(1_000_000n, 6, -1)).toEqual({ sec: 0, nsec: 0 });
  });

  it('precision digits follow the resolution', () => {
    expect(timestampScale(6).precision).toBe(6);
    expect(timestampScale(9).precision).toBe(9);
    expect(timestampScale(3).precision).toBe(3);
  });
});

describe('pcap timestamps', () => {
  it('µs and ns fractions', () => {
    const out = { sec: 0, nsec: 0 };
    setPcapTimestamp(out, 1_700_000_000, 123_456, false);
    expect(out).toEqual({ sec: 1_700_000_000, nsec: 123_456_000 });
    setPcapTimestamp(out, 1_700_000_000, 123_456_789, true);
    expect(out).toEqual({ sec: 1_700_000_000, nsec: 123_456_789 });
  });

  it('a fraction of a second or more carries into the seconds', () => {
    const out = { sec: 0, nsec: 0 };
    setPcapTimestamp(out, 10, 2_500_000, false);
    expect(out).toEqual({ sec: 12, nsec: 500_000_000 });
    setPcapTimestamp(out, 0xffffffff, 0, false);
    expect(out).toEqual({ sec: 4_294_967_295, nsec: 0 });
  });
});
