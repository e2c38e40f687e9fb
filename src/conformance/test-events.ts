/**
 * Hand-made event streams for the conformance tests. Times are seconds from T0; a frame number is the
 * millisecond of its time plus one, so frames grow with time exactly as a capture's do.
 */
import { formatRfc3339 } from '../core/capture-time.js';
import { withLimits } from '../core/limits.js';
import type { CallEvent, FindingEvent, OxEvent, PendingEvent, PushRegistrationEvent, SessionEvent, SummaryEvent, Transport } from '../model/events.js';
import { ConformanceChecker } from './checker.js';
import type { Thresholds } from './thresholds.js';

const T0 = 1_800_000_000;

export function frameAt(sec: number): number {
  return Math.round(sec * 1000) + 1;
}

export function timeAt(sec: number): string {
  const ms = Math.round(sec * 1000);
  return formatRfc3339({ sec: T0 + Math.floor(ms / 1000), nsec: (ms % 1000) * 1_000_000 }, 6);
}

function base(session: string | null, sec: number): { frame: number; time: string; session: string | null } {
  return { frame: frameAt(sec), time: timeAt(sec), session };
}

export function session(id: string, sec: number, over: Partial<SessionEvent> = {}): SessionEvent {
  return {
    type: 'session',
    ...base(id, sec),
    transport: 'rpc-tcp',
    client: '10.0.0.2:50000',
    server: '10.0.0.1:6001',
    userDN: '/o=Contoso/cn=alice',
    origin: 'connect',
    sessionIndex: 1,
    pollsMaxMs: 60000,
    serverVersion: '15.1.2375.7',
    displayName: 'Alice',
    contextHandle: '00',
    returnValue: '0x00000000',
    ...over,
  };
}

export function sessionEnd(id: string, sec: number, reason: 'disconnect' | 'capture-end' = 'capture-end'): OxEvent {
  return { type: 'session-end', ...base(id, sec), reason, durationSec: 0 };
}

/** A call requested at `req` seconds and completed at `done` (null: never answered, reported at `req`). */
export function call(id: string | null, operation: string, req: number, done: number | null, over: Partial<CallEvent> = {}): CallEvent {
  const transport: Transport = operation === 'Execute' || operation === 'NotificationWait' || operation === 'PING' ? 'mapi-http' : 'rpc-tcp';
  return {
    type: 'call',
    ...base(id, done ?? req),
    transport,
    connection: 1,
    interface: transport === 'mapi-http' ? 'MAPI' : operation === 'EcDoAsyncWaitEx' ? 'AsyncEMSMDB' : 'EMSMDB',
    operation,
    callId: frameAt(req),
    requestFrame: frameAt(req),
    durationMs: done === null ? null : Math.round((done - req) * 1000),
    returnValue: done === null ? null : '0x00000000',
    returnName: null,
    fate: done === null ? 'response-lost' : 'complete',
    ...over,
  };
}

/** A poll (no ROP in the request) that delivered `ropsOut`. */
export function poll(id: string, req: number, done: number, ropsOut: string[] = [], operation = 'EcDoRpcExt2'): CallEvent {
  return call(id, operation, req, done, { ropsIn: [], ropsOut, poll: true });
}

export function pending(id: string, sec: number, via: PendingEvent['via'], over: Partial<PendingEvent> = {}): PendingEvent {
  return { type: 'pending', ...base(id, sec), via, ...over };
}

/** A wait requested at `req` that completed at `done` with NotificationPending: its pending event, then its call. */
export function pendingWait(id: string, req: number, done: number, operation: 'EcDoAsyncWaitEx' | 'NotificationWait' = 'EcDoAsyncWaitEx'): OxEvent[] {
  const via = operation;
  return [
    pending(id, done, via, { requestFrame: frameAt(req), heldMs: Math.round((done - req) * 1000) }),
    call(id, operation, req, done, operation === 'NotificationWait' ? { eventPending: true } : {}),
  ];
}

export function ropPending(id: string, sec: number, target: string | null): PendingEvent {
  return pending(id, sec, 'RopPending', { sessionIndex: 1, targetSession: target });
}

/** A valid push datagram and its pending event, as the analysis emits them. */
export function validDatagram(id: string, sec: number): OxEvent[] {
  return [
    { type: 'push-datagram', ...base(id, sec), from: '10.0.0.1:60010', to: '10.0.0.2:20110', payload: '01', verdict: 'valid', registrationFrame: 1 },
    pending(id, sec, 'push', { verdict: 'valid' }),
  ];
}

/** An EcRRegisterPushNotification answered at `sec` (requested 0.1 s before). */
export function registration(id: string | null, sec: number, over: Partial<PushRegistrationEvent> = {}): PushRegistrationEvent {
  return {
    type: 'push-registration',
    ...base(id, sec),
    callback: { family: 'AF_INET', address: '10.0.0.2', port: 20110 },
    context: '4f584e4f54494659c0ffee0000000001',
    adviseBits: '0xFFFFFFFF',
    hNotification: '0x00000001',
    returnValue: '0x00000000',
    returnName: 'Success',
    requestFrame: frameAt(sec - 0.1),
    ...over,
  };
}

export function notification(id: string, sec: number): OxEvent {
  return {
    type: 'notification',
    ...base(id, sec),
    transport: 'rpc-tcp',
    handle: '0x00000012',
    subscriptionFrame: 1,
    target: 'subscription',
    logonId: 0,
    notificationType: 'NewMail',
    notificationFlags: '0x8002',
    flagNames: ['Message'],
    pendingFrame: null,
    latencyMs: null,
    fetchFrame: frameAt(sec),
    signalToFetchMs: null,
    fetchToDeliveryMs: 1,
  };
}

export function summary(): SummaryEvent {
  return { type: 'summary', frame: 0, time: '1970-01-01T00:00:00Z', session: null, frames: 0, bytes: 0, sessions: 0, subscriptions: 0, notifications: 0, pushDatagrams: 0, findings: 3, undecoded: {}, counts: { 'finding:x': 3 }, encrypted: [] };
}

export interface CheckRun {
  out: OxEvent[];
  findings: FindingEvent[];
  summary: SummaryEvent;
  rules: string[];
}

/** Feeds the events (and a summary) through a checker; what came out. */
export function runChecker(events: OxEvent[], thresholds: Partial<Thresholds> = {}, limits = withLimits()): CheckRun {
  const out: OxEvent[] = [];
  const checker = new ConformanceChecker({ emit: (e) => void out.push(e), close: async () => undefined }, limits, thresholds);
  for (const e of events) checker.emit(e);
  const sum = summary();
  checker.emit(sum);
  const findings = out.filter((e): e is FindingEvent => e.type === 'finding');
  return { out, findings, summary: sum, rules: findings.map((f) => f.rule) };
}
