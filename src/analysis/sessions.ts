import type { CaptureTime } from '../core/capture-time.js';
import type { PendingVia, Transport } from '../model/events.js';
import { HandleTable } from './handles.js';

export interface PendingSignal {
  frame: number;
  time: CaptureTime;
  via: PendingVia;
}

/** One Session Context ([MS-OXCRPC] 3.1.4.11: a CXH; MAPI/HTTP: the session cookie, [MS-OXCMAPIHTTP] 3.1.5.1). */
export class Session {
  readonly handles: HandleTable;
  /** Async context handles bound to this session by EcDoAsyncConnectEx. */
  readonly acxhKeys = new Set<string>();
  /** The latest pending signal not yet answered by a fetch. */
  pending: PendingSignal | null = null;
  ended = false;
  /** Polls (EcDoRpcExt2 with no ROPs) seen, and the time of the last one (rule C5/A7 later). */
  polls = 0;
  lastPollTime: CaptureTime | null = null;
  firstValidPushFrame: number | null = null;

  constructor(
    readonly id: string,
    readonly transport: Transport,
    readonly client: string,
    readonly server: string,
    readonly serverIp: string,
    readonly startFrame: number,
    readonly startTime: CaptureTime,
    /** What names the session on the wire: the CXH (hex) for RPC, the server and session cookie for MAPI/HTTP. */
    readonly key: string | null,
    public sessionIndex: number | null,
    readonly origin: 'connect' | 'inferred',
    handleCap: number,
  ) {
    this.handles = new HandleTable(handleCap);
  }
}

/** All sessions of the run, findable by context handle, async context handle and session index. */
export class SessionTable {
  private next = 1;
  private readonly keyed = new Map<string, Session>();
  private readonly byAcxh = new Map<string, Session>();
  private readonly live = new Set<Session>();
  /** Ended sessions, oldest first: kept (within the cap) so a late async wait still finds its session. */
  private ended: Session[] = [];
  private endedHead = 0;
  /** Server IPs of every session seen (for "datagram from a known server"). */
  readonly serverIps = new Set<string>();
  total = 0;
  dropped = 0;

  constructor(
    private readonly cap: number,
    private readonly handleCap: number,
    /** Ends a live session pushed out by the cap (the context announces it); must call end(). */
    private readonly evict: (s: Session) => void = (s) => this.end(s),
  ) {}

  create(args: {
    transport: Transport;
    client: string;
    server: string;
    serverIp: string;
    frame: number;
    time: CaptureTime;
    key: string | null;
    sessionIndex: number | null;
    origin: 'connect' | 'inferred';
  }): Session {
    const s = new Session(
      `S${this.next++}`,
      args.transport,
      args.client,
      args.server,
      args.serverIp,
      args.frame,
      args.time,
      args.key,
      args.sessionIndex,
      args.origin,
      this.handleCap,
    );
    this.total++;
    if (args.key) this.keyed.set(args.key, s);
    this.live.add(s);
    this.serverIps.add(args.serverIp);
    // Sessions are bounded: the oldest ended ones are forgotten first, then the oldest live one ends.
    while (this.live.size + this.ended.length - this.endedHead > this.cap) {
      if (this.endedHead < this.ended.length) this.forget(this.ended[this.endedHead++]!);
      else {
        const victim = this.live.values().next().value;
        if (!victim || victim === s) break;
        this.evict(victim);
        this.dropped++;
      }
    }
    if (this.endedHead > 1024 && this.endedHead * 2 > this.ended.length) {
      this.ended = this.ended.slice(this.endedHead);
      this.endedHead = 0;
    }
    return s;
  }

  /** The live session named by this key (a CXH, or a MAPI/HTTP session cookie key). */
  byKey(key: string): Session | undefined {
    return this.keyed.get(key);
  }

  byAsyncHandle(key: string): Session | undefined {
    return this.byAcxh.get(key);
  }

  bindAsync(session: Session, acxhKey: string): void {
    session.acxhKeys.add(acxhKey);
    this.byAcxh.set(acxhKey, session);
  }

  /** The live session with this SessionIndex, preferring `preferred` (the session of the call). */
  bySessionIndex(index: number, preferred?: Session): Session | undefined {
    if (preferred && !preferred.ended && preferred.sessionIndex === index) return preferred;
    let found: Session | undefined;
    for (const s of this.live) if (s.sessionIndex === index) found = s;
    return found;
  }

  end(s: Session): void {
    if (s.ended) return;
    s.ended = true;
    this.live.delete(s);
    if (s.key && this.keyed.get(s.key) === s) this.keyed.delete(s.key);
    this.ended.push(s);
  }

  liveSessions(): Session[] {
    return [...this.live];
  }

  private forget(s: Session): void {
    for (const k of s.acxhKeys) if (this.byAcxh.get(k) === s) this.byAcxh.delete(k);
  }
}
