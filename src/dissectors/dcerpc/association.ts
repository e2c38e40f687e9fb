import type { BindAckBody, BindBody } from './bind.js';
import { BIND_TIME_FEATURE_PREFIX, CONTEXT_RESULT, NDR20_UUID, NDR64_UUID } from './constants.js';
import { identifyInterface } from './interface-table.js';
import type { InterfaceName, PresentationContext } from './types.js';

/** A bind or alter_context waiting for its ack: the context ids in p_cont_elem order. */
interface PendingNegotiation {
  callId: number;
  contextIds: number[];
}

/** Binds in flight at once: one is normal; a few cover clients that pipeline alter_contexts. */
const MAX_PENDING = 8;

/**
 * The presentation contexts of one connection (context id → interface), built from bind and
 * alter_context and completed by their acks, whose results come in p_cont_elem order (reference §3.4).
 * Contexts learnt by inference (bind not captured) are kept apart and labelled as such.
 */
export class Association {
  private readonly contexts = new Map<number, PresentationContext>();
  private readonly pending: PendingNegotiation[] = [];
  private readonly inferred = new Map<number, InterfaceName>();
  /** Context ids offered with the bind-time feature negotiation pseudo transfer syntax. */
  private readonly featureContexts = new Set<number>();
  /** BindTimeFeatureNegotiationResponseBitmask from a negotiate_ack, when one came. */
  features: number | null = null;

  /** Records the offered contexts; returns copies to report. */
  offer(callId: number, body: BindBody): PresentationContext[] {
    const out: PresentationContext[] = [];
    const ids: number[] = [];
    for (const el of body.contexts) {
      const ctx: PresentationContext = {
        id: el.contextId,
        abstractUuid: el.abstract.uuid,
        major: el.abstract.major,
        minor: el.abstract.minor,
        iface: identifyInterface(el.abstract.uuid, el.abstract.major),
        transfer: 'unknown',
        accepted: null,
      };
      if (el.transfers.some((t) => t.uuid.startsWith(BIND_TIME_FEATURE_PREFIX))) this.featureContexts.add(el.contextId);
      else this.featureContexts.delete(el.contextId);
      this.contexts.set(ctx.id, ctx);
      this.inferred.delete(ctx.id);
      ids.push(ctx.id);
      out.push({ ...ctx });
    }
    this.pending.push({ callId, contextIds: ids });
    if (this.pending.length > MAX_PENDING) this.pending.shift();
    return out;
  }

  /** Applies ack results to the negotiation with the same call_id (else the latest); returns copies. */
  acknowledge(callId: number, body: BindAckBody): PresentationContext[] {
    const neg = this.takePending(callId);
    if (!neg) return [];
    const out: PresentationContext[] = [];
    body.results.forEach((res, i) => {
      const id = neg.contextIds[i];
      const ctx = id === undefined ? undefined : this.contexts.get(id);
      if (!ctx) return;
      if (res.result === CONTEXT_RESULT.negotiate_ack && this.featureContexts.has(ctx.id)) {
        // The pseudo context only carries feature bits [RPCE 3.3.1.5.3]; it is never usable for calls.
        this.features = res.reason;
        ctx.accepted = false;
        ctx.transfer = 'unknown';
      } else {
        ctx.accepted = res.result === CONTEXT_RESULT.acceptance;
        ctx.transfer = res.transfer.uuid === NDR20_UUID ? 'ndr20' : res.transfer.uuid === NDR64_UUID ? 'ndr64' : 'unknown';
      }
      out.push({ ...ctx });
    });
    return out;
  }

  /** bind_nak: every context of that negotiation is refused. */
  refuse(callId: number): PresentationContext[] {
    const neg = this.takePending(callId);
    if (!neg) return [];
    const out: PresentationContext[] = [];
    for (const id of neg.contextIds) {
      const ctx = this.contexts.get(id);
      if (!ctx) continue;
      ctx.accepted = false;
      out.push({ ...ctx });
    }
    return out;
  }

  get(contextId: number): PresentationContext | undefined {
    return this.contexts.get(contextId);
  }

  /** Interface of a context: from the bind, else from inference (flagged), else unknown. */
  interfaceOf(contextId: number): { iface: InterfaceName; inferred: boolean } {
    const ctx = this.contexts.get(contextId);
    if (ctx) return { iface: ctx.iface, inferred: false };
    const guess = this.inferred.get(contextId);
    return guess ? { iface: guess, inferred: true } : { iface: 'unknown', inferred: false };
  }

  /** True when neither a bind nor an earlier inference names this context. */
  isUnbound(contextId: number): boolean {
    return !this.contexts.has(contextId) && !this.inferred.has(contextId);
  }

  infer(contextId: number, iface: InterfaceName): void {
    if (!this.contexts.has(contextId) && this.inferred.size < 64) this.inferred.set(contextId, iface);
  }

  all(): PresentationContext[] {
    return [...this.contexts.values()].map((c) => ({ ...c }));
  }

  private takePending(callId: number): PendingNegotiation | undefined {
    let i = this.pending.findIndex((n) => n.callId === callId);
    if (i < 0) i = this.pending.length - 1;
    if (i < 0) return undefined;
    return this.pending.splice(i, 1)[0];
  }
}
