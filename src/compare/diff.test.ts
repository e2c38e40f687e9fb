/**
 * diffCaptures on hand-made event streams (fed through CaptureCollector as the pipeline would):
 * what is normalised away, what is reported, and the latency threshold.
 */
import type { NotificationEvent, OxEvent, SessionEvent } from '../model/events.js';
import { CaptureCollector } from './collect.js';
import { diffCaptures } from './diff.js';
import type { AlignedSessionDiff } from './diff-types.js';
import type { CaptureRecord } from './records.js';

const DN = '/o=Contoso/cn=Recipients/cn=alice';
let frame = 0;
const at = (session: string | null = 'S1'): { frame: number; time: string; session: string | null } => ({
  frame: ++frame,
  time: `2025-03-14T09:00:${String(frame % 60).padStart(2, '0')}.000000Z`,
  session,
});

function session(id: string, client: string, userDN: string | null = DN, server = '10.0.0.1:60001'): SessionEvent {
  return {
    type: 'session', ...at(id), transport: 'rpc-tcp', client, server, userDN, origin: userDN ? 'connect' : 'inferred',
    sessionIndex: 1, pollsMaxMs: 60000, serverVersion: '15.1.2375.7', displayName: 'Alice', contextHandle: null, returnValue: '0x00000000',
  };
}

function subscribe(id: string, handle: string, bits = '0x00FE'): OxEvent {
  return {
    type: 'subscription', ...at(id), handle, logonId: 0, notificationTypes: ['NewMail'], notificationTypesBits: bits, wantWholeStore: true,
    folderId: null, messageId: null, returnValue: '0x00000000', requestFrame: 1,
  };
}

function notify(id: string, handle: string, over: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    type: 'notification', ...at(id), transport: 'rpc-tcp', handle, subscriptionFrame: 1, target: 'subscription', logonId: 0,
    notificationType: 'NewMail', notificationFlags: '0x8002', flagNames: ['Message'], pendingFrame: null, latencyMs: null, fetchFrame: 1, signalToFetchMs: null, fetchToDeliveryMs: 1,
    folderId: '0001-00000000000D', messageId: '0001-00000000A103', messageClass: 'IPM.Note', ...over,
  };
}

const pending = (id: string, via: 'RopPending' | 'push'): OxEvent => ({ type: 'pending', ...at(id), via, ...(via === 'RopPending' ? { sessionIndex: 1 } : { verdict: 'valid' as const }) });

function summary(findings: Record<string, number> = {}): OxEvent {
  const counts = Object.fromEntries(Object.entries(findings).map(([r, n]) => [`finding:${r}`, n]));
  return { type: 'summary', frame, time: '2026-01-01T00:00:00Z', session: null, frames: frame, bytes: 0, sessions: 0, subscriptions: 0, notifications: 0, pushDatagrams: 0, findings: 0, undecoded: {}, counts, encrypted: [] };
}

function record(name: string, events: OxEvent[]): CaptureRecord {
  const c = new CaptureCollector(name);
  for (const e of [{ type: 'capture', frame: 1, time: '2026-01-01T00:00:00Z', session: null, file: name, format: 'pcap', linkTypes: [1] } as OxEvent, ...events]) c.emit(e);
  return c.record;
}

const msg = (n: number): string => `0001-00000000A${String(n).padStart(3, '0')}`;
const only = (d: ReturnType<typeof diffCaptures>): AlignedSessionDiff => {
  const s = d.sessions.filter((x): x is AlignedSessionDiff => x.status === 'aligned');
  expect(s).toHaveLength(1);
  return s[0]!;
};

describe('diffCaptures', () => {
  it('handles, ports, frames, times and session ids differ: still equivalent', () => {
    const a = record('a', [session('S1', '10.0.0.2:50001'), subscribe('S1', '0x00000012'), notify('S1', '0x00000012'), summary()]);
    frame += 100;
    const b = record('b', [session('S7', '10.0.0.2:61000'), subscribe('S7', '0x00000044'), notify('S7', '0x00000044'), summary()]);
    const d = diffCaptures(a, b);
    expect(d.equivalent).toBe(true);
    expect(only(d)).toMatchObject({ a: { session: 'S1' }, b: { session: 'S7' }, equivalent: true });
  });

  it('a notification lost in b is missing, one only in b is added, at their places in the sequence', () => {
    const ids = (xs: number[]): NotificationEvent[] => xs.map((n) => notify('S1', '0x00000012', { messageId: msg(n) }));
    const a = record('a', [session('S1', '10.0.0.2:1'), subscribe('S1', '0x00000012'), ...ids([1, 2, 3, 4]), summary()]);
    const b = record('b', [session('S1', '10.0.0.2:2'), subscribe('S1', '0x00000012'), ...ids([1, 3, 4, 5]), summary()]);
    const n = only(diffCaptures(a, b)).notifications;
    expect(n.missing.map((r) => [r.index, r.messageId])).toEqual([[1, msg(2)]]);
    expect(n.added.map((r) => [r.index, r.messageId])).toEqual([[3, msg(5)]]);
    expect(n.changed).toEqual([]);
  });

  it('same object, other flags or values: one changed notification naming its fields, not missing + added', () => {
    const a = record('a', [session('S1', '10.0.0.2:1'), subscribe('S1', '0x00000012'), notify('S1', '0x00000012', { messageClass: 'IPM.Note' }), notify('S1', '0x00000012', { messageId: msg(9), notificationFlags: '0x8002' }), summary()]);
    const b = record('b', [session('S1', '10.0.0.2:1'), subscribe('S1', '0x00000012'), notify('S1', '0x00000012', { messageClass: 'IPM.Schedule' }), notify('S1', '0x00000012', { messageId: msg(9), notificationFlags: '0x0002' }), summary()]);
    const s = only(diffCaptures(a, b));
    expect(s.notifications.missing).toEqual([]);
    expect(s.notifications.added).toEqual([]);
    expect(s.notifications.changed.map((c) => c.fields)).toEqual([
      [{ field: 'messageClass', a: 'IPM.Note', b: 'IPM.Schedule' }],
      [{ field: 'notificationFlags', a: '0x8002', b: '0x0002' }],
    ]);
    expect(s.equivalent).toBe(false);
  });

  it('a notification on a handle no subscription names: the role change is reported, not the handle value', () => {
    const a = record('a', [session('S1', '10.0.0.2:1'), subscribe('S1', '0x00000012'), notify('S1', '0x00000012'), summary()]);
    const b = record('b', [session('S1', '10.0.0.2:1', null), notify('S1', '0x00000099', { target: 'unknown', subscriptionFrame: null }), summary()]);
    const s = only(diffCaptures(a, b));
    expect(s.notifications.changed[0]!.fields).toEqual([{ field: 'handle', a: 'subscription 1', b: 'unknown 1' }]);
    expect(s.attributes.map((f) => f.field)).toEqual(['origin', 'userDN']);
    expect(s.subscriptions.missing).toHaveLength(1);
  });

  it('latency: a change beyond the threshold is a difference, below it is not', () => {
    const run = (ms: number): CaptureRecord =>
      record(`lat${ms}`, [session('S1', '10.0.0.2:1'), subscribe('S1', '0x00000012'), pending('S1', 'RopPending'), notify('S1', '0x00000012', { pendingFrame: frame, latencyMs: ms }), summary()]);
    const a = run(100);
    const b = run(900);
    const d = diffCaptures(a, b, 500);
    expect(d.equivalent).toBe(false);
    const s = only(d);
    expect(s.notifications.latency.map((x) => [x.aMs, x.bMs, x.deltaMs])).toEqual([[100, 900, 800]]);
    expect(s.latency.changed.map((x) => x.stat)).toEqual(['p50', 'p95', 'max']);
    expect(s.latency.a).toEqual({ measured: 1, p50: 100, p95: 100, max: 100 });
    expect(diffCaptures(a, b, 1000).equivalent).toBe(true);
  });

  it('signalling: RopPending in a, push in b is a change of method; more of the same method is not', () => {
    const run = (vias: ('RopPending' | 'push')[]): CaptureRecord => record('s', [session('S1', '10.0.0.2:1'), ...vias.map((v) => pending('S1', v)), summary()]);
    const s = only(diffCaptures(run(['RopPending']), run(['push', 'push'])));
    expect(s.signalling.changed).toEqual([{ kind: 'pending', onlyA: ['RopPending'], onlyB: ['push'] }]);
    expect(diffCaptures(run(['RopPending']), run(['RopPending', 'RopPending'])).equivalent).toBe(true);
  });

  it('sessions pair by user and hosts, not by order or port; the rest are only in one capture', () => {
    const bob = '/o=Contoso/cn=Recipients/cn=bob';
    const a = record('a', [session('S1', '10.0.0.2:1'), session('S2', '10.0.0.3:1', bob), summary()]);
    const b = record('b', [session('S1', '10.0.0.3:9', bob), session('S2', '[fd00::2]:9', DN), session('S3', '10.0.0.2:7', DN), summary()]);
    const d = diffCaptures(a, b);
    const pairs = d.sessions.map((s) => [s.status, s.a?.session ?? null, s.b?.session ?? null]);
    expect(pairs).toEqual([
      ['aligned', 'S1', 'S3'],
      ['aligned', 'S2', 'S1'],
      ['only-b', null, 'S2'],
    ]);
    expect(d.equivalent).toBe(false);
  });

  it('findings by rule: only in one capture, or a different count', () => {
    const a = record('a', [summary({ 'tcp.gap': 1, 'notify.flags': 2 })]);
    const b = record('b', [summary({ 'notify.flags': 3, 'push.unregistered': 1 })]);
    expect(diffCaptures(a, b).findings).toEqual({
      onlyA: [{ rule: 'tcp.gap', count: 1 }],
      onlyB: [{ rule: 'push.unregistered', count: 1 }],
      changed: [{ rule: 'notify.flags', a: 2, b: 3 }],
    });
  });

  it('the caps: notifications past the cap are counted as not compared', () => {
    const c = new CaptureCollector('capped', { sessions: 1, notifications: 2, subscriptions: 1 });
    for (const e of [session('S1', '10.0.0.2:1'), session('S2', '10.0.0.2:2'), subscribe('S1', '0x1'), subscribe('S1', '0x2'), notify('S1', '0x1'), notify('S1', '0x1'), notify('S1', '0x1'), summary()]) c.emit(e);
    expect(c.record.notCompared).toEqual({ sessions: 1, notifications: 1, subscriptions: 1 });
    expect(c.record.sessions[0]!.notifications).toHaveLength(2);
    expect(c.record.sessions[0]!.tally.notifications).toBe(3);
  });
});
