import type { JsonValue, Transport } from '../model/events.js';

/**
 * The result of `diff`: JSON-ready, written as is by `diff --json` (docs/diff.md documents it)
 * and read by the human renderer. `a` is the first capture (the baseline), `b` the second:
 * "missing" is in a and not in b, "added" is in b and not in a.
 */
export interface CaptureDiff {
  equivalent: boolean;
  thresholdMs: number;
  a: CaptureSide;
  b: CaptureSide;
  sessions: SessionDiff[];
  findings: FindingsDiff;
}

export interface CaptureSide {
  file: string;
  sessions: number;
  notifications: number;
  /** Left out by the caps (docs/diff.md); non-zero means the comparison is partial. */
  notCompared: { sessions: number; notifications: number; subscriptions: number };
}

export interface SessionInfo {
  session: string;
  transport: Transport;
  client: string;
  server: string;
  userDN: string | null;
  notifications: number;
  subscriptions: number;
}

export type SessionDiff =
  | { status: 'only-a'; a: SessionInfo; b: null }
  | { status: 'only-b'; a: null; b: SessionInfo }
  | AlignedSessionDiff;

export interface AlignedSessionDiff {
  status: 'aligned';
  a: SessionInfo;
  b: SessionInfo;
  equivalent: boolean;
  /** Session-level values that differ: origin, userDN, serverVersion, pollsMaxMs, displayName, endReason. */
  attributes: FieldChange[];
  notifications: NotificationsDiff;
  latency: LatencyDiff;
  signalling: SignallingDiff;
  subscriptions: { missing: SubscriptionRef[]; added: SubscriptionRef[] };
}

export interface FieldChange {
  field: string;
  a: JsonValue;
  b: JsonValue;
}

export interface NotificationRef {
  /** 0-based position in its session's notification sequence. */
  index: number;
  frame: number;
  type: string;
  folderId?: string;
  messageId?: string;
  tableRowFolderId?: string;
  tableRowMessageId?: string;
}

export interface NotificationsDiff {
  /** False when the sequences were too different to align within the edit cap (the middle is reported as missing + added). */
  aligned: boolean;
  missing: NotificationRef[];
  added: NotificationRef[];
  changed: { a: NotificationRef; b: NotificationRef; fields: FieldChange[] }[];
  /** Aligned notifications whose signal→delivery latency moved by more than the threshold. */
  latency: { a: NotificationRef; b: NotificationRef; aMs: number; bMs: number; deltaMs: number }[];
}

export interface LatencyStats {
  measured: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

export interface LatencyDiff {
  a: LatencyStats;
  b: LatencyStats;
  /** Statistics present on both sides that moved by more than the threshold. */
  changed: { stat: 'p50' | 'p95' | 'max'; aMs: number; bMs: number; deltaMs: number }[];
}

/** Counts by name: pending signals by `via`, push datagrams by verdict, signalling calls by operation. */
export interface SignallingSide {
  pending: Record<string, number>;
  push: Record<string, number>;
  calls: Record<string, number>;
}

export interface SignallingDiff {
  a: SignallingSide;
  b: SignallingSide;
  /** Methods used on one side only. */
  changed: { kind: keyof SignallingSide; onlyA: string[]; onlyB: string[] }[];
}

export interface SubscriptionRef {
  frame: number;
  subscription: string;
}

export interface FindingsDiff {
  onlyA: { rule: string; count: number }[];
  onlyB: { rule: string; count: number }[];
  changed: { rule: string; a: number; b: number }[];
}
