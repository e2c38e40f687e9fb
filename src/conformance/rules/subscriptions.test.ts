import type { OxEvent, SubscriptionEvent } from '../../model/events.js';
import { frameAt, runChecker, session, timeAt } from '../test-events.js';

const sub = (sec: number, handle: string): SubscriptionEvent => ({
  type: 'subscription',
  frame: frameAt(sec),
  time: timeAt(sec),
  session: 'S1',
  handle,
  logonId: 0,
  notificationTypes: ['NewMail'],
  notificationTypesBits: '0x0002',
  wantWholeStore: true,
  folderId: null,
  messageId: null,
  returnValue: '0x00000000',
  requestFrame: frameAt(sec - 0.1),
});
const released = (sec: number, handle: string): OxEvent => ({ type: 'subscription-end', frame: frameAt(sec), time: timeAt(sec), session: 'S1', handle, reason: 'RopRelease', subscriptionFrame: 1 });

describe('subscription.handle-reused (S7)', () => {
  it('a second RopRegisterNotification returns the handle of a live subscription', () => {
    const r = runChecker([session('S1', 0), sub(1, '0x00000012'), sub(2, '0x00000012')]);
    expect(r.findings.map((f) => [f.rule, f.frames])).toEqual([['subscription.handle-reused', [frameAt(2), frameAt(1.9), frameAt(1)]]]);
  });

  it('reuse after RopRelease, distinct handles, and failed subscriptions are fine', () => {
    expect(runChecker([session('S1', 0), sub(1, '0x00000012'), released(1.5, '0x00000012'), sub(2, '0x00000012')]).rules).toEqual([]);
    expect(runChecker([session('S1', 0), sub(1, '0x00000012'), sub(2, '0x00000013')]).rules).toEqual([]);
    expect(runChecker([session('S1', 0), sub(1, '0xFFFFFFFF'), sub(2, '0xFFFFFFFF')]).rules).toEqual([]);
  });
});
