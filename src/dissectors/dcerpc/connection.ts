import { damageFrom, type Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import type { Limits } from '../../core/limits.js';
import { inferEmsmdbInterface } from '../emsmdb/infer-interface.js';
import { soleOpnum } from '../emsmdb/interfaces.js';
import type { ConnectionInfo, Direction, EndReason, StreamChunk, StreamSink } from '../transport/types.js';
import { Association } from './association.js';
import { bodyExtent, verificationTrailerStart, type SecTrailer } from './auth-verifier.js';
import { decodeBind, decodeBindAck, decodeBindNak } from './bind.js';
import { AUTH_LEVEL_PKT_PRIVACY, COMMON_HEADER_LENGTH, PFC, PTYPE, authLevelName, authTypeName, ptypeName, ptypeSender } from './constants.js';
import { decodeFault } from './fault.js';
import { MessageAssembly } from './fragment-assembly.js';
import { PduFramer } from './pdu-framer.js';
import { readPduHeader, type PduHeader } from './pdu-header.js';
import { decodeRequestFields, decodeResponseFields } from './request-response.js';
import type { AuthInfo, DceRpcHandler, InterfaceName, PresentationContext, RpcCall, RpcMessage } from './types.js';

/** Guesses the interface of a request on a context whose bind the capture does not hold. */
export type InterfaceInference = (opnum: number, stub: Uint8Array, littleEndian: boolean) => InterfaceName | null;

export interface DceRpcConnectionOptions {
  /**
   * Skip "ncacn_http/1.0" if it opens a direction (RPC over HTTP proxy-to-server legs). Default true:
   * the string cannot begin a PDU, so looking for it costs nothing on other connections.
   */
  legacyPrefix?: boolean;
  /** Interface inference for calls on unbound contexts; null disables it. Default: EcDoRpcExt2 check. */
  inferInterface?: InterfaceInference | null;
  /** Source of RpcCall.seq, shared by the connections of one run; a module-wide counter by default. */
  nextSeq?: () => number;
}

/** An RpcCall as this layer builds it; `ifaceInferred` marks an interface guessed without a bind. */
export interface DceRpcCall extends RpcCall {
  ifaceInferred?: boolean;
}

export function isIfaceInferred(call: RpcCall): boolean {
  return (call as DceRpcCall).ifaceInferred === true;
}

let moduleSeq = 0;
const defaultSeq = (): number => ++moduleSeq;

const DIR_NAME = ['a→b', 'b→a'] as const;

/**
 * One TCP connection (or RPC over HTTP virtual connection) carrying connection-oriented DCE/RPC.
 * Frames both directions, keeps the presentation contexts, reassembles fragments per call_id, pairs
 * responses and faults to requests by call_id (never by context id: an EcDoAsyncWaitEx response comes
 * minutes later, with other calls in between) and decides each call's fate. Bad input becomes Damage
 * reported to the handler; nothing is thrown for it.
 */
export class DceRpcConnection implements StreamSink {
  private readonly framers: [PduFramer, PduFramer];
  private readonly assoc = new Association();
  private readonly requests = new Map<number, MessageAssembly>();
  private readonly responses = new Map<number, MessageAssembly>();
  private readonly outstanding = new Map<number, DceRpcCall>();
  private readonly infer: InterfaceInference | null;
  private readonly nextSeq: () => number;
  private client: Direction | null = null;
  private lastRequestCallId: number | null = null;
  private auth: AuthInfo | null = null;
  private ended = false;

  constructor(
    private readonly conn: ConnectionInfo,
    private readonly handler: DceRpcHandler,
    private readonly limits: Limits,
    opts: DceRpcConnectionOptions = {},
  ) {
    this.infer = opts.inferInterface === undefined ? inferEmsmdbInterface : opts.inferInterface;
    this.nextSeq = opts.nextSeq ?? defaultSeq;
    const make = (dir: Direction): PduFramer =>
      new PduFramer(
        {
          pdu: (pdu, at, offset) => this.onPduBytes(dir, pdu, at, offset),
          damage: (d, at) => this.handler.onDamage(d, at),
        },
        {
          maxFragment: limits.maxDcerpcFragment,
          legacyPrefix: opts.legacyPrefix ?? true,
          midStream: !conn.handshakeSeen,
          vouch: (b, p) => this.knownCallId(b, p),
        },
      );
    this.framers = [make(0), make(1)];
  }

  /** The direction the client sends in, learnt from PDU types (bind/request… vs ack/response…). */
  clientDirection(): Direction | null {
    return this.client;
  }

  /** Presentation contexts known so far (copies). */
  contexts(): PresentationContext[] {
    return this.assoc.all();
  }

  data(dir: Direction, chunk: StreamChunk): void {
    if (this.ended) return;
    this.framers[dir].push(chunk.data, chunk.at, chunk.streamOffset);
  }

  gap(dir: Direction, lost: number | 'unknown', at: FrameRef): void {
    if (this.ended) return;
    const effect = this.framers[dir].gap(lost);
    const lostText = typeof lost === 'number' ? `${lost} bytes` : 'an unknown number of bytes';
    let cutCall: number | null = null;
    if (effect.cut) cutCall = this.damageCutPdu(dir, effect.cut, at, lostText);
    let marked = 0;
    if (effect.resync) {
      for (const table of [this.requests, this.responses]) {
        for (const asm of table.values()) {
          if (asm.dir !== dir || asm.callId === cutCall) continue;
          asm.incomplete = true;
          asm.setDamage({ reason: 'gap', offset: 0, field: `${asm.kind} fragments`, detail: `${lostText} lost in direction ${DIR_NAME[dir]} while call_id ${asm.callId} was in reassembly` });
          asm.reported = true;
          marked++;
        }
      }
    }
    const detail = effect.resync
      ? `${lostText} lost in direction ${DIR_NAME[dir]}; resynchronising on the next PDU header${marked ? `; ${marked} call(s) in reassembly marked damaged` : ''}`
      : cutCall !== null
        ? `${lostText} lost inside a PDU of call_id ${cutCall} (direction ${DIR_NAME[dir]}); its remainder is skipped and the call marked damaged`
        : `${lostText} lost in direction ${DIR_NAME[dir]} inside a PDU; its remainder is skipped`;
    if (effect.resync || effect.cut) this.handler.onDamage({ reason: 'gap', offset: 0, field: 'stream', detail }, at);
  }

  end(_reason: EndReason, at: FrameRef): void {
    if (this.ended) return;
    for (const dir of [0, 1] as const) {
      const cut = this.framers[dir].finish(at);
      if (cut) this.damageCutPdu(dir, cut, at, null);
    }
    this.ended = true;
    for (const asm of [...this.requests.values()]) {
      asm.incomplete = true;
      this.noteDamage(asm, { reason: 'truncated', offset: 0, field: 'request fragments', detail: `connection ended before the last fragment of the request of call_id ${asm.callId}` }, at);
      this.finishRequest(asm, at);
    }
    for (const asm of [...this.responses.values()]) {
      asm.incomplete = true;
      this.noteDamage(asm, { reason: 'truncated', offset: 0, field: 'response fragments', detail: `connection ended before the last fragment of the response of call_id ${asm.callId}` }, at);
      this.finishResponse(asm, at);
    }
    for (const call of [...this.outstanding.values()]) {
      this.outstanding.delete(call.callId);
      call.fate = 'response-lost';
      this.handler.onComplete(call);
    }
  }

  /**
   * Resync evidence for a candidate header no next header can confirm: a response or fault for a call
   * we wait on, a request continuing a reassembly or just after the last request's call_id (clients
   * count call_ids up by one per call), or an RTS PDU (call_id 0, flags 0x03).
   */
  private knownCallId(b: Uint8Array, p: number): boolean {
    const le = b[p + 4] === 0x10;
    const callId = le ? (b[p + 12]! | (b[p + 13]! << 8) | (b[p + 14]! << 16) | (b[p + 15]! << 24)) >>> 0 : ((b[p + 12]! << 24) | (b[p + 13]! << 16) | (b[p + 14]! << 8) | b[p + 15]!) >>> 0;
    switch (b[p + 2]) {
      case PTYPE.response:
      case PTYPE.fault:
        return this.outstanding.has(callId) || this.responses.has(callId);
      case PTYPE.request:
        return this.requests.has(callId) || (this.lastRequestCallId !== null && callId > this.lastRequestCallId && callId - this.lastRequestCallId <= 4);
      case PTYPE.rts:
        return callId === 0 && b[p + 3] === 0x03;
      default:
        return false;
    }
  }

  // ---- PDUs ---------------------------------------------------------------------------------

  private onPduBytes(dir: Direction, pdu: Uint8Array, at: FrameRef, offset: number): void {
    if (this.ended) return;
    let hdr: PduHeader;
    try {
      hdr = readPduHeader(pdu);
    } catch (err) {
      this.report(err, offset, at);
      return;
    }
    this.handler.onPdu?.(hdr.ptype, at);
    if (this.client === null) {
      const sender = ptypeSender(hdr.ptype);
      if (sender === 'client') this.client = dir;
      else if (sender === 'server') this.client = dir === 0 ? 1 : 0;
    }
    try {
      switch (hdr.ptype) {
        case PTYPE.request:
          this.onRequestPdu(dir, pdu, hdr, at, offset);
          break;
        case PTYPE.response:
          this.onResponsePdu(dir, pdu, hdr, at, offset);
          break;
        case PTYPE.fault:
          this.onFaultPdu(pdu, hdr, at, offset);
          break;
        case PTYPE.bind:
        case PTYPE.alter_context: {
          const ext = this.extent(pdu, hdr, COMMON_HEADER_LENGTH, at, offset);
          const body = decodeBind(pdu, hdr, ext);
          for (const ctx of this.assoc.offer(hdr.callId, body)) this.handler.onContext(ctx, at);
          break;
        }
        case PTYPE.bind_ack:
        case PTYPE.alter_context_resp: {
          const ext = this.extent(pdu, hdr, COMMON_HEADER_LENGTH, at, offset);
          const body = decodeBindAck(pdu, hdr, ext);
          for (const ctx of this.assoc.acknowledge(hdr.callId, body)) this.handler.onContext(ctx, at);
          break;
        }
        case PTYPE.bind_nak: {
          decodeBindNak(pdu, hdr);
          for (const ctx of this.assoc.refuse(hdr.callId)) this.handler.onContext(ctx, at);
          break;
        }
        case PTYPE.rpc_auth_3:
        case PTYPE.shutdown:
        case PTYPE.co_cancel:
        case PTYPE.orphaned:
          if (hdr.authLength > 0) this.extent(pdu, hdr, COMMON_HEADER_LENGTH, at, offset);
          break;
        case PTYPE.rts:
          break; // RPC over HTTP flow control: counted through onPdu
        default:
          this.handler.onDamage(
            { reason: 'malformed', offset: offset + 2, field: 'PTYPE', detail: `${ptypeName(hdr.ptype)} is not a connection-oriented PDU type` },
            at,
          );
      }
    } catch (err) {
      this.report(err, offset, at);
    }
  }

  /** Where the body ends before auth padding/sec_trailer; notes the auth trailer. */
  private extent(pdu: Uint8Array, hdr: PduHeader, bodyStart: number, at: FrameRef, offset: number): number {
    const ext = bodyExtent(pdu, hdr, bodyStart);
    if (ext.damage) this.handler.onDamage({ ...ext.damage, offset: ext.damage.offset + offset }, at);
    if (ext.trailer) this.noteAuth(ext.trailer, at);
    return ext.stubEnd;
  }

  private noteAuth(t: SecTrailer, at: FrameRef): void {
    if (this.auth && this.auth.authType === t.authType && this.auth.authLevel === t.authLevel) return;
    this.auth = { authType: t.authType, authTypeName: authTypeName(t.authType), authLevel: t.authLevel, authLevelName: authLevelName(t.authLevel) };
    this.handler.onAuth({ ...this.auth }, at);
  }

  /** Stub of a request/response fragment, or null when sealed (auth level privacy). */
  private stubOf(pdu: Uint8Array, hdr: PduHeader, stubStart: number, at: FrameRef, offset: number): Uint8Array | null {
    const ext = bodyExtent(pdu, hdr, stubStart);
    if (ext.damage) this.handler.onDamage({ ...ext.damage, offset: ext.damage.offset + offset }, at);
    if (ext.trailer) {
      this.noteAuth(ext.trailer, at);
      if (ext.trailer.authLevel === AUTH_LEVEL_PKT_PRIVACY) return null;
    }
    return pdu.subarray(stubStart, ext.stubEnd);
  }

  private onRequestPdu(dir: Direction, pdu: Uint8Array, hdr: PduHeader, at: FrameRef, offset: number): void {
    const f = decodeRequestFields(pdu, hdr);
    this.lastRequestCallId = hdr.callId;
    const stub = this.stubOf(pdu, hdr, f.stubStart, at, offset);
    const asm = this.fragment(this.requests, 'request', dir, hdr, f.contextId, f.opnum, at, offset);
    const d = asm.add(stub, at, this.limits.maxDcerpcCallBytes, offset);
    if (d) this.noteDamage(asm, d, at);
    if (hdr.flags & PFC.LAST_FRAG) this.finishRequest(asm, at);
  }

  private onResponsePdu(dir: Direction, pdu: Uint8Array, hdr: PduHeader, at: FrameRef, offset: number): void {
    const f = decodeResponseFields(pdu, hdr);
    const stub = this.stubOf(pdu, hdr, f.stubStart, at, offset);
    const asm = this.fragment(this.responses, 'response', dir, hdr, f.contextId, -1, at, offset);
    const d = asm.add(stub, at, this.limits.maxDcerpcCallBytes, offset);
    if (d) this.noteDamage(asm, d, at);
    if (hdr.flags & PFC.LAST_FRAG) this.finishResponse(asm, at);
  }

  private onFaultPdu(pdu: Uint8Array, hdr: PduHeader, at: FrameRef, offset: number): void {
    const body = decodeFault(pdu, hdr);
    if (hdr.authLength > 0) this.extent(pdu, hdr, 32, at, offset);
    this.closeRequestEarly(hdr.callId, at, 'a fault');
    this.responses.delete(hdr.callId); // a fault ends the call; response fragments are moot
    const call = this.takeOutstanding(hdr.callId) ?? this.orphan(hdr.callId, body.contextId);
    call.fault = { status: body.status, statusName: body.statusName, at };
    call.fate = 'fault';
    this.handler.onComplete(call);
  }

  /** The assembly a fragment belongs to: new on FIRST_FRAG, existing otherwise (or new, damaged). */
  private fragment(
    table: Map<number, MessageAssembly>,
    kind: 'request' | 'response',
    dir: Direction,
    hdr: PduHeader,
    contextId: number,
    opnum: number,
    at: FrameRef,
    offset: number,
  ): MessageAssembly {
    let asm = table.get(hdr.callId);
    if (hdr.flags & PFC.FIRST_FRAG) {
      if (asm) {
        this.noteDamage(asm, { reason: 'malformed', offset, field: 'pfc_flags', detail: `a new first fragment for call_id ${hdr.callId} arrived before the ${kind}'s last fragment` }, at);
        asm.incomplete = true;
        if (kind === 'request') this.finishRequest(asm, at);
        else this.finishResponse(asm, at);
      }
      asm = this.newAssembly(table, kind, dir, hdr, contextId, opnum, at);
    } else if (!asm) {
      asm = this.newAssembly(table, kind, dir, hdr, contextId, opnum, at);
      asm.incomplete = true;
      this.noteDamage(asm, { reason: 'gap', offset, field: 'pfc_flags', detail: `${kind} of call_id ${hdr.callId}: fragment without its first fragment (capture began mid-call or it was lost)` }, at);
    }
    return asm;
  }

  private newAssembly(
    table: Map<number, MessageAssembly>,
    kind: 'request' | 'response',
    dir: Direction,
    hdr: PduHeader,
    contextId: number,
    opnum: number,
    at: FrameRef,
  ): MessageAssembly {
    // Single-fragment messages never wait in the table, so only true reassemblies count toward the cap.
    const single = (hdr.flags & (PFC.FIRST_FRAG | PFC.LAST_FRAG)) === (PFC.FIRST_FRAG | PFC.LAST_FRAG);
    if (!single) this.makeRoomForAssembly(at);
    const asm = new MessageAssembly(kind, hdr.callId, dir, contextId, opnum, hdr.littleEndian, at);
    if (!single) table.set(hdr.callId, asm);
    return asm;
  }

  private makeRoomForAssembly(at: FrameRef): void {
    const cap = Math.max(1, this.limits.maxDcerpcCallsInReassembly);
    while (this.requests.size + this.responses.size >= cap) {
      const oldestReq = this.requests.values().next().value;
      const oldestResp = this.responses.values().next().value;
      const victim = !oldestResp || (oldestReq && compareFrames(oldestReq.first, oldestResp.first) <= 0) ? oldestReq : oldestResp;
      if (!victim) return;
      victim.incomplete = true;
      this.noteDamage(victim, { reason: 'limit', offset: 0, field: 'maxDcerpcCallsInReassembly', detail: `more than ${cap} calls in fragment reassembly; the ${victim.kind} of call_id ${victim.callId} is closed incomplete` }, at);
      if (victim.kind === 'request') this.finishRequest(victim, at);
      else this.finishResponse(victim, at, 'evicted');
    }
  }

  // ---- calls --------------------------------------------------------------------------------

  private finishRequest(asm: MessageAssembly, at: FrameRef): void {
    if (this.requests.get(asm.callId) === asm) this.requests.delete(asm.callId);
    const msg = asm.finish();
    if (!msg.sealed && msg.stub.length > 0) {
      const vt = verificationTrailerStart(msg.stub);
      if (vt >= 0) msg.stub = msg.stub.subarray(0, vt);
    }
    let { iface, inferred } = this.assoc.interfaceOf(asm.contextId);
    if (!inferred && iface === 'unknown' && this.infer && this.assoc.isUnbound(asm.contextId) && !msg.sealed && !asm.incomplete) {
      const guess = this.infer(asm.opnum, msg.stub, msg.littleEndian);
      if (guess) {
        this.assoc.infer(asm.contextId, guess);
        iface = guess;
        inferred = true;
      }
    }
    const call: DceRpcCall = {
      seq: this.nextSeq(),
      connectionId: this.conn.id,
      callId: asm.callId,
      contextId: asm.contextId,
      opnum: asm.opnum,
      iface,
      request: msg,
      fate: 'open',
    };
    if (inferred) call.ifaceInferred = true;
    this.checkTransfer(call, msg, at);
    const previous = this.takeOutstanding(asm.callId);
    if (previous) {
      // A call_id reused while the earlier call still waits: the earlier response will not be told apart.
      previous.fate = 'response-lost';
      this.handler.onDamage({ reason: 'malformed', offset: 0, field: 'call_id', detail: `call_id ${asm.callId} reused before the earlier call's response` }, at);
      this.handler.onComplete(previous);
    }
    this.makeRoomForCall(at);
    this.outstanding.set(call.callId, call);
    this.handler.onRequest(call);
  }

  private finishResponse(asm: MessageAssembly, at: FrameRef, fate?: 'evicted'): void {
    if (this.responses.get(asm.callId) === asm) this.responses.delete(asm.callId);
    this.closeRequestEarly(asm.callId, at, 'its response');
    const msg = asm.finish();
    const call = this.takeOutstanding(asm.callId) ?? this.orphan(asm.callId, asm.contextId);
    call.response = msg;
    if (call.request === undefined) {
      call.fate = 'request-lost';
      this.checkTransfer(call, msg, at);
    } else {
      call.fate = fate ?? (asm.incomplete ? 'response-lost' : 'complete');
      const ctx = this.assoc.get(call.contextId);
      if (ctx?.transfer === 'ndr64') emptyStub(msg, call);
    }
    this.handler.onComplete(call);
  }

  /** A request still in reassembly when its response or fault arrives will get no more fragments. */
  private closeRequestEarly(callId: number, at: FrameRef, what: string): void {
    const req = this.requests.get(callId);
    if (!req) return;
    req.incomplete = true;
    this.noteDamage(req, { reason: 'gap', offset: 0, field: 'request fragments', detail: `${what} arrived before the last fragment of the request of call_id ${callId}` }, at);
    this.finishRequest(req, at);
  }

  /** A call whose request the capture does not hold (began mid-call, or a gap ate it). */
  private orphan(callId: number, contextId: number): DceRpcCall {
    const { iface, inferred } = this.assoc.interfaceOf(contextId);
    const call: DceRpcCall = {
      seq: this.nextSeq(),
      connectionId: this.conn.id,
      callId,
      contextId,
      opnum: soleOpnum(iface) ?? -1,
      iface,
      fate: 'open',
    };
    if (inferred) call.ifaceInferred = true;
    return call;
  }

  private takeOutstanding(callId: number): DceRpcCall | undefined {
    const call = this.outstanding.get(callId);
    if (call) this.outstanding.delete(callId);
    return call;
  }

  private makeRoomForCall(at: FrameRef): void {
    const cap = Math.max(1, this.limits.maxDcerpcOutstandingCalls);
    while (this.outstanding.size >= cap) {
      const oldest = this.outstanding.values().next().value;
      if (!oldest) return;
      this.outstanding.delete(oldest.callId);
      oldest.fate = 'evicted';
      this.handler.onDamage(
        { reason: 'limit', offset: 0, field: 'maxDcerpcOutstandingCalls', detail: `more than ${cap} calls await a response; call_id ${oldest.callId} is given up` },
        at,
      );
      this.handler.onComplete(oldest);
    }
  }

  /** NDR64 stubs are not decoded: the message keeps no stub and says why, once per call. */
  private checkTransfer(call: DceRpcCall, msg: RpcMessage, at: FrameRef): void {
    const ctx = this.assoc.get(call.contextId);
    if (ctx?.transfer !== 'ndr64' || msg.sealed) return;
    const d = emptyStub(msg, call);
    this.handler.onDamage(d, at);
  }

  /** Damage on a message, reported once (the first cause). */
  private noteDamage(asm: MessageAssembly, d: Damage, at: FrameRef): void {
    const fresh = asm.setDamage(d);
    if (fresh && !asm.reported) {
      asm.reported = true;
      this.handler.onDamage(fresh, at);
    }
  }

  /** A PDU the gap or the end of the stream cut short: its call is marked damaged. Returns its call_id. */
  private damageCutPdu(dir: Direction, cut: Uint8Array, at: FrameRef, lostText: string | null): number | null {
    if (cut.length < COMMON_HEADER_LENGTH) return null;
    let hdr: PduHeader;
    try {
      hdr = readPduHeader(cut.subarray(0, COMMON_HEADER_LENGTH).slice(), 0);
    } catch {
      return null;
    }
    if (hdr.ptype !== PTYPE.request && hdr.ptype !== PTYPE.response) return null;
    if (hdr.ptype === PTYPE.request) this.lastRequestCallId = hdr.callId;
    const kind = hdr.ptype === PTYPE.request ? 'request' : 'response';
    const table = kind === 'request' ? this.requests : this.responses;
    const contextId = cut.length >= 22 ? (hdr.littleEndian ? cut[20]! | (cut[21]! << 8) : (cut[20]! << 8) | cut[21]!) : -1;
    const opnum = kind === 'request' && cut.length >= 24 ? (hdr.littleEndian ? cut[22]! | (cut[23]! << 8) : (cut[22]! << 8) | cut[23]!) : -1;
    const last = (hdr.flags & PFC.LAST_FRAG) !== 0;
    let asm = table.get(hdr.callId);
    if (!asm) {
      asm = new MessageAssembly(kind, hdr.callId, dir, contextId, opnum, hdr.littleEndian, at);
      if (!last) {
        this.makeRoomForAssembly(at);
        table.set(hdr.callId, asm);
      }
    }
    asm.incomplete = true;
    asm.last = at;
    const detail = lostText
      ? `${lostText} lost inside a fragment of the ${kind} of call_id ${hdr.callId}; the ${kind} is incomplete`
      : `the stream ended inside a fragment of the ${kind} of call_id ${hdr.callId}`;
    // The gap or truncation itself is reported by the caller or the framer; the message carries it.
    asm.setDamage({ reason: lostText ? 'gap' : 'truncated', offset: 0, field: `${kind} fragment`, detail });
    asm.reported = true;
    if (last) {
      if (kind === 'request') this.finishRequest(asm, at);
      else this.finishResponse(asm, at);
    }
    return hdr.callId;
  }

  private report(err: unknown, offset: number, at: FrameRef): void {
    const d = damageFrom(err);
    this.handler.onDamage({ ...d, offset: d.offset + offset }, at);
  }
}

function emptyStub(msg: RpcMessage, call: RpcCall): Damage {
  const d: Damage = { reason: 'unsupported', offset: 0, field: 'transfer syntax', detail: `call_id ${call.callId} uses NDR64, which is not decoded (NDR20 only)` };
  msg.stub = new Uint8Array(0);
  msg.damage ??= d;
  return d;
}

function compareFrames(a: FrameRef, b: FrameRef): number {
  return a.frame - b.frame;
}
