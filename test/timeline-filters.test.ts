/**
 * The main command's filters (--session, --type, --since, --until, --only-findings) and --compact,
 * run through the built CLI on samples; what must be shown comes from samples/expected.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale, cli, lines, ndjson, oneLineError, ROOT, samplePath } from './support/cli.js';

interface ExpectedNotification {
  connection: string;
  callId: number;
  notificationType: string;
  tableEventType?: string | null;
  handle: string;
}
interface ExpectedCapture {
  sessions: { connection: string; client: string; server: string; userDN: string | null }[];
  notifications: ExpectedNotification[];
  subscriptions: unknown[];
  pending: { via: string; callId?: number }[];
  calls: { connection: string; callId: number; name: string; rgbIn?: { rops: string[] } }[];
  push: { datagrams: { verdict: string; registration: { connection: string } | null }[] } | null;
}
const EXPECTED = (JSON.parse(readFileSync(join(ROOT, 'samples', 'expected.json'), 'utf8')) as { captures: Record<string, ExpectedCapture> }).captures;
const expected = (name: string): ExpectedCapture => EXPECTED[name]!;

type Ev = Record<string, unknown> & { type: string };
const json = (args: string[]): Ev[] => {
  const r = cli(['--json', ...args]);
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  return ndjson(r.stdout) as Ev[];
};
const between = (evs: Ev[]): Ev[] => evs.slice(1, -1);
const typeName = (n: Record<string, unknown> | ExpectedNotification): string =>
  n.tableEventType ? `${String(n.notificationType)}/${String(n.tableEventType)}` : String(n.notificationType);

/** Rule ids the push verdicts raise (src/model/findings.ts, MS-OXCNOTIF 3.1.5.4 / 3.2.5.5.2). */
const VERDICT_RULES: Record<string, string> = {
  'before-registration': 'push.before-registration',
  mismatch: 'push.context-mismatch',
  unregistered: 'push.unregistered',
  'after-unregister': 'push.after-unregister',
};

beforeAll(() => buildIfStale(), 120_000);

describe('--type', () => {
  it('--type notification --json: capture, the 14 notifications of the basic scenario in delivery order, summary', () => {
    const basic = expected('rpc-tcp-basic.pcap');
    const evs = json(['--type', 'notification', samplePath('rpc-tcp-basic.pcap')]);
    expect(evs[0]!.type).toBe('capture');
    expect(evs[evs.length - 1]!.type).toBe('summary');
    expect(between(evs).map((e) => e.type)).toEqual(basic.notifications.map(() => 'notification'));
    expect(between(evs).map(typeName)).toEqual(basic.notifications.map(typeName));
    expect(between(evs).map((e) => e.handle)).toEqual(basic.notifications.map((n) => n.handle));
  });

  it('--type subscription,pending: the two subscriptions and the RopPending, nothing else', () => {
    const basic = expected('rpc-tcp-basic.pcap');
    const evs = between(json(['--type', 'subscription,pending', samplePath('rpc-tcp-basic.pcap')]));
    expect(evs.filter((e) => e.type === 'subscription')).toHaveLength(basic.subscriptions.length);
    expect(evs.filter((e) => e.type === 'pending').map((e) => e.via)).toEqual(basic.pending.map((p) => p.via));
    expect(evs.every((e) => e.type === 'subscription' || e.type === 'pending')).toBe(true);
  });

  it('the timeline keeps the session header above the notify lines and prints no call lines', () => {
    const basic = expected('rpc-tcp-basic.pcap');
    const r = cli(['--type', 'notification', samplePath('rpc-tcp-basic.pcap')]);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    const header = out.findIndex((l) => l.startsWith(`── S1  rpc-tcp  ${basic.sessions[0]!.client} → ${basic.sessions[0]!.server}`));
    expect(header).toBeGreaterThan(0);
    expect(out[header + 1]!.trim()).toBe(basic.sessions[0]!.userDN);
    const notify = out.filter((l) => /#\d+ +notify /.test(l));
    expect(notify).toHaveLength(basic.notifications.length);
    expect(out.findIndex((l) => /#\d+ +notify /.test(l))).toBeGreaterThan(header);
    expect(out.some((l) => /#\d+ +(call|session|subscribe|pending|end) /.test(l))).toBe(false);
  });
});

describe('--session', () => {
  it('--session S2 of the push sample: only the IPv6 session — its client, its NewMail, its one valid datagram', () => {
    const push = expected('rpc-tcp-push.pcap');
    const v6 = push.sessions[1]!;
    const evs = between(json(['--session', 'S2', samplePath('rpc-tcp-push.pcap')]));
    expect(evs.every((e) => e.session === 'S2')).toBe(true);
    expect(evs[0]).toMatchObject({ type: 'session', client: v6.client, server: v6.server });
    const mine = push.notifications.filter((n) => n.connection === v6.connection);
    expect(evs.filter((e) => e.type === 'notification').map(typeName)).toEqual(mine.map(typeName));
    const datagrams = push.push!.datagrams.filter((d) => d.registration?.connection === v6.connection);
    expect(evs.filter((e) => e.type === 'push-datagram').map((e) => e.verdict)).toEqual(datagrams.map((d) => d.verdict));
  });

  it('--session S1,S2 keeps both sessions and drops the datagrams outside any session', () => {
    const push = expected('rpc-tcp-push.pcap');
    const evs = between(json(['--session', 'S1,S2', samplePath('rpc-tcp-push.pcap')]));
    expect(evs.filter((e) => e.type === 'session').map((e) => e.client)).toEqual(push.sessions.map((s) => s.client));
    expect(evs.filter((e) => e.type === 'notification')).toHaveLength(push.notifications.length);
    expect(evs.some((e) => e.session === null)).toBe(false);
  });

  it('the timeline of --session S2: the same lines, at the same relative times, as in the unfiltered timeline, with its block summary', () => {
    const push = expected('rpc-tcp-push.pcap');
    const all = lines(cli([samplePath('rpc-tcp-push.pcap')]).stdout);
    const only = lines(cli(['--session', 'S2', samplePath('rpc-tcp-push.pcap')]).stdout);
    const block = (out: string[]): string[] => {
      const start = out.findIndex((l) => l.startsWith(`── S2  rpc-tcp  ${push.sessions[1]!.client}`));
      const end = out.findIndex((l, i) => i > start && l.startsWith('  latency '));
      return out.slice(start, end + 1);
    };
    expect(block(all).length).toBeGreaterThan(5);
    expect(block(only)).toEqual(block(all));
    expect(only.some((l) => l.startsWith('── S1'))).toBe(false);
  });

  it('a session id that is not in the capture: nothing but capture and summary', () => {
    const evs = json(['--session', 'S9', samplePath('rpc-tcp-basic.pcap')]);
    expect(evs.map((e) => e.type)).toEqual(['capture', 'summary']);
  });
});

describe('--since / --until', () => {
  /** The response time of an EMSMDB call of the basic sample, by call id (a scenario fact). */
  function callTimes(): { times: Map<number, string>; zero: string } {
    const all = json([samplePath('rpc-tcp-basic.pcap')]);
    const times = new Map<number, string>();
    for (const e of all) if (e.type === 'call' && e.interface === 'EMSMDB') times.set(e.callId as number, e.time as string);
    const zero = all.find((e) => typeof e.time === 'string')!.time as string;
    return { times, zero };
  }
  const seconds = (t: string): number => Date.parse(t) / 1000 + Number(`0.000${/\.\d{3}(\d*)Z$/.exec(t)?.[1] ?? ''}`);
  const basic = expected('rpc-tcp-basic.pcap');
  const ofCalls = (ids: number[]): string[] => basic.notifications.filter((n) => ids.includes(n.callId)).map(typeName);

  it('an RFC 3339 window from the call 7 response to the call 8 response: the 7 notifications those two polls delivered', () => {
    const { times } = callTimes();
    const evs = between(json(['--type', 'notification', '--since', times.get(7)!, '--until', times.get(8)!, samplePath('rpc-tcp-basic.pcap')]));
    expect(evs.map(typeName)).toEqual(ofCalls([7, 8]));
    expect(evs).toHaveLength(7);
  });

  it('the same window in seconds from the start of the capture', () => {
    const { times, zero } = callTimes();
    const since = (seconds(times.get(7)!) - seconds(zero) - 1e-6).toFixed(6);
    const until = (seconds(times.get(8)!) - seconds(zero) + 1e-6).toFixed(6);
    const evs = between(json(['--type', 'notification', '--since', since, '--until', until, samplePath('rpc-tcp-basic.pcap')]));
    expect(evs.map(typeName)).toEqual(ofCalls([7, 8]));
  });

  it('--since alone after the RopPending: the notifications of the draining poll (call 10) and later', () => {
    const { times } = callTimes();
    const evs = between(json(['--type', 'notification', '--since', times.get(10)!, samplePath('rpc-tcp-basic.pcap')]));
    expect(evs.map(typeName)).toEqual(ofCalls([10]));
  });
});

describe('--only-findings', () => {
  it('--json: the findings of the push verdicts, each after the session event it belongs to, and nothing else', () => {
    const push = expected('rpc-tcp-push.pcap');
    const evs = between(json(['--only-findings', samplePath('rpc-tcp-push.pcap')]));
    expect(evs.every((e) => e.type === 'finding' || e.type === 'session')).toBe(true);
    const rules = new Set(evs.filter((e) => e.type === 'finding').map((e) => e.rule));
    for (const d of push.push!.datagrams) if (d.verdict !== 'valid') expect(rules).toContain(VERDICT_RULES[d.verdict]);
    const announced = new Set<unknown>();
    for (const e of evs) {
      if (e.type === 'session') {
        expect(announced.has(e.session)).toBe(false);
        announced.add(e.session);
      } else if (e.session !== null) expect(announced.has(e.session)).toBe(true);
    }
    // The context mismatch is on the IPv4 session: its header is there, with the scenario's client.
    const mismatch = evs.find((e) => e.rule === 'push.context-mismatch')!;
    expect(evs.find((e) => e.type === 'session' && e.session === mismatch.session)).toMatchObject({ client: push.sessions[0]!.client });
  });

  it('the timeline: the header of the session with the mismatch, the finding under it, no notify or call lines', () => {
    const push = expected('rpc-tcp-push.pcap');
    const r = cli(['--only-findings', samplePath('rpc-tcp-push.pcap')]);
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    const header = out.findIndex((l) => l.startsWith(`── S1  rpc-tcp  ${push.sessions[0]!.client}`));
    const mismatch = out.findIndex((l) => l.includes('push.context-mismatch'));
    expect(header).toBeGreaterThan(0);
    expect(mismatch).toBeGreaterThan(header);
    expect(out.some((l) => /#\d+ +(notify|call|datagram) /.test(l))).toBe(false);
  });

  it('a capture without findings in its sessions: no session header at all', () => {
    const r = cli(['--only-findings', '--session', 'S2', samplePath('rpc-tcp-push.pcap')]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/── S2/);
    expect(r.stdout).toMatch(/findings/); // the summary table stays
  });
});

describe('--compact', () => {
  it('the push sample: one line per session with its endpoints, notification count and push verdicts', () => {
    const push = expected('rpc-tcp-push.pcap');
    const r = cli(['--compact', samplePath('rpc-tcp-push.pcap')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const rows = lines(r.stdout).filter((l) => /^S\d+ /.test(l));
    expect(rows).toHaveLength(push.sessions.length);
    push.sessions.forEach((s, i) => {
      const row = rows[i]!;
      expect(row.startsWith(`S${i + 1} rpc-tcp ${s.client} → ${s.server} alice `)).toBe(true);
      const n = push.notifications.filter((x) => x.connection === s.connection).length;
      expect(row).toContain(`| notifications ${n} |`);
      const verdicts = push.push!.datagrams.filter((d) => d.registration?.connection === s.connection && d.verdict !== 'after-unregister');
      const valid = verdicts.filter((d) => d.verdict === 'valid').length;
      expect(row).toContain(`signals push ${valid}`);
      expect(row).toMatch(/\| latency p50 [\d.]+ ms p95 [\d.]+ (ms|s) max [\d.]+ (ms|s) \(\d+\) \|/);
      expect(row).toMatch(/\| findings \d+$/);
    });
    expect(r.stdout).toMatch(/│ notifications +│ 3 /);
  });

  it('the basic sample: its polls, the RopPending and the two notifications measured after it', () => {
    const basic = expected('rpc-tcp-basic.pcap');
    const r = cli(['--compact', samplePath('rpc-tcp-basic.pcap')]);
    const rows = lines(r.stdout).filter((l) => /^S\d+ /.test(l));
    expect(rows).toHaveLength(1);
    const polls = basic.calls.filter((c) => c.name === 'EcDoRpcExt2' && c.rgbIn?.rops.length === 0).length;
    const pendingCall = basic.pending[0]!.callId!;
    const measured = basic.notifications.filter((n) => n.callId > pendingCall).length;
    expect(rows[0]).toContain(`| subscriptions ${basic.subscriptions.length} | notifications ${basic.notifications.length} |`);
    expect(rows[0]).toContain(`| signals RopPending 1; polls ${polls} |`);
    expect(rows[0]).toMatch(new RegExp(`\\(${measured}\\) \\|`));
    expect(rows[0]).toMatch(/ disconnect \|/);
  });

  it('--compact with a filter counts only what passes: --type notification keeps the count, drops the subscriptions', () => {
    const basic = expected('rpc-tcp-basic.pcap');
    const rows = lines(cli(['--compact', '--type', 'notification', samplePath('rpc-tcp-basic.pcap')]).stdout).filter((l) => /^S\d+ /.test(l));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(`| subscriptions 0 | notifications ${basic.notifications.length} |`);
  });
});

describe('bad filter values: exit 3, one line', () => {
  it.each([
    [['--session', '2'], /--session: "2" is not a session id/],
    [['--session', 'S1,'], /--session expects a comma-separated list/],
    [['--type', 'notifications'], /--type: unknown event type "notifications"/],
    [['--since', 'yesterday'], /--since: "yesterday" is neither seconds/],
    [['--until', '-3'], /--until: "-3" is neither seconds/],
    [['--since', '5', '--until', '2'], /--since 5 is after --until 2/],
    [['--json', '--compact'], /--compact is a form of the timeline/],
    [['--only-findings', '--type', 'finding'], /--only-findings already selects/],
  ])('%j', (args, message) => {
    const line = oneLineError(cli([...args, samplePath('rpc-tcp-basic.pcap')]), 3);
    expect(line).toMatch(/^oxnotif-dump: /);
    expect(line).toMatch(message);
  });
});
