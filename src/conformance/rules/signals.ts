import type { CallEvent, PendingVia } from '../../model/events.js';
import { addMs, diffMs } from '../../core/capture-time.js';
import { isAfter, requestOf, seconds, type EventAt } from '../clock.js';
import { fetchName, isFetch, SUCCESS, type SessionState, type Signal } from '../session-state.js';
import type { Check, ObservedEvent, RuleFamily } from './family.js';

/** A pending signal of each kind, the rule that wants it answered by a fetch, and how messages name it. */
const NOT_FETCHED: Record<PendingVia, { rule: string; signal: string; name: string }> = {
  // MS-OXCNOTIF 3.2.5.5.1 (C7): flagsOut & NotificationPending → SHOULD call EcDoRpcExt2.
  EcDoAsyncWaitEx: { rule: 'wait.pending-not-fetched', signal: 'EcDoAsyncWaitEx completed with NotificationPending', name: 'EcDoAsyncWaitEx result' },
  // MS-OXCMAPIHTTP 2.2.4.4.2 (N10): EventPending → the client MUST send an Execute.
  NotificationWait: { rule: 'wait.pending-not-fetched', signal: 'NotificationWait completed with EventPending', name: 'NotificationWait result' },
  // MS-OXCNOTIF 3.2.5.5.2 (C8): a matching datagram → SHOULD call EcDoRpcExt2.
  push: { rule: 'push.not-fetched', signal: 'valid push datagram', name: 'push datagram' },
  // MS-OXCNOTIF 3.2.5.5.3 (C9), N5: SessionIndex of this session → SHOULD call EcDoRpcExt2 on it.
  RopPending: { rule: 'pending.not-fetched', signal: 'RopPending naming this session', name: 'RopPending' },
};

/**
 * Pending signals and the fetch that answers them: a signal not fetched within the deadline
 * (C7, C8, C9, N5, N10), and a poll answering a signal that delivers nothing (S9, S10, S12, A4).
 * The signals themselves are recorded by SessionState; a fetch removes those it answers.
 */
export const signalRules: RuleFamily = {
  observe(e: ObservedEvent, s: SessionState | null, at: EventAt, check: Check): void {
    if (!s || s.openSignals.length === 0) return;
    const fetch = e.type === 'call' && isFetch(e) ? e : null;
    const req = fetch ? requestOf(fetch, at) : null;
    for (const sig of s.openSignals) {
      if (sig.decided) continue;
      const deadline = addMs(sig.t, check.th.fetchDeadlineMs);
      const answered = req !== null && sig.frame < req.frame;
      if (answered ? isAfter(req.t, deadline) : isAfter(at.t, addMs(deadline, check.th.inFlightGraceMs))) {
        sig.decided = true;
        notFetched(s, sig, at, check, answered ? `the first ${fetchName(s.facts.transport)} came ${seconds(diffMs(req.t, sig.t))} later` : null);
      }
    }
    if (fetch && req) nothingToFetch(fetch, s, at, req.frame, check);
  },

  end(s: SessionState, at: EventAt, check: Check): void {
    for (const sig of s.openSignals) {
      if (sig.decided || !isAfter(at.t, addMs(sig.t, check.th.fetchDeadlineMs))) continue;
      sig.decided = true;
      notFetched(s, sig, at, check, 'none before the session ended');
    }
  },
};

function notFetched(s: SessionState, sig: Signal, at: EventAt, check: Check, late: string | null): void {
  const { rule, signal } = NOT_FETCHED[sig.via];
  const op = fetchName(s.facts.transport);
  check.report({
    rule,
    at,
    session: s.facts.id,
    frames: [sig.frame],
    message: `${signal} in frame ${sig.frame}, but no ${op} on session ${s.facts.id} within ${seconds(check.th.fetchDeadlineMs)}${late ? ` (${late})` : ''}; the notifications stay queued on the server.`,
  });
}

/**
 * A poll that answers signals must find something: a response with RopNotify (or RopPending) or a
 * delivery since the signal. Only polls are judged: a fetch carrying ROPs may have filled the buffer
 * so that no RopNotify fit, and real servers then omit even RopPending (REAL-SERVER-NOTES).
 */
function nothingToFetch(fetch: CallEvent, s: SessionState, at: EventAt, requestFrame: number, check: Check): void {
  if (fetch.poll !== true || fetch.fate !== 'complete' || fetch.returnValue !== SUCCESS || (fetch.responseCode ?? 0) !== 0) return;
  const out = fetch.ropsOut;
  if (!out || out.includes('RopNotify') || out.includes('RopPending')) return;
  const unexplained = s.openSignals.find((sig) => sig.frame < requestFrame && !explained(sig, s));
  if (!unexplained) return;
  check.report({
    rule: 'pending.nothing-to-fetch',
    at,
    session: s.facts.id,
    frames: [requestFrame, unexplained.frame],
    message: `The ${fetchName(s.facts.transport)} poll (request frame ${requestFrame}) answering the ${NOT_FETCHED[unexplained.via].name} of frame ${unexplained.frame} delivered no RopNotify, and none was delivered since; the server signalled with nothing queued.`,
  });
}

function explained(sig: Signal, s: SessionState): boolean {
  if ('since' in sig.window) return s.deliveredSince(sig.window.since);
  return s.lastDelivery !== null && s.lastDelivery.frame > sig.window.afterFrame;
}
