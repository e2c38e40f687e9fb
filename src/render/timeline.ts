import type { ChalkInstance } from 'chalk';
import type {
  CallEvent,
  FindingEvent,
  NotificationEvent,
  OxEvent,
  PendingEvent,
  PushDatagramEvent,
  PushRegistrationEvent,
  RopEvent,
  SessionEndEvent,
  SessionEvent,
  SubscriptionEvent,
  SummaryEvent,
} from '../model/events.js';
import { CaptureClock } from './capture-clock.js';
import type { SessionContextSink } from './filtering-sink.js';
import type { TextOutput } from './output.js';
import { countsText, SessionTally } from './session-tally.js';
import { formatMs, percentile, type BoundedSamples } from './stats.js';
import { summaryTable } from './summary-table.js';

/** RTS PDUs that recur while a channel lives ([MS-RPCH] 2.2.4.49–2.2.4.51, 2.2.4.56). */
const ROUTINE_RTS = /^(FlowControlAck|Ping|Keep-Alive|PingTrafficSentNotify|Echo)/;

const MAX_LINES_PER_BLOCK = 5000;

interface Block {
  header: string;
  lines: string[];
  omitted: number;
  tally: SessionTally;
}

export interface TimelineOptions {
  /** Shared with a filter in front, so relative times do not depend on what is shown. */
  clock?: CaptureClock;
  /** The per-session summary lines (off when a filter shows only part of each session). */
  blockSummary?: boolean;
}

/**
 * The human timeline: one block per session, printed when the session ends (so memory holds
 * only live sessions' lines), then events outside any session, then the summary table.
 * Times are relative to the CaptureClock's zero (the capture event's time once it carries one;
 * until then the first event's).
 */
export class TimelineRenderer implements SessionContextSink {
  private readonly blocks = new Map<string, Block>();
  private readonly loose: Block = newBlock('');
  private readonly clock: CaptureClock;
  private readonly blockSummary: boolean;

  constructor(
    private readonly out: TextOutput,
    private readonly c: ChalkInstance,
    private readonly colour: boolean,
    opts: TimelineOptions = {},
  ) {
    this.clock = opts.clock ?? new CaptureClock();
    this.blockSummary = opts.blockSummary ?? true;
  }

  emit(e: OxEvent): void {
    this.clock.observe(e);
    if (e.type === 'capture') {
      this.out.write(`${this.c.bold('capture')} ${e.file}  ${e.format}, link types ${e.linkTypes.join(', ') || 'none'}\n`);
      return;
    }
    if (e.type === 'summary') {
      this.finish(e);
      return;
    }
    if (e.type === 'session') this.openBlock(e);
    const block = (e.session && this.blocks.get(e.session)) || this.loose;
    block.tally.add(e);
    const text = this.line(e);
    if (text !== null) push(block, `  ${this.c.dim(this.rel(e.time))} ${this.c.dim(`#${e.frame}`.padEnd(7))} ${text}`);
    if (e.type === 'session-end') this.closeBlock(e);
  }

  /** A session's header or end that a filter did not show: it frames the block, with no line of its own. */
  sessionContext(e: SessionEvent | SessionEndEvent): void {
    this.clock.observe(e);
    if (e.type === 'session') this.openBlock(e);
    else this.closeBlock(e);
  }

  private openBlock(e: SessionEvent): void {
    this.blocks.set(e.session ?? '?', newBlock(this.sessionHeader(e)));
  }

  private closeBlock(e: SessionEndEvent): void {
    const b = e.session ? this.blocks.get(e.session) : undefined;
    if (!b || !e.session) return;
    this.printBlock(b, this.blockSummary);
    this.blocks.delete(e.session);
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  close(): Promise<void> {
    return this.out.flush();
  }

  private finish(s: SummaryEvent): void {
    for (const b of this.blocks.values()) this.printBlock(b, this.blockSummary);
    this.blocks.clear();
    if (this.loose.lines.length || this.loose.omitted) {
      this.loose.header = this.c.bold('── outside any session');
      this.printBlock(this.loose, false);
    }
    this.out.write('\n' + summaryTable(s, this.c, this.colour) + '\n');
  }

  private printBlock(b: Block, withSummary: boolean): void {
    this.out.write('\n' + b.header + '\n');
    for (const l of b.lines) this.out.write(l + '\n');
    if (b.omitted) this.out.write(this.c.dim(`  … ${b.omitted} more lines (use --json for everything)`) + '\n');
    if (!withSummary) return;
    const t = b.tally;
    const spread = (s: BoundedSamples): string => `p50 ${formatMs(percentile(s.values, 50))}, p95 ${formatMs(percentile(s.values, 95))}, max ${formatMs(s.total ? s.max : null)}`;
    this.out.write(
      `  ${this.c.bold('notifications')} ${countsText(t.notificationsByType)}\n` +
        `  ${this.c.bold('signalled by')} ${countsText(t.signals)}\n` +
        `  ${this.c.bold('latency')} signal→delivery ${spread(t.latency)} (${t.latency.total} measured)\n` +
        (t.latency.total ? `          signal→fetch ${spread(t.signalToFetch)}; fetch→delivery ${spread(t.fetchToDelivery)}\n` : '') +
        (t.findings ? `  ${this.c.yellow(`${t.findings} finding${t.findings > 1 ? 's' : ''}`)}\n` : ''),
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

  private line(e: OxEvent): string | null {
    const c = this.c;
    switch (e.type) {
      case 'session':
        return `${c.green('session')}     ${e.origin === 'connect' ? `${e.transport === 'mapi-http' ? 'Connect' : 'EcDoConnectEx'} succeeded` : 'inferred from a later call'}${e.displayName ? ` (${e.displayName})` : ''}${e.cookie ? c.dim(` cookie ${e.cookie}`) : ''}`;
      case 'session-end':
        return `${c.green('end')}         ${e.reason} after ${e.durationSec.toFixed(3)} s`;
      case 'subscription':
        return this.subscription(e);
      case 'subscription-end':
        return `${c.magenta('unsubscribe')} ${e.handle} (${e.reason}${e.subscriptionFrame ? `, subscribed #${e.subscriptionFrame}` : ''})`;
      case 'notification':
        return this.notification(e);
      case 'pending':
        return this.pending(e);
      case 'push-registration':
        return this.registration(e);
      case 'push-datagram':
        return this.datagram(e);
      case 'call':
        return this.call(e);
      case 'rts':
        // Flow control and keep-alives run all along a bulk transfer: JSON has each, the timeline only set-up.
        if (ROUTINE_RTS.test(e.name)) return null;
        return `${c.dim('rts')}         ${c.dim(`${e.channel.toUpperCase()} ${e.direction} ${e.name}${e.commands.length ? ` (${e.commands.join(', ')})` : ''}`)}`;
      case 'finding':
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

  private notification(e: NotificationEvent): string {
    const c = this.c;
    const type = e.tableEventType ? `${e.notificationType}/${e.tableEventType}` : e.notificationType;
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

  private pending(e: PendingEvent): string {
    const c = this.c;
    if (e.via === 'RopPending') return `${c.blue('pending')}     RopPending session index ${e.sessionIndex}${e.targetSession && e.targetSession !== e.session ? ` → ${e.targetSession}` : ''}`;
    if (e.via === 'EcDoAsyncWaitEx') return `${c.blue('pending')}     EcDoAsyncWaitEx completed after ${formatMs(e.heldMs ?? null)} (NotificationPending)`;
    if (e.via === 'NotificationWait') return `${c.blue('pending')}     NotificationWait completed after ${formatMs(e.heldMs ?? null)} (EventPending)`;
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
    return `${c.dim('call')}        ${e.operation}${rops ? ` ${rops}` : ''}${out}${ret}${fate}${dur}${this.httpBits(e)}`;
  }

  /** MAPI over HTTP: what the HTTP layer said, and how the long poll was kept alive. */
  private httpBits(e: CallEvent): string {
    const c = this.c;
    const bits: string[] = [];
    if (e.httpStatus !== undefined && e.httpStatus !== 200) bits.push(c.red(`HTTP ${e.httpStatus}`));
    if (e.responseCode !== undefined && e.responseCode !== 0) bits.push(c.red(`X-ResponseCode ${e.responseCode}${e.responseCodeName ? ` ${e.responseCodeName}` : ''}`));
    if (e.eventPending !== undefined) bits.push(e.eventPending ? c.blue('EventPending') : 'nothing pending');
    if (e.keepAlives !== undefined) {
      const period = e.pendingPeriodMs !== undefined ? ` (X-PendingPeriod ${formatMs(e.pendingPeriodMs)})` : '';
      bits.push(c.dim(`${e.keepAlives} PENDING keep-alive${e.keepAlives === 1 ? '' : 's'}${period}, longest silence ${formatMs(e.keepAliveMaxGapMs ?? null)}`));
    }
    return bits.length ? ` ${bits.join(', ')}` : '';
  }

  private finding(e: FindingEvent): string {
    const c = this.c;
    const sev = e.severity === 'error' ? c.red.bold('✖ ' + e.rule) : e.severity === 'warning' ? c.yellow('⚠ ' + e.rule) : c.dim('ℹ ' + e.rule);
    return `${sev}  ${e.message}`;
  }

  private rel(time: string): string {
    return `+${this.clock.since(time).toFixed(3)}s`.padStart(10);
  }
}

function newBlock(header: string): Block {
  return { header, lines: [], omitted: 0, tally: new SessionTally() };
}

function push(b: Block, line: string): void {
  if (b.lines.length < MAX_LINES_PER_BLOCK) b.lines.push(line);
  else b.omitted++;
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
