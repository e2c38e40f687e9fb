import { withLimits } from '../core/limits.js';
import type { OxEvent, Transport } from '../model/events.js';
import { allRules } from '../model/findings.js';
import { call, frameAt, pendingWait, poll, runChecker, session, sessionEnd, timeAt } from './test-events.js';

describe('ConformanceChecker as an EventSink wrapper', () => {
  it('passes every event on unchanged and in order, a finding just before the event that proves it', () => {
    const events: OxEvent[] = [session('S1', 0), poll('S1', 1, 1.1), poll('S1', 2, 2.1), sessionEnd('S1', 3, 'disconnect')];
    const r = runChecker(events.map((e) => structuredClone(e)));
    expect(r.out.filter((e) => e.type !== 'finding' && e.type !== 'summary')).toEqual(events);
    expect(r.out.map((e) => e.type)).toEqual(['session', 'call', 'finding', 'call', 'session-end', 'summary']);
    expect(r.findings[0]).toMatchObject({ frame: frameAt(2.1), time: timeAt(2.1), session: 'S1', severity: 'warning', frames: [frameAt(2.1), frameAt(2), frameAt(1)] });
  });

  it('adds what it found to summary.findings and summary.counts, next to the analysis\'s own', () => {
    const r = runChecker([session('S1', 0), poll('S1', 1, 1.1), poll('S1', 2, 2.1), poll('S1', 3, 3.1)]);
    expect(r.summary.findings).toBe(3 + 2);
    expect(r.summary.counts).toEqual({ 'finding:x': 3, 'finding:poll.too-frequent': 2 });
  });

  it('samples a rule per session past maxRepeatedFindings, and still counts every finding', () => {
    const polls = Array.from({ length: 8 }, (_, i) => poll('S1', 1 + i, 1.1 + i));
    const r = runChecker([session('S1', 0), ...polls], {}, withLimits({ maxRepeatedFindings: 3 }));
    expect(r.findings).toHaveLength(3);
    expect(r.findings[2]!.message).toMatch(/further "poll.too-frequent" findings on this session are only counted/);
    expect(r.summary.counts['finding:poll.too-frequent']).toBe(7);
  });

  it('decides sessions that never ended before the summary, at the last time seen', () => {
    const r = runChecker([session('S1', 0), ...pendingWait('S1', 5, 10), call(null, 'EcDummyRpc', 100, 100.1)]);
    expect(r.findings.map((f) => [f.rule, f.frame])).toEqual([['wait.pending-not-fetched', frameAt(100.1)]]);
    expect(r.out[r.out.length - 1]!.type).toBe('summary');
  });

  it('follows at most maxSessions sessions: the oldest is forgotten undecided', () => {
    const r = runChecker([session('S1', 0), ...pendingWait('S1', 5, 10), session('S2', 11), session('S3', 12), sessionEnd('S1', 200)], {}, withLimits({ maxSessions: 2 }));
    expect(r.rules).toEqual([]);
  });

  it('forgets a session at its session-end: later events naming it are not judged', () => {
    const r = runChecker([session('S1', 0), poll('S1', 1, 1.1), sessionEnd('S1', 2, 'disconnect'), poll('S1', 3, 3.1)]);
    expect(r.rules).toEqual([]);
  });

  it.each<[Transport, string, string]>([
    ['rpc-tcp', 'EcDoRpcExt2', 'EcDoAsyncWaitEx'],
    ['rpc-http', 'EcDoRpcExt2', 'EcDoAsyncWaitEx'],
    ['mapi-http', 'Execute', 'NotificationWait'],
  ])('the same rules over %s', (transport, fetch, waitOp) => {
    const withTransport = <T extends OxEvent>(e: T): T => ('transport' in e ? { ...e, transport } : e);
    const r = runChecker(
      [
        session('S1', 0, { transport }),
        poll('S1', 1, 1.1, [], fetch),
        poll('S1', 2, 2.1, [], fetch),
        ...pendingWait('S1', 5, 10, waitOp as 'EcDoAsyncWaitEx' | 'NotificationWait'),
        sessionEnd('S1', 100),
      ].map(withTransport),
    );
    expect(r.rules).toEqual(['poll.too-frequent', 'wait.pending-not-fetched']);
  });

  it('every rule it can report is in the rule table (`oxnotif-dump rules`)', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = new URL('./rules/', import.meta.url).pathname;
    const ids = new Set(allRules().map((r) => r.id));
    const used = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => [...readFileSync(dir + f, 'utf8').matchAll(/rule: '([a-z.-]+)'/g)].map((m) => m[1]!));
    expect(used.length).toBeGreaterThan(15);
    for (const id of used) expect(ids.has(id)).toBe(true);
  });
});
