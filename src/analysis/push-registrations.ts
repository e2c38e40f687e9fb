import { bytesEqual } from '../core/hex.js';
import type { PushVerdict } from '../model/events.js';
import type { Session } from './sessions.js';

export interface PushRegistration {
  session: Session;
  /** "ip:port" of the callback, the key datagrams are matched on. */
  callback: string;
  context: Uint8Array;
  /** Frame of the push-registration event (the response). */
  frame: number;
  /** Frame where it stopped counting (EcDoDisconnect, unregister), or null while live. */
  endedFrame: number | null;
}

export interface Verdict {
  verdict: PushVerdict;
  registration: PushRegistration | null;
}

/**
 * EcRRegisterPushNotification registrations by callback address, and the verdict for each UDP
 * datagram ([MS-OXCNOTIF] 3.2.5.5.2: the payload must equal the registered opaque context).
 * Bounded: at most `cap` registrations are remembered (oldest ended ones dropped first).
 */
export class PushRegistrations {
  private readonly byCallback = new Map<string, PushRegistration[]>();
  /** Callbacks asked for by a request whose response has not arrived yet. */
  private readonly requested = new Map<string, number>();
  private count = 0;
  dropped = 0;

  constructor(private readonly cap: number) {}

  /** True when some registration (live or ended, or requested) names this address. */
  knows(callback: string): boolean {
    return this.byCallback.has(callback) || this.requested.has(callback);
  }

  /** Told when a client asks to register an address (the datagram analyzer corrects held verdicts). */
  onRequest: ((callback: string) => void) | null = null;

  requestSeen(callback: string, frame: number): void {
    this.requested.set(callback, frame);
    this.onRequest?.(callback);
  }

  add(reg: PushRegistration): void {
    this.requested.delete(reg.callback);
    const list = this.byCallback.get(reg.callback) ?? [];
    list.push(reg);
    this.byCallback.set(reg.callback, list);
    this.count++;
    if (this.count > this.cap) this.evictOne();
  }

  /** A refused registration: the request no longer makes the address "about to be registered". */
  refused(callback: string): void {
    this.requested.delete(callback);
  }

  endSession(session: Session, frame: number): void {
    for (const list of this.byCallback.values()) {
      for (const r of list) if (r.session === session && r.endedFrame === null) r.endedFrame = frame;
    }
  }

  /**
   * The verdict for a datagram to `to` carrying `payload`. Live registrations win over ended ones;
   * the newest live registration whose context matches is the one it answers.
   */
  judge(to: string, payload: Uint8Array): Verdict | null {
    const list = this.byCallback.get(to);
    if (!list || list.length === 0) {
      return this.requested.has(to) ? { verdict: 'before-registration', registration: null } : null;
    }
    let liveMismatch: PushRegistration | null = null;
    for (let i = list.length - 1; i >= 0; i--) {
      const r = list[i]!;
      if (r.endedFrame !== null) continue;
      if (bytesEqual(r.context, payload)) return { verdict: 'valid', registration: r };
      liveMismatch ??= r;
    }
    if (liveMismatch) return { verdict: 'mismatch', registration: liveMismatch };
    const last = list[list.length - 1]!;
    return { verdict: 'after-unregister', registration: last };
  }

  private evictOne(): void {
    for (const [key, list] of this.byCallback) {
      const i = list.findIndex((r) => r.endedFrame !== null);
      const at = i >= 0 ? i : 0;
      list.splice(at, 1);
      if (list.length === 0) this.byCallback.delete(key);
      this.count--;
      this.dropped++;
      return;
    }
  }
}
