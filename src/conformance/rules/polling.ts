import { diffMs } from '../../core/capture-time.js';
import { requestOf, seconds, type EventAt, type Point } from '../clock.js';
import { fetchName, isFetch, Slot, type SessionState } from '../session-state.js';
import type { Check, ObservedEvent, RuleFamily } from './family.js';

interface PollState {
  /** Request of the previous poll made on the client's schedule (not in answer to a signal). */
  lastScheduled: Point | null;
  /** Frame of the session's first valid push datagram. */
  firstValidPush: number | null;
}

const POLLS = new Slot<PollState>(() => ({ lastScheduled: null, firstValidPush: null }));

/**
 * Polls (EcDoRpcExt2 / Execute without ROPs) made on the client's own schedule: not more often than
 * pcmsPollsMax (C5, A7, N12), and no more after the first valid push datagram (C6, A3). A poll that
 * follows a pending signal not yet fetched answers that signal: it is the intended reaction (C7–C9)
 * and is neither counted nor does it restart the schedule.
 */
export const pollingRules: RuleFamily = {
  observe(e: ObservedEvent, s: SessionState | null, at: EventAt, check: Check): void {
    if (!s) return;
    const st = s.slot(POLLS);
    if (e.type === 'pending' && e.via === 'push') {
      st.firstValidPush ??= at.frame;
      return;
    }
    if (e.type !== 'call' || !isFetch(e) || e.poll !== true) return;
    const req = requestOf(e, at);
    if (s.openSignals.some((sig) => sig.frame < req.frame)) return;
    const op = fetchName(s.facts.transport);
    const prev = st.lastScheduled;
    const max = s.facts.pollsMaxMs;
    if (prev && max !== null && max > 0 && e.durationMs !== null) {
      const gap = diffMs(req.t, prev.t);
      if (gap < max * check.th.pollTolerance) {
        check.report({
          rule: 'poll.too-frequent',
          at,
          session: s.facts.id,
          frames: [req.frame, prev.frame],
          message: `${op} poll (request frame ${req.frame}) ${seconds(gap)} after the previous scheduled poll (request frame ${prev.frame}); pcmsPollsMax is ${max} ms and no pending signal called for it.`,
        });
      }
    }
    if (st.firstValidPush !== null && req.frame > st.firstValidPush) {
      check.report({
        rule: 'push.polling-after-datagram',
        at,
        session: s.facts.id,
        frames: [req.frame, st.firstValidPush],
        message: `${op} poll (request frame ${req.frame}) answers no push datagram, yet the session received its first valid one in frame ${st.firstValidPush}; the client should rely on datagrams and stop polling.`,
      });
    }
    if (e.durationMs !== null || e.requestFrame !== null) st.lastScheduled = req;
  },
};
