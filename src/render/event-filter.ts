import type { EventType, OxEvent } from '../model/events.js';
import { compareInstants, parseRfc3339, type CaptureClock, type Instant } from './capture-clock.js';

/**
 * Which events a run shows (--session, --type, --since, --until, --only-findings). `capture` and
 * `summary` always stay; everything else must pass every filter given.
 */
export interface EventFilter {
  sessions: ReadonlySet<string> | null;
  types: ReadonlySet<EventType> | null;
  since: TimeBound | null;
  until: TimeBound | null;
  onlyFindings: boolean;
}

/** Seconds from the capture's zero (see CaptureClock), or an absolute instant. */
export type TimeBound = { seconds: number } | { at: Instant };

export interface FilterOptions {
  session?: string;
  type?: string;
  since?: string;
  until?: string;
  onlyFindings?: boolean;
}

/** Every event type, checked complete against the model by the compiler. */
const EVENT_TYPES: Record<EventType, true> = {
  capture: true,
  session: true,
  'session-end': true,
  subscription: true,
  'subscription-end': true,
  notification: true,
  pending: true,
  'push-registration': true,
  'push-datagram': true,
  call: true,
  rts: true,
  rop: true,
  finding: true,
  summary: true,
};

const isEventType = (t: string): t is EventType => Object.prototype.hasOwnProperty.call(EVENT_TYPES, t);

/** A bad filter value: the CLI prints the message as its one line and exits with a usage error. */
export class FilterUsageError extends Error {}

/** The filter the options ask for, or null when they ask for none. Throws FilterUsageError. */
export function parseEventFilter(o: FilterOptions): EventFilter | null {
  if (o.onlyFindings && o.type !== undefined) throw new FilterUsageError('--only-findings already selects the finding events; leave out --type');
  const sessions = o.session === undefined ? null : new Set(list(o.session, '--session').map(sessionId));
  const types = o.type === undefined ? null : new Set(list(o.type, '--type').map(eventType));
  const since = o.since === undefined ? null : timeBound(o.since, '--since');
  const until = o.until === undefined ? null : timeBound(o.until, '--until');
  if (since && until && boundsReversed(since, until)) throw new FilterUsageError(`--since ${o.since} is after --until ${o.until}`);
  if (!sessions && !types && !since && !until && !o.onlyFindings) return null;
  return { sessions, types, since, until, onlyFindings: o.onlyFindings === true };
}

/** Whether `e` is shown. The clock must have observed the stream up to `e`. */
export function passes(f: EventFilter, e: OxEvent, clock: CaptureClock): boolean {
  if (e.type === 'capture' || e.type === 'summary') return true;
  if (f.onlyFindings && e.type !== 'finding') return false;
  if (f.types && !f.types.has(e.type)) return false;
  if (f.sessions && (e.session === null || !f.sessions.has(e.session))) return false;
  if (f.since && before(e.time, f.since, clock)) return false;
  if (f.until && after(e.time, f.until, clock)) return false;
  return true;
}

/** True when the filter keeps or drops whole sessions only, so per-session summaries stay complete. */
export function keepsWholeSessions(f: EventFilter): boolean {
  return !f.types && !f.since && !f.until && !f.onlyFindings;
}

/** Whether events of `session` can pass the session filter (their header may be needed). */
export function sessionWanted(f: EventFilter, session: string | null): boolean {
  return session !== null && (!f.sessions || f.sessions.has(session));
}

function before(time: string, b: TimeBound, clock: CaptureClock): boolean {
  if ('seconds' in b) return clock.since(time) < b.seconds;
  const t = parseRfc3339(time);
  return t !== null && compareInstants(t, b.at) < 0;
}

function after(time: string, b: TimeBound, clock: CaptureClock): boolean {
  if ('seconds' in b) return clock.since(time) > b.seconds;
  const t = parseRfc3339(time);
  return t !== null && compareInstants(t, b.at) > 0;
}

function boundsReversed(a: TimeBound, b: TimeBound): boolean {
  if ('seconds' in a && 'seconds' in b) return a.seconds > b.seconds;
  if ('at' in a && 'at' in b) return compareInstants(a.at, b.at) > 0;
  return false; // one relative, one absolute: only the capture knows
}

function list(text: string, option: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new FilterUsageError(`${option} expects a comma-separated list, got "${text}"`);
  return items;
}

function sessionId(s: string): string {
  if (!/^S[1-9]\d*$/.test(s)) throw new FilterUsageError(`--session: "${s}" is not a session id (S1, S2… as the timeline and --json name them)`);
  return s;
}

function eventType(t: string): EventType {
  if (!isEventType(t)) throw new FilterUsageError(`--type: unknown event type "${t}" (one of: ${Object.keys(EVENT_TYPES).join(', ')})`);
  return t;
}

function timeBound(text: string, option: string): TimeBound {
  const rel = /^(\d+(?:\.\d+)?)s?$/.exec(text.trim());
  if (rel) return { seconds: Number(rel[1]) };
  const at = parseRfc3339(text);
  if (at) return { at };
  throw new FilterUsageError(`${option}: "${text}" is neither seconds from the capture's start (1.5) nor an RFC 3339 time (2025-03-14T09:27:05Z)`);
}
