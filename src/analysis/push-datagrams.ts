import type { FrameRef } from '../core/frame-ref.js';
import { toHex } from '../core/hex.js';
import type { TransportPacket } from '../dissectors/ip/types.js';
import type { FindingEvent, PushDatagramEvent } from '../model/events.js';
import { endpointText, ipText } from '../model/json-encoding.js';
import type { AnalysisContext } from './context.js';

const VERDICT_RULE = {
  mismatch: 'push.context-mismatch',
  unregistered: 'push.unregistered',
  'before-registration': 'push.before-registration',
  'after-unregister': 'push.after-unregister',
} as const;

/**
 * Judges UDP datagrams against push registrations ([MS-OXCNOTIF] 3.1.5.4, 3.2.5.5.2). Only
 * datagrams that reach a registered callback address, or go from a known server to a known
 * client, are ours; everything else (DNS, NTP…) is skipped before any string is built.
 */
export class PushDatagramAnalyzer {
  /** Datagrams judged "unregistered" that are still held (not yet written), by destination. */
  private readonly unregistered = new Map<string, { datagram: PushDatagramEvent; finding: FindingEvent | null }[]>();

  constructor(private readonly ctx: AnalysisContext) {
    ctx.push.onRequest = (callback) => this.registrationRequested(callback);
  }

  /**
   * A client registers an address that received datagrams a moment ago: those came before the
   * registration, not to an address nobody registers. Only events still held can be corrected.
   */
  private registrationRequested(callback: string): void {
    const list = this.unregistered.get(callback);
    if (!list) return;
    this.unregistered.delete(callback);
    for (const { datagram, finding } of list) {
      if (!this.ctx.isHeld(datagram)) continue;
      datagram.verdict = 'before-registration';
      this.ctx.counters.add('pushDatagrams.unregistered', -1);
      this.ctx.counters.add('pushDatagrams.before-registration');
      if (finding && this.ctx.isHeld(finding)) {
        this.ctx.relabelFinding(finding, 'push.before-registration', `UDP datagram to ${callback} before the client registered that address with EcRRegisterPushNotification.`);
      }
    }
  }

  datagram(p: TransportPacket, at: FrameRef): void {
    const ctx = this.ctx;
    if (ctx.sessions.total === 0) return;
    const to = endpointText(p.dst, p.dstPort);
    let judged = ctx.push.judge(to, p.payload);
    if (!judged) {
      const src = ipText(p.src);
      if (!ctx.sessions.serverIps.has(src) || !ctx.clientIps.has(ipText(p.dst))) return;
      judged = { verdict: 'unregistered', registration: null };
    }
    const session = judged.registration?.session ?? null;
    const from = endpointText(p.src, p.srcPort);
    ctx.counters.add('pushDatagrams');
    ctx.counters.add(`pushDatagrams.${judged.verdict}`);
    const datagram: PushDatagramEvent = {
      type: 'push-datagram',
      ...ctx.base(at, session),
      from,
      to,
      payload: toHex(p.payload),
      verdict: judged.verdict,
      registrationFrame: judged.registration?.frame ?? null,
    };
    ctx.emit(datagram);
    if (judged.verdict === 'valid' && session) {
      ctx.counters.add('pending.push');
      ctx.emit({ type: 'pending', ...ctx.base(at, session), via: 'push', verdict: 'valid' });
      session.pending ??= { frame: at.frame, time: at.time, via: 'push' };
      session.firstValidPushFrame ??= at.frame;
      return;
    }
    if (judged.verdict === 'valid') return;
    const reg = judged.registration;
    const what: Record<keyof typeof VERDICT_RULE, string> = {
      mismatch: `UDP datagram to ${to} carries ${toHex(p.payload) || 'nothing'}, not the context registered in frame ${reg?.frame}; the client must ignore it.`,
      unregistered: `UDP datagram from server ${from} to ${to}, an address no EcRRegisterPushNotification registered.`,
      'before-registration': `UDP datagram to ${to} before its EcRRegisterPushNotification completed.`,
      'after-unregister': `UDP datagram to ${to} after its registration (frame ${reg?.frame}) ended in frame ${reg?.endedFrame}.`,
    };
    const finding = ctx.finding(VERDICT_RULE[judged.verdict], what[judged.verdict], at, {
      session,
      flow: `udp ${to}`,
      ...(reg ? { frames: [reg.frame] } : {}),
    });
    if (judged.verdict === 'unregistered') {
      // Bounded: a handful of addresses at a time, forgotten once written out.
      if (this.unregistered.size > 1000) this.unregistered.clear();
      const list = (this.unregistered.get(to) ?? []).filter((x) => ctx.isHeld(x.datagram));
      list.push({ datagram, finding });
      this.unregistered.set(to, list);
    }
  }
}
