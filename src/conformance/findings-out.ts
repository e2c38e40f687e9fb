import type { EventSink, FindingEvent, SummaryEvent } from '../model/events.js';
import { ruleInfo } from '../model/findings.js';
import type { Violation } from './rules/family.js';
import type { SessionState } from './session-state.js';

/**
 * Turns violations into `finding` events the way the analysis does (AnalysisContext.finding):
 * severity from the rule table, the proving frame first in `frames`, and sampling — past
 * maxRepeatedFindings findings of one rule on one session (or, outside sessions, in the run) they
 * are only counted. Every violation counts in summary.findings and summary.counts["finding:<rule>"].
 */
export class FindingsOut {
  private total = 0;
  private readonly byRule = new Map<string, number>();
  /** Sampling of findings outside any followed session, per rule (bounded by the rule table). */
  private readonly sessionless = new Map<string, number>();

  constructor(
    private readonly downstream: EventSink,
    private readonly maxRepeated: number,
  ) {}

  emit(v: Violation, s: SessionState | null): void {
    this.total++;
    this.byRule.set(v.rule, (this.byRule.get(v.rule) ?? 0) + 1);
    const seenIn = s ? s.reported : this.sessionless;
    const seen = (seenIn.get(v.rule) ?? 0) + 1;
    seenIn.set(v.rule, seen);
    if (seen > this.maxRepeated) return;
    const where = s ? 'this session' : 'this capture';
    const finding: FindingEvent = {
      type: 'finding',
      frame: v.at.frame,
      time: v.at.time,
      session: v.session,
      rule: v.rule,
      severity: ruleInfo(v.rule).severity,
      message: seen === this.maxRepeated ? `${v.message} (further "${v.rule}" findings on ${where} are only counted)` : v.message,
      frames: [v.at.frame, ...v.frames.filter((f, i) => f !== v.at.frame && v.frames.indexOf(f) === i)],
    };
    this.downstream.emit(finding);
  }

  /** Adds what the checker found to the run's summary (in place: runPipeline returns the same object). */
  addTo(summary: SummaryEvent): void {
    summary.findings += this.total;
    for (const [rule, n] of this.byRule) summary.counts[`finding:${rule}`] = (summary.counts[`finding:${rule}`] ?? 0) + n;
  }
}
