import type { JsonValue, SessionEvent, SessionEndEvent, Transport } from '../model/events.js';
import type { SessionTally } from '../render/session-tally.js';

/**
 * What `diff` keeps of a capture: a compact, normalised record per event of interest. Values that
 * always differ between two captures (handles, ports, absolute times, frame numbers, session ids)
 * are either normalised away or kept only to point the reader at a frame.
 */

/** Normalised NotificationData and context, JSON-ready; absent fields are absent. */
export type NotificationFields = Record<string, JsonValue>;

export interface NotificationRecord {
  /** Where to look in its own capture (never compared). */
  frame: number;
  /** Alignment key: type, flags, ids, table event type, row data. */
  key: string;
  /** Type, table event type and ids only: an aligned deletion and insertion that share it are one changed notification. */
  identity: string;
  fields: NotificationFields;
  latencyMs: number | null;
}

export interface SubscriptionRecord {
  frame: number;
  /** NotificationTypes bits, scope and result: what was asked for, not which handle it got. */
  key: string;
  label: string;
}

export interface SessionRecord {
  /** "S1"…: names the session in its own capture (never compared). */
  id: string;
  order: number;
  transport: Transport;
  client: string;
  server: string;
  userDN: string | null;
  origin: SessionEvent['origin'];
  serverVersion: string | null;
  pollsMaxMs: number | null;
  displayName: string | null;
  endReason: SessionEndEvent['reason'] | null;
  notifications: NotificationRecord[];
  subscriptions: SubscriptionRecord[];
  tally: SessionTally;
}

/** How much of a capture was left out of the comparison by the caps of collect.ts. */
export interface NotCompared {
  sessions: number;
  notifications: number;
  subscriptions: number;
}

export interface CaptureRecord {
  file: string;
  sessions: SessionRecord[];
  /** Findings by rule over the whole capture (the summary's counts, so also those only counted). */
  findingsByRule: Map<string, number>;
  notCompared: NotCompared;
}
