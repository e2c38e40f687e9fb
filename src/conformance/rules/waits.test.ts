import { call, frameAt, notification, pendingWait, poll, runChecker, session, sessionEnd } from '../test-events.js';

const wait = (req: number, done: number | null, returnValue = '0x00000000') =>
  call('S1', 'EcDoAsyncWaitEx', req, done, done === null ? {} : { returnValue });

describe('wait.too-long (S9, A5, N7)', () => {
  it('a wait completing 400 s after the client last used EcDoRpcExt2', () => {
    const r = runChecker([session('S1', 0), wait(0.5, 400)]);
    expect(r.findings.map((f) => [f.rule, f.frame, f.frames])).toEqual([['wait.too-long', frameAt(400), [frameAt(400), frameAt(0.5)]]]);
  });

  it('~297 s with nothing pending is what real servers do', () => {
    expect(runChecker([session('S1', 0), wait(0.5, 297.5)]).rules).toEqual([]);
  });

  it('the 5 minutes restart with every EcDoRpcExt2 (MS-OXCRPC 3.3.4.1)', () => {
    const fetch = call('S1', 'EcDoRpcExt2', 200, 200.1, { ropsIn: ['RopOpenFolder'], ropsOut: ['RopOpenFolder'] });
    expect(runChecker([session('S1', 0), fetch, wait(0.5, 480)]).rules).toEqual([]);
  });

  it('a wait with no response when the capture ends: judged at the session end, only if it already overstayed', () => {
    expect(runChecker([session('S1', 0), wait(10, null), sessionEnd('S1', 400)]).findings.map((f) => [f.rule, f.frame])).toEqual([['wait.too-long', frameAt(400)]]);
    expect(runChecker([session('S1', 0), wait(10, null), sessionEnd('S1', 200)]).rules).toEqual([]);
  });

  it('the same for NotificationWait over MAPI/HTTP', () => {
    const r = runChecker([session('S1', 0, { transport: 'mapi-http', contextHandle: null }), call('S1', 'NotificationWait', 1, 400, { eventPending: false })]);
    expect(r.rules).toEqual(['wait.too-long']);
  });
});

describe('wait.early-empty (S9, N7)', () => {
  it('completed with nothing pending 1 s after the last activity', () => {
    const r = runChecker([session('S1', 0), wait(0.5, 1.5)]);
    expect(r.findings.map((f) => [f.rule, f.severity])).toEqual([['wait.early-empty', 'info']]);
  });

  it('not when it completed with NotificationPending (then it is a pending signal, fetched here)', () => {
    expect(runChecker([session('S1', 0), ...pendingWait('S1', 0.5, 1.5), poll('S1', 1.6, 1.7, ['RopNotify']), notification('S1', 1.7)]).rules).toEqual([]);
  });

  it('not when 5 minutes of inactivity had passed before the wait even began', () => {
    expect(runChecker([session('S1', 0), wait(299, 301)]).rules).toEqual([]);
  });

  it('not when the start of activity is unknown (session inferred, no EcDoRpcExt2 seen)', () => {
    expect(runChecker([session('S1', 0, { origin: 'inferred', pollsMaxMs: null }), wait(0.5, 1.5)]).rules).toEqual([]);
  });
});

describe('wait.concurrent-not-rejected (S9, A6)', () => {
  it('a second wait answered normally while the first was outstanding (judged when the later of the two completes)', () => {
    const r = runChecker([session('S1', 0), wait(1, 250), wait(10, 280)]);
    const f = r.findings.filter((x) => x.rule === 'wait.concurrent-not-rejected');
    expect(f.map((x) => [x.frame, x.frames])).toEqual([[frameAt(280), [frameAt(280), frameAt(10), frameAt(1), frameAt(250)]]]);
    // The outstanding one completes after the second: the pair is judged then.
    const r2 = runChecker([session('S1', 0), wait(10, 20), wait(1, 250)]);
    expect(r2.findings.filter((x) => x.rule === 'wait.concurrent-not-rejected').map((x) => [x.frame, x.frames])).toEqual([[frameAt(250), [frameAt(250), frameAt(20), frameAt(10), frameAt(1)]]]);
  });

  it('rejected with 0x000007EE as the specification asks (the rpc-tcp-async scenario)', () => {
    const r = runChecker([session('S1', 0), wait(3, 3.1, '0x000007EE'), wait(1, 5)]);
    expect(r.rules).not.toContain('wait.concurrent-not-rejected');
  });

  it('waits one after the other are not concurrent', () => {
    expect(runChecker([session('S1', 0), wait(1, 290), wait(290.1, 580)]).rules).not.toContain('wait.concurrent-not-rejected');
  });
});

describe('wait.retried-after-failure (C7, N12)', () => {
  it('a new wait after one failed with 0x000003ED', () => {
    const r = runChecker([session('S1', 0), wait(1, 2, '0x000003ED'), wait(3, 290)]);
    expect(r.findings.map((f) => [f.rule, f.frames])).toEqual([['wait.retried-after-failure', [frameAt(290), frameAt(3), frameAt(2)]]]);
  });

  it('the same after a NotificationWait failed with X-ResponseCode 10; not after a response without any result', () => {
    const nw = (req: number, done: number, over = {}) => call('S1', 'NotificationWait', req, done, { eventPending: false, ...over });
    const mapi = session('S1', 0, { transport: 'mapi-http', contextHandle: null });
    expect(runChecker([mapi, nw(1, 2, { returnValue: null, responseCode: 10 }), nw(3, 299)]).rules).toEqual(['wait.retried-after-failure']);
    expect(runChecker([mapi, nw(1, 1.1, { returnValue: null, fate: 'complete' }), nw(1.2, 299)]).rules).not.toContain('wait.retried-after-failure');
  });

  it('falling back to polling after a failure is right; a rejected concurrent wait is no failure', () => {
    expect(runChecker([session('S1', 0), wait(1, 2, '0x000003ED'), poll('S1', 3, 3.1), poll('S1', 63, 63.1)]).rules).toEqual([]);
    expect(runChecker([session('S1', 0), wait(3, 3.1, '0x000007EE'), wait(1, 290), wait(290.1, 580)]).rules).toEqual([]);
  });
});
