/**
 * The conformance rules on the sample captures, against what each scenario DEFINED
 * (samples/expected.json): which rules must fire, how often, and which must not (no false positives
 * on the conforming parts: pushes answered by a poll, a concurrent wait that is rejected, …).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FindingEvent, OxEvent } from '../src/model/events.js';
import { events, ofType, SAMPLES } from './support/collect.js';

type Json = Record<string, unknown>;
interface Rops {
  rops: string[];
}
interface Call {
  connection: string;
  callId: number;
  name: string;
  rgbIn?: Rops;
  rgbOut?: Rops;
}
interface Wait {
  flagsOut: string;
  returnValue: string;
  parkedMs: number;
}
interface Capture {
  sessions: { pollsMaxMs: number }[];
  calls: Call[];
  async: { waits: Wait[] } | null;
  push: { datagrams: (Json & { verdict: string; answeredByCallId?: number })[] } | null;
  expectedFindings?: string[];
}
const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected.json'), 'utf8')) as { captures: Record<string, Capture> };

/** The rules src/conformance decides (the analysis's own rules are tested elsewhere). */
const CONFORMANCE = new Set([
  'poll.too-frequent', 'push.polling-after-datagram', 'push.not-fetched', 'push.resend-late', 'push.invalid-registration-accepted',
  'wait.too-long', 'wait.early-empty', 'wait.pending-not-fetched', 'wait.concurrent-not-rejected', 'wait.retried-after-failure',
  'pending.not-fetched', 'pending.nothing-to-fetch', 'async.server-too-old', 'rpc.reserved-opnum', 'rpc.dummy-failed',
  'mapi.keepalive-gap', 'mapi.concurrent-request', 'subscription.handle-reused',
]);

const cache = new Map<string, Promise<OxEvent[]>>();
const run = (name: string): Promise<OxEvent[]> => {
  if (!cache.has(name)) cache.set(name, events(name));
  return cache.get(name)!;
};
const conformance = async (name: string): Promise<FindingEvent[]> => ofType(await run(name), 'finding').filter((f) => CONFORMANCE.has(f.rule));

/**
 * Polls the client made on its own schedule: EcDoRpcExt2 with no ROP in rgbIn, except the one right
 * after a response that carried RopPending (it answers that signal).
 */
function scheduledPolls(cap: Capture): number {
  const rpc = cap.calls.filter((c) => c.name === 'EcDoRpcExt2').sort((a, b) => a.callId - b.callId);
  return rpc.filter((c, i) => c.rgbIn?.rops.length === 0 && !(rpc[i - 1]?.rgbOut?.rops.includes('RopPending') ?? false)).length;
}

describe('basic and its lossless copies: the polls faster than pcmsPollsMax, and nothing else', () => {
  const lossless = ['rpc-tcp-basic.pcap', 'rpc-tcp-basic.pcapng', 'rpc-tcp-basic-nsec.pcap', 'vlan.pcap', 'rpc-tcp-reordered.pcap', 'rpc-tcp-retransmit.pcap'];
  it.each(lossless)('%s', async (name) => {
    const cap = expected.captures[name]!;
    expect(cap.expectedFindings?.join()).toMatch(/A7\/C5/);
    expect(cap.sessions[0]!.pollsMaxMs).toBe(60000);
    const polls = scheduledPolls(cap);
    expect(polls).toBeGreaterThan(2);
    const found = await conformance(name);
    expect(found.map((f) => f.rule)).toEqual(Array(polls - 1).fill('poll.too-frequent'));
    for (const f of found) {
      expect(f.session).toBe('S1');
      expect(f.message).toMatch(/pcmsPollsMax is 60000 ms/);
      expect(f.frames).toHaveLength(3);
    }
    const summary = (await run(name)).at(-1)!;
    expect(summary.type === 'summary' && summary.counts['finding:poll.too-frequent']).toBe(polls - 1);
  });
});

describe('damaged copies of basic', () => {
  it.each(['rpc-tcp-lost-segment.pcap', 'truncated.pcap'])('%s: only too-frequent polls, no rule confused by the damage', async (name) => {
    const rules = (await conformance(name)).map((f) => f.rule);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.length).toBeLessThan(scheduledPolls(expected.captures[name]!));
    expect(new Set(rules)).toEqual(new Set(['poll.too-frequent']));
  });

  it('rpc-tcp-midstream.pcap: a session inferred mid-capture has no pcmsPollsMax to judge by', async () => {
    expect(await conformance('rpc-tcp-midstream.pcap')).toEqual([]);
  });
});

describe('rpc-tcp-push.pcap: every valid datagram is answered by a poll', () => {
  it('the scenario says so', () => {
    const valid = expected.captures['rpc-tcp-push.pcap']!.push!.datagrams.filter((d) => d.verdict === 'valid');
    expect(valid.length).toBeGreaterThan(2);
    // A datagram the client did not answer at once is re-sent, and the re-sent one is answered.
    valid.forEach((d, i) => {
      if (d.answeredByCallId !== undefined) return;
      const next = valid.slice(i + 1).find((x) => x.to === d.to);
      expect(next).toMatchObject({ resend: true, answeredByCallId: expect.any(Number) });
    });
  });

  it('so no push, polling or pending rule fires (the invalid datagrams are the analysis\'s push.* findings)', async () => {
    expect(await conformance('rpc-tcp-push.pcap')).toEqual([]);
    const analysis = ofType(await run('rpc-tcp-push.pcap'), 'finding').map((f) => f.rule);
    expect(analysis).toEqual(expect.arrayContaining(['push.context-mismatch', 'push.unregistered']));
  });
});

describe.each(['rpc-tcp-async.pcap', 'rpc-tcp-sll2.pcap'])('%s', (name) => {
  const waits = expected.captures[name]!.async!.waits;

  it('the concurrent wait is rejected and the pending wait is fetched: no finding says otherwise', async () => {
    expect(waits.some((w) => w.returnValue === '0x000007EE')).toBe(true);
    expect(waits.some((w) => w.flagsOut === '0x00000001')).toBe(true);
    const rules = (await conformance(name)).map((f) => f.rule);
    expect(rules).not.toContain('wait.concurrent-not-rejected');
    expect(rules).not.toContain('wait.pending-not-fetched');
    expect(rules).not.toContain('wait.retried-after-failure');
    expect(rules).not.toContain('poll.too-frequent');
  });

  it('a wait completed with nothing pending after a second is early (S9): an info finding for each', async () => {
    const empty = waits.filter((w) => w.returnValue === '0x00000000' && w.flagsOut === '0x00000000');
    expect(empty.length).toBeGreaterThan(0);
    for (const w of empty) expect(w.parkedMs).toBeLessThan(240_000);
    const found = await conformance(name);
    expect(found.map((f) => [f.rule, f.severity])).toEqual(empty.map(() => ['wait.early-empty', 'info']));
    expect(found[0]!.message).toMatch(new RegExp(`after ${(empty[0]!.parkedMs / 1000).toFixed(1)} s`));
  });
});

describe('captures with nothing to judge', () => {
  it.each(['rpc-tcp-fragmented.pcap', 'rpc-tcp-ipfrag.pcap', 'rpc-tcp-sealed.pcap'])('%s', async (name) => {
    expect(await conformance(name)).toEqual([]);
  });
});
