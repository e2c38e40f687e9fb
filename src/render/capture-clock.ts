import type { OxEvent } from '../model/events.js';

/** A point in time as whole seconds and nanoseconds, so ns captures keep their precision. */
export interface Instant {
  sec: number;
  nsec: number;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** An RFC 3339 time (any offset, up to 9 fraction digits), or null when it is not one. */
export function parseRfc3339(text: string): Instant | null {
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  // Date.parse keeps milliseconds only: parse the seconds, add the fraction ourselves.
  const ms = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`);
  if (!Number.isFinite(ms)) return null;
  return { sec: Math.floor(ms / 1000), nsec: Number((m[2] ?? '').padEnd(9, '0')) };
}

export function compareInstants(a: Instant, b: Instant): number {
  return a.sec !== b.sec ? a.sec - b.sec : a.nsec - b.nsec;
}

/** Seconds from `from` to `to`. */
export function secondsBetween(from: Instant, to: Instant): number {
  return to.sec - from.sec + (to.nsec - from.nsec) / 1e9;
}

/**
 * The zero of relative times ("+1.495s", `--since 1.4`): the capture event's time when it carries
 * one, else the first event that has a time. One clock is shared by the filter and the renderer,
 * so filtering never shifts the times a timeline prints.
 */
export class CaptureClock {
  private zero: Instant | null = null;

  observe(e: OxEvent): void {
    if (this.zero === null && 'time' in e && typeof e.time === 'string') this.zero = parseRfc3339(e.time);
  }

  get origin(): Instant | null {
    return this.zero;
  }

  /** Seconds from the origin to `time` (0 when either is unknown). */
  since(time: string): number {
    const t = parseRfc3339(time);
    return t && this.zero ? secondsBetween(this.zero, t) : 0;
  }
}
