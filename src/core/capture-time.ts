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

/** RFC 3339 UTC with the capture's full precision, e.g. 2026-11-22T10:00:00.123456789Z. */
export function formatRfc3339(t: CaptureTime, precision: TimePrecision = 9): string {
  const d = new Date(t.sec * 1000);
  const iso = d.toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  const base = iso.slice(0, 19);
  if (precision <= 0) return `${base}Z`;
  const frac = String(t.nsec).padStart(9, '0').slice(0, Math.min(9, precision));
  return `${base}.${frac}Z`;
}
