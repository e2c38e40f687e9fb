import type { CallEvent } from '../../model/events.js';
import { seconds, type EventAt } from '../clock.js';
import { pushCapped, SESSION_CAPS, Slot, type SessionState } from '../session-state.js';
import type { Check, ObservedEvent, RuleFamily } from './family.js';

/** X-ResponseCode 15, Invalid Sequence (MS-OXCMAPIHTTP 2.2.3.3.3). */
const INVALID_SEQUENCE = 15;
/**
 * Requests that may overlap others on one session: NotificationWait by the specification (N9); PING
 * because it only refreshes the session timer and real servers exempt it from the sequence check
 * (gromox, MAPIHTTP §5), so flagging it would accuse conforming clients.
 */
const MAY_OVERLAP = new Set(['NotificationWait', 'PING']);

interface Done {
  requestFrame: number;
  frame: number;
  operation: string;
  requestId: string | undefined;
  responseCode: number | undefined;
}

const RECENT = new Slot<Done[]>(() => []);

/**
 * The X-RequestId counters a session used: lowest, highest, and how many requests carried one. The
 * counter grows by one per new request of a Session Context ([MS-OXCMAPIHTTP] 2.2.3.3.2, reference
 * §1.6), so a range wider than the requests seen means requests the capture does not hold. Judged at
 * the session's end, so requests captured out of order across connections do not count as missing.
 */
interface Sequence {
  min: number;
  max: number;
  seen: number;
  first: number;
}
const SEQUENCE = new Slot<Sequence>(() => ({ min: Infinity, max: -Infinity, seen: 0, first: 0 }));
const REQUEST_ID_COUNTER = /:(\d{1,15})\s*$/;

/** MAPI over HTTP transport rules: keep-alive cadence (N8) and one request at a time per session (N9). */
export const mapiRules: RuleFamily = {
  observe(e: ObservedEvent, s: SessionState | null, at: EventAt, check: Check): void {
    if (e.type !== 'call' || e.transport !== 'mapi-http') return;
    keepAlives(e, at, check);
    if (s) countRequest(e, s);
    if (s && e.fate === 'complete' && e.requestFrame !== null && !MAY_OVERLAP.has(e.operation)) concurrent(e, e.requestFrame, s, at, check);
  },
  end(s: SessionState, at: EventAt, check: Check): void {
    const q = s.slot(SEQUENCE);
    if (q.seen === 0) return;
    const missing = q.max - q.min + 1 - q.seen;
    if (missing <= 0) return;
    check.report({
      rule: 'mapi.requests-missing',
      at,
      session: s.facts.id,
      frames: [q.first],
      message: `X-RequestId counters of session ${s.facts.id} run from ${q.min} to ${q.max} but the capture holds ${q.seen} of its requests: ${missing} are missing (another connection or interface not captured, or lost), so notifications they fetched may be missing too.`,
    });
  },
};

function countRequest(e: CallEvent, s: SessionState): void {
  if (e.interface !== 'MAPI' || e.requestId === undefined || e.requestFrame === null) return;
  const m = REQUEST_ID_COUNTER.exec(e.requestId);
  if (!m) return;
  const n = Number(m[1]);
  const q = s.slot(SEQUENCE);
  if (q.seen === 0) q.first = e.requestFrame;
  q.min = Math.min(q.min, n);
  q.max = Math.max(q.max, n);
  q.seen++;
}

/**
 * N8: PENDING comes about every X-PendingPeriod. With no keep-alive at all, the whole response time is
 * the gap.
 */
function keepAlives(e: CallEvent, at: EventAt, check: Check): void {
  const period = e.pendingPeriodMs;
  if (period === undefined || period <= 0) return;
  const silent = e.keepAlives === 0 && e.fate === 'complete' ? e.durationMs ?? 0 : 0;
  const gap = Math.max(e.keepAliveMaxGapMs ?? 0, silent);
  if (gap <= period * check.th.keepAliveGapFactor) return;
  check.report({
    rule: 'mapi.keepalive-gap',
    at,
    session: e.session,
    frames: e.requestFrame === null ? [] : [e.requestFrame],
    message: `${e.operation} response went ${seconds(gap)} without a PENDING keep-alive although X-PendingPeriod is ${period} ms.`,
  });
}

function concurrent(e: CallEvent, requestFrame: number, s: SessionState, at: EventAt, check: Check): void {
  const self: Done = { requestFrame, frame: at.frame, operation: e.operation, requestId: e.requestId, responseCode: e.responseCode };
  const recent = s.slot(RECENT);
  for (const other of recent) {
    // A resend after a failed send repeats X-RequestId (MS-OXCMAPIHTTP 3.1.7.1): the same request, not a second one.
    if (self.requestId !== undefined && self.requestId === other.requestId) continue;
    const [first, second] = other.requestFrame < requestFrame ? [other, self] : [self, other];
    if (second.requestFrame >= first.frame) continue;
    const verdict =
      second.responseCode === INVALID_SEQUENCE
        ? 'the server failed the later one with X-ResponseCode 15; the client must wait for each response'
        : 'the server answered both; it must fail the later one with X-ResponseCode 15 (Invalid Sequence)';
    check.report({
      rule: 'mapi.concurrent-request',
      at,
      session: s.facts.id,
      frames: [second.requestFrame, first.requestFrame, first.frame],
      message: `${second.operation} (request frame ${second.requestFrame}) was sent while ${first.operation} (request frame ${first.requestFrame}) was outstanding on session ${s.facts.id}; ${verdict}.`,
    });
  }
  pushCapped(recent, self, SESSION_CAPS.recentMapiCalls);
}
