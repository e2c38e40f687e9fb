import { call, frameAt, runChecker, session } from '../test-events.js';

const mapiSession = session('S1', 0, { transport: 'mapi-http', contextHandle: null });

describe('mapi.keepalive-gap (N8)', () => {
  it('70 s between keep-alives with X-PendingPeriod 30000', () => {
    const r = runChecker([mapiSession, call('S1', 'NotificationWait', 1, 298, { pendingPeriodMs: 30000, keepAlives: 5, keepAliveMaxGapMs: 70000 })]);
    expect(r.findings.map((f) => [f.rule, f.frames])).toEqual([['mapi.keepalive-gap', [frameAt(298), frameAt(1)]]]);
  });

  it('keep-alives 27 s apart (a real server) are fine', () => {
    expect(runChecker([mapiSession, call('S1', 'NotificationWait', 1, 298, { pendingPeriodMs: 30000, keepAlives: 7, keepAliveMaxGapMs: 27000 })]).rules).toEqual([]);
  });

  it('no keep-alive at all during 100 s; none needed during 40 s', () => {
    expect(runChecker([mapiSession, call('S1', 'Execute', 1, 101, { pendingPeriodMs: 30000, keepAlives: 0 })]).rules).toEqual(['mapi.keepalive-gap']);
    expect(runChecker([mapiSession, call('S1', 'Execute', 1, 41, { pendingPeriodMs: 30000, keepAlives: 0 })]).rules).toEqual([]);
  });
});

describe('mapi.concurrent-request (N9)', () => {
  const exec = (req: number, done: number, over = {}) => call('S1', 'Execute', req, done, { ropsIn: ['RopOpenFolder'], ropsOut: ['RopOpenFolder'], ...over });

  it('a second Execute while the first is outstanding, both answered', () => {
    const r = runChecker([mapiSession, exec(2, 3), exec(1, 5)]);
    expect(r.findings.map((f) => [f.rule, f.frames])).toEqual([['mapi.concurrent-request', [frameAt(5), frameAt(2), frameAt(1)]]]);
    expect(r.findings[0]!.message).toMatch(/answered both/);
  });

  it('the server failing the later one with X-ResponseCode 15 still names the client', () => {
    const r = runChecker([mapiSession, exec(2, 2.1, { responseCode: 15 }), exec(1, 5)]);
    expect(r.findings[0]!.message).toMatch(/failed the later one with X-ResponseCode 15/);
  });

  it('NotificationWait and PING may overlap; a resend with the same X-RequestId is one request; sequential requests are fine', () => {
    expect(runChecker([mapiSession, exec(2, 3), call('S1', 'NotificationWait', 1, 290, { eventPending: false }), call('S1', 'PING', 1.5, 4)]).rules).not.toContain('mapi.concurrent-request');
    expect(runChecker([mapiSession, exec(2, 3, { requestId: '{A}:7' }), exec(1, 5, { requestId: '{A}:7' })]).rules).toEqual([]);
    expect(runChecker([mapiSession, exec(1, 2), exec(2.1, 3)]).rules).toEqual([]);
  });
});

describe('mapi.requests-missing (X-RequestId counter, reference §1.6)', () => {
  const ping = (req: number, n: number) => call('S1', 'PING', req, req + 0.01, { requestId: `{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:${n}` });

  it('counters 1, 2, 5 seen: requests 3 and 4 are not in the capture', () => {
    const r = runChecker([mapiSession, ping(1, 1), ping(2, 2), ping(3, 5)]);
    expect(r.findings.map((f) => [f.rule, f.frames[1]])).toEqual([['mapi.requests-missing', frameAt(1)]]);
    expect(r.findings[0]!.message).toMatch(/from 1 to 5 .* holds 3 .* 2 are missing/);
  });

  it('counters seen out of order across connections, and a session without X-RequestId, are fine', () => {
    expect(runChecker([mapiSession, ping(1, 7), ping(2, 9), ping(2.5, 8)]).rules).toEqual([]);
    expect(runChecker([mapiSession, call('S1', 'PING', 1, 2)]).rules).toEqual([]);
  });
});
