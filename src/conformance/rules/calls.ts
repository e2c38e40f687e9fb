import { SUCCESS, type SessionState } from '../session-state.js';
import type { EventAt } from '../clock.js';
import type { Check, ObservedEvent, RuleFamily } from './family.js';

/** MS-OXCNOTIF 3.2.4.3 / reference §2.12: the first server version with asynchronous RPC notifications. */
const ASYNC_MIN_VERSION = [8, 0, 358, 0] as const;

/**
 * Rules about single EMSMDB calls: reserved opnums (MS-OXCRPC 3.1.4: the client MUST NOT send them;
 * their names are the specification's "OpnumNNotUsedOnWire", opnum 5 is shown as legacy), EcDummyRpc's
 * result (it returns success), and asynchronous RPC against a server too old for it (C3).
 */
export const callRules: RuleFamily = {
  observe(e: ObservedEvent, s: SessionState | null, at: EventAt, check: Check): void {
    if (e.type !== 'call' || e.interface !== 'EMSMDB') return;
    const frames = e.requestFrame === null ? [] : [e.requestFrame];
    if (e.operation.includes('NotUsedOnWire') || e.operation.endsWith('(legacy)')) {
      check.report({
        rule: 'rpc.reserved-opnum',
        at,
        session: e.session,
        frames,
        message: `The client called ${e.operation}, an EMSMDB opnum reserved by MS-OXCRPC (not used on the wire).`,
      });
    }
    if (e.operation === 'EcDummyRpc' && e.fate === 'complete' && e.returnValue !== null && e.returnValue !== SUCCESS) {
      check.report({
        rule: 'rpc.dummy-failed',
        at,
        session: e.session,
        frames,
        message: `EcDummyRpc returned ${e.returnValue}${e.returnName ? ` (${e.returnName})` : ''}; it always returns success.`,
      });
    }
    const version = s?.facts.serverVersion;
    if (s && e.operation === 'EcDoAsyncConnectEx' && version && older(version, ASYNC_MIN_VERSION)) {
      check.report({
        rule: 'async.server-too-old',
        at,
        session: s.facts.id,
        frames,
        message: `EcDoAsyncConnectEx on a server of version ${version}, older than ${ASYNC_MIN_VERSION.join('.')} (the first with asynchronous RPC notifications); the client should check the version from EcDoConnectEx first.`,
      });
    }
  },
};

function older(version: string, min: readonly number[]): boolean {
  const parts = version.split('.').map(Number);
  if (parts.some((p) => !Number.isFinite(p))) return false;
  for (let i = 0; i < min.length; i++) {
    const v = parts[i] ?? 0;
    if (v !== min[i]) return v < min[i]!;
  }
  return false;
}
