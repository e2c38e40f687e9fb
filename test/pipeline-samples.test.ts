/**
 * The whole pipeline on every sample, against the facts each scenario DEFINED (samples/expected.json
 * is written by the generator from its scenario definitions, never from a decoder).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { events, ofType, SAMPLES } from './support/collect.js';
import type { OxEvent } from '../src/model/events.js';

type Json = Record<string, unknown>;
interface Capture {
  sessions: Json[];
  subscriptions: Json[];
  notifications: Json[];
  pending: Json[];
  push?: { registrations: Json[]; datagrams: Json[] };
  releases?: Json[];
  derivedFrom: string | null;
}
const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as { captures: Record<string, Capture> };
const names = Object.keys(expected.captures);

const cache = new Map<string, Promise<OxEvent[]>>();
const run = (name: string): Promise<OxEvent[]> => {
  if (!cache.has(name)) cache.set(name, events(name));
  return cache.get(name)!;
};

/** Row values as the scenario wrote them: ids, strings, integers, times to the second. */
function rowValues(row: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [tag, v] of Object.entries(row as Record<string, { value?: unknown }>)) {
    const value = v.value;
    out[tag] = typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? value.replace(/\.\d+Z$/, 'Z') : value;
  }
  return out;
}

describe.each(names)('%s', (name) => {
  const exp = expected.captures[name]!;

  it('has the scenario\'s sessions', async () => {
    const sessions = ofType(await run(name), 'session');
    expect(sessions).toHaveLength(exp.sessions.length);
    exp.sessions.forEach((s, i) => {
      const got = sessions[i]!;
      if (s.origin === 'inferred' || got.origin === 'inferred') {
        expect(got.origin).toBe('inferred');
        expect(got.contextHandle).toBe(s.contextHandle);
        return;
      }
      expect(got).toMatchObject({
        transport: s.transport,
        client: s.client,
        server: s.server,
        userDN: s.userDN,
        sessionIndex: s.picxr,
        pollsMaxMs: s.pollsMaxMs,
        serverVersion: s.serverVersion,
        displayName: s.displayName,
        contextHandle: s.contextHandle,
        origin: 'connect',
      });
    });
  });

  it('has the scenario\'s subscriptions', async () => {
    const subs = ofType(await run(name), 'subscription');
    expect(subs.map((s) => ({ handle: s.handle, logonId: s.logonId, notificationTypes: s.notificationTypes, wantWholeStore: s.wantWholeStore, folderId: s.folderId, returnValue: s.returnValue }))).toEqual(
      exp.subscriptions.filter((s) => s.visible !== false).map((s) => ({ handle: s.handle, logonId: s.logonId, notificationTypes: s.notificationTypes, wantWholeStore: s.wantWholeStore, folderId: s.folderId, returnValue: s.returnValue })),
    );
  });

  it('delivers every notification of the scenario, in order, with every NotificationData field', async () => {
    const got = ofType(await run(name), 'notification');
    expect(got).toHaveLength(exp.notifications.length);
    exp.notifications.forEach((n, i) => {
      const e = got[i]! as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(n)) {
        if (['connection', 'callId', 'tableRowDataHex', 'tagCount'].includes(k)) continue;
        if (k === 'subscriptionKnown') {
          expect({ i, subscriptionKnown: e.subscriptionFrame !== null }).toEqual({ i, subscriptionKnown: v });
          continue;
        }
        if (k === 'tableRowData') {
          if (exp.derivedFrom && (e.tableRowData as Json | undefined)?.undecoded) continue; // columns not in a cut capture
          expect(rowValues(e.tableRowData)).toEqual(v);
          continue;
        }
        expect({ i, [k]: e[k] }).toEqual({ i, [k]: v });
      }
    });
  });

  it('reports the scenario\'s pending signals', async () => {
    const got = ofType(await run(name), 'pending').filter((p) => p.via !== 'push');
    const want = exp.pending.filter((p) => p.via !== 'push');
    expect(got.map((p) => p.via)).toEqual(want.map((p) => p.via));
    want.forEach((p, i) => {
      if (p.via === 'RopPending') expect(got[i]!.sessionIndex).toBe(p.sessionIndex);
      if (p.via === 'EcDoAsyncWaitEx') expect(got[i]!.flagsOut).toBe(p.flagsOut);
    });
  });

  if (expected.captures[name]!.push) {
    it('judges every push datagram as the scenario intends', async () => {
      const evs = await run(name);
      const regs = ofType(evs, 'push-registration');
      expect(regs.map((r) => ({ callback: r.callback, context: r.context, hNotification: r.hNotification, returnValue: r.returnValue }))).toEqual(
        exp.push!.registrations.map((r) => {
          const cb = r.callback as Json;
          return { callback: { family: cb.family, address: cb.address, port: cb.port }, context: r.context, hNotification: r.hNotification, returnValue: r.returnValue };
        }),
      );
      const dgrams = ofType(evs, 'push-datagram');
      expect(dgrams.map((d) => ({ from: d.from, to: d.to, payload: d.payload, verdict: d.verdict }))).toEqual(
        exp.push!.datagrams.map((d) => ({ from: d.from, to: d.to, payload: d.payload, verdict: d.verdict })),
      );
      expect(ofType(evs, 'pending').filter((p) => p.via === 'push')).toHaveLength(exp.push!.datagrams.filter((d) => d.verdict === 'valid').length);
    });
  }

  it('ends with a summary whose counts match the events', async () => {
    const evs = await run(name);
    expect(evs[0]!.type).toBe('capture');
    const s = evs[evs.length - 1]!;
    expect(s.type).toBe('summary');
    if (s.type !== 'summary') return;
    expect(s.notifications).toBe(ofType(evs, 'notification').length);
    expect(s.findings).toBeGreaterThanOrEqual(ofType(evs, 'finding').length);
    expect(s.pushDatagrams).toBe(ofType(evs, 'push-datagram').length);
  });
});

describe('damaged samples say what was lost', () => {
  it('lost-segment: one gap, the damaged call named, the rest decoded', async () => {
    const evs = await run('rpc-tcp-lost-segment.pcap');
    const gaps = ofType(evs, 'finding').filter((f) => f.rule === 'dcerpc.gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.message).toMatch(/call_id 7/);
  });
  it('truncated: a capture.truncated finding with the file offset', async () => {
    const evs = await run('truncated.pcap');
    const t = ofType(evs, 'finding').filter((f) => f.rule === 'capture.truncated');
    expect(t).toHaveLength(1);
    expect(t[0]!.offset).toBeGreaterThan(0);
  });
  it('sealed: says the connection is encrypted, decodes nothing as garbage', async () => {
    const evs = await run('rpc-tcp-sealed.pcap');
    const s = evs[evs.length - 1]!;
    expect(s.type === 'summary' && s.encrypted.join()).toMatch(/auth level privacy, RPC_C_AUTHN_WINNT/);
    expect(ofType(evs, 'notification')).toHaveLength(0);
    expect(ofType(evs, 'finding').filter((f) => f.rule !== 'dcerpc.sealed')).toHaveLength(0);
  });
  it('reordered and retransmitted: nothing lost (the same findings as basic)', async () => {
    const rules = async (n: string): Promise<string[]> => ofType(await run(n), 'finding').map((f) => f.rule);
    for (const n of ['rpc-tcp-reordered.pcap', 'rpc-tcp-retransmit.pcap']) {
      expect(await rules(n)).toEqual(await rules('rpc-tcp-basic.pcap'));
    }
  });
});
