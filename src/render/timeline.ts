import type { ChalkInstance } from 'chalk';
import type {
  CallEvent,
  EventSink,
  FindingEvent,
  NotificationEvent,
  OxEvent,
  PendingEvent,
  PushDatagramEvent,
  PushRegistrationEvent,
  RopEvent,
  SessionEvent,
  SubscriptionEvent,
  SummaryEvent,
} from '../model/events.js';
import type { TextOutput } from './output.js';
import { BoundedSamples, formatMs, percentile } from './stats.js';
import { summaryTable } from './summary-table.js';

const MAX_LINES_PER_BLOCK = 5000;

interface Block {
  header: string;
  lines: string[];
  omitted: number;
  notificationsByType: Map<string, number>;
  signals: Map<string, number>;
  latency: BoundedSamples;
  findings: number;
}

/**
 * The human timeline: one block per session, printed when the session ends (so memory holds
 * only live sessions' lines), then events outside any session, then the summary table.
 * Times are relative to the first frame of the capture.
 */
export class TimelineRenderer implements EventSink {
  private readonly blocks = new Map<string, Block>();
  private readonly loose: Block = newBlock('');
  private t0: number | null = null;
  private captureLine = '';

  constructor(
    private readonly out: TextOutput,
    private readonly c: ChalkInstance,
    private readonly colour: boolean,
  ) {}

  emit(e: OxEvent): void {
    if (e.type === 'capture') {
      this.captureLine = `${this.c.bold('capture')} ${e.file}  ${e.format}, link types ${e.linkTypes.join(', ') || 'none'}`;
      this.out.write(this.captureLine + '\n');
      return;
    }
    if (e.type === 'summary') {
      this.finish(e);
      return;
    }
    if (this.t0 === null) this.t0 = Date.parse(e.time) / 1000 + fracSeconds(e.time);
    if (e.type === 'session') {
      this.blocks.set(e.session ?? '?', newBlock(this.sessionHeader(e)));
    }
    const block = (e.session && this.blocks.get(e.session)) || this.loose;
    const text = this.line(e, block);
    if (text !== null) push(block, `  ${this.c.dim(this.rel(e.time))} ${this.c.dim(`#${e.frame}`.padEnd(7))} ${text}`);
    if (e.type === 'session-end' && e.session) {
      const b = this.blocks.get(e.session);
      if (b) {
        this.printBlock(b);
        this.blocks.delete(e.session);
      }
    }
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  close(): Promise<void> {
    return this.out.flush();
  }

  private finish(s: SummaryEvent): void {
    for (const b of this.blocks.values()) this.printBlock(b);
    this.blocks.clear();
    if (this.loose.lines.length || this.loose.omitted) {
      this.loose.header = this.c.bold('── outside any session');
      this.printBlock(this.loose, false);
    }
    this.out.write('\n' + summaryTable(s, this.c, this.colour) + '\n');
  }

  private printBlock(b: Block, withSummary = true): void {
    this.out.write('\n' + b.header + '\n');
    for (const l of b.lines) this.out.write(l + '\n');
    if (b.omitted) this.out.write(this.c.dim(`  … ${b.omitted} more lines (use --json for everything)`) + '\n');
    if (!withSummary) return;
    const types = [...b.notificationsByType].map(([t, n]) => `${t} ${n}`).join(', ') || 'none';
    const signals = [...b.signals].map(([t, n]) => `${t} ${n}`).join(', ') || 'none';
    const lat = b.latency;
    this.out.write(
      `  ${this.c.bold('notifications')} ${types}\n` +
        `  ${this.c.bold('signalled by')} ${signals}\n` +
        `  ${this.c.bold('latency')} signal→delivery p50 ${formatMs(percentile(lat.values, 50))}, p95 ${formatMs(percentile(lat.values, 95))}, max ${formatMs(lat.total ? lat.max : null)} (${lat.total} measured)\n` +
        (b.findings ? `  ${this.c.yellow(`${b.findings} finding${b.findings > 1 ? 's' : ''}`)}\n` : ''),
    );
  }

  private sessionHeader(e: SessionEvent): string {
    const bits = [
      e.sessionIndex !== null ? `index ${e.sessionIndex}` : null,
      e.pollsMaxMs !== null ? `polls max ${formatMs(e.pollsMaxMs)}` : null,
      e.serverVersion ? `server ${e.serverVersion}` : null,
      e.origin === 'inferred' ? 'began before the capture' : null,
    ].filter((x): x is string => x !== null);
    return (
      this.c.bold.cyan(`── ${e.session}  ${e.transport}  ${e.client} → ${e.server}`) +
      (e.userDN ? `\n   ${e.userDN}` : '') +
      (bits.length ? `\n   ${this.c.dim(bits.join(', '))}` : '')
    );
  }

  private line(e: OxEvent, b: Block): string | null {
    const c = this.c;
    switch (e.type) {
      case 'session':
        return `${c.green('session')}     ${e.origin === 'connect' ? 'EcDoConnectEx succeeded' : 'inferred from a later call'}${e.displayName ? ` (${e.displayName})` : ''}`;
      case 'session-end':
        return `${c.green('end')}         ${e.reason} after ${e.durationSec.toFixed(3)} s`;
      case 'subscription':
        return this.subscription(e);
      case 'subscription-end':
        return `${c.magenta('unsubscribe')} ${e.handle} (${e.reason}${e.subscriptionFrame ? `, subscribed #${e.subscriptionFrame}` : ''})`;
      case 'notification':
        return this.notification(e, b);
      case 'pending':
        return this.pending(e, b);
      case 'push-registration':
        return this.registration(e);
      case 'push-datagram':
        return this.datagram(e);
      case 'call':
        return this.call(e);
      case 'finding':
        b.findings++;
        return this.finding(e);
      case 'rop':
        return this.rop(e);
      default:
        return null;
    }
  }

  /** --rops: one dim line per ROP — direction, name, handle, result. */
  private rop(e: RopEvent): string {
    const arrow = e.direction === 'request' ? '→' : '←';
    const handle = e.handle ? ` ${e.handle}` : e.inputHandleIndex !== null ? ` [${e.inputHandleIndex}]` : '';
    const result = e.returnValue === undefined ? '' : e.returnValue === '0x00000000' ? ' ok' : ` ${e.returnValue}${e.returnName ? ` ${e.returnName}` : ''}`;
    return this.c.dim(`rop         ${arrow} ${e.name}${handle}${result}`);
  }

  private subscription(e: SubscriptionEvent): string {
    const scope = e.wantWholeStore ? 'whole store' : `folder ${e.folderId}${e.messageId && e.messageId !== '0000-000000000000' ? ` message ${e.messageId}` : ''}`;
    const ok = e.returnValue === '0x00000000';
    return `${this.c.magenta('subscribe')}   ${ok ? e.handle : this.c.red(`failed ${e.returnValue}`)} ${e.notificationTypes.join('|')} — ${scope}`;
  }

  private notification(e: NotificationEvent, b: Block): string {
    const c = this.c;
    const type = e.tableEventType ? `${e.notificationType}/${e.tableEventType}` : e.notificationType;
    b.notificationsByType.set(type, (b.notificationsByType.get(type) ?? 0) + 1);
    if (e.latencyMs !== null) b.latency.add(e.latencyMs);
    const what: string[] = [];
    if (e.folderId) what.push(`folder ${e.folderId}`);
    if (e.messageId) what.push(`msg ${e.messageId}`);
    if (e.oldFolderId) what.push(`from ${e.oldFolderId}${e.oldMessageId ? `/${e.oldMessageId}` : ''}`);
    if (e.tableRowFolderId) what.push(`row ${e.tableRowFolderId}${e.tableRowMessageId ? `/${e.tableRowMessageId}` : ''}`);
    if (e.messageClass !== undefined) what.push(JSON.stringify(e.messageClass));
    if (e.totalMessageCount !== undefined) what.push(`total ${e.totalMessageCount}`);
    if (e.unreadMessageCount !== undefined) what.push(`unread ${e.unreadMessageCount}`);
    if (e.tags && e.tags.length) what.push(`${e.tags.length} tag${e.tags.length > 1 ? 's' : ''}`);
    if (e.tableRowData && !('undecoded' in e.tableRowData)) what.push(`row data ${Object.keys(e.tableRowData).length} columns`);
    else if (e.tableRowData) what.push(c.yellow('row data undecoded'));
    const lat = e.latencyMs !== null ? c.cyan(` +${formatMs(e.latencyMs)} after #${e.pendingFrame}`) : '';
    const target = e.target === 'unknown' ? c.yellow(' unknown handle') : e.target === 'table' ? ' (table)' : '';
    return `${c.bold.green('notify')}      ${c.bold(type)} ${e.handle}${target} ${what.join(' ')}${lat}`;
  }

  private pending(e: PendingEvent, b: Block): string {
    b.signals.set(e.via, (b.signals.get(e.via) ?? 0) + 1);
    const c = this.c;
    if (e.via === 'RopPending') return `${c.blue('pending')}     RopPending session index ${e.sessionIndex}${e.targetSession && e.targetSession !== e.session ? ` → ${e.targetSession}` : ''}`;
    if (e.via === 'EcDoAsyncWaitEx') return `${c.blue('pending')}     EcDoAsyncWaitEx completed after ${formatMs(e.heldMs ?? null)} (NotificationPending)`;
    if (e.via === 'push') return `${c.blue('pending')}     push datagram`;
    return `${c.blue('pending')}     ${e.via}`;
  }

  private registration(e: PushRegistrationEvent): string {
    const cb = e.callback ? `${e.callback.family} ${e.callback.family === 'AF_INET6' ? `[${e.callback.address}]` : e.callback.address}:${e.callback.port}` : `undecodable ${e.callbackRaw ?? ''}`;
    const ok = e.returnValue === '0x00000000';
    return `${this.c.magenta('push-reg')}    ${cb} context ${e.context} ${ok ? `hNotification ${e.hNotification}` : this.c.red(`refused ${e.returnValue}${e.returnName ? ` ${e.returnName}` : ''}`)}`;
  }

  private datagram(e: PushDatagramEvent): string {
    const v = e.verdict === 'valid' ? this.c.green(e.verdict) : this.c.red(e.verdict);
    return `${this.c.blue('datagram')}    ${e.from} → ${e.to} ${e.payload} ${v}`;
  }

  private call(e: CallEvent): string {
    const c = this.c;
    const rops = e.poll ? 'poll' : e.ropsIn && e.ropsIn.length ? compactList(e.ropsIn) : '';
    const out = e.ropsOut && e.ropsOut.length ? ` → ${compactList(e.ropsOut)}` : '';
    const ret = e.returnValue && e.returnValue !== '0x00000000' ? c.red(` ${e.returnValue}${e.returnName ? ` ${e.returnName}` : ''}`) : '';
    const fate = e.fate !== 'complete' ? c.yellow(` [${e.fate}]`) : '';
    const dur = e.durationMs !== null ? c.dim(` ${formatMs(e.durationMs)}`) : '';
    return `${c.dim('call')}        ${e.operation}${rops ? ` ${rops}` : ''}${out}${ret}${fate}${dur}`;
  }

  private finding(e: FindingEvent): string {
    const c = this.c;
    const sev = e.severity === 'error' ? c.red.bold('✖ ' + e.rule) : e.severity === 'warning' ? c.yellow('⚠ ' + e.rule) : c.dim('ℹ ' + e.rule);
    return `${sev}  ${e.message}`;
  }

  private rel(time: string): string {
    const t = Date.parse(time) / 1000 + fracSeconds(time);
    return `+${(t - (this.t0 ?? t)).toFixed(3)}s`.padStart(10);
  }
}

function newBlock(header: string): Block {
  return { header, lines: [], omitted: 0, notificationsByType: new Map(), signals: new Map(), latency: new BoundedSamples(), findings: 0 };
}

function push(b: Block, line: string): void {
  if (b.lines.length < MAX_LINES_PER_BLOCK) b.lines.push(line);
  else b.omitted++;
}

/** Sub-millisecond part of an RFC 3339 time (Date.parse keeps only milliseconds). */
function fracSeconds(time: string): number {
  const m = /\.(\d+)Z$/.exec(time);
  if (!m) return 0;
  const digits = m[1]!;
  return digits.length > 3 ? Number(`0.000${digits.slice(3)}`) : 0;
}

/** "RopNotify ×3, RopPending" from a list of names. */
function compactList(names: readonly string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < names.length) {
    let j = i;
    while (j < names.length && names[j] === names[i]) j++;
    out.push(j - i > 1 ? `${names[i]}×${j - i}` : names[i]!);
    i = j;
  }
  return out.join(' ');
}
