import { frameAt, poll, registration, ropPending, runChecker, session, sessionEnd, validDatagram } from '../test-events.js';

describe('poll.too-frequent (C5, A7)', () => {
  it('a scheduled poll 30 s after the previous one with pcmsPollsMax 60000', () => {
    const r = runChecker([session('S1', 0), poll('S1', 1, 1.1), poll('S1', 31, 31.1)]);
    expect(r.findings.map((f) => [f.rule, f.frame, f.frames])).toEqual([['poll.too-frequent', frameAt(31.1), [frameAt(31.1), frameAt(31), frameAt(1)]]]);
    expect(r.findings[0]!.message).toMatch(/30\.0 s after the previous scheduled poll.*pcmsPollsMax is 60000 ms/);
  });

  it('polls at the pcmsPollsMax interval, or within the 10 % timer slack, are fine', () => {
    expect(runChecker([session('S1', 0), poll('S1', 1, 1.1), poll('S1', 61, 61.1), poll('S1', 116, 116.1)]).rules).toEqual([]);
  });

  it('a poll answering a pending signal is the fetch, not a scheduled poll, and does not restart the schedule', () => {
    const r = runChecker([session('S1', 0), poll('S1', 1, 1.1, ['RopNotify', 'RopPending']), ropPending('S1', 1.1, 'S1'), poll('S1', 1.2, 1.3, ['RopNotify']), poll('S1', 61, 61.1)]);
    expect(r.rules).toEqual([]);
  });

  it('unknown pcmsPollsMax (session inferred mid-capture): not judged', () => {
    expect(runChecker([session('S1', 0, { origin: 'inferred', pollsMaxMs: null }), poll('S1', 1, 1.1), poll('S1', 2, 2.1)]).rules).toEqual([]);
  });

  it('the same over MAPI/HTTP (Execute without ROPs)', () => {
    const r = runChecker([session('S1', 0, { transport: 'mapi-http', contextHandle: null }), poll('S1', 1, 1.1, [], 'Execute'), poll('S1', 11, 11.1, [], 'Execute')]);
    expect(r.rules).toEqual(['poll.too-frequent']);
    expect(r.findings[0]!.message).toMatch(/^Execute poll/);
  });
});

describe('push.polling-after-datagram (C6, A3)', () => {
  it('scheduled polls continue after the first valid datagram', () => {
    const r = runChecker([session('S1', 0), poll('S1', 1, 1.1), ...validDatagram('S1', 10), poll('S1', 10.1, 10.2, ['RopNotify']), poll('S1', 70, 70.1)]);
    expect(r.findings.map((f) => [f.rule, f.frames])).toEqual([['push.polling-after-datagram', [frameAt(70.1), frameAt(70), frameAt(10)]]]);
  });

  it('polling before the first datagram, and the fetch right after it, are what C6 asks for', () => {
    const r = runChecker([session('S1', 0), poll('S1', 1, 1.1), poll('S1', 61, 61.1), ...validDatagram('S1', 70), poll('S1', 70.1, 70.2, ['RopNotify']), sessionEnd('S1', 200)]);
    expect(r.rules).toEqual([]);
  });

  it('a refused registration followed by polling is correct', () => {
    const refused = registration('S1', 2, { returnValue: '0x80040102', returnName: 'ecNotSupported', hNotification: '0x00000000' });
    const r = runChecker([session('S1', 0), refused, poll('S1', 3, 3.1), poll('S1', 63, 63.1)]);
    expect(r.rules).toEqual([]);
  });
});
