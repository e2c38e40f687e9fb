import { diffMs, diffNs, formatRfc3339, type CaptureTime } from '../core/capture-time.js';
import type { Damage } from '../core/damage.js';
import type { FrameRef } from '../core/frame-ref.js';
import type { Limits } from '../core/limits.js';
import type { EventSink, FindingEvent, OxEvent, SessionEndEvent } from '../model/events.js';
import { ruleInfo } from '../model/findings.js';
import { Counters } from './counters.js';
import { PushRegistrations } from './push-registrations.js';
import { SessionTable, type Session } from './sessions.js';

/** Damage arrives from a layer; the finding id is `<layer>.<reason>`. */
export type Layer = 'capture' | 'link' | 'ip' | 'tcp' | 'http' | 'mapihttp' | 'rpch' | 'dcerpc' | 'emsmdb' | 'rpcext' | 'rop' | 'analysis' | 'tls';

/**
 * State shared by every analyzer of a run: the sink, the session and registration tables, the
 * counters, the clock of the capture. Findings are sampled per (rule, flow): past
 * limits.maxRepeatedFindings only counted, and the summary keeps the full count.
 */
export class AnalysisContext {
  readonly sessions: SessionTable;
  readonly push: PushRegistrations;
  readonly counters = new Counters();
  precision = 9;
  lastFrame: FrameRef = { frame: 0, time: { sec: 0, nsec: 0 } };
  findings = 0;
  private readonly repeats = new Map<string, number>();
  readonly encrypted: string[] = [];
  /** TCP ports the endpoint mapper named for EMSMDB/AsyncEMSMDB (a hint: detection is by content). */
  readonly learnedPorts = new Set<number>();
  /** IPs of the clients of known sessions (push datagrams are judged when they reach one). */
  readonly clientIps = new Set<string>();

  /** --rops: an event per decoded ROP (analysis/rop-exchange.ts). */
  readonly ropEvents: boolean;

  constructor(
    readonly sink: EventSink,
    readonly limits: Limits,
    options: { ropEvents?: boolean } = {},
  ) {
    this.ropEvents = options.ropEvents ?? false;
    this.sessions = new SessionTable(limits.maxSessions, limits.maxHandlesPerSession, (s) => {
      this.finding('analysis.limit', `More than ${limits.maxSessions} live sessions: ${s.id}, the oldest, is no longer followed (raise --limit maxSessions=…).`, this.lastFrame, { session: s });
      this.endSession(s, this.lastFrame, 'evicted');
    });
    this.push = new PushRegistrations(limits.maxSessions);
  }

  /** Ends a session: its subscriptions and push registrations end with it. */
  endSession(s: Session, at: FrameRef, reason: SessionEndEvent['reason']): void {
    if (s.ended) return;
    for (const [handle, info] of s.handles.liveSubscriptions()) {
      info.releasedFrame = at.frame;
      if (reason === 'capture-end') continue;
      this.emit({
        type: 'subscription-end',
        ...this.base(at, s),
        handle: '0x' + handle.toString(16).toUpperCase().padStart(8, '0'),
        reason: 'session-end',
        subscriptionFrame: info.createdFrame,
      });
    }
    this.push.endSession(s, at.frame);
    this.sessions.end(s);
    this.counters.add(`sessions.end.${reason}`);
    this.emit({
      type: 'session-end',
      ...this.base(at, s),
      reason,
      durationSec: Math.round(diffMs(at.time, s.startTime)) / 1000,
    });
  }

  /** RFC 3339 text of a capture time; the events of one frame share it, so the last one is kept. */
  time(t: CaptureTime): string {
    if (t.sec !== this.lastTimeSec || t.nsec !== this.lastTimeNsec) {
      this.lastTimeSec = t.sec;
      this.lastTimeNsec = t.nsec;
      this.lastTimeText = formatRfc3339(t, this.precision);
    }
    return this.lastTimeText;
  }
  private lastTimeSec = NaN;
  private lastTimeNsec = NaN;
  private lastTimeText = '';

  /**
   * Events wait here for `holdNs` of capture time before they reach the sink, so that a later
   * packet can still correct them (a datagram judged "unregistered" whose registration follows
   * it). The hold is bounded by time and by count; order is kept.
   */
  private held: OxEvent[] = [];
  private heldAt: CaptureTime[] = [];
  private heldHead = 0;
  private readonly heldSet = new Set<OxEvent>();
  static readonly HOLD_NS = 2_000_000_000;
  static readonly HOLD_MAX = 10_000;
  static readonly MAX_FLOWS_SAMPLED = 100_000;

  emit(e: OxEvent): void {
    this.held.push(e);
    this.heldAt.push(this.lastFrame.time);
    this.heldSet.add(e);
    if (this.held.length - this.heldHead > AnalysisContext.HOLD_MAX) this.release(1);
  }

  /** True while an event has not reached the sink yet (it may still be corrected). */
  isHeld(e: OxEvent): boolean {
    return this.heldSet.has(e);
  }

  /** Releases the events held longer than the window at capture time `now`. */
  advance(now: CaptureTime): void {
    let n = 0;
    while (this.heldHead + n < this.held.length && diffNs(now, this.heldAt[this.heldHead + n]!) > AnalysisContext.HOLD_NS) n++;
    if (n) this.release(n);
  }

  /** Releases everything (end of capture). */
  drain(): void {
    this.release(this.held.length - this.heldHead);
  }

  private release(n: number): void {
    for (let i = 0; i < n; i++) {
      const e = this.held[this.heldHead]!;
      this.heldSet.delete(e);
      this.heldHead++;
      this.sink.emit(e);
    }
    if (this.heldHead > 1024 && this.heldHead * 2 > this.held.length) {
      this.held = this.held.slice(this.heldHead);
      this.heldAt = this.heldAt.slice(this.heldHead);
      this.heldHead = 0;
    }
  }

  /** Common fields of an event at this frame. */
  base(at: FrameRef, session: Session | null): { frame: number; time: string; session: string | null } {
    return { frame: at.frame, time: this.time(at.time), session: session ? session.id : null };
  }

  finding(
    rule: string,
    message: string,
    at: FrameRef,
    opts: { session?: Session | null; frames?: number[]; flow?: string; damage?: Damage } = {},
  ): FindingEvent | null {
    this.findings++;
    this.counters.add(`finding:${rule}`);
    const key = `${rule}|${opts.flow ?? ''}`;
    const seen = (this.repeats.get(key) ?? 0) + 1;
    this.repeats.set(key, seen);
    // One entry per (rule, flow): bounded, the oldest flows' counts forgotten first.
    if (this.repeats.size > AnalysisContext.MAX_FLOWS_SAMPLED) this.repeats.delete(this.repeats.keys().next().value!);
    if (seen > this.limits.maxRepeatedFindings) return null;
    const info = ruleInfo(rule);
    const e: FindingEvent = {
      type: 'finding',
      ...this.base(at, opts.session ?? null),
      rule,
      severity: info.severity,
      message: seen === this.limits.maxRepeatedFindings ? `${message} (further "${rule}" findings on this flow are only counted)` : message,
      frames: [at.frame, ...(opts.frames ?? []).filter((f) => f !== at.frame)],
    };
    if (opts.damage) {
      e.reason = opts.damage.reason;
      e.offset = opts.damage.offset;
      if (opts.damage.field) e.field = opts.damage.field;
    }
    this.emit(e);
    return e;
  }

  /** Re-labels a held finding (see `emit`); the counters follow. */
  relabelFinding(e: FindingEvent, rule: string, message: string): void {
    this.counters.add(`finding:${e.rule}`, -1);
    this.counters.add(`finding:${rule}`);
    e.rule = rule;
    e.message = message;
    e.severity = ruleInfo(rule).severity;
  }

  /** Undecodable bytes: a finding plus a count in summary.undecoded under the damage reason. */
  damage(layer: Layer, d: Damage, at: FrameRef, opts: { session?: Session | null; flow?: string; frames?: number[] } = {}): void {
    this.counters.undecoded(`${layer}.${d.reason}`);
    const where = d.field ? `${d.field}: ` : '';
    this.finding(`${layer}.${d.reason}`, `${where}${d.detail} (offset ${d.offset})`, at, { ...opts, damage: d });
  }
}
