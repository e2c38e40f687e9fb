import type { EventSink, OxEvent } from '../model/events.js';
import { SessionTally } from '../render/session-tally.js';
import { HandleLabels, notificationRecord, subscriptionRecord } from './normalise.js';
import type { CaptureRecord, SessionRecord } from './records.js';

/**
 * Caps of what `diff` keeps per capture (memory stays bounded whatever the capture's size; what
 * goes past a cap is counted in `notCompared` and reported). A notification record is a few
 * hundred bytes, so the defaults hold a capture's records in some tens of MB.
 */
export const DIFF_CAPS = {
  sessions: 2_000,
  notifications: 50_000,
  subscriptions: 20_000,
} as const;

export type DiffCaps = { [K in keyof typeof DIFF_CAPS]: number };

/** An EventSink that folds the pipeline's events into a CaptureRecord. */
export class CaptureCollector implements EventSink {
  readonly record: CaptureRecord;
  /** Sessions still open: handle names are needed only while a session lives. */
  private readonly live = new Map<string, { rec: SessionRecord; handles: HandleLabels }>();
  private notifications = 0;
  private subscriptions = 0;

  constructor(
    file: string,
    private readonly caps: DiffCaps = DIFF_CAPS,
  ) {
    this.record = { file, sessions: [], findingsByRule: new Map(), notCompared: { sessions: 0, notifications: 0, subscriptions: 0 } };
  }

  emit(e: OxEvent): void {
    if (e.type === 'capture') return;
    if (e.type === 'summary') {
      for (const [k, n] of Object.entries(e.counts)) if (k.startsWith('finding:') && n > 0) this.record.findingsByRule.set(k.slice('finding:'.length), n);
      this.live.clear();
      return;
    }
    if (e.type === 'session') {
      this.open(e);
      return;
    }
    const s = e.session === null ? undefined : this.live.get(e.session);
    if (!s) return;
    // Latency samples stay in the notification records (capped); the tally keeps only counts.
    s.rec.tally.add(e);
    const nc = this.record.notCompared;
    if (e.type === 'subscription') {
      if (e.returnValue === '0x00000000') s.handles.subscribed(e.handle);
      if (this.subscriptions++ < this.caps.subscriptions) s.rec.subscriptions.push(subscriptionRecord(e));
      else nc.subscriptions++;
    } else if (e.type === 'notification') {
      if (this.notifications++ < this.caps.notifications) s.rec.notifications.push(notificationRecord(e, s.handles.label(e.handle, e.target)));
      else nc.notifications++;
    } else if (e.type === 'session-end') {
      s.rec.endReason = e.reason;
      this.live.delete(s.rec.id);
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private open(e: Extract<OxEvent, { type: 'session' }>): void {
    if (e.session === null) return;
    if (this.record.sessions.length >= this.caps.sessions) {
      this.record.notCompared.sessions++;
      return;
    }
    const rec: SessionRecord = {
      id: e.session,
      order: this.record.sessions.length,
      transport: e.transport,
      client: e.client,
      server: e.server,
      userDN: e.userDN,
      origin: e.origin,
      serverVersion: e.serverVersion,
      pollsMaxMs: e.pollsMaxMs,
      displayName: e.displayName,
      endReason: null,
      notifications: [],
      subscriptions: [],
      tally: new SessionTally(0),
    };
    this.record.sessions.push(rec);
    this.live.set(e.session, { rec, handles: new HandleLabels() });
  }
}
