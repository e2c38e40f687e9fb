import { diffMs } from '../core/capture-time.js';
import type { FrameRef } from '../core/frame-ref.js';
import { hex2, hex4, hex8 } from '../core/hex.js';
import type { NotificationEvent, RopEvent, Transport } from '../model/events.js';
import { errorName } from '../dissectors/oxcdata/error-codes.js';
import { ropFieldsJson } from '../dissectors/rops/rop-json.js';
import type { RopBuffer, RopRequest, RopResponse } from '../dissectors/rops/types.js';
import type { AnalysisContext } from './context.js';
import { notificationFields, notificationTypeNames } from './notification-fields.js';
import type { Session } from './sessions.js';
import { round3 } from '../core/round.js';

/** ROPs that answer no request ([MS-OXCROPS] 2.2.1: unsolicited). */
const UNSOLICITED = new Set(['RopNotify', 'RopPending', 'RopBackoff', 'RopBufferTooSmall']);

/**
 * Pairs solicited responses with requests in order, skipping RopRelease (which has no response)
 * and the unsolicited ROPs ([MS-OXCROPS] 2.2.1, ROPS-OXCDATA §1.5). A RopProgress that stands in
 * for a response is paired with that request; a response of another RopId than its request's
 * answers nothing we sent and stays unpaired (as the buffer decoder reads it).
 */
export function pairRops(requests: readonly RopRequest[], responses: readonly RopResponse[]): Map<RopResponse, RopRequest> {
  const pairs = new Map<RopResponse, RopRequest>();
  let i = 0;
  for (const resp of responses) {
    if (UNSOLICITED.has(resp.kind)) continue;
    while (i < requests.length && requests[i]!.kind === 'RopRelease') i++;
    const req = requests[i];
    if (!req) break;
    if (req.ropId === resp.ropId || resp.kind === 'RopProgress') pairs.set(resp, req);
    i++;
  }
  return pairs;
}

export interface ExchangeFrames {
  transport: Transport;
  request: FrameRef;
  response: FrameRef;
  flow: string;
}

const NO_HANDLE = 0xffffffff;

/** --rops: one event per decoded ROP, with the handle value its index names when the tables hold it. */
function emitRop(
  ctx: AnalysisContext,
  session: Session,
  at: FrameRef,
  rop: RopRequest | RopResponse,
  direction: RopEvent['direction'],
  logonId: number | null,
  index: number | null,
  handle: number | undefined,
): void {
  const rv = 'returnValue' in rop ? rop.returnValue : null;
  ctx.emit({
    type: 'rop',
    ...ctx.base(at, session),
    transport: session.transport,
    direction,
    ropId: rop.ropId,
    name: rop.name,
    logonId,
    inputHandleIndex: index,
    ...(handle !== undefined ? { handle: hex8(handle) } : {}),
    ...(rv !== null ? { returnValue: hex8(rv), returnName: errorName(rv) } : {}),
    fields: ropFieldsJson(rop),
  });
}

/** The LogonId a response belongs to: its own (RopNotify, RopProgress, RopBackoff) or its request's. */
function responseLogonId(r: RopResponse, q: RopRequest | undefined): number | null {
  if ((r.kind === 'RopNotify' || r.kind === 'RopProgress' || r.kind === 'RopBackoff') && r.logonId !== null) return r.logonId;
  return q ? q.logonId : null;
}

/** Request-time effects: RopRelease ends a subscription (it has no response to wait for). */
export function applyRequestRops(ctx: AnalysisContext, session: Session, buf: RopBuffer<RopRequest>, at: FrameRef): void {
  if (ctx.ropEvents) {
    for (const rop of buf.rops) {
      const slot = rop.inputHandleIndex;
      const h = slot === null ? undefined : buf.handles[slot];
      emitRop(ctx, session, at, rop, 'request', rop.logonId, slot, h === NO_HANDLE ? undefined : h);
    }
  }
  for (const rop of buf.rops) {
    if (rop.kind !== 'RopRelease' || rop.inputHandleIndex === null) continue;
    const handle = buf.handles[rop.inputHandleIndex];
    if (handle === undefined) continue;
    const info = session.handles.get(handle);
    if (info?.kind === 'subscription' && info.releasedFrame === null) {
      info.releasedFrame = at.frame;
      ctx.counters.add('subscriptions.released');
      ctx.emit({
        type: 'subscription-end',
        ...ctx.base(at, session),
        handle: hex8(handle),
        reason: 'RopRelease',
        subscriptionFrame: info.createdFrame,
      });
    } else if (info && info.kind !== 'subscription') {
      // A released table notifies no more; forget its columns.
      info.releasedFrame = at.frame;
      delete info.columns;
    }
  }
}

/**
 * Response-time effects of one ROP request/response exchange: subscriptions, tables and their
 * columns, logons, and the notifications and pending signals the response carries.
 */
export function applyExchange(
  ctx: AnalysisContext,
  session: Session,
  req: RopBuffer<RopRequest> | null,
  resp: RopBuffer<RopResponse>,
  frames: ExchangeFrames,
): { notifications: number; pending: number } {
  const pairs = req ? pairRops(req.rops, resp.rops) : new Map<RopResponse, RopRequest>();
  const handleAt = (index: number | null): number | undefined => {
    if (index === null) return undefined;
    const fromResp = resp.handles[index];
    if (fromResp !== undefined && fromResp !== 0xffffffff) return fromResp;
    const fromReq = req?.handles[index];
    return fromReq !== undefined && fromReq !== 0xffffffff ? fromReq : undefined;
  };
  let notifications = 0;
  let pending = 0;
  const consumed = session.pending;

  for (const r of resp.rops) {
    const q = pairs.get(r);
    if (ctx.ropEvents) {
      const handle = r.kind === 'RopNotify' ? r.notificationHandle : handleAt(r.handleIndex);
      emitRop(ctx, session, frames.response, r, 'response', responseLogonId(r, q), r.handleIndex, handle);
    }
    if (r.kind === 'RopNotify') {
      notifications++;
      emitNotification(ctx, session, r, frames, consumed);
      // Delivered: the signal is answered; a RopPending later in this response is a new one.
      if (session.pending === consumed) session.pending = null;
      continue;
    }
    if (r.kind === 'RopPending') {
      pending++;
      emitRopPending(ctx, session, r.sessionIndex, frames);
      continue;
    }
    if (r.kind === 'RopBackoff') ctx.counters.add('rops.RopBackoff');
    if (r.kind === 'RopBufferTooSmall') ctx.counters.add('rops.RopBufferTooSmall');
    if (!q) continue;
    const ok = r.returnValue === 0;
    if (q.kind === 'RopRegisterNotification' && r.kind === 'RopRegisterNotification') {
      const handle = ok ? handleAt(q.outputHandleIndex) : undefined;
      if (ok && handle !== undefined) {
        session.handles.set(handle, { kind: 'subscription', createdFrame: frames.response.frame, releasedFrame: null });
      }
      ctx.counters.add(ok ? 'subscriptions' : 'subscriptions.failed');
      if (q.reserved !== null && q.reserved !== 0) {
        ctx.finding('register.reserved', `RopRegisterNotification has Reserved ${hex2(q.reserved)} with the Extended bit; it must be 0x00.`, frames.request, { session, flow: frames.flow });
      }
      ctx.emit({
        type: 'subscription',
        ...ctx.base(frames.response, session),
        handle: hex8(handle ?? 0xffffffff),
        logonId: q.logonId,
        notificationTypes: notificationTypeNames(q.notificationTypes),
        notificationTypesBits: hex4(q.notificationTypes),
        wantWholeStore: q.wantWholeStore,
        folderId: q.folderId,
        messageId: q.messageId,
        returnValue: hex8(r.returnValue ?? 0),
        requestFrame: frames.request.frame,
      });
    } else if (q.kind === 'RopGetTable' && r.kind === 'RopGetTable' && ok) {
      const handle = handleAt(q.outputHandleIndex);
      if (handle !== undefined) {
        session.handles.set(handle, {
          kind: 'table',
          createdFrame: frames.response.frame,
          releasedFrame: null,
          quiet: (q.tableFlags & 0x90) !== 0,
        });
        ctx.counters.add('tables');
      }
    } else if (q.kind === 'RopSetColumns' && ok) {
      const handle = handleAt(q.inputHandleIndex);
      if (handle !== undefined) {
        const info = session.handles.get(handle);
        if (info) info.columns = q.propertyTags;
        else session.handles.set(handle, { kind: 'table', createdFrame: frames.response.frame, releasedFrame: null, columns: q.propertyTags });
      }
    } else if (q.kind === 'RopResetTable' && ok) {
      const handle = handleAt(q.inputHandleIndex);
      const info = handle === undefined ? undefined : session.handles.get(handle);
      if (info) delete info.columns;
    } else if (q.kind === 'RopLogon' && ok) {
      session.handles.setLogon(q.logonId, (q.logonFlags & 0x01) !== 0);
      const handle = handleAt(q.outputHandleIndex);
      if (handle !== undefined) session.handles.set(handle, { kind: 'logon', createdFrame: frames.response.frame, releasedFrame: null });
    }
  }
  return { notifications, pending };
}

function emitNotification(
  ctx: AnalysisContext,
  session: Session,
  r: Extract<RopResponse, { kind: 'RopNotify' }>,
  frames: ExchangeFrames,
  signal: Session['pending'],
): void {
  const info = session.handles.get(r.notificationHandle);
  const fields = notificationFields(r.data);
  ctx.counters.add('notifications');
  ctx.counters.add(`notifications.${fields.notificationType}`);
  const target: NotificationEvent['target'] =
    info?.kind === 'subscription' ? 'subscription' : info?.kind === 'table' ? 'table' : 'unknown';
  const ev: NotificationEvent = {
    type: 'notification',
    ...ctx.base(frames.response, session),
    transport: frames.transport,
    handle: hex8(r.notificationHandle),
    subscriptionFrame: info && (info.kind === 'subscription' || info.kind === 'table') ? info.createdFrame : null,
    target,
    logonId: r.logonId,
    ...fields,
    pendingFrame: signal ? signal.frame : null,
    latencyMs: signal ? round3(diffMs(frames.response.time, signal.time)) : null,
    fetchFrame: frames.request.frame,
    // The two halves of that latency: the client's reaction, then the server's answer.
    signalToFetchMs: signal ? round3(Math.max(0, diffMs(frames.request.time, signal.time))) : null,
    fetchToDeliveryMs: round3(diffMs(frames.response.time, frames.request.time)),
  };
  ctx.emit(ev);
  checkNotification(ctx, session, r, info, frames);
}

function checkNotification(
  ctx: AnalysisContext,
  session: Session,
  r: Extract<RopResponse, { kind: 'RopNotify' }>,
  info: ReturnType<Session['handles']['get']>,
  frames: ExchangeFrames,
): void {
  const h = hex8(r.notificationHandle);
  if (!info && session.origin === 'inferred') {
    // The session began before the capture: its subscriptions and tables are not in it. Say so
    // once per handle and remember the handle, instead of warning on every notification.
    session.handles.set(r.notificationHandle, { kind: 'other', createdFrame: frames.response.frame, releasedFrame: null, preCapture: true });
    ctx.finding('notify.pre-capture-handle', `RopNotify for handle ${h}, created before the capture began (its RopRegisterNotification or table is not in the capture).`, frames.response, { session, flow: frames.flow });
  } else if (info?.preCapture) {
    // already reported
  } else if (!info || info.kind === 'logon' || info.kind === 'other') {
    ctx.finding('notify.unknown-handle', `RopNotify for handle ${h}, which is no subscription or table of this session; the client must ignore it.`, frames.response, { session, flow: frames.flow });
  } else if (info.kind === 'subscription' && info.releasedFrame !== null) {
    ctx.finding('notify.released-handle', `RopNotify for subscription ${h}, released by RopRelease in frame ${info.releasedFrame}.`, frames.response, { session, flow: frames.flow, frames: [info.releasedFrame] });
  }
  const nf = r.data.notificationFlags;
  const type = nf & 0x0fff;
  const problems: string[] = [];
  if (nf & 0x3000 && type !== 0x0010) problems.push('TotalMessageCount/UnreadMessageCount bits on a type other than ObjectModified');
  if (nf & 0x4000 && !(nf & 0x8000)) problems.push('S (search folder) without M (message)');
  if (type === 0x0400) problems.push('Extended (0x0400) is reserved and never sent by a server');
  if (![0x0002, 0x0004, 0x0008, 0x0010, 0x0020, 0x0040, 0x0080, 0x0100, 0x0200, 0x0400].includes(type)) problems.push(`unknown NotificationType 0x${type.toString(16)}`);
  if (problems.length) {
    ctx.finding('notify.flags', `NotificationFlags ${hex4(nf)} on handle ${h}: ${problems.join('; ')}.`, frames.response, { session, flow: frames.flow });
  }
  if (type === 0x0002 && !(nf & 0x8000)) {
    ctx.finding('notify.newmail-without-m', `NewMail on handle ${h} has NotificationFlags ${hex4(nf)} without M; MessageId is absent by the specification.`, frames.response, { session, flow: frames.flow });
  }
}

function emitRopPending(ctx: AnalysisContext, session: Session, sessionIndex: number, frames: ExchangeFrames): void {
  let target = ctx.sessions.bySessionIndex(sessionIndex, session);
  if (!target && session.sessionIndex === null && (session.origin === 'inferred' || session.transport === 'mapi-http')) {
    // A session inferred mid-capture learns its index from the first RopPending it carries; so does
    // a MAPI over HTTP session, whose Connect response has no picxr ([MS-OXCMAPIHTTP] 2.2.4.1.2).
    session.sessionIndex = sessionIndex;
    target = session;
  }
  ctx.counters.add('pending.RopPending');
  ctx.emit({
    type: 'pending',
    ...ctx.base(frames.response, session),
    via: 'RopPending',
    sessionIndex,
    targetSession: target ? target.id : null,
  });
  // Latency counts from the first signal the client had: re-sent signals do not reset it.
  if (target) target.pending ??= { frame: frames.response.frame, time: frames.response.time, via: 'RopPending' };
  else {
    ctx.finding('pending.unknown-session', `RopPending names SessionIndex ${sessionIndex}, which matches no session in the capture; the client must take no action.`, frames.response, { session, flow: frames.flow });
  }
}

