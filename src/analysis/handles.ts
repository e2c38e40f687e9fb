import type { RopContext } from '../dissectors/rops/types.js';

/** What a server object handle of a session is, as far as the capture tells. */
export interface HandleInfo {
  kind: 'subscription' | 'table' | 'logon' | 'other';
  /** Frame of the response that created it. */
  createdFrame: number;
  /** Subscription: frame of the subscription event; released by RopRelease (frame) or still live. */
  releasedFrame: number | null;
  /** Table: columns of the last successful RopSetColumns (cleared by RopResetTable). */
  columns?: readonly number[];
  /** Table: created with TableFlags NoNotifications (0x10) or SuppressNotifications (0x80). */
  quiet?: boolean;
  /** Learned from a notification in a session that began before the capture. */
  preCapture?: boolean;
}

/**
 * The server object handle table of one session across calls ([MS-OXCROPS] 2.2.1: handle
 * values persist across calls of a session; indexes do not). Bounded by maxHandlesPerSession:
 * the oldest entries are dropped first (Map keeps insertion order).
 */
export class HandleTable implements RopContext {
  private readonly handles = new Map<number, HandleInfo>();
  private readonly privateLogons = new Map<number, boolean>();
  dropped = 0;

  constructor(private readonly cap: number) {}

  get(handle: number): HandleInfo | undefined {
    return this.handles.get(handle);
  }

  set(handle: number, info: HandleInfo): void {
    if (handle === 0xffffffff) return;
    this.handles.delete(handle);
    this.handles.set(handle, info);
    while (this.handles.size > this.cap) {
      const oldest = this.handles.keys().next();
      if (oldest.done) break;
      this.handles.delete(oldest.value);
      this.dropped++;
    }
  }

  setLogon(logonId: number, isPrivate: boolean): void {
    this.privateLogons.set(logonId, isPrivate);
  }

  /** Live subscriptions, for ending them when the session ends. */
  liveSubscriptions(): [number, HandleInfo][] {
    return [...this.handles].filter(([, h]) => h.kind === 'subscription' && h.releasedFrame === null);
  }

  columnsOf(handle: number): readonly number[] | undefined {
    return this.handles.get(handle)?.columns;
  }

  logonIsPrivate(logonId: number): boolean | undefined {
    return this.privateLogons.get(logonId);
  }
}

/** A RopContext for buffers decoded without any session (the decode command, unknown sessions). */
export const EMPTY_ROP_CONTEXT: RopContext = {
  columnsOf: () => undefined,
  logonIsPrivate: () => undefined,
};
