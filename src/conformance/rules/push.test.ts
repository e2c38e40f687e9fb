import { call, frameAt, notification, poll, registration, runChecker, session, sessionEnd, validDatagram } from '../test-events.js';

describe('push.resend-late (S1, S10, A4)', () => {
  it('a datagram not fetched and re-sent only 100 s later', () => {
    const r = runChecker([session('S1', 0), ...validDatagram('S1', 10), ...validDatagram('S1', 110)]);
    const late = r.findings.filter((f) => f.rule === 'push.resend-late');
    expect(late.map((f) => [f.frame, f.frames])).toEqual([[frameAt(110), [frameAt(110), frameAt(10)]]]);
    expect(late[0]!.message).toMatch(/next came 100\.0 s later/);
  });

  it('re-sent every 60 s while the client does not fetch: the server is right (the client is not)', () => {
    const r = runChecker([session('S1', 0), ...validDatagram('S1', 10), ...validDatagram('S1', 70), ...validDatagram('S1', 130), sessionEnd('S1', 150)]);
    expect(r.rules).not.toContain('push.resend-late');
    expect(r.rules).toContain('push.not-fetched');
  });

  it('never re-sent before the session ends 200 s later', () => {
    expect(runChecker([session('S1', 0), ...validDatagram('S1', 10), sessionEnd('S1', 200)]).rules).toEqual(['push.not-fetched', 'push.resend-late']);
  });

  it('a fetch collects the details: nothing more to re-send', () => {
    expect(runChecker([session('S1', 0), ...validDatagram('S1', 10), poll('S1', 10.1, 10.2, ['RopNotify']), notification('S1', 10.2), sessionEnd('S1', 200)]).rules).toEqual([]);
  });

  it('a datagram that raced a delivery has nothing waiting behind it', () => {
    const r = runChecker([session('S1', 0), notification('S1', 9.5), ...validDatagram('S1', 10), sessionEnd('S1', 200)]);
    expect(r.rules).not.toContain('push.resend-late');
  });
});

describe('push.invalid-registration-accepted (S10, A11)', () => {
  it('success for a SOCKADDR the analysis could not decode', () => {
    const r = runChecker([registration('S1', 1, { callback: null, callbackRaw: '0a00' })]);
    expect(r.findings.map((f) => [f.rule, f.severity, f.frames])).toEqual([['push.invalid-registration-accepted', 'error', [frameAt(1), frameAt(0.9)]]]);
    expect(r.findings[0]!.message).toMatch(/ecInvalidParam/);
  });

  it('success for a 17-byte context', () => {
    const r = runChecker([registration('S1', 1, { context: '00'.repeat(17) })]);
    expect(r.rules).toEqual(['push.invalid-registration-accepted']);
    expect(r.findings[0]!.message).toMatch(/17 bytes.*ecTooBig/);
  });

  it('refused as it must be, a valid one accepted, or one whose request was not captured: nothing to say', () => {
    expect(runChecker([registration('S1', 1, { context: '00'.repeat(17), returnValue: '0x80040305' })]).rules).toEqual([]);
    expect(runChecker([registration('S1', 1)]).rules).toEqual([]);
    expect(runChecker([registration('S1', 1, { callback: null, context: '' })]).rules).toEqual([]);
  });

  it('a legacy EcRUnregisterPushNotification ends the need to re-send', () => {
    const r = runChecker([session('S1', 0), ...validDatagram('S1', 10), call('S1', 'EcRUnregisterPushNotification (legacy)', 11, 11.1), sessionEnd('S1', 200)]);
    expect(r.rules).not.toContain('push.resend-late');
  });
});
