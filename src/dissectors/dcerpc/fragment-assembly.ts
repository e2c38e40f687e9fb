import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import type { Direction } from '../transport/types.js';
import type { RpcMessage } from './types.js';

/**
 * The fragments of one request or response, keyed by call_id, FIRST..LAST (reference §3.7).
 * Stub bytes are copied as they arrive (the PDU is a view valid only during the framer's callback) and
 * joined once at the end; past `maxBytes` nothing more is kept and the message carries `limit` damage.
 */
export class MessageAssembly {
  fragments = 0;
  bytes = 0;
  last: FrameRef;
  sealed = false;
  damage: Damage | undefined;
  /** True once damage has been reported for this message (it is reported once). */
  reported = false;
  /** Stub bytes are missing (gap, lost fragment, cap): the call should not be read as complete. */
  incomplete = false;
  private parts: Uint8Array[] = [];

  constructor(
    readonly kind: 'request' | 'response',
    readonly callId: number,
    readonly dir: Direction,
    readonly contextId: number,
    readonly opnum: number,
    readonly littleEndian: boolean,
    readonly first: FrameRef,
  ) {
    this.last = first;
  }

  /** Adds one fragment's stub (null when sealed). Returns damage when the cap is first reached. */
  add(stub: Uint8Array | null, at: FrameRef, maxBytes: number, offset: number): Damage | undefined {
    this.fragments++;
    this.last = at;
    if (stub === null) {
      this.sealed = true;
      return undefined;
    }
    if (this.bytes + stub.length > maxBytes) {
      if (this.damage?.reason === 'limit') return undefined;
      this.incomplete = true;
      return this.setDamage({
        reason: 'limit',
        offset,
        field: 'maxDcerpcCallBytes',
        detail: `${this.kind} of call_id ${this.callId} exceeds maxDcerpcCallBytes ${maxBytes}; stub truncated at ${this.bytes} bytes`,
      });
    }
    if (this.damage?.reason === 'limit') return undefined;
    this.parts.push(stub.slice());
    this.bytes += stub.length;
    return undefined;
  }

  /** Keeps the first damage (the root cause); returns it when it is new. */
  setDamage(d: Damage): Damage | undefined {
    if (this.damage) return undefined;
    this.damage = d;
    return d;
  }

  finish(): RpcMessage {
    let stub: Uint8Array;
    if (this.sealed) stub = new Uint8Array(0);
    else if (this.parts.length === 1) stub = this.parts[0]!;
    else {
      stub = new Uint8Array(this.bytes);
      let p = 0;
      for (const part of this.parts) {
        stub.set(part, p);
        p += part.length;
      }
    }
    this.parts = [];
    const msg: RpcMessage = {
      stub,
      first: this.first,
      last: this.last,
      fragments: this.fragments,
      sealed: this.sealed,
      littleEndian: this.littleEndian,
    };
    if (this.damage) msg.damage = this.damage;
    return msg;
  }
}
