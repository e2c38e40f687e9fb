import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';

/** Interfaces we recognise from the bind (by UUID and version, never by port). */
export type InterfaceName = 'EMSMDB' | 'AsyncEMSMDB' | 'EPM' | 'unknown';

export interface PresentationContext {
  id: number;
  /** Canonical lower-case UUID text, e.g. "a4f1db00-ca47-1067-b31f-00dd010662da". */
  abstractUuid: string;
  /** if_version as major/minor (EMSMDB on the wire: major 0, minor 81). */
  major: number;
  minor: number;
  iface: InterfaceName;
  /** Transfer syntax accepted by the bind_ack/alter_context_resp, when seen. */
  transfer: 'ndr20' | 'ndr64' | 'unknown';
  /** null until the ack is seen. */
  accepted: boolean | null;
}

export interface AuthInfo {
  authType: number;
  authTypeName: string;
  authLevel: number;
  authLevelName: string;
}

export interface RpcMessage {
  /** Reassembled stub (an owned copy, verification trailer stripped); empty when sealed. */
  stub: Uint8Array;
  first: FrameRef;
  last: FrameRef;
  fragments: number;
  /** True when auth level is privacy: the stub bytes are encrypted and `stub` is empty. */
  sealed: boolean;
  /** drep integer order of the PDUs. */
  littleEndian: boolean;
  /** Damage while reassembling (missing fragment, cap reached…): stub holds what arrived. */
  damage?: Damage;
}

export type CallFate =
  | 'complete'
  | 'fault'
  | 'request-lost' // response seen, request not (capture began mid-call or a gap ate it)
  | 'response-lost' // a gap or the end of the capture came before the response
  | 'evicted'; // the outstanding-calls cap pushed it out

export interface RpcCall {
  /** Unique within the run. */
  seq: number;
  connectionId: number;
  callId: number;
  contextId: number;
  opnum: number;
  iface: InterfaceName;
  request?: RpcMessage;
  response?: RpcMessage;
  fault?: { status: number; statusName: string | null; at: FrameRef };
  fate: CallFate | 'open';
}

export interface DceRpcHandler {
  /** A presentation context became known (bind/alter_context) or its result arrived (ack). */
  onContext(ctx: PresentationContext, at: FrameRef): void;
  /** The request of a call is fully reassembled (its response may come minutes later). */
  onRequest(call: RpcCall): void;
  /** The call ended: response, fault, or a fate decided by a gap, eviction or end of capture. */
  onComplete(call: RpcCall): void;
  /** First sign of auth on the connection, and each change of auth level. */
  onAuth(auth: AuthInfo, at: FrameRef): void;
  onDamage(damage: Damage, at: FrameRef): void;
  /** An RTS PDU (RPC over HTTP) — decoded later; a PDU type counter is enough now. */
  onPdu?(ptype: number, at: FrameRef): void;
}
