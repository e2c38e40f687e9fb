/**
 * Capture timestamps as two integers (seconds since the epoch, nanoseconds): a double
 * would lose nanoseconds, and BigInt arithmetic on every packet costs too much.
 */
export interface CaptureTime {
  readonly sec: number;
  readonly nsec: number;
}

export const ZERO_TIME: CaptureTime = { sec: 0, nsec: 0 };

/** Digits of sub-second precision the capture holds: 6 for µs pcap, 9 for ns pcap / if_tsresol 9. */
export type TimePrecision = number;

/** a − b in nanoseconds (exact while |a − b| < 104 days). */
export function diffNs(a: CaptureTime, b: CaptureTime): number {
  return (a.sec - b.sec) * 1e9 + (a.nsec - b.nsec);
}

export function diffMs(a: CaptureTime, b: CaptureTime): number {
  return diffNs(a, b) / 1e6;
}

export function compareTime(a: CaptureTime, b: CaptureTime): number {
  return a.sec !== b.sec ? a.sec - b.sec : a.nsec - b.nsec;
}

export function addMs(t: CaptureTime, ms: number): CaptureTime {
  const totalNs = t.nsec + Math.round(ms * 1e6);
  const carry = Math.floor(totalNs / 1e9);
  return { sec: t.sec + carry, nsec: totalNs - carry * 1e9 };
}

/** The seconds RFC 3339 can spell: 0000-01-01T00:00:00Z … 9999-12-31T23:59:59Z. */
const RFC3339_MIN_SEC = -62_167_219_200;
const RFC3339_MAX_SEC = 253_402_300_799;

/**
 * RFC 3339 UTC with the capture's full precision, e.g. 2026-11-22T10:00:00.123456789Z.
 * A corrupt timestamp can lie past year 9999 (a pcapng 64-bit count, a large if_tsoffset) where
 * RFC 3339 has no spelling and Date cannot go: it is pinned to the nearest end of that range.
 */
export function formatRfc3339(t: CaptureTime, precision: TimePrecision = 9): string {
  let sec = Math.floor(t.sec);
  let nsec = Math.min(999_999_999, Math.max(0, Math.floor(t.nsec))) || 0;
  if (!(sec <= RFC3339_MAX_SEC)) {
    sec = RFC3339_MAX_SEC;
    nsec = 999_999_999;
  } else if (sec < RFC3339_MIN_SEC) {
    sec = RFC3339_MIN_SEC;
    nsec = 0;
  }
  const base = new Date(sec * 1000).toISOString().slice(0, 19); // yyyy-mm-ddThh:mm:ss
  if (precision <= 0) return `${base}Z`;
  const frac = String(nsec).padStart(9, '0').slice(0, Math.min(9, precision));
  return `${base}.${frac}Z`;
}
