import { PushRegistrations } from './push-registrations.js';
import type { Session } from './sessions.js';

const session = { id: 'S1' } as unknown as Session;
const other = { id: 'S2' } as unknown as Session;
const ctx = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

describe('push datagram verdicts ([MS-OXCNOTIF] 3.2.5.5.2)', () => {
  it('valid only when the payload is exactly the registered context', () => {
    const p = new PushRegistrations(10);
    p.add({ session, callback: '192.168.1.10:4660', context: ctx, frame: 7, endedFrame: null });
    expect(p.judge('192.168.1.10:4660', ctx)).toEqual({ verdict: 'valid', registration: expect.objectContaining({ frame: 7 }) });
    expect(p.judge('192.168.1.10:4660', ctx.subarray(0, 7))?.verdict).toBe('mismatch');
    expect(p.judge('192.168.1.10:4660', Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 9]))?.verdict).toBe('mismatch');
    expect(p.judge('192.168.1.10:4661', ctx)).toBeNull();
  });
  it('before-registration while the request waits for its response', () => {
    const p = new PushRegistrations(10);
    p.requestSeen('127.0.0.1:5000', 3);
    expect(p.judge('127.0.0.1:5000', ctx)?.verdict).toBe('before-registration');
    p.refused('127.0.0.1:5000');
    expect(p.judge('127.0.0.1:5000', ctx)).toBeNull();
  });
  it('after-unregister once the session ended; a new live registration wins', () => {
    const p = new PushRegistrations(10);
    p.add({ session, callback: '127.0.0.1:5000', context: ctx, frame: 7, endedFrame: null });
    p.endSession(session, 20);
    expect(p.judge('127.0.0.1:5000', ctx)).toEqual({ verdict: 'after-unregister', registration: expect.objectContaining({ endedFrame: 20 }) });
    p.add({ session: other, callback: '127.0.0.1:5000', context: Uint8Array.from([9]), frame: 30, endedFrame: null });
    expect(p.judge('127.0.0.1:5000', Uint8Array.from([9]))?.registration?.frame).toBe(30);
    expect(p.judge('127.0.0.1:5000', ctx)?.verdict).toBe('mismatch');
  });
  it('stays bounded', () => {
    const p = new PushRegistrations(3);
    for (let i = 0; i < 10; i++) p.add({ session, callback: `127.0.0.1:${5000 + i}`, context: ctx, frame: i, endedFrame: null });
    expect(p.dropped).toBe(7);
    expect(p.judge('127.0.0.1:5009', ctx)?.verdict).toBe('valid');
    expect(p.judge('127.0.0.1:5000', ctx)).toBeNull();
  });
});
