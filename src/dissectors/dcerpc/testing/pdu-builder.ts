/**
 * Test support: builds connection-oriented PDUs from the field tables of the reference (§3.1–3.6),
 * so tests can describe traffic by its fields. Not used by the dissector itself.
 */
import type { Damage } from '../../../core/damage.js';
import type { FrameRef } from '../../../core/frame-ref.js';
import { uuidBytes } from '../../ndr/uuid.js';
import type { ConnectionInfo, Direction } from '../../transport/types.js';
import { NDR20_UUID, PTYPE } from '../constants.js';
import type { AuthInfo, DceRpcHandler, PresentationContext, RpcCall } from '../types.js';

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

class Writer {
  private bytes: number[] = [];
  constructor(private readonly le = true) {}
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.le ? this.u8(v).u8(v >> 8) : this.u8(v >> 8).u8(v);
  }
  u32(v: number): this {
    return this.le ? this.u16(v & 0xffff).u16(v >>> 16) : this.u16(v >>> 16).u16(v & 0xffff);
  }
  raw(b: Uint8Array | readonly number[]): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }
  pad(to: number): this {
    while (this.bytes.length % to) this.bytes.push(0);
    return this;
  }
  get length(): number {
    return this.bytes.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export interface AuthSpec {
  type: number;
  level: number;
  token: Uint8Array;
  contextId?: number;
}

/** A whole PDU: common header + body (+ auth padding to 16, sec_trailer and token when `auth`). */
export function buildPdu(o: { ptype: number; flags?: number; callId: number; body: Uint8Array; auth?: AuthSpec; littleEndian?: boolean; minor?: number }): Uint8Array {
  const le = o.littleEndian ?? true;
  let body = o.body;
  let authPart: Uint8Array = new Uint8Array(0);
  if (o.auth) {
    const padLen = (16 - (body.length % 16)) % 16;
    body = concat(body, new Uint8Array(padLen));
    authPart = concat(new Writer(le).u8(o.auth.type).u8(o.auth.level).u8(padLen).u8(0).u32(o.auth.contextId ?? 0).done(), o.auth.token);
  }
  const frag = 16 + body.length + authPart.length;
  const h = new Writer(le)
    .u8(5)
    .u8(o.minor ?? 0)
    .u8(o.ptype)
    .u8(o.flags ?? 0x03)
    .raw(le ? [0x10, 0, 0, 0] : [0, 0, 0, 0])
    .u16(frag)
    .u16(o.auth ? o.auth.token.length : 0)
    .u32(o.callId)
    .done();
  return concat(h, body, authPart);
}

export function requestPdu(o: { callId: number; contextId?: number; opnum: number; stub: Uint8Array; flags?: number; allocHint?: number; auth?: AuthSpec; littleEndian?: boolean }): Uint8Array {
  const le = o.littleEndian ?? true;
  const body = concat(new Writer(le).u32(o.allocHint ?? o.stub.length).u16(o.contextId ?? 0).u16(o.opnum).done(), o.stub);
  return buildPdu({ ptype: PTYPE.request, flags: o.flags ?? 0x03, callId: o.callId, body, auth: o.auth, littleEndian: le });
}

export function responsePdu(o: { callId: number; contextId?: number; stub: Uint8Array; flags?: number; allocHint?: number; auth?: AuthSpec; littleEndian?: boolean }): Uint8Array {
  const le = o.littleEndian ?? true;
  const body = concat(new Writer(le).u32(o.allocHint ?? o.stub.length).u16(o.contextId ?? 0).u8(0).u8(0).done(), o.stub);
  return buildPdu({ ptype: PTYPE.response, flags: o.flags ?? 0x03, callId: o.callId, body, auth: o.auth, littleEndian: le });
}

export function faultPdu(o: { callId: number; status: number; contextId?: number }): Uint8Array {
  const body = new Writer().u32(32).u16(o.contextId ?? 0).u8(0).u8(0).u32(o.status).u32(0).done();
  return buildPdu({ ptype: PTYPE.fault, callId: o.callId, body });
}

export interface ContextSpec {
  id: number;
  uuid: string;
  major: number;
  minor: number;
  transfers?: { uuid: string; version: number }[];
}

export function bindPdu(o: { callId: number; contexts: ContextSpec[]; ptype?: number; auth?: AuthSpec }): Uint8Array {
  const w = new Writer().u16(5840).u16(5840).u32(0).u8(o.contexts.length).u8(0).u16(0);
  for (const c of o.contexts) {
    const transfers = c.transfers ?? [{ uuid: NDR20_UUID, version: 2 }];
    w.u16(c.id).u8(transfers.length).u8(0).raw(uuidBytes(c.uuid)).u16(c.major).u16(c.minor);
    for (const t of transfers) w.raw(uuidBytes(t.uuid)).u32(t.version);
  }
  return buildPdu({ ptype: o.ptype ?? PTYPE.bind, callId: o.callId, body: w.done(), auth: o.auth });
}

export function bindAckPdu(o: { callId: number; results: { result: number; reason?: number; uuid?: string; version?: number }[]; secAddr?: string; ptype?: number; auth?: AuthSpec }): Uint8Array {
  const sec = o.secAddr ?? '6001';
  const w = new Writer().u16(5840).u16(5840).u32(0x12345);
  if (sec.length) {
    w.u16(sec.length + 1);
    for (const ch of sec) w.u8(ch.charCodeAt(0));
    w.u8(0);
  } else w.u16(0);
  // Padding is relative to the PDU start; the body begins at 16.
  while ((w.length + 16) % 4) w.u8(0);
  w.u8(o.results.length).u8(0).u16(0);
  for (const r of o.results) {
    w.u16(r.result).u16(r.reason ?? 0);
    w.raw(r.uuid ? uuidBytes(r.uuid) : new Uint8Array(16)).u32(r.version ?? 0);
  }
  return buildPdu({ ptype: o.ptype ?? PTYPE.bind_ack, callId: o.callId, body: w.done(), auth: o.auth });
}

/** Splits bytes into chunks at the given cut points. */
export function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    if (c <= prev || c >= bytes.length) continue;
    out.push(bytes.slice(prev, c));
    prev = c;
  }
  out.push(bytes.slice(prev));
  return out;
}

export function frame(n: number): FrameRef {
  return { frame: n, time: { sec: 1_700_000_000 + n, nsec: n * 1000 } };
}

export const TEST_CONN: ConnectionInfo = {
  id: 7,
  a: { ip: Uint8Array.from([10, 0, 0, 1]), port: 50000 },
  b: { ip: Uint8Array.from([10, 0, 0, 2]), port: 6001 },
  handshakeSeen: true,
};

export const MID_STREAM_CONN: ConnectionInfo = { ...TEST_CONN, handshakeSeen: false };

export type Event =
  | { kind: 'context'; ctx: PresentationContext; frame: number }
  | { kind: 'request'; call: RpcCall }
  | { kind: 'complete'; call: RpcCall }
  | { kind: 'auth'; auth: AuthInfo; frame: number }
  | { kind: 'damage'; damage: Damage; frame: number }
  | { kind: 'pdu'; ptype: number; frame: number };

/** Records what the connection reports, in order. */
export class Recorder implements DceRpcHandler {
  readonly events: Event[] = [];
  onContext(ctx: PresentationContext, at: FrameRef): void {
    this.events.push({ kind: 'context', ctx, frame: at.frame });
  }
  onRequest(call: RpcCall): void {
    // Snapshot: the same object is completed later.
    this.events.push({ kind: 'request', call: { ...call } });
  }
  onComplete(call: RpcCall): void {
    this.events.push({ kind: 'complete', call: { ...call } });
  }
  onAuth(auth: AuthInfo, at: FrameRef): void {
    this.events.push({ kind: 'auth', auth, frame: at.frame });
  }
  onDamage(damage: Damage, at: FrameRef): void {
    this.events.push({ kind: 'damage', damage, frame: at.frame });
  }
  onPdu(ptype: number, at: FrameRef): void {
    this.events.push({ kind: 'pdu', ptype, frame: at.frame });
  }
  of<K extends Event['kind']>(kind: K): Extract<Event, { kind: K }>[] {
    return this.events.filter((e): e is Extract<Event, { kind: K }> => e.kind === kind);
  }
  get completes(): RpcCall[] {
    return this.of('complete').map((e) => e.call);
  }
  get requests(): RpcCall[] {
    return this.of('request').map((e) => e.call);
  }
  get damages(): Damage[] {
    return this.of('damage').map((e) => e.damage);
  }
}

/** Feeds chunks to a sink direction with consecutive frame numbers and stream offsets. */
export function feed(sink: { data(dir: Direction, chunk: { data: Uint8Array; streamOffset: number; at: FrameRef }): void }, dir: Direction, chunks: Uint8Array[], firstFrame = 1, startOffset = 0): number {
  let off = startOffset;
  let f = firstFrame;
  for (const c of chunks) {
    sink.data(dir, { data: c, streamOffset: off, at: frame(f++) });
    off += c.length;
  }
  return f;
}
