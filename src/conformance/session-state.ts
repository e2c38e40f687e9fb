import { addMs, compareTime, type CaptureTime } from '../core/capture-time.js';
import type { CallEvent, OxEvent, PendingVia, SessionEvent, Transport } from '../model/events.js';
import { latest, requestOf, type EventAt, type Point } from './clock.js';
import type { Thresholds } from './thresholds.js';

/**
 * Per-session caps of the checker. The state of a session is a handful of timestamps plus these
 * small queues; it is dropped at the session's session-end, so memory does not grow with the capture.
 */
export const SESSION_CAPS = Object.freeze({
  /** Pending signals not yet answered by a fetch (a client that never fetches does not grow it). */
  openSignals: 16,
  /** Completed waits kept to find overlapping (concurrent) ones. */
  recentWaits: 8,
  /** Waits still outstanding when the capture ended (decided at session-end). */
  openWaits: 8,
  /** Request frames of waits that completed with NotificationPending. */
  pendingWaitRequests: 4,
  /** Completed MAPI/HTTP requests kept to find overlapping (concurrent) ones. */
  recentMapiCalls: 8,
  /** Live subscription handles. */
  liveSubscriptions: 64,
});

export const SUCCESS = '0x00000000';
/** ecRejected: EcDoAsyncWaitEx while another wait of the session is outstanding (MS-OXCRPC 3.3.4.1). */
export const REJECTED = '0x000007EE';

/** The calls that fetch notification details ([MS-OXCNOTIF] 3.1.5.5; MS-OXCMAPIHTTP 2.2.4.2). */
export function isFetch(call: CallEvent): boolean {
  return call.operation === 'EcDoRpcExt2' || call.operation === 'Execute';
}

export function fetchName(transport: Transport): string {
  return transport === 'mapi-http' ? 'Execute' : 'EcDoRpcExt2';
}

/** Appends, dropping the oldest entries beyond `cap`. */
export function pushCapped<T>(list: T[], item: T, cap: number): void {
  list.push(item);
  if (list.length > cap) list.splice(0, list.length - cap);
}

/** What the session event said about a session. */
export interface SessionFacts {
  id: string;
  transport: Transport;
  origin: SessionEvent['origin'];
  pollsMaxMs: number | null;
  serverVersion: string | null;
}

/** Something told the client that notifications wait ([MS-OXCNOTIF] 2.2.1.3). */
export interface Signal extends Point {
  via: PendingVia;
  /**
   * Deliveries after this point explain a fetch that finds nothing: for a wait, anything delivered
   * while it was outstanding; for RopPending, anything after it; for push, a delivery the datagram raced.
   */
  window: { afterFrame: number } | { since: CaptureTime };
  /** A rule already judged it (reported once). */
  decided: boolean;
}

/** A typed key to family-owned state inside a session (created on first use, dropped with the session). */
export class Slot<T> {
  constructor(readonly make: () => T) {}
}

/**
 * One session as the checker follows it: the facts of its session event, and the activity every rule
 * family reads (pending signals not yet fetched, the last delivery, the last EcDoRpcExt2/Execute).
 */
export class SessionState {
  readonly openSignals: Signal[] = [];
  /** The latest response that carried a RopNotify. */
  lastDelivery: Point | null = null;
  /**
   * The latest access that restarts the server's 5-minute wait timer (MS-OXCRPC 3.3.4.1: the client's
   * last EcDoRpcExt2; the connect for a session that began in the capture). Null while unknown.
   */
  lastActivity: CaptureTime | null = null;
  /** Findings per rule on this session, for sampling. */
  readonly reported = new Map<string, number>();
  private readonly slots = new Map<Slot<unknown>, unknown>();

  constructor(readonly facts: SessionFacts) {}

  slot<T>(key: Slot<T>): T {
    let v = this.slots.get(key as Slot<unknown>) as T | undefined;
    if (v === undefined) {
      v = key.make();
      this.slots.set(key as Slot<unknown>, v);
    }
    return v;
  }

  /** Whether a RopNotify was delivered at or after `since`. */
  deliveredSince(since: CaptureTime): boolean {
    return this.lastDelivery !== null && compareTime(this.lastDelivery.t, since) >= 0;
  }

  /** Updates the shared activity after the rule families have looked at the event. */
  record(e: OxEvent, at: EventAt, th: Thresholds): void {
    switch (e.type) {
      case 'session':
        if (e.origin === 'connect') this.lastActivity = at.t;
        break;
      case 'notification':
        this.lastDelivery = { frame: at.frame, t: at.t };
        break;
      case 'pending': {
        const window: Signal['window'] =
          e.via === 'push'
            ? { since: addMs(at.t, -th.deliveryRaceMs) }
            : e.via === 'RopPending'
              ? { afterFrame: at.frame }
              : e.requestFrame !== undefined
                ? { afterFrame: e.requestFrame }
                : { since: addMs(at.t, -(e.heldMs ?? 0)) };
        pushCapped(this.openSignals, { via: e.via, frame: at.frame, t: at.t, window, decided: false }, SESSION_CAPS.openSignals);
        break;
      }
      case 'call':
        if (isFetch(e)) {
          const req = requestOf(e, at);
          for (let i = this.openSignals.length - 1; i >= 0; i--) if (this.openSignals[i]!.frame < req.frame) this.openSignals.splice(i, 1);
          this.lastActivity = latest(at.t, this.lastActivity);
        }
        break;
      default:
        break;
    }
  }
}

export function factsOf(e: SessionEvent): SessionFacts {
  return { id: e.session ?? '', transport: e.transport, origin: e.origin, pollsMaxMs: e.pollsMaxMs, serverVersion: e.serverVersion };
}
