import type { CaptureTime } from '../core/capture-time.js';
import type { FrameRef } from '../core/frame-ref.js';
import { decodeRopRequestBuffer, decodeRopResponseBuffer } from '../dissectors/rops/rop-buffer.js';
import type { RopBuffer, RopRequest, RopResponse } from '../dissectors/rops/types.js';
import { decodeHeaderExtChain } from '../dissectors/rpc-ext/header-ext.js';
import type { CallEvent, Transport } from '../model/events.js';
import type { AnalysisContext } from './context.js';
import { EMPTY_ROP_CONTEXT } from './handles.js';
import { applyExchange } from './rop-exchange.js';
import type { Session } from './sessions.js';

/**
 * The ROP half of a call that carries ROP buffers: EcDoRpcExt2 (rgbIn/rgbOut) and MAPI over HTTP
 * Execute (RopBuffer), which share the RPC_HEADER_EXT framing ([MS-OXCMAPIHTTP] 2.2.4.2 mirrors
 * [MS-OXCRPC] 3.1.4.2). One implementation, so both transports decode and apply alike.
 */
export interface RopCallPlace {
  transport: Transport;
  flow: string;
}

/** Decodes a request chain (rgbIn / Execute RopBuffer) into its ROP buffers, reporting damage. */
export function decodeRopRequests(
  ctx: AnalysisContext,
  bytes: Uint8Array,
  session: Session | undefined,
  at: FrameRef,
  place: RopCallPlace,
): RopBuffer<RopRequest>[] {
  const opts = { session: session ?? null, flow: place.flow };
  const chain = decodeHeaderExtChain(bytes, ctx.limits);
  for (const d of chain.damage) ctx.damage('rpcext', d, at, opts);
  return chain.payloads.map((p) => {
    if (p.damage) ctx.damage('rpcext', p.damage, at, opts);
    const buf = decodeRopRequestBuffer(p.data, session?.handles ?? EMPTY_ROP_CONTEXT, ctx.limits);
    if (buf.damage) ctx.damage('rop', buf.damage, at, opts);
    return buf;
  });
}

/** A request with ROP buffers but no ROP in them is a poll ([MS-OXCNOTIF] 3.2.5.6, N6). */
export function notePoll(ctx: AnalysisContext, session: Session, reqBufs: RopBuffer<RopRequest>[] | null, requestTime: CaptureTime): Partial<CallEvent> {
  if (!reqBufs) return {};
  const ropsIn = reqBufs.flatMap((b) => b.rops.map((r) => r.name));
  const poll = ropsIn.length === 0;
  if (poll) {
    session.polls++;
    session.lastPollTime = requestTime;
    ctx.counters.add('polls');
  }
  return { ropsIn, poll };
}

/**
 * Decodes a response chain (rgbOut / Execute RopBuffer) against its request, and returns the ROP
 * names for the call event plus the effects to apply once that event is out (so the timeline reads:
 * the call, then what it delivered).
 */
export function decodeRopResponses(
  ctx: AnalysisContext,
  session: Session,
  reqBufs: RopBuffer<RopRequest>[] | null,
  bytes: Uint8Array,
  frames: { request: FrameRef; response: FrameRef },
  place: RopCallPlace,
): { ropsOut: string[]; apply: () => void } {
  const at = frames.response;
  const opts = { session, flow: place.flow };
  const ropsOut: string[] = [];
  const decoded: RopBuffer<RopResponse>[] = [];
  const chain = decodeHeaderExtChain(bytes, ctx.limits);
  for (const d of chain.damage) ctx.damage('rpcext', d, at, opts);
  chain.payloads.forEach((p, i) => {
    if (p.damage) ctx.damage('rpcext', p.damage, at, opts);
    // Only the first response buffer answers the request's ROPs; chained ones hold more notifications.
    const first = i === 0 ? reqBufs?.[0] : undefined;
    const buf = decodeRopResponseBuffer(p.data, first ? { rops: first.rops, handles: first.handles } : null, session.handles, ctx.limits);
    if (buf.damage) ctx.damage('rop', buf.damage, at, opts);
    for (const r of buf.rops) ropsOut.push(r.name);
    decoded.push(buf);
  });
  const apply = (): void => {
    decoded.forEach((buf, i) => {
      applyExchange(ctx, session, i === 0 ? reqBufs?.[0] ?? null : null, buf, {
        transport: place.transport,
        request: frames.request,
        response: at,
        flow: place.flow,
      });
    });
  };
  return { ropsOut, apply };
}
