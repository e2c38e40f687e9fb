import type { OxEvent } from '../model/events.js';
import { BoundedSamples } from './stats.js';

/**
 * What one session did, counted as its events go by: the block summary of the timeline, the
 * line of --compact and the signalling side of `diff` all read it. Memory is bounded: maps are
 * keyed by names (types, methods, operations, rule ids) and latency keeps `latencyCap` samples.
 */
export class SessionTally {
  /** "NewMail", "TableModified/TableRowAdded"… */
  readonly notificationsByType = new Map<string, number>();
  /** Pending signals by `via`. */
  readonly signals = new Map<string, number>();
  readonly pushVerdicts = new Map<string, number>();
  /** Calls by operation; EcDoRpcExt2 / Execute without ROPs count as "poll". */
  readonly operations = new Map<string, number>();
  readonly findingsByRule = new Map<string, number>();
  readonly latency: BoundedSamples;
  /** The two halves of `latency`: signal → fetching request, fetching request → delivery. */
  readonly signalToFetch: BoundedSamples;
  readonly fetchToDelivery: BoundedSamples;
  subscriptions = 0;
  notifications = 0;
  calls = 0;
  findings = 0;

  constructor(latencyCap?: number) {
    this.latency = new BoundedSamples(latencyCap);
    this.signalToFetch = new BoundedSamples(latencyCap);
    this.fetchToDelivery = new BoundedSamples(latencyCap);
  }

  add(e: OxEvent): void {
    switch (e.type) {
      case 'notification':
        this.notifications++;
        bump(this.notificationsByType, e.tableEventType ? `${e.notificationType}/${e.tableEventType}` : e.notificationType);
        if (e.latencyMs !== null) this.latency.add(e.latencyMs);
        if (e.signalToFetchMs !== null) this.signalToFetch.add(e.signalToFetchMs);
        this.fetchToDelivery.add(e.fetchToDeliveryMs);
        break;
      case 'pending':
        bump(this.signals, e.via);
        break;
      case 'push-datagram':
        bump(this.pushVerdicts, e.verdict);
        break;
      case 'call':
        this.calls++;
        bump(this.operations, e.poll ? 'poll' : e.operation);
        break;
      case 'subscription':
        this.subscriptions++;
        break;
      case 'finding':
        this.findings++;
        bump(this.findingsByRule, e.rule);
        break;
      default:
        break;
    }
  }
}

function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/** "RopPending 1, push 3", or `none`. */
export function countsText(m: ReadonlyMap<string, number>, none = 'none'): string {
  return [...m].map(([k, n]) => `${k} ${n}`).join(', ') || none;
}
