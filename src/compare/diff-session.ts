import type { JsonValue } from '../model/events.js';
import { percentile } from '../render/stats.js';
import { diffNotifications, round3 } from './diff-notifications.js';
import type { AlignedSessionDiff, FieldChange, LatencyDiff, LatencyStats, SessionInfo, SignallingDiff, SignallingSide, SubscriptionRef } from './diff-types.js';
import type { SessionRecord, SubscriptionRecord } from './records.js';

/** Calls that are themselves a way to learn of notifications ([MS-OXCNOTIF] 3.2.5.5–3.2.5.6). */
const SIGNALLING_CALLS = new Set(['poll', 'EcDoAsyncWaitEx', 'NotificationWait']);

const ATTRIBUTES = ['origin', 'userDN', 'serverVersion', 'pollsMaxMs', 'displayName', 'endReason'] as const;

export function sessionInfo(s: SessionRecord): SessionInfo {
  return {
    session: s.id,
    transport: s.transport,
    client: s.client,
    server: s.server,
    userDN: s.userDN,
    notifications: s.tally.notifications,
    subscriptions: s.tally.subscriptions,
  };
}

export function diffSession(a: SessionRecord, b: SessionRecord, thresholdMs: number): AlignedSessionDiff {
  const attributes: FieldChange[] = ATTRIBUTES.filter((f) => a[f] !== b[f]).map((f) => ({ field: f, a: a[f] as JsonValue, b: b[f] as JsonValue }));
  const notifications = diffNotifications(a.notifications, b.notifications, thresholdMs);
  const latency = diffLatency(a, b, thresholdMs);
  const signalling = diffSignalling(a, b);
  const subscriptions = diffSubscriptions(a.subscriptions, b.subscriptions);
  const equivalent =
    attributes.length === 0 &&
    notifications.missing.length + notifications.added.length + notifications.changed.length + notifications.latency.length === 0 &&
    latency.changed.length === 0 &&
    signalling.changed.length === 0 &&
    subscriptions.missing.length + subscriptions.added.length === 0;
  return { status: 'aligned', a: sessionInfo(a), b: sessionInfo(b), equivalent, attributes, notifications, latency, signalling, subscriptions };
}

/** p50/p95/max of the session's measured signal→delivery latencies (from the notifications kept). */
export function latencyStats(s: SessionRecord): LatencyStats {
  const values = s.notifications.flatMap((n) => (n.latencyMs === null ? [] : [n.latencyMs]));
  return { measured: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: values.length ? values.reduce((m, v) => Math.max(m, v)) : null };
}

function diffLatency(a: SessionRecord, b: SessionRecord, thresholdMs: number): LatencyDiff {
  const sa = latencyStats(a);
  const sb = latencyStats(b);
  const changed: LatencyDiff['changed'] = [];
  for (const stat of ['p50', 'p95', 'max'] as const) {
    const x = sa[stat];
    const y = sb[stat];
    if (x !== null && y !== null && Math.abs(y - x) > thresholdMs) changed.push({ stat, aMs: x, bMs: y, deltaMs: round3(y - x) });
  }
  return { a: sa, b: sb, changed };
}

function signallingSide(s: SessionRecord): SignallingSide {
  const t = s.tally;
  return {
    pending: Object.fromEntries(t.signals),
    push: Object.fromEntries(t.pushVerdicts),
    calls: Object.fromEntries([...t.operations].filter(([op]) => SIGNALLING_CALLS.has(op))),
  };
}

/** Methods used on one side only (counts alone differing is not a change of method). */
function diffSignalling(a: SessionRecord, b: SessionRecord): SignallingDiff {
  const sa = signallingSide(a);
  const sb = signallingSide(b);
  const changed: SignallingDiff['changed'] = [];
  for (const kind of ['pending', 'push', 'calls'] as const) {
    const onlyA = Object.keys(sa[kind]).filter((k) => !(k in sb[kind]));
    const onlyB = Object.keys(sb[kind]).filter((k) => !(k in sa[kind]));
    if (onlyA.length || onlyB.length) changed.push({ kind, onlyA, onlyB });
  }
  return { a: sa, b: sb, changed };
}

/** Subscriptions as multisets of what was asked (types, scope, result). */
function diffSubscriptions(a: readonly SubscriptionRecord[], b: readonly SubscriptionRecord[]): { missing: SubscriptionRef[]; added: SubscriptionRef[] } {
  const unmatched = (from: readonly SubscriptionRecord[], against: readonly SubscriptionRecord[]): SubscriptionRef[] => {
    const left = new Map<string, number>();
    for (const s of against) left.set(s.key, (left.get(s.key) ?? 0) + 1);
    const out: SubscriptionRef[] = [];
    for (const s of from) {
      const n = left.get(s.key) ?? 0;
      if (n > 0) left.set(s.key, n - 1);
      else out.push({ frame: s.frame, subscription: s.label });
    }
    return out;
  };
  return { missing: unmatched(a, b), added: unmatched(b, a) };
}
