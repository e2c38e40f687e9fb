import type { ChalkInstance } from 'chalk';
import type { OxEvent, SessionEndEvent, SessionEvent, SummaryEvent } from '../model/events.js';
import type { SessionContextSink } from './filtering-sink.js';
import type { TextOutput } from './output.js';
import { countsText, SessionTally } from './session-tally.js';
import { formatMs, percentile } from './stats.js';
import { summaryTable } from './summary-table.js';

/** Latency samples kept per session for its percentiles (the max and the count stay exact beyond it). */
export const COMPACT_LATENCY_SAMPLES = 10_000;

interface Row {
  header: SessionEvent;
  tally: SessionTally;
}

/**
 * `--compact`: one line per session, written when it ends — counts, signalling methods, latency
 * p50/p95/max, findings — then the summary table. Memory holds one row per live session.
 */
export class CompactRenderer implements SessionContextSink {
  private readonly rows = new Map<string, Row>();
  private readonly loose = new SessionTally(COMPACT_LATENCY_SAMPLES);

  constructor(
    private readonly out: TextOutput,
    private readonly c: ChalkInstance,
    private readonly colour: boolean,
  ) {}

  emit(e: OxEvent): void {
    if (e.type === 'capture') {
      this.out.write(`${this.c.bold('capture')} ${e.file}  ${e.format}, link types ${e.linkTypes.join(', ') || 'none'}\n\n`);
      return;
    }
    if (e.type === 'summary') {
      this.finish(e);
      return;
    }
    if (e.type === 'session') this.open(e);
    const row = e.session ? this.rows.get(e.session) : undefined;
    (row ? row.tally : this.loose).add(e);
    if (e.type === 'session-end') this.closeRow(e);
  }

  sessionContext(e: SessionEvent | SessionEndEvent): void {
    if (e.type === 'session') this.open(e);
    else this.closeRow(e);
  }

  flush(): Promise<void> {
    return this.out.flush();
  }

  close(): Promise<void> {
    return this.out.flush();
  }

  private closeRow(e: SessionEndEvent): void {
    const row = e.session ? this.rows.get(e.session) : undefined;
    if (!row || !e.session) return;
    this.out.write(this.line(row, `${e.durationSec.toFixed(3)} s ${e.reason}`) + '\n');
    this.rows.delete(e.session);
  }

  private open(e: SessionEvent): void {
    if (e.session) this.rows.set(e.session, { header: e, tally: new SessionTally(COMPACT_LATENCY_SAMPLES) });
  }

  private finish(s: SummaryEvent): void {
    for (const row of this.rows.values()) this.out.write(this.line(row, 'still open') + '\n');
    this.rows.clear();
    const l = this.loose;
    const parts = [l.calls ? `calls ${l.calls}` : '', l.pushVerdicts.size ? `push ${countsText(l.pushVerdicts)}` : '', l.findings ? `findings ${l.findings}` : ''].filter((p) => p !== '');
    if (parts.length) this.out.write(`${this.c.bold('outside any session')}  ${parts.join(' | ')}\n`);
    this.out.write('\n' + summaryTable(s, this.c, this.colour) + '\n');
  }

  private line(row: Row, ending: string): string {
    const h = row.header;
    const t = row.tally;
    const c = this.c;
    const polls = t.operations.get('poll') ?? 0;
    const lat = t.latency;
    const parts = [
      `${c.bold.cyan(h.session ?? '?')} ${h.transport} ${h.client} → ${h.server} ${userName(h.userDN)} ${c.dim(ending)}`,
      `subscriptions ${t.subscriptions}`,
      `notifications ${t.notifications}`,
      `signals ${countsText(t.signals)}${polls ? `; polls ${polls}` : ''}`,
      ...(t.pushVerdicts.size ? [`push ${countsText(t.pushVerdicts)}`] : []),
      `latency p50 ${formatMs(percentile(lat.values, 50))} p95 ${formatMs(percentile(lat.values, 95))} max ${formatMs(lat.total ? lat.max : null)} (${lat.total})`,
      t.findings ? c.yellow(`findings ${t.findings}`) : 'findings 0',
    ];
    return parts.join(' | ');
  }
}

/** The last RDN of a user DN ("alice" of ".../cn=Recipients/cn=alice"), or "—" when unknown. */
function userName(dn: string | null): string {
  if (!dn) return '—';
  const last = dn.slice(dn.lastIndexOf('/') + 1);
  return last.replace(/^cn=/i, '') || dn;
}
