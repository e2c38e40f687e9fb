import type { PushRegistrationEvent } from '../../model/events.js';
import { addMs, diffMs } from '../../core/capture-time.js';
import { isAfter, requestOf, seconds, type EventAt, type Point } from '../clock.js';
import { isFetch, Slot, SUCCESS, type SessionState } from '../session-state.js';
import type { Check, ObservedEvent, RuleFamily } from './family.js';

/** ecTooBig: rgbContext longer than 16 bytes (MS-OXCRPC 3.1.4.5). */
const TOO_BIG = '0x80040305';
const MAX_CONTEXT_BYTES = 16;

interface PushState {
  /** The latest valid datagram whose notifications no fetch has collected yet. */
  waiting: (Point & { decided: boolean }) | null;
}

const STATE = new Slot<PushState>(() => ({ waiting: null }));

/**
 * The server's side of push notifications: refuse what EcRRegisterPushNotification must refuse
 * (S10, A11), and re-send the datagram about every 60 s while the details wait (S1, S10, A4). A fetch
 * collects the details; a datagram that raced a delivery has nothing waiting behind it.
 */
export const pushRules: RuleFamily = {
  observe(e: ObservedEvent, s: SessionState | null, at: EventAt, check: Check): void {
    if (e.type === 'push-registration') {
      registration(e, at, check);
      return;
    }
    if (!s) return;
    const st = s.slot(STATE);
    const w = st.waiting;
    const limit = check.th.pushResendMaxMs;
    if (e.type === 'push-datagram' && e.verdict === 'valid') {
      if (w && !w.decided && diffMs(at.t, w.t) > limit) lateResend(s, w, at, check, `the next came ${seconds(diffMs(at.t, w.t))} later`);
      const raced = s.deliveredSince(addMs(at.t, -check.th.deliveryRaceMs));
      st.waiting = raced ? null : { frame: at.frame, t: at.t, decided: false };
      return;
    }
    if (!w) return;
    if (e.type === 'call' && (isFetch(e) || e.operation.startsWith('EcRUnregisterPushNotification'))) {
      const req = requestOf(e, at);
      if (req.frame > w.frame) {
        if (!w.decided && diffMs(req.t, w.t) > limit) lateResend(s, w, at, check, `the client fetched only ${seconds(diffMs(req.t, w.t))} later`);
        st.waiting = null;
        return;
      }
    }
    if (!w.decided && isAfter(at.t, addMs(w.t, limit + check.th.inFlightGraceMs))) lateResend(s, w, at, check, null);
  },

  end(s: SessionState, at: EventAt, check: Check): void {
    const w = s.slot(STATE).waiting;
    if (w && !w.decided && diffMs(at.t, w.t) > check.th.pushResendMaxMs) lateResend(s, w, at, check, 'none before the session ended');
  },
};

function lateResend(s: SessionState, w: Point & { decided: boolean }, at: EventAt, check: Check, detail: string | null): void {
  w.decided = true;
  check.report({
    rule: 'push.resend-late',
    at,
    session: s.facts.id,
    frames: [w.frame],
    message: `Valid push datagram in frame ${w.frame} was not fetched and not re-sent within ${seconds(check.th.pushResendMaxMs)}${detail ? ` (${detail})` : ''}; the server must re-send about every 60 s while notifications wait.`,
  });
}

function registration(e: PushRegistrationEvent, at: EventAt, check: Check): void {
  if (e.returnValue !== SUCCESS) return;
  const problems: string[] = [];
  // Without the request (callbackRaw absent and callback null) there is nothing to judge.
  if (e.callback === null && e.callbackRaw !== undefined) problems.push('the callback address is no valid SOCKADDR (expected ecInvalidParam 0x80070057)');
  const contextBytes = e.context.length / 2;
  if (contextBytes > MAX_CONTEXT_BYTES) problems.push(`the context has ${contextBytes} bytes, more than ${MAX_CONTEXT_BYTES} (expected ecTooBig ${TOO_BIG})`);
  if (problems.length === 0) return;
  check.report({
    rule: 'push.invalid-registration-accepted',
    at,
    session: e.session,
    frames: [e.requestFrame],
    message: `EcRRegisterPushNotification (request frame ${e.requestFrame}) succeeded although ${problems.join(' and ')}.`,
  });
}
