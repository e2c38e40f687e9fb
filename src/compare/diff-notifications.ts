import { alignKeys, type AlignOp } from './align.js';
import type { NotificationRef, NotificationsDiff } from './diff-types.js';
import { changedFields, notificationLabel } from './normalise.js';
import type { NotificationRecord } from './records.js';

/**
 * Aligns two sessions' notification sequences by their normalised keys, then, within each run of
 * unaligned notifications, pairs a deletion with an insertion of the same identity (same type
 * and ids, other flags or row data): that is one changed notification, not one missing and one
 * added. Aligned pairs whose other fields differ are changed too; those whose latency moved by
 * more than `thresholdMs` are listed under `latency`.
 */
export function diffNotifications(a: readonly NotificationRecord[], b: readonly NotificationRecord[], thresholdMs: number): NotificationsDiff {
  const { ops, aligned } = alignKeys(
    a.map((n) => n.key),
    b.map((n) => n.key),
  );
  const out: NotificationsDiff = { aligned, missing: [], added: [], changed: [], latency: [] };
  const compare = (i: number, j: number): void => {
    const na = a[i]!;
    const nb = b[j]!;
    const fields = changedFields(na.fields, nb.fields);
    if (fields.length) out.changed.push({ a: ref(na, i), b: ref(nb, j), fields });
    if (na.latencyMs !== null && nb.latencyMs !== null && Math.abs(nb.latencyMs - na.latencyMs) > thresholdMs) {
      out.latency.push({ a: ref(na, i), b: ref(nb, j), aMs: na.latencyMs, bMs: nb.latencyMs, deltaMs: round3(nb.latencyMs - na.latencyMs) });
    }
  };
  let run: AlignOp[] = [];
  const flush = (): void => {
    const deleted = run.flatMap((o) => (o.op === 'delete' ? [o.a] : []));
    const inserted = run.flatMap((o) => (o.op === 'insert' ? [o.b] : []));
    const byIdentity = new Map<string, number[]>();
    for (const j of inserted) {
      const q = byIdentity.get(b[j]!.identity);
      if (q) q.push(j);
      else byIdentity.set(b[j]!.identity, [j]);
    }
    const paired = new Set<number>();
    for (const i of deleted) {
      const j = byIdentity.get(a[i]!.identity)?.shift();
      if (j === undefined) out.missing.push(ref(a[i]!, i));
      else {
        paired.add(j);
        compare(i, j);
      }
    }
    for (const j of inserted) if (!paired.has(j)) out.added.push(ref(b[j]!, j));
    run = [];
  };
  for (const o of ops) {
    if (o.op === 'same') {
      flush();
      compare(o.a, o.b);
    } else run.push(o);
  }
  flush();
  return out;
}

export function ref(n: NotificationRecord, index: number): NotificationRef {
  const r: NotificationRef = { index, frame: n.frame, type: notificationLabel(n.fields) };
  for (const k of ['folderId', 'messageId', 'tableRowFolderId', 'tableRowMessageId'] as const) {
    const v = n.fields[k];
    if (typeof v === 'string') r[k] = v;
  }
  return r;
}

export const round3 = (ms: number): number => Math.round(ms * 1000) / 1000;
