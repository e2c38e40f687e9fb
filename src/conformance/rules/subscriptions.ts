import type { EventAt } from '../clock.js';
import { pushCapped, SESSION_CAPS, Slot, SUCCESS, type SessionState } from '../session-state.js';
import type { Check, ObservedEvent, RuleFamily } from './family.js';

const NO_HANDLE = '0xFFFFFFFF';

/** Live subscription handles and the frame of their subscription event. */
const LIVE = new Slot<{ handle: string; frame: number }[]>(() => []);

/** S7 (MS-OXCNOTIF 3.1.5.1): every successful RopRegisterNotification creates a new subscription object. */
export const subscriptionRules: RuleFamily = {
  observe(e: ObservedEvent, s: SessionState | null, at: EventAt, check: Check): void {
    if (!s) return;
    const live = s.slot(LIVE);
    if (e.type === 'subscription-end') {
      const i = live.findIndex((x) => x.handle === e.handle);
      if (i >= 0) live.splice(i, 1);
      return;
    }
    if (e.type !== 'subscription' || e.returnValue !== SUCCESS || e.handle === NO_HANDLE) return;
    const same = live.find((x) => x.handle === e.handle);
    if (same) {
      check.report({
        rule: 'subscription.handle-reused',
        at,
        session: s.facts.id,
        frames: [e.requestFrame, same.frame],
        message: `RopRegisterNotification returned handle ${e.handle}, still the live subscription of frame ${same.frame}; the server should create a new subscription object.`,
      });
      same.frame = at.frame;
      return;
    }
    pushCapped(live, { handle: e.handle, frame: at.frame }, SESSION_CAPS.liveSubscriptions);
  },
};
