import { diffMs } from '../core/capture-time.js';
import type { Damage } from '../core/damage.js';
import type { FrameRef } from '../core/frame-ref.js';
import { hex8, toHex } from '../core/hex.js';
import type { AuthInfo, DceRpcHandler, PresentationContext, RpcCall } from '../dissectors/dcerpc/types.js';
import { decodeEmsmdbRequest, decodeEmsmdbResponse } from '../dissectors/emsmdb/decode-call.js';
import { opnumName } from '../dissectors/emsmdb/interfaces.js';
import { decodeSockaddr } from '../dissectors/emsmdb/sockaddr.js';
import type { EmsmdbRequest, EmsmdbResponse, SockAddr } from '../dissectors/emsmdb/types.js';
import { decodeEptMapResponse } from '../dissectors/epm/ept-map.js';
import { errorName } from '../dissectors/oxcdata/error-codes.js';
import type { RopBuffer, RopRequest } from '../dissectors/rops/types.js';
import { endpointText } from '../model/json-encoding.js';
import type { CallEvent } from '../model/events.js';
import type { AnalysisContext, Layer } from './context.js';
import { decodeRopRequests, decodeRopResponses, notePoll } from './rop-call.js';
import { INFERRED_DETAILS, openSession, type ConnectionView } from './session-open.js';
import { applyRequestRops } from './rop-exchange.js';
import type { Session } from './sessions.js';
import { round3 } from '../core/round.js';

interface PendingCall {
  request?: EmsmdbRequest;
  session?: Session;
  ropRequests?: RopBuffer<RopRequest>[];
}

const EMSMDB_UUID = 'a4f1db00-ca47-1067-b31f-00dd010662da';
const ASYNC_UUID = '5261574a-4572-206e-b268-6b199213b4e4';

/**
 * Turns the DCE/RPC calls of one connection into EMSMDB/AsyncEMSMDB semantics: sessions, ROP
 * exchanges, async waits, push registrations, and a `call` event per call for the timeline.
 */
export class EmsmdbCallAnalyzer implements DceRpcHandler {
  private readonly calls = new Map<number, PendingCall>();
  private sealedReported = false;
  /** The session last used on this connection: calls without a context handle (EcDummyRpc) belong to it. */
  private lastSession: Session | undefined;

  constructor(
    private readonly ctx: AnalysisContext,
    private readonly conn: ConnectionView,
  ) {}

  /** The session this connection served last (RTS PDUs of RPC over HTTP are shown in it). */
  currentSession(): Session | null {
    return this.lastSession && !this.lastSession.ended ? this.lastSession : null;
  }

  onContext(pc: PresentationContext, _at: FrameRef): void {
    if (pc.accepted !== false) this.ctx.counters.add(`dcerpc.contexts.${pc.iface}`);
  }

  onAuth(auth: AuthInfo, at: FrameRef): void {
    this.ctx.counters.add(`dcerpc.auth.${auth.authTypeName}`);
    if (auth.authLevel === 6 && !this.sealedReported) {
      this.sealedReported = true;
      const line = `${this.conn.client()} → ${this.conn.server()}: encrypted: auth level privacy, ${auth.authTypeName}`;
      this.ctx.encrypted.push(line);
      this.ctx.counters.add('connections.sealed');
      this.ctx.finding('dcerpc.sealed', `Connection ${line}; its calls cannot be decoded.`, at, { flow: this.conn.flow });
    }
  }

  onDamage(d: Damage, at: FrameRef): void {
    this.ctx.damage('dcerpc', d, at, { flow: this.conn.flow });
  }

  onPdu(ptype: number, _at: FrameRef): void {
    this.ctx.counters.add(`dcerpc.pdus`);
    if (ptype === 20) this.ctx.counters.add('dcerpc.rts');
  }

  onRequest(call: RpcCall): void {
    const msg = call.request;
    // Sealed stubs are reported once per connection (onAuth); NDR64 stubs arrive empty with their damage already reported.
    if (!msg || msg.sealed || msg.damage?.reason === 'unsupported' || (call.iface !== 'EMSMDB' && call.iface !== 'AsyncEMSMDB')) return;
    const at = msg.last;
    const res = decodeEmsmdbRequest(call.iface, call.opnum, msg.stub, msg.littleEndian);
    if (res.damage) this.stubDamage(res.damage, at, null);
    const req = res.value;
    if (!req) return;
    const pc: PendingCall = { request: req };
    this.calls.set(call.seq, pc);
    switch (req.op) {
      case 'EcDoRpcExt2': {
        const session = this.sessionFor(req.cxh.key, req.cxh.isNull, msg.first);
        pc.session = session;
        pc.ropRequests = decodeRopRequests(this.ctx, req.rgbIn, session, at, this.conn);
        for (const b of pc.ropRequests) if (session) applyRequestRops(this.ctx, session, b, at);
        break;
      }
      case 'EcRRegisterPushNotification': {
        pc.session = this.ctx.sessions.byKey(req.cxh.key);
        const sa = this.sockaddr(req.callbackAddress, at, pc.session ?? null);
        if (sa) this.ctx.push.requestSeen(endpointText(sa.address, sa.port), at.frame);
        this.checkRegistrationParams(req, at, pc.session ?? null);
        break;
      }
      case 'EcDoAsyncWaitEx': {
        pc.session = this.ctx.sessions.byAsyncHandle(req.acxh.key);
        if (req.flagsIn !== 0) {
          this.ctx.finding('async.wait-flags', `EcDoAsyncWaitEx with ulFlagsIn ${hex8(req.flagsIn)}; the client must send 0.`, at, { session: pc.session ?? null, flow: this.conn.flow });
        }
        break;
      }
      case 'EcDoDisconnect':
      case 'EcDoAsyncConnectEx':
        pc.session = this.ctx.sessions.byKey(req.cxh.key);
        break;
      case 'EcRUnregisterPushNotification':
        pc.session = this.ctx.sessions.byKey(req.cxh.key);
        break;
      default:
        break;
    }
  }

  onComplete(call: RpcCall): void {
    const pc = this.calls.get(call.seq) ?? {};
    this.calls.delete(call.seq);
    this.ctx.counters.add(`calls.${call.fate}`);
    if (call.iface === 'EPM') {
      this.learnFromEpm(call);
      return;
    }
    if (call.iface !== 'EMSMDB' && call.iface !== 'AsyncEMSMDB') return;
    const at = call.response?.last ?? call.fault?.at ?? call.request?.last ?? this.ctx.lastFrame;
    let resp: EmsmdbResponse | undefined;
    if (call.response && !call.response.sealed && call.response.damage?.reason !== 'unsupported' && call.opnum >= 0) {
      const res = decodeEmsmdbResponse(call.iface, call.opnum, call.response.stub, call.response.littleEndian);
      if (res.damage) this.stubDamage(res.damage, at, pc.session ?? null);
      resp = res.value;
    }
    const extra: Partial<CallEvent> = {};
    let after: (() => void) | null = null;
    let session = pc.session ?? (call.opnum === 6 && this.lastSession && !this.lastSession.ended ? this.lastSession : undefined);
    const req = pc.request;
    if (resp) {
      switch (resp.op) {
        case 'EcDoConnectEx':
          session = this.onConnect(req?.op === 'EcDoConnectEx' ? req : undefined, resp, at);
          break;
        case 'EcDoRpcExt2':
          session ??= this.sessionFor(resp.cxh.key, resp.cxh.isNull, at);
          if (session) {
            const r = this.onRpcExt2(session, pc, resp, call, at);
            Object.assign(extra, r.extra);
            const s = session;
            after = () => {
              r.apply();
              if (resp.cxh.isNull && !s.ended) this.endSession(s, at, 'server-destroyed');
            };
          }
          break;
        case 'EcDoDisconnect':
          if (session && !session.ended) {
            const s = session;
            after = () => this.endSession(s, at, 'disconnect');
          }
          break;
        case 'EcRRegisterPushNotification':
          this.onRegistered(req?.op === 'EcRRegisterPushNotification' ? req : undefined, resp, session ?? null, call, at);
          break;
        case 'EcDoAsyncConnectEx':
          if (session && resp.returnValue === 0 && !resp.acxh.isNull) this.ctx.sessions.bindAsync(session, resp.acxh.key);
          break;
        case 'EcDoAsyncWaitEx':
          Object.assign(extra, this.onAsyncWait(session ?? null, resp, call, at));
          break;
        default:
          break;
      }
    }
    if (session && call.iface === 'EMSMDB') this.lastSession = session;
    this.emitCall(call, session ?? null, resp, at, extra);
    after?.();
  }

  // --- calls -------------------------------------------------------------------------------

  private onConnect(
    req: Extract<EmsmdbRequest, { op: 'EcDoConnectEx' }> | undefined,
    resp: Extract<EmsmdbResponse, { op: 'EcDoConnectEx' }>,
    at: FrameRef,
  ): Session | undefined {
    if (resp.returnValue !== 0 || resp.cxh.isNull) return undefined;
    return openSession(this.ctx, this.conn, at, resp.cxh.key, 'connect', {
      contextHandle: resp.cxh.key,
      userDN: req?.userDN ?? null,
      sessionIndex: resp.icxr,
      pollsMaxMs: resp.pollsMax,
      serverVersion: versionText(resp.serverVersion),
      displayName: resp.displayName,
      returnValue: hex8(resp.returnValue),
    });
  }

  /**
   * Decodes rgbOut and returns the call's ROP summary plus the effects to apply after the call
   * event is emitted (so the timeline reads: call, then what it delivered).
   */
  private onRpcExt2(
    session: Session,
    pc: PendingCall,
    resp: Extract<EmsmdbResponse, { op: 'EcDoRpcExt2' }>,
    call: RpcCall,
    at: FrameRef,
  ): { extra: Partial<CallEvent>; apply: () => void } {
    const reqBufs = pc.ropRequests ?? null;
    const extra = notePoll(this.ctx, session, reqBufs, call.request?.first.time ?? at.time);
    if (resp.returnValue !== 0 || resp.rgbOut.length === 0) return { extra: { ...extra, ropsOut: [] }, apply: () => undefined };
    const out = decodeRopResponses(this.ctx, session, reqBufs, resp.rgbOut, { request: call.request?.first ?? at, response: at }, this.conn);
    return { extra: { ...extra, ropsOut: out.ropsOut }, apply: out.apply };
  }

  private onRegistered(
    req: Extract<EmsmdbRequest, { op: 'EcRRegisterPushNotification' }> | undefined,
    resp: Extract<EmsmdbResponse, { op: 'EcRRegisterPushNotification' }>,
    session: Session | null,
    call: RpcCall,
    at: FrameRef,
  ): void {
    const sa = req ? this.sockaddr(req.callbackAddress, at, session, false) : null;
    const callbackKey = sa ? endpointText(sa.address, sa.port) : null;
    this.ctx.counters.add(resp.returnValue === 0 ? 'push.registrations' : 'push.registrations.refused');
    this.ctx.emit({
      type: 'push-registration',
      ...this.ctx.base(at, session),
      callback: sa ? { family: sa.family, address: sa.address, port: sa.port } : null,
      ...(sa || !req ? {} : { callbackRaw: toHex(req.callbackAddress) }),
      context: req ? toHex(req.context) : '',
      adviseBits: hex8(req?.adviseBits ?? 0),
      hNotification: hex8(resp.hNotification),
      returnValue: hex8(resp.returnValue),
      returnName: errorName(resp.returnValue),
      requestFrame: call.request?.first.frame ?? at.frame,
    });
    if (!callbackKey) return;
    if (resp.returnValue === 0 && session && req) {
      this.ctx.push.add({ session, callback: callbackKey, context: req.context.slice(), frame: at.frame, endedFrame: null });
    } else {
      this.ctx.push.refused(callbackKey);
      if (resp.returnValue !== 0) {
        this.ctx.finding('push.registration-refused', `The server refused EcRRegisterPushNotification with ${hex8(resp.returnValue)} (${errorName(resp.returnValue) ?? 'unknown'}); the client must fall back to polling or asynchronous wait.`, at, { session, flow: this.conn.flow });
      }
    }
  }

  private onAsyncWait(
    session: Session | null,
    resp: Extract<EmsmdbResponse, { op: 'EcDoAsyncWaitEx' }>,
    call: RpcCall,
    at: FrameRef,
  ): Partial<CallEvent> {
    const started = call.request?.first;
    const heldMs = started ? round3(diffMs(at.time, started.time)) : undefined;
    if (!session && call.request) {
      this.ctx.finding('async.unknown-acxh', 'EcDoAsyncWaitEx on an asynchronous context handle whose EcDoAsyncConnectEx is not in the capture; it cannot be tied to a session.', at, { flow: this.conn.flow });
    }
    if (resp.returnValue === 0 && (resp.flagsOut & 0x1) !== 0) {
      this.ctx.counters.add('pending.EcDoAsyncWaitEx');
      this.ctx.emit({
        type: 'pending',
        ...this.ctx.base(at, session),
        via: 'EcDoAsyncWaitEx',
        ...(started ? { requestFrame: started.frame } : {}),
        ...(heldMs !== undefined ? { heldMs } : {}),
        flagsOut: hex8(resp.flagsOut),
        returnValue: hex8(resp.returnValue),
      });
      if (session) session.pending ??= { frame: at.frame, time: at.time, via: 'EcDoAsyncWaitEx' };
    }
    return {};
  }

  private emitCall(call: RpcCall, session: Session | null, resp: EmsmdbResponse | undefined, at: FrameRef, extra: Partial<CallEvent>): void {
    const req = call.request;
    const ret = resp && 'returnValue' in resp ? resp.returnValue : call.fault ? call.fault.status : null;
    const retName = resp && 'returnValue' in resp ? errorName(resp.returnValue) : call.fault ? call.fault.statusName : null;
    this.ctx.counters.add(`calls.${call.iface}.${opnumName(call.iface, call.opnum)}`);
    this.ctx.emit({
      type: 'call',
      ...this.ctx.base(at, session),
      transport: this.conn.transport,
      connection: this.conn.id,
      interface: call.iface,
      operation: call.opnum >= 0 ? opnumName(call.iface, call.opnum) : 'unknown',
      callId: call.callId,
      requestFrame: req ? req.first.frame : null,
      durationMs: req && call.response ? round3(diffMs(call.response.last.time, req.first.time)) : null,
      returnValue: ret === null ? null : hex8(ret),
      returnName: retName,
      fate: call.fate,
      ...(this.conn.virtualConnection ? { virtualConnection: this.conn.virtualConnection } : {}),
      ...extra,
    });
  }

  // --- helpers -----------------------------------------------------------------------------

  private sessionFor(cxhKey: string, isNull: boolean, at: FrameRef): Session | undefined {
    const known = this.ctx.sessions.byKey(cxhKey);
    if (known || isNull) return known;
    // The capture began after EcDoConnectEx: infer the session from its context handle.
    return openSession(this.ctx, this.conn, at, cxhKey, 'inferred', { ...INFERRED_DETAILS, contextHandle: cxhKey });
  }

  private endSession(session: Session, at: FrameRef, reason: 'disconnect' | 'server-destroyed'): void {
    this.ctx.endSession(session, at, reason);
  }

  private sockaddr(bytes: Uint8Array, at: FrameRef, session: Session | null, report = true): SockAddr | null {
    try {
      return decodeSockaddr(bytes);
    } catch (err) {
      if (report) {
        const msg = err instanceof Error ? err.message : String(err);
        this.ctx.finding('push.registration-params', `EcRRegisterPushNotification callback address is not a valid SOCKADDR: ${msg}.`, at, { session, flow: this.conn.flow });
      }
      return null;
    }
  }

  private checkRegistrationParams(req: Extract<EmsmdbRequest, { op: 'EcRRegisterPushNotification' }>, at: FrameRef, session: Session | null): void {
    const problems: string[] = [];
    if (req.iRpc !== 0) problems.push(`iRpc ${hex8(req.iRpc)} (must be 0)`);
    if (req.adviseBits !== 0xffffffff) problems.push(`grbitAdviseBits ${hex8(req.adviseBits)} (must be 0xFFFFFFFF)`);
    if (req.cbContext > 16) problems.push(`cbContext ${req.cbContext} (at most 16; the server must answer ecTooBig)`);
    const fam = req.callbackAddress.length >= 2 ? req.callbackAddress[0]! | (req.callbackAddress[1]! << 8) : -1;
    const expected = fam === 2 ? 16 : fam === 23 ? 28 : null;
    if (expected !== null && req.cbCallbackAddress !== expected) problems.push(`cbCallbackAddress ${req.cbCallbackAddress} for family ${fam} (must be ${expected})`);
    if (problems.length) {
      this.ctx.finding('push.registration-params', `EcRRegisterPushNotification: ${problems.join('; ')}.`, at, { session, flow: this.conn.flow });
    }
  }

  private learnFromEpm(call: RpcCall): void {
    if (!call.response || call.response.sealed || call.opnum !== 3) return;
    const res = decodeEptMapResponse(call.response.stub, call.response.littleEndian);
    for (const t of res.towers) {
      if ((t.uuid === EMSMDB_UUID || t.uuid === ASYNC_UUID) && t.protocol === 'tcp' && t.port !== null) {
        this.ctx.learnedPorts.add(t.port);
        this.ctx.counters.add('epm.ports-learned');
      }
    }
  }

  private stubDamage(d: Damage, at: FrameRef, session: Session | null): void {
    const layer: Layer = 'emsmdb';
    this.ctx.damage(layer, d, at, { session, flow: this.conn.flow });
  }
}

function versionText(v: [number, number, number]): string {
  // [MS-OXCRPC] 3.1.4.11 / reference §2.12: the high bit of the second WORD selects the new format.
  const [w0, w1, w2] = v;
  if (w1 & 0x8000) return `${w0 >> 8}.${w0 & 0xff}.${w1 & 0x7fff}.${w2}`;
  return `${w0}.0.${w1}.${w2}`;
}

