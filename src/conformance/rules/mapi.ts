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

/** MAPI over HTTP transport rules: keep-alive cadence (N8) and one request at a time per session (N9). */
export const mapiRules: RuleFamily = {
  observe(e: ObservedEvent, s: SessionState | null, at: EventAt, check: Check): void {
    if (e.type !== 'call' || e.transport !== 'mapi-http') return;
    keepAlives(e, at, check);
    if (s && e.fate === 'complete' && e.requestFrame !== null && !MAY_OVERLAP.has(e.operation)) concurrent(e, e.requestFrame, s, at, check);
  },
};

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
