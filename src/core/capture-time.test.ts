import { formatRfc3339 } from './capture-time.js';

describe('formatRfc3339', () => {
  it('writes the capture precision', () => {
    expect(formatRfc3339({ sec: 1_795_000_000, nsec: 123_456_789 }, 6)).toBe('2026-11-18T11:06:40.123456Z');
    expect(formatRfc3339({ sec: 0, nsec: 5 }, 9)).toBe('1970-01-01T00:00:00.000000005Z');
    expect(formatRfc3339({ sec: 0, nsec: 5 }, 0)).toBe('1970-01-01T00:00:00Z');
  });

  // Fuzz reproducer (test/pipeline-fuzz.test.ts): a pcapng EPB whose timestamp's upper half was
  // overwritten gave "+011160-07-19T22:25.782340Z"; past Date's range toISOString threw a RangeError.
  it('pins timestamps outside years 0000-9999 to the ends of the range instead of breaking the format', () => {
    expect(formatRfc3339({ sec: 290_000_000_000, nsec: 782_340_000 }, 6)).toBe('9999-12-31T23:59:59.999999Z');
    expect(formatRfc3339({ sec: 18_446_744_073_709, nsec: 551_615_000 }, 6)).toBe('9999-12-31T23:59:59.999999Z');
    expect(formatRfc3339({ sec: -1e13, nsec: 0 }, 3)).toBe('0000-01-01T00:00:00.000Z');
    expect(formatRfc3339({ sec: 253_402_300_799, nsec: 1 }, 9)).toBe('9999-12-31T23:59:59.000000001Z');
    expect(formatRfc3339({ sec: Number.NaN, nsec: Number.NaN }, 6)).toBe('9999-12-31T23:59:59.999999Z');
  });
});
