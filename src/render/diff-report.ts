import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { AlignedSessionDiff, CaptureDiff, FieldChange, NotificationRef, SessionInfo, SignallingSide } from '../compare/diff-types.js';
import type { JsonValue } from '../model/events.js';
import { formatMs } from './stats.js';

/** Items listed per category in the human report; --json lists them all. */
export const DIFF_LIST_CAP = 50;

/** `diff --json`: the CaptureDiff as one JSON document (docs/diff.md). */
export function diffJson(d: CaptureDiff): string {
  return JSON.stringify(d, null, 2) + '\n';
}

/** The human report: one block per session that differs, then findings, then the verdict. */
export function diffText(d: CaptureDiff, c: ChalkInstance, colour: boolean): string {
  const out: string[] = [];
  out.push(`${c.bold('diff')} ${d.a.file} ${c.dim('→')} ${d.b.file}  ${c.dim(`(latency threshold ${d.thresholdMs} ms)`)}`);
  const aligned = d.sessions.filter((s): s is AlignedSessionDiff => s.status === 'aligned');
  out.push(
    `sessions: ${aligned.length} aligned (${aligned.filter((s) => !s.equivalent).length} differ), ` +
      `${d.sessions.filter((s) => s.status === 'only-a').length} only in a, ${d.sessions.filter((s) => s.status === 'only-b').length} only in b; ` +
      `notifications ${d.a.notifications} → ${d.b.notifications}`,
  );
  for (const side of ['a', 'b'] as const) {
    const nc = d[side].notCompared;
    if (nc.sessions + nc.notifications + nc.subscriptions > 0) {
      out.push(c.yellow(`${side}: beyond the caps, not compared: ${nc.sessions} sessions, ${nc.notifications} notifications, ${nc.subscriptions} subscriptions`));
    }
  }
  for (const s of d.sessions) {
    if (s.status === 'only-a') out.push('', c.red.bold(`── only in a: ${sessionLine(s.a)}`));
    else if (s.status === 'only-b') out.push('', c.green.bold(`── only in b: ${sessionLine(s.b)}`));
    else if (!s.equivalent) out.push('', ...alignedBlock(s, c));
  }
  const f = d.findings;
  if (f.onlyA.length + f.onlyB.length + f.changed.length) {
    const t = new Table({ head: ['finding', 'a', 'b'], style: colour ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] } });
    for (const x of f.onlyA) t.push([x.rule, x.count, c.red('—')]);
    for (const x of f.onlyB) t.push([x.rule, c.green('—'), x.count]);
    for (const x of f.changed) t.push([x.rule, x.a, x.b]);
    out.push('', c.bold('findings that differ'), t.toString());
  }
  out.push('', d.equivalent ? c.green('no differences') : c.yellow('the captures differ'));
  return out.join('\n') + '\n';
}

function sessionLine(s: SessionInfo): string {
  return `${s.session}  ${s.transport}  ${s.client} → ${s.server}  ${s.userDN ?? '(user unknown)'}  ${s.notifications} notification${s.notifications === 1 ? '' : 's'}`;
}

function alignedBlock(s: AlignedSessionDiff, c: ChalkInstance): string[] {
  const out: string[] = [];
  out.push(c.bold.cyan(`── ${s.a.session} ↔ ${s.b.session}  ${s.a.transport}  ${s.a.userDN ?? s.b.userDN ?? '(user unknown)'}`));
  out.push(c.dim(`   a ${s.a.client} → ${s.a.server}   b ${s.b.client} → ${s.b.server}`));
  for (const f of s.attributes) out.push(`   ${c.yellow('~')} ${f.field}: ${value(f.a)} → ${value(f.b)}`);
  const n = s.notifications;
  if (n.missing.length + n.added.length + n.changed.length) {
    out.push(`   notifications ${s.a.notifications} → ${s.b.notifications}: ${n.missing.length} missing, ${n.added.length} added, ${n.changed.length} changed${n.aligned ? '' : c.yellow(' (too different to align: compared in order)')}`);
  }
  capped(out, n.missing, (r) => `   ${c.red('-')} a#${r.frame}  ${notification(r)}`);
  capped(out, n.added, (r) => `   ${c.green('+')} b#${r.frame}  ${notification(r)}`);
  capped(out, n.changed, (x) => `   ${c.yellow('~')} a#${x.a.frame} b#${x.b.frame}  ${notification(x.a)}: ${fields(x.fields)}`);
  capped(out, n.latency, (x) => `   ${c.yellow('~')} a#${x.a.frame} b#${x.b.frame}  ${x.a.type} latency ${formatMs(x.aMs)} → ${formatMs(x.bMs)}`);
  for (const x of s.latency.changed) out.push(`   ${c.yellow('~')} latency ${x.stat} ${formatMs(x.aMs)} → ${formatMs(x.bMs)} (${x.deltaMs > 0 ? '+' : ''}${formatMs(x.deltaMs)})`);
  for (const x of s.signalling.changed) {
    out.push(`   ${c.yellow('~')} signalling (${x.kind}): a ${counts(s.signalling.a, x.kind)}  b ${counts(s.signalling.b, x.kind)}`);
  }
  capped(out, s.subscriptions.missing, (x) => `   ${c.red('-')} a#${x.frame}  subscription ${x.subscription}`);
  capped(out, s.subscriptions.added, (x) => `   ${c.green('+')} b#${x.frame}  subscription ${x.subscription}`);
  return out;
}

function capped<T>(out: string[], items: readonly T[], line: (t: T) => string): void {
  for (const it of items.slice(0, DIFF_LIST_CAP)) out.push(line(it));
  if (items.length > DIFF_LIST_CAP) out.push(`     … ${items.length - DIFF_LIST_CAP} more (--json lists them all)`);
}

function notification(r: NotificationRef): string {
  const ids = [
    r.folderId ? `folder ${r.folderId}` : null,
    r.messageId ? `msg ${r.messageId}` : null,
    r.tableRowFolderId ? `row ${r.tableRowFolderId}${r.tableRowMessageId ? `/${r.tableRowMessageId}` : ''}` : null,
  ].filter((x): x is string => x !== null);
  return [r.type, ...ids].join(' ');
}

function fields(changes: readonly FieldChange[]): string {
  return changes.map((f) => `${f.field} ${value(f.a)} → ${value(f.b)}`).join('; ');
}

function counts(side: SignallingSide, kind: keyof SignallingSide): string {
  return Object.entries(side[kind]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
}

function value(v: JsonValue): string {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
