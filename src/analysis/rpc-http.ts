import type { Damage } from '../core/damage.js';
import type { FrameRef } from '../core/frame-ref.js';
import { hex4 } from '../core/hex.js';
import { DceRpcConnection } from '../dissectors/dcerpc/connection.js';
import { PTYPE } from '../dissectors/dcerpc/constants.js';
import { PduFramer } from '../dissectors/dcerpc/pdu-framer.js';
import { decodeRtsPdu } from '../dissectors/rpch/rts-pdu.js';
import { rtsCookies, rtsMessageName } from '../dissectors/rpch/rts-messages.js';
import type { ConnectionInfo, Direction, Endpoint } from '../dissectors/transport/types.js';
import type { AnalysisContext } from './context.js';
import { EmsmdbCallAnalyzer } from './emsmdb-calls.js';
import { describeRtsCommands } from './rts-text.js';
import { connectionView, type ConnectionView } from './session-open.js';

/**
 * RPC over HTTP v2 ([MS-RPCH] 3.2): an IN channel (RPC_IN_DATA request body, or the proxy's IN
 * leg) and an OUT channel (RPC_OUT_DATA response body, or the OUT leg) form one virtual
 * connection, paired by the VirtualConnectionCookie of CONN/A1 and CONN/B1 (reference §4.3), often
 * on different TCP connections. The DCE/RPC PDUs of all IN channels form the client's stream and
 * those of all OUT channels the server's: one DceRpcConnection per virtual connection gets them,
 * whole PDU by whole PDU (so channels that replace each other interleave safely), and the same
 * EMSMDB analysis as RPC over TCP runs on top with transport `rpc-http`.
 */
export type ChannelKind = 'in' | 'out';
/** to-server: client → server PDUs (the IN channel's data, the OUT channel's CONN/A1); to-client: the reverse. */
export type ChannelSide = 'to-server' | 'to-client';

/** client: the client↔proxy HTTP leg; proxy: the proxy↔server ncacn_http leg. */
export type Leg = 'client' | 'proxy';

/** CONN/* PDUs that share a layout differ by leg ([MS-RPCH] 2.2.4.2–2.2.4.9): A1, A3, B1, C2 are the client's. */
const CLIENT_LEG_CONN = new Set(['CONN/A1', 'CONN/A3', 'CONN/B1', 'CONN/C2']);

function nameOnLeg(name: string, leg: Leg): string {
  if (!name.includes('|')) return name;
  const options = name.split('|');
  const conn = options.filter((n) => n.startsWith('CONN/'));
  const pick = conn.find((n) => CLIENT_LEG_CONN.has(n) === (leg === 'client'));
  return pick ?? name;
}

/** PDUs held per channel before its virtual connection is known (normally none: CONN/A1 and B1 come first). */
const MAX_UNBOUND_PDUS = 64;

interface VirtualConnection {
  cookie: string;
  /** The client's side: the IN channel's endpoints once it is known (it carries the calls), else the first channel's. */
  ends: { client: Endpoint; server: Endpoint; tcpConnection: number; fromIn: boolean };
  dce: DceRpcConnection;
  calls: EmsmdbCallAnalyzer;
  view: ConnectionView;
  offsets: [number, number];
  /** Channels bound and not yet ended: the virtual connection ends with its last channel. */
  channels: number;
}

export class RpcHttpAnalyzer {
  private readonly vcs = new Map<string, VirtualConnection>();
  private anonymous = 0;

  constructor(private readonly ctx: AnalysisContext) {}

  /** A channel, once its kind is known (RPC_IN_DATA / RPC_OUT_DATA, or the first RTS PDU of a proxy leg). */
  channel(kind: ChannelKind | null, client: Endpoint, server: Endpoint, tcpConnection: number, leg: Leg): RpchChannel {
    return new RpchChannel(this, kind, client, server, tcpConnection, leg);
  }

  /** Finds or creates the virtual connection named by a cookie (null: none seen, one per channel). */
  virtualConnection(cookie: string | null, kind: ChannelKind | null, client: Endpoint, server: Endpoint, tcpConnection: number): VirtualConnection {
    const key = cookie ?? `anonymous-${++this.anonymous}`;
    let vc = this.vcs.get(key);
    if (vc) {
      if (kind === 'in' && !vc.ends.fromIn) vc.ends = { client, server, tcpConnection, fromIn: true };
      return vc;
    }
    const ctx = this.ctx;
    const ends = { client, server, tcpConnection, fromIn: kind === 'in' };
    const view = connectionView({
      id: () => vc!.ends.tcpConnection,
      transport: 'rpc-http',
      ends: () => vc!.ends,
      flow: `rpc-http ${key}`,
      ...(cookie ? { virtualConnection: cookie } : {}),
    });
    const info: ConnectionInfo = { id: tcpConnection, a: client, b: server, handshakeSeen: cookie !== null };
    const calls = new EmsmdbCallAnalyzer(ctx, view);
    const dce = new DceRpcConnection(info, calls, ctx.limits, { legacyPrefix: false });
    vc = { cookie: key, ends, dce, calls, view, offsets: [0, 0], channels: 0 };
    // Virtual connections are few (two per Outlook profile); cap them like sessions all the same,
    // preferring one whose channels have all ended.
    if (this.vcs.size >= ctx.limits.maxSessions) {
      let victim: string | undefined;
      for (const [k, v] of this.vcs) if (v.channels === 0) { victim = k; break; }
      victim ??= this.vcs.keys().next().value;
      if (victim !== undefined) this.close(victim, ctx.lastFrame);
      ctx.finding('analysis.limit', `More than ${ctx.limits.maxSessions} RPC over HTTP virtual connections; the oldest was dropped.`, ctx.lastFrame);
    }
    this.vcs.set(key, vc);
    ctx.counters.add('rpch.virtual-connections');
    return vc;
  }

  /** Ends every virtual connection (capture end): their outstanding calls get their fates. */
  finish(at: FrameRef): void {
    for (const key of [...this.vcs.keys()]) this.close(key, at);
  }

  isLive(vc: VirtualConnection): boolean {
    return this.vcs.get(vc.cookie) === vc;
  }

  /** A channel of this virtual connection ended; the last one ends the connection (its open calls get their fates). */
  release(vc: VirtualConnection, at: FrameRef): void {
    if (--vc.channels > 0 || this.vcs.get(vc.cookie) !== vc) return;
    this.close(vc.cookie, at);
  }

  private close(key: string, at: FrameRef): void {
    const vc = this.vcs.get(key);
    if (!vc) return;
    this.vcs.delete(key);
    vc.dce.end('eof', at);
  }

  get context(): AnalysisContext {
    return this.ctx;
  }
}

/**
 * One channel: its two sides are cut into PDUs here; RTS PDUs are decoded and shown, the others go
 * to the virtual connection's DCE/RPC stream in the side's direction.
 */
export class RpchChannel {
  private vc: VirtualConnection | null = null;
  private readonly framers: Record<ChannelSide, PduFramer>;
  private unbound: Array<{ side: ChannelSide; pdu: Uint8Array; at: FrameRef }> = [];
  private ended = false;

  constructor(
    private readonly owner: RpcHttpAnalyzer,
    private kind: ChannelKind | null,
    private readonly client: Endpoint,
    private readonly server: Endpoint,
    private readonly tcpConnection: number,
    private readonly leg: Leg,
  ) {
    const ctx = owner.context;
    const make = (side: ChannelSide): PduFramer =>
      new PduFramer(
        {
          pdu: (pdu, at) => this.onPdu(side, pdu, at),
          damage: (d, at) => this.damage(d, at),
        },
        // The legacy greeting opens the server's side of a proxy leg ([MS-RPCH] 2.1.2.1.8).
        { maxFragment: ctx.limits.maxDcerpcFragment, legacyPrefix: true, midStream: false },
      );
    this.framers = { 'to-server': make('to-server'), 'to-client': make('to-client') };
  }

  data(side: ChannelSide, bytes: Uint8Array, at: FrameRef): void {
    this.framers[side].push(bytes, at, 0);
  }

  gap(side: ChannelSide, lost: number | 'unknown', at: FrameRef): void {
    this.framers[side].gap(lost);
    const vc = this.vc;
    // The DCE/RPC layer gets whole PDUs only, so it cannot count lost bytes: it learns that calls in
    // reassembly lost a fragment and looks for the next header, which is the next PDU forwarded.
    if (vc && (this.kind === null || this.dataSide() === side)) vc.dce.gap(side === 'to-server' ? 0 : 1, 'unknown', at);
    else this.damage({ reason: 'gap', offset: 0, field: 'RPC over HTTP channel', detail: `${typeof lost === 'number' ? `${lost} bytes` : 'bytes'} lost on the ${side} side of an ${this.kind ?? 'unidentified'} channel` }, at);
  }

  end(at: FrameRef): void {
    if (this.ended) return;
    this.ended = true;
    for (const side of ['to-server', 'to-client'] as const) this.framers[side].finish(at);
    if (!this.vc && this.unbound.length) this.bind(null);
    if (this.vc) this.owner.release(this.vc, at);
  }

  /** RPC over HTTP v1 (RPC_CONNECT) has no RTS to name a virtual connection: its channel is one. */
  bindNow(): void {
    if (!this.vc) this.bind(null);
  }

  /** The side that carries DCE/RPC data; the other carries only RTS. */
  private dataSide(): ChannelSide {
    return this.kind === 'out' ? 'to-client' : 'to-server';
  }

  private onPdu(side: ChannelSide, pdu: Uint8Array, at: FrameRef): void {
    const ctx = this.owner.context;
    if (pdu[2] === PTYPE.rts) {
      this.onRts(side, pdu, at);
      return;
    }
    if (!this.vc) {
      if (this.unbound.length >= MAX_UNBOUND_PDUS) this.bind(null);
      else {
        this.unbound.push({ side, pdu: pdu.slice(), at });
        return;
      }
    }
    this.forward(side, pdu, at);
    ctx.counters.add('rpch.pdus');
  }

  private forward(side: ChannelSide, pdu: Uint8Array, at: FrameRef): void {
    const vc = this.vc!;
    if (!this.owner.isLive(vc)) {
      // Pushed out by the cap: its DCE/RPC state is gone, so what still arrives is counted, never misparsed.
      if (this.owner.context.counters.get('rpch.pdus-after-eviction') === 0) {
        this.damage({ reason: 'limit', offset: 0, field: 'virtual connection', detail: `virtual connection ${vc.cookie} was dropped at the maxSessions cap; its later PDUs are counted, not decoded` }, at);
      }
      this.owner.context.counters.add('rpch.pdus-after-eviction');
      return;
    }
    const dir: Direction = side === 'to-server' ? 0 : 1;
    vc.dce.data(dir, { data: pdu, streamOffset: vc.offsets[dir], at });
    vc.offsets[dir] += pdu.length;
  }

  private onRts(side: ChannelSide, pdu: Uint8Array, at: FrameRef): void {
    const ctx = this.owner.context;
    const res = decodeRtsPdu(pdu);
    for (const d of [res.damage, ...(res.otherDamage ?? [])]) if (d) this.damage(d, at);
    if (!res.value) return;
    const name = nameOnLeg(rtsMessageName(res.value), this.leg);
    ctx.counters.add(`rpch.rts.${name}`);
    if (!this.vc) {
      const cookies = rtsCookies(res.value);
      // CONN/A1, A2 name an OUT channel; CONN/B1, B2 an IN channel; IN_R1/OUT_R1 replacements likewise.
      if (this.kind === null) this.kind = name.startsWith('CONN/A') || name.startsWith('OUT_') ? 'out' : name.startsWith('CONN/B') || name.startsWith('IN_') ? 'in' : null;
      if (cookies.virtualConnection) this.bind(cookies.virtualConnection);
    }
    const vc = this.vc;
    ctx.emit({
      type: 'rts',
      ...ctx.base(at, vc?.calls.currentSession() ?? null),
      virtualConnection: vc && vc.view.virtualConnection ? vc.view.virtualConnection : null,
      channel: this.kind ?? 'unknown',
      direction: side,
      name,
      flags: hex4(res.value.flags),
      commands: describeRtsCommands(res.value),
    });
  }

  private bind(cookie: string | null): void {
    this.vc = this.owner.virtualConnection(cookie, this.kind, this.client, this.server, this.tcpConnection);
    this.vc.channels++;
    const held = this.unbound;
    this.unbound = [];
    for (const h of held) this.forward(h.side, h.pdu, h.at);
  }

  private damage(d: Damage, at: FrameRef): void {
    this.owner.context.damage('rpch', d, at, { flow: `rpc-http tcp ${this.tcpConnection}` });
  }
}
