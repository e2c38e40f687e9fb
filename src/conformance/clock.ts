import { addMs, compareTime, type CaptureTime } from '../core/capture-time.js';
import type { CallEvent } from '../model/events.js';

/**
 * Capture time of the events the checker sees. Events carry RFC 3339 strings (the model is JSON-ready);
 * rules compare times exactly, so they are read back into the seconds + nanoseconds of the capture clock.
 */
const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

export function parseEventTime(text: string): CaptureTime | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) return null;
  return { sec: Math.floor(ms / 1000), nsec: Number((m[2] ?? '').padEnd(9, '0')) };
}

/** Where an event happened: its frame and time as written (findings repeat them verbatim) and as a clock value. */
export interface EventAt {
  frame: number;
  time: string;
  t: CaptureTime;
}

/** A frame of the capture at a known time (a request, a datagram, a delivery). */
export interface Point {
  frame: number;
  t: CaptureTime;
}

/**
 * Calls are reported when they complete ("call" events): the request began durationMs earlier, in
 * the frame requestFrame. Without either (request not captured), the call's own frame stands in.
 */
export function requestOf(call: CallEvent, at: EventAt): Point {
  return {
    frame: call.requestFrame ?? at.frame,
    t: call.durationMs === null ? at.t : addMs(at.t, -call.durationMs),
  };
}

export function latest(a: CaptureTime, b: CaptureTime | null): CaptureTime {
  return b !== null && compareTime(b, a) > 0 ? b : a;
}

export function isAfter(a: CaptureTime, b: CaptureTime): boolean {
  return compareTime(a, b) > 0;
}

/** Seconds with one decimal, for messages. */
export function seconds(ms: number): string {
  return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
}
