import { diffMs, formatRfc3339, type CaptureTime } from '../core/capture-time.js';
import type { Damage } from '../core/damage.js';
import type { FrameRef } from '../core/frame-ref.js';
import type { Limits } from '../core/limits.js';
import type { EventSink, FindingEvent, OxEvent } from '../model/events.js';
import { ruleInfo } from '../model/findings.js';
import { Counters } from './counters.js';
import { PushRegistrations } from './push-registrations.js';
import { SessionTable, type Session } from './sessions.js';

/** Damage arrives from a layer; the finding id is `<layer>.<reason>`. */
export type Layer = 'capture' | 'link' | 'ip' | 'tcp' | 'dcerpc' | 'emsmdb' | 'rpcext' | 'rop' | 'analysis' | 'tls';

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

  constructor(
    readonly sink: EventSink,
    readonly limits: Limits,
  ) {
    this.sessions = new SessionTable(limits.maxSessions, limits.maxHandlesPerSession);
    this.push = new PushRegistrations(limits.maxSessions);
  }

  /** Ends a session: its subscriptions and push registrations end with it. */
  endSession(s: Session, at: FrameRef, reason: 'disconnect' | 'server-destroyed' | 'capture-end'): void {
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

  time(t: CaptureTime): string {
    return formatRfc3339(t, this.precision);
  }

  emit(e: OxEvent): void {
    this.sink.emit(e);
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
  ): void {
    this.findings++;
    this.counters.add(`finding:${rule}`);
    const key = `${rule}|${opts.flow ?? ''}`;
    const seen = (this.repeats.get(key) ?? 0) + 1;
    this.repeats.set(key, seen);
    if (seen > this.limits.maxRepeatedFindings) return;
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
  }

  /** Undecodable bytes: a finding plus a count in summary.undecoded under the damage reason. */
  damage(layer: Layer, d: Damage, at: FrameRef, opts: { session?: Session | null; flow?: string; frames?: number[] } = {}): void {
    this.counters.undecoded(`${layer}.${d.reason}`);
    const where = d.field ? `${d.field}: ` : '';
    this.finding(`${layer}.${d.reason}`, `${where}${d.detail} (offset ${d.offset})`, at, { ...opts, damage: d });
  }
}
