import { diffMs, type CaptureTime } from '../../core/capture-time.js';
import type { CallEvent } from '../../model/events.js';
import { latest, requestOf, seconds, type EventAt } from '../clock.js';
import { fetchName, pushCapped, REJECTED, SESSION_CAPS, Slot, SUCCESS, type SessionState } from '../session-state.js';
import type { Check, ObservedEvent, RuleFamily } from './family.js';

/** The long polls: EcDoAsyncWaitEx ([MS-OXCRPC] 3.3.4.1) and its MAPI/HTTP twin NotificationWait. */
const WAITS = new Set(['EcDoAsyncWaitEx', 'NotificationWait']);

interface DoneWait {
  requestFrame: number;
  frame: number;
  returnValue: string | null;
}

interface WaitState {
  /** Request frames of waits that completed with NotificationPending (the pending event precedes the call). */
  pendingRequests: number[];
  recent: DoneWait[];
  /** Waits with no response at capture end: request frame and time. */
  open: { requestFrame: number; t: CaptureTime; operation: string }[];
  /** The latest failed wait, until the client issues another wait. */
  failure: { frame: number; operation: string; result: string } | null;
}

const STATE = new Slot<WaitState>(() => ({ pendingRequests: [], recent: [], open: [], failure: null }));

/**
 * The server's side of the wait (S9, A5, A6, N7: complete within 5 minutes of inactivity, not before
 * unless something is pending, reject a concurrent one) and the client's reaction to a failure (C7, N12).
 * The 5 minutes run from the client's last EcDoRpcExt2/Execute, not from the wait's request
 * (MS-OXCRPC 3.3.4.1): a wait issued 4 minutes after the last fetch is answered a minute later.
 */
export const waitRules: RuleFamily = {
  observe(e: ObservedEvent, s: SessionState | null, at: EventAt, check: Check): void {
    if (!s) return;
    const st = s.slot(STATE);
    if (e.type === 'pending' && (e.via === 'EcDoAsyncWaitEx' || e.via === 'NotificationWait') && e.requestFrame !== undefined) {
      pushCapped(st.pendingRequests, e.requestFrame, SESSION_CAPS.pendingWaitRequests);
      return;
    }
    if (e.type !== 'call' || !WAITS.has(e.operation)) return;
    const req = requestOf(e, at);
    if (st.failure && req.frame > st.failure.frame) {
      check.report({
        rule: 'wait.retried-after-failure',
        at,
        session: s.facts.id,
        frames: [req.frame, st.failure.frame],
        message: `${e.operation} (request frame ${req.frame}) after the wait answered in frame ${st.failure.frame} failed with ${st.failure.result}; the client should fall back to push or polling instead of waiting again.`,
      });
      st.failure = null;
    }
    if (e.fate === 'response-lost' && e.requestFrame !== null) {
      // Reported at capture end; whether it overstayed is known only then (session-end).
      pushCapped(st.open, { requestFrame: e.requestFrame, t: req.t, operation: e.operation }, SESSION_CAPS.openWaits);
      return;
    }
    if (e.fate !== 'complete' || e.durationMs === null) return;
    const pending = e.eventPending ?? (e.requestFrame !== null && st.pendingRequests.includes(e.requestFrame));
    const ok = e.returnValue === SUCCESS && (e.responseCode ?? 0) === 0;
    const idleFrom = latest(req.t, s.lastActivity);
    const idleMs = diffMs(at.t, idleFrom);
    if (idleMs > check.th.waitMaxMs) {
      check.report({
        rule: 'wait.too-long',
        at,
        session: s.facts.id,
        frames: [req.frame],
        message: `${e.operation} (request frame ${req.frame}) completed after ${seconds(e.durationMs)}, ${seconds(idleMs)} after the client's last ${fetchName(s.facts.transport)}; the server must complete it within 5 minutes of inactivity.`,
      });
    }
    if (ok && !pending && s.lastActivity !== null) {
      const sinceActivity = diffMs(at.t, s.lastActivity);
      if (sinceActivity < check.th.waitEarlyEmptyMs) {
        check.report({
          rule: 'wait.early-empty',
          at,
          session: s.facts.id,
          frames: [req.frame],
          message: `${e.operation} (request frame ${req.frame}) completed with nothing pending after ${seconds(e.durationMs)}, ${seconds(sinceActivity)} after the client's last activity; the server should hold it until an event is pending or 5 minutes pass.`,
        });
      }
    }
    if (e.operation === 'EcDoAsyncWaitEx' && e.requestFrame !== null) concurrent(e, e.requestFrame, st, s, at, check);
    // A failure is a result that says so; a response without one (an HTTP authentication round) is not.
    const failed = (e.returnValue !== null && e.returnValue !== SUCCESS && e.returnValue !== REJECTED) || (e.responseCode ?? 0) !== 0;
    if (failed) st.failure = { frame: at.frame, operation: e.operation, result: e.responseCode ? `X-ResponseCode ${e.responseCode}` : e.returnValue ?? '' };
  },

  end(s: SessionState, at: EventAt, check: Check): void {
    const st = s.slot(STATE);
    for (const w of st.open) {
      const idleMs = diffMs(at.t, latest(w.t, s.lastActivity));
      if (idleMs <= check.th.waitMaxMs) continue;
      check.report({
        rule: 'wait.too-long',
        at,
        session: s.facts.id,
        frames: [w.requestFrame],
        message: `${w.operation} (request frame ${w.requestFrame}) still had no response ${seconds(idleMs)} after the client's last activity when the capture ended; the server must complete it within 5 minutes of inactivity.`,
      });
    }
    st.open.length = 0;
  },
};

/**
 * S9/A6: while a wait is outstanding, a second one on the same session is completed at once with
 * ecRejected. Calls are reported when they complete, so the pair is judged when the second of the two
 * reaches us; both must have completed (a missing response may be a capture gap).
 */
function concurrent(e: CallEvent, requestFrame: number, st: WaitState, s: SessionState, at: EventAt, check: Check): void {
  const self: DoneWait = { requestFrame, frame: at.frame, returnValue: e.returnValue };
  for (const other of st.recent) {
    const [first, second] = other.requestFrame < requestFrame ? [other, self] : [self, other];
    if (second.requestFrame >= first.frame || second.returnValue === REJECTED) continue;
    check.report({
      rule: 'wait.concurrent-not-rejected',
      at,
      session: s.facts.id,
      frames: [second.frame, second.requestFrame, first.requestFrame, first.frame],
      message: `EcDoAsyncWaitEx (request frame ${second.requestFrame}) was answered ${second.returnValue ?? 'without a result'} in frame ${second.frame} while the wait of request frame ${first.requestFrame} was outstanding (until frame ${first.frame}); the second wait must be rejected with ${REJECTED}.`,
    });
  }
  pushCapped(st.recent, self, SESSION_CAPS.recentWaits);
}
