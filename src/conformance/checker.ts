import type { Limits } from '../core/limits.js';
import type { EventSink, OxEvent } from '../model/events.js';
import { ZERO_TIME } from '../core/capture-time.js';
import { isAfter, parseEventTime, type EventAt } from './clock.js';
import { FindingsOut } from './findings-out.js';
import { callRules } from './rules/calls.js';
import type { Check, ObservedEvent, RuleFamily, Violation } from './rules/family.js';
import { mapiRules } from './rules/mapi.js';
import { pollingRules } from './rules/polling.js';
import { pushRules } from './rules/push.js';
import { signalRules } from './rules/signals.js';
import { subscriptionRules } from './rules/subscriptions.js';
import { waitRules } from './rules/waits.js';
import { factsOf, SessionState } from './session-state.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds.js';

/**
 * Every family sees an event before SessionState records it, so that all of them judge the state as
 * it was before the event (a poll that answers a signal still sees the signal open).
 */
const FAMILIES: readonly RuleFamily[] = [signalRules, pollingRules, waitRules, pushRules, callRules, mapiRules, subscriptionRules];

/**
 * The conformance rules of MS-OXCNOTIF, MS-OXCRPC and MS-OXCMAPIHTTP that need a session's history,
 * decided over the event stream between the analysis and the output (docs/rules.md). It follows each
 * session from its `session` to its `session-end` event with bounded state, and adds `finding` events
 * ahead of the event that proves them; what only a session's end can decide is written before its
 * session-end, or before the summary for sessions that never ended. It knows nothing of transports:
 * calls, pending signals and sessions look the same over RPC/TCP, RPC over HTTP and MAPI over HTTP.
 */
export class ConformanceChecker implements EventSink {
  private readonly sessions = new Map<string, SessionState>();
  private readonly out: FindingsOut;
  private readonly check: Check;
  /** The latest event time seen: the clock for sessions that never end. */
  private clock: EventAt = { frame: 0, time: '', t: ZERO_TIME };

  constructor(
    private readonly downstream: EventSink,
    private readonly limits: Pick<Limits, 'maxSessions' | 'maxRepeatedFindings'>,
    thresholds: Partial<Thresholds> = {},
  ) {
    this.out = new FindingsOut(downstream, limits.maxRepeatedFindings);
    const th: Thresholds = { ...DEFAULT_THRESHOLDS, ...thresholds };
    this.check = {
      th,
      report: (v: Violation) => this.out.emit(v, v.session === null ? null : this.sessions.get(v.session) ?? null),
    };
  }

  emit(e: OxEvent): void {
    switch (e.type) {
      case 'capture':
      case 'finding':
        break;
      case 'summary':
        for (const s of this.sessions.values()) this.end(s, this.clock);
        this.sessions.clear();
        this.out.addTo(e);
        break;
      case 'session-end': {
        const s = e.session === null ? undefined : this.sessions.get(e.session);
        if (s) {
          this.end(s, this.at(e));
          this.sessions.delete(s.facts.id);
        }
        break;
      }
      default:
        this.observe(e);
    }
    this.downstream.emit(e);
  }

  flush(): Promise<void> {
    return this.downstream.flush?.() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.downstream.close();
  }

  private observe(e: ObservedEvent): void {
    const at = this.at(e);
    if (e.type === 'session' && e.session !== null) this.follow(e.session, new SessionState(factsOf(e)));
    // RopPending tells about the session it names, which may be another than the one of the call.
    const id = e.type === 'pending' && e.via === 'RopPending' ? e.targetSession ?? null : e.session;
    const s = id === null ? null : this.sessions.get(id) ?? null;
    for (const f of FAMILIES) f.observe(e, s, at, this.check);
    s?.record(e, at, this.check.th);
  }

  private end(s: SessionState, at: EventAt): void {
    for (const f of FAMILIES) f.end?.(s, at, this.check);
  }

  /** Sessions are bounded like the analysis's: past maxSessions the oldest is forgotten undecided. */
  private follow(id: string, s: SessionState): void {
    this.sessions.delete(id);
    this.sessions.set(id, s);
    while (this.sessions.size > this.limits.maxSessions) {
      const oldest = this.sessions.keys().next();
      if (oldest.done) break;
      this.sessions.delete(oldest.value);
    }
  }

  private at(e: { frame: number; time: string }): EventAt {
    const t = parseEventTime(e.time) ?? this.clock.t;
    const at: EventAt = { frame: e.frame, time: e.time, t };
    if (!isAfter(this.clock.t, t)) this.clock = at;
    return at;
  }
}
