import { call, frameAt, notification, pendingWait, poll, ropPending, runChecker, session, sessionEnd, validDatagram } from '../test-events.js';

describe('pending signals must be fetched (C7, C8, C9, N5, N10)', () => {
  it('EcDoAsyncWaitEx with NotificationPending and no EcDoRpcExt2 before the session ends 90 s later', () => {
    const r = runChecker([session('S1', 0), ...pendingWait('S1', 5, 10), sessionEnd('S1', 100)]);
    expect(r.findings.map((f) => [f.rule, f.session, f.frame, f.frames])).toEqual([
      ['wait.pending-not-fetched', 'S1', frameAt(100), [frameAt(100), frameAt(10)]],
    ]);
    // Reported before the session-end it was decided at.
    expect(r.out.findIndex((e) => e.type === 'finding')).toBe(r.out.findIndex((e) => e.type === 'session-end') - 1);
  });

  it('…but not when a poll fetches right after it', () => {
    const r = runChecker([session('S1', 0), ...pendingWait('S1', 5, 10), poll('S1', 10.2, 10.3, ['RopNotify']), notification('S1', 10.3), sessionEnd('S1', 100)]);
    expect(r.rules).toEqual([]);
  });

  it('…and not when the session ends before the deadline (capture cut short)', () => {
    expect(runChecker([session('S1', 0), ...pendingWait('S1', 5, 10), sessionEnd('S1', 40)]).rules).toEqual([]);
  });

  it('NotificationWait with EventPending: decided by a later event once the deadline and the in-flight grace passed', () => {
    const r = runChecker([
      session('S1', 0, { transport: 'mapi-http', contextHandle: null }),
      ...pendingWait('S1', 5, 10, 'NotificationWait'),
      call('S1', 'PING', 80, 80.1),
      call('S1', 'PING', 101, 101.1),
    ]);
    expect(r.findings.map((f) => [f.rule, f.frame])).toEqual([['wait.pending-not-fetched', frameAt(101.1)]]);
    expect(r.findings[0]!.message).toMatch(/NotificationWait completed with EventPending in frame \d+, but no Execute/);
  });

  it('a fetch requested after the deadline is late; one requested before it but completing after is in time', () => {
    const late = runChecker([session('S1', 0), ...pendingWait('S1', 5, 10), poll('S1', 75, 75.1, ['RopNotify'])]);
    expect(late.findings.map((f) => [f.rule, f.frame])).toEqual([['wait.pending-not-fetched', frameAt(75.1)]]);
    expect(late.findings[0]!.message).toMatch(/came 65\.0 s later/);
    const inFlight = runChecker([session('S1', 0), ...pendingWait('S1', 5, 10), call('S1', 'EcDummyRpc', 71, 71.1), call('S1', 'EcDoRpcExt2', 69, 72, { ropsIn: ['RopOpenFolder'], ropsOut: ['RopOpenFolder', 'RopNotify'] })]);
    expect(inFlight.rules).toEqual([]);
  });

  it('a valid push datagram nobody fetches: push.not-fetched', () => {
    const r = runChecker([session('S1', 0), ...validDatagram('S1', 10), sessionEnd('S1', 75)]);
    expect(r.rules).toEqual(['push.not-fetched']);
  });

  it('RopPending naming another session must be fetched on THAT session', () => {
    const events = [session('S1', 0), session('S2', 1, { sessionIndex: 2 }), poll('S1', 9.9, 10, ['RopNotify', 'RopPending']), ropPending('S1', 10, 'S2')];
    const wrong = runChecker([...events, call('S1', 'EcDoRpcExt2', 10.1, 10.2, { ropsIn: ['RopOpenFolder'], ropsOut: ['RopOpenFolder'] }), sessionEnd('S1', 90), sessionEnd('S2', 90)]);
    expect(wrong.findings.map((f) => [f.rule, f.session])).toEqual([['pending.not-fetched', 'S2']]);
    const right = runChecker([...events, poll('S2', 10.1, 10.2, ['RopNotify']), sessionEnd('S1', 90), sessionEnd('S2', 90)]);
    expect(right.rules).toEqual([]);
  });

  it('a RopPending that names no session is left to pending.unknown-session (analysis)', () => {
    expect(runChecker([session('S1', 0), ropPending('S1', 10, null), sessionEnd('S1', 90)]).rules).toEqual([]);
  });
});

describe('pending.nothing-to-fetch (S9, S10, S12, A4)', () => {
  it('a poll answering a push datagram delivers nothing, and nothing was delivered since', () => {
    const r = runChecker([session('S1', 0), ...validDatagram('S1', 10), poll('S1', 10.1, 10.2, [])]);
    expect(r.findings.map((f) => [f.rule, f.severity, f.frames])).toEqual([['pending.nothing-to-fetch', 'info', [frameAt(10.2), frameAt(10.1), frameAt(10)]]]);
  });

  it('not when the poll delivers RopNotify, nor when the datagram raced a delivery', () => {
    expect(runChecker([session('S1', 0), ...validDatagram('S1', 10), poll('S1', 10.1, 10.2, ['RopNotify'])]).rules).toEqual([]);
    expect(runChecker([session('S1', 0), notification('S1', 9), ...validDatagram('S1', 10), poll('S1', 10.1, 10.2, [])]).rules).toEqual([]);
  });

  it('not for a fetch carrying ROPs: its buffer may have left no room for RopNotify', () => {
    const r = runChecker([session('S1', 0), ...validDatagram('S1', 10), call('S1', 'EcDoRpcExt2', 10.1, 10.2, { ropsIn: ['RopQueryRows'], ropsOut: ['RopQueryRows'], poll: false })]);
    expect(r.rules).toEqual([]);
  });

  it('a RopPending is not explained by the RopNotify of its own response', () => {
    const events = [session('S1', 0), poll('S1', 9.9, 10, ['RopNotify', 'RopPending']), notification('S1', 10), ropPending('S1', 10, 'S1')];
    expect(runChecker([...events, poll('S1', 10.1, 10.2, [])]).rules).toEqual(['pending.nothing-to-fetch']);
    expect(runChecker([...events, poll('S1', 10.1, 10.2, ['RopNotify'])]).rules).toEqual([]);
  });

  it('a wait is explained by a delivery while it was outstanding', () => {
    const r = runChecker([session('S1', 0), call('S1', 'EcDoRpcExt2', 6, 6.1, { ropsIn: ['RopOpenFolder'], ropsOut: ['RopOpenFolder', 'RopNotify'] }), notification('S1', 6.1), ...pendingWait('S1', 5, 10), poll('S1', 10.1, 10.2, [])]);
    expect(r.rules).toEqual([]);
  });
});
