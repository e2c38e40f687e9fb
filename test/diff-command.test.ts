/**
 * `oxnotif-dump diff a b` through the built CLI. Every difference asserted here was worked out by
 * hand from samples/expected.json (what each scenario defined and what each derivation removed).
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlignedSessionDiff, CaptureDiff, NotificationRef } from '../src/compare/diff-types.js';
import { buildIfStale, cli, lines, oneLineError, ROOT, samplePath } from './support/cli.js';

interface ExpectedNotification {
  connection: string;
  notificationType: string;
  notificationFlags: string;
  tableEventType?: string | null;
  folderId?: string;
  messageId?: string;
  tableRowFolderId?: string;
  tableRowMessageId?: string;
}
interface ExpectedCapture {
  sessions: { connection: string; client: string; server: string; userDN: string | null }[];
  notifications: ExpectedNotification[];
  lostNotifications?: ExpectedNotification[];
  subscriptions: { connection: string; notificationTypesBits: string; wantWholeStore: boolean; folderId: string | null }[];
  subscriptionsVisible?: unknown[];
  pending: { via: string }[];
  push: { datagrams: { verdict: string }[] } | null;
  derivedFrom: string | null;
  derivation?: unknown;
}
const EXPECTED = (JSON.parse(readFileSync(join(ROOT, 'samples', 'expected.json'), 'utf8')) as { captures: Record<string, ExpectedCapture> }).captures;
const expected = (name: string): ExpectedCapture => EXPECTED[name]!;

/** A notification as the diff names it: its type label and ids. */
const named = (n: ExpectedNotification | NotificationRef): string => {
  const type = 'type' in n ? n.type : n.tableEventType ? `${n.notificationType}/${n.tableEventType}` : n.notificationType;
  return [type, n.folderId, n.messageId, n.tableRowFolderId, n.tableRowMessageId].map((x) => x ?? '').join(' ').trim();
};

function diffJson(a: string, b: string, extra: string[] = []): { status: number | null; diff: CaptureDiff } {
  const r = cli(['diff', '--json', ...extra, samplePath(a), samplePath(b)]);
  expect(r.stderr).toBe('');
  return { status: r.status, diff: JSON.parse(r.stdout) as CaptureDiff };
}
const aligned = (d: CaptureDiff): AlignedSessionDiff[] => d.sessions.filter((s): s is AlignedSessionDiff => s.status === 'aligned');

let tmp = '';
beforeAll(() => {
  buildIfStale();
  tmp = mkdtempSync(join(tmpdir(), 'oxnotif-diff-'));
}, 120_000);
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('oxnotif-dump diff: equivalent captures (exit 0)', () => {
  it('a capture against itself: exit 0 and "no differences"', () => {
    const r = cli(['diff', samplePath('rpc-tcp-basic.pcap'), samplePath('rpc-tcp-basic.pcap')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout).pop()).toBe('no differences');
    const { status, diff } = diffJson('rpc-tcp-basic.pcap', 'rpc-tcp-basic.pcap');
    expect(status).toBe(0);
    expect(diff.equivalent).toBe(true);
    expect(aligned(diff)).toHaveLength(expected('rpc-tcp-basic.pcap').sessions.length);
  });

  // Copies of the basic scenario that change only the file format, timestamp precision, link
  // framing or TCP segmentation (expected.json: same sessions, subscriptions and 14 notifications).
  it.each(['rpc-tcp-basic.pcapng', 'rpc-tcp-basic-nsec.pcap', 'vlan.pcap', 'rpc-tcp-reordered.pcap', 'rpc-tcp-retransmit.pcap'])(
    'rpc-tcp-basic.pcap vs %s: equivalent',
    (other) => {
      expect(expected(other).notifications).toHaveLength(expected('rpc-tcp-basic.pcap').notifications.length);
      const { status, diff } = diffJson('rpc-tcp-basic.pcap', other);
      expect({ status, equivalent: diff.equivalent }).toEqual({ status: 0, equivalent: true });
    },
  );

  it('the MAPI over HTTP sample against itself: equivalent, both of its sessions aligned', () => {
    const { status, diff } = diffJson('mapi-http-basic.pcap', 'mapi-http-basic.pcap');
    expect({ status, equivalent: diff.equivalent }).toEqual({ status: 0, equivalent: true });
    expect(aligned(diff).map((s) => s.a.userDN)).toEqual(expected('mapi-http-basic.pcap').sessions.map((s) => s.userDN));
  });

  it('the async run captured on lo and on any (SLL2): equivalent', () => {
    const { status, diff } = diffJson('rpc-tcp-async.pcap', 'rpc-tcp-sll2.pcap');
    expect({ status, equivalent: diff.equivalent }).toEqual({ status: 0, equivalent: true });
  });
});

describe('oxnotif-dump diff: captures that differ (exit 1)', () => {
  it('basic vs lost-segment: the five notifications lost in the gap are missing, in order, and nothing else changed', () => {
    const lost = expected('rpc-tcp-lost-segment.pcap').lostNotifications!;
    expect(lost).toHaveLength(5);
    const { status, diff } = diffJson('rpc-tcp-basic.pcap', 'rpc-tcp-lost-segment.pcap');
    expect(status).toBe(1);
    expect(diff.equivalent).toBe(false);
    const [s, ...rest] = aligned(diff);
    expect(rest).toEqual([]);
    expect(s!.notifications.missing.map(named)).toEqual(lost.map(named));
    expect(s!.notifications.added).toEqual([]);
    expect(s!.notifications.changed).toEqual([]);
    expect(s!.subscriptions).toEqual({ missing: [], added: [] });
    expect(s!.attributes).toEqual([]);
    expect(s!.signalling.changed).toEqual([]);
    // The derivation removed a segment: the gap is a finding of b only.
    expect(diff.findings.onlyB.some((f) => /\.gap$/.test(f.rule))).toBe(true);
    expect(diff.findings.onlyA).toEqual([]);
  });

  it('the same pair the other way round: the five are added', () => {
    const lost = expected('rpc-tcp-lost-segment.pcap').lostNotifications!;
    const { status, diff } = diffJson('rpc-tcp-lost-segment.pcap', 'rpc-tcp-basic.pcap');
    expect(status).toBe(1);
    const s = aligned(diff)[0]!;
    expect(s.notifications.added.map(named)).toEqual(lost.map(named));
    expect(s.notifications.missing).toEqual([]);
  });

  it('the human report names each missing notification with its frame in a', () => {
    const lost = expected('rpc-tcp-lost-segment.pcap').lostNotifications!;
    const r = cli(['diff', samplePath('rpc-tcp-basic.pcap'), samplePath('rpc-tcp-lost-segment.pcap')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`notifications 14 → 9: 5 missing, 0 added, 0 changed`);
    const missing = lines(r.stdout).filter((l) => /^ {3}- a#\d+ {2}/.test(l));
    expect(missing).toHaveLength(lost.length);
    lost.forEach((n, i) => {
      const type = n.tableEventType ? `${n.notificationType}/${n.tableEventType}` : n.notificationType;
      expect(missing[i]).toMatch(new RegExp(`^ {3}- a#\\d+ {2}${type} `));
      for (const id of [n.folderId, n.messageId, n.tableRowFolderId, n.tableRowMessageId]) if (id) expect(missing[i]).toContain(id);
    });
    expect(lines(r.stdout).pop()).toBe('the captures differ');
  });

  it('basic vs push: the sessions differ (IPv6 session only in b), push replaces RopPending, one subscription fewer', () => {
    const basic = expected('rpc-tcp-basic.pcap');
    const push = expected('rpc-tcp-push.pcap');
    const { status, diff } = diffJson('rpc-tcp-basic.pcap', 'rpc-tcp-push.pcap');
    expect(status).toBe(1);
    // Both push sessions are alice's; the IPv4 one shares basic's hosts (127.0.0.1 → 127.0.0.1).
    const v4 = push.sessions.find((s) => !s.client.startsWith('['))!;
    const v6 = push.sessions.find((s) => s.client.startsWith('['))!;
    const [s, ...more] = aligned(diff);
    expect(more).toEqual([]);
    expect(s!.a.client).toBe(basic.sessions[0]!.client);
    expect(s!.b.client).toBe(v4.client);
    expect(diff.sessions.filter((x) => x.status === 'only-b').map((x) => x.b?.client)).toEqual([v6.client]);
    expect(diff.sessions.filter((x) => x.status === 'only-a')).toEqual([]);

    // Notifications, by identity (type and ids): the basic ones with no counterpart in the IPv4
    // push session are missing, the push ones with none in basic are added.
    const v4Notes = push.notifications.filter((n) => n.connection === v4.connection);
    const key = (n: ExpectedNotification): string => [n.notificationType, n.tableEventType ?? '', n.folderId ?? '', n.messageId ?? '', n.tableRowFolderId ?? '', n.tableRowMessageId ?? ''].join('|');
    const left = new Map<string, number>();
    for (const n of v4Notes) left.set(key(n), (left.get(key(n)) ?? 0) + 1);
    const unmatched = basic.notifications.filter((n) => {
      const k = left.get(key(n)) ?? 0;
      if (k > 0) left.set(key(n), k - 1);
      return k === 0;
    });
    const basicKeys = new Set(basic.notifications.map(key));
    expect(s!.notifications.missing.map(named)).toEqual(unmatched.map(named));
    expect(s!.notifications.added.map(named)).toEqual(v4Notes.filter((n) => !basicKeys.has(key(n))).map(named));
    // The ObjectModified both have on folder 0D: basic sends it with counts (0x3010), push without (0x0010).
    const om = s!.notifications.changed.find((c) => c.a.type === 'ObjectModified')!;
    const flags = (list: ExpectedNotification[]): string[] => list.filter((n) => n.notificationType === 'ObjectModified').map((n) => n.notificationFlags);
    expect(om.fields).toContainEqual({ field: 'notificationFlags', a: flags(basic.notifications)[0], b: flags(v4Notes)[0] });

    expect(s!.signalling.changed).toContainEqual({ kind: 'pending', onlyA: basic.pending.map((p) => p.via), onlyB: ['push'] });
    expect(push.pending.every((p) => p.via === 'push')).toBe(true);
    // basic subscribes whole store (0x00FE) and the Inbox (0x001C); the IPv4 push session only the whole store.
    const pushBits = push.subscriptions.filter((x) => x.connection === v4.connection).map((x) => x.notificationTypesBits);
    const missingBits = basic.subscriptions.filter((x) => !pushBits.includes(x.notificationTypesBits));
    expect(s!.subscriptions.missing).toHaveLength(missingBits.length);
    expect(s!.subscriptions.missing[0]!.subscription).toContain(`folder ${missingBits[0]!.folderId}`);
    expect(s!.subscriptions.added).toEqual([]);
    // Every push verdict other than valid is a finding of b only.
    const rules = diff.findings.onlyB.map((f) => f.rule);
    const verdictRule: Record<string, string> = { 'before-registration': 'push.before-registration', mismatch: 'push.context-mismatch', unregistered: 'push.unregistered', 'after-unregister': 'push.after-unregister' };
    for (const d of push.push!.datagrams) if (d.verdict !== 'valid') expect(rules).toContain(verdictRule[d.verdict]);
  });

  it('basic vs midstream: the session still aligns (same hosts, user unknown in b); its subscriptions are not in b, its 14 notifications are', () => {
    const mid = expected('rpc-tcp-midstream.pcap');
    expect(mid.sessions[0]!.userDN).toBeNull();
    expect(mid.subscriptionsVisible).toEqual([]);
    const { status, diff } = diffJson('rpc-tcp-basic.pcap', 'rpc-tcp-midstream.pcap');
    expect(status).toBe(1);
    const [s, ...more] = aligned(diff);
    expect(more).toEqual([]);
    expect(diff.sessions).toHaveLength(1);
    expect(s!.attributes).toContainEqual({ field: 'origin', a: 'connect', b: 'inferred' });
    expect(s!.attributes).toContainEqual({ field: 'userDN', a: expected('rpc-tcp-basic.pcap').sessions[0]!.userDN, b: null });
    expect(s!.subscriptions.missing).toHaveLength(expected('rpc-tcp-basic.pcap').subscriptions.length);
    expect(s!.notifications.missing).toEqual([]);
    expect(s!.notifications.added).toEqual([]);
    expect(s!.notifications.changed).toHaveLength(mid.notifications.length);
    // Their handles are no longer a subscription or a table of the session, only unknown ones.
    for (const c of s!.notifications.changed) expect(c.fields.find((f) => f.field === 'handle')?.b).toMatch(/^unknown \d+$/);
  });

  it('async (RPC over TCP) vs rpc-http-basic (RPC over HTTP), the same user: sessions never pair across transports', () => {
    const a = expected('rpc-tcp-async.pcap').sessions;
    const b = expected('rpc-http-basic.pcap').sessions;
    expect(a[0]!.userDN).toBe(b[0]!.userDN);
    const { status, diff } = diffJson('rpc-tcp-async.pcap', 'rpc-http-basic.pcap');
    expect(status).toBe(1);
    expect(aligned(diff)).toEqual([]);
    expect(diff.sessions.map((s) => [s.status, s.a?.client ?? s.b?.client, s.a?.transport ?? s.b?.transport])).toEqual([
      ['only-a', a[0]!.client, 'rpc-tcp'],
      ['only-b', b[0]!.client, 'rpc-http'],
    ]);
  });

  it('basic vs async: RopPending and polls in a, EcDoAsyncWaitEx in b', () => {
    const { status, diff } = diffJson('rpc-tcp-basic.pcap', 'rpc-tcp-async.pcap');
    expect(status).toBe(1);
    const s = aligned(diff)[0]!;
    expect(s.signalling.changed).toContainEqual({ kind: 'pending', onlyA: ['RopPending'], onlyB: ['EcDoAsyncWaitEx'] });
    expect(s.signalling.changed.find((c) => c.kind === 'calls')?.onlyB).toEqual(['EcDoAsyncWaitEx']);
  });
});

describe('oxnotif-dump diff: errors', () => {
  it('a missing file: exit 2, one line naming it, nothing on stdout', () => {
    const missing = join(tmp, 'nope.pcap');
    const line = oneLineError(cli(['diff', samplePath('rpc-tcp-basic.pcap'), missing]), 2);
    expect(line).toMatch(/^oxnotif-dump: /);
    expect(line).toContain(missing);
    expect(line).toMatch(/no such file/);
  });

  it('a file that is not a capture: exit 2, one line', () => {
    const text = join(tmp, 'notes.txt');
    writeFileSync(text, 'not packets\n');
    const line = oneLineError(cli(['diff', text, samplePath('rpc-tcp-basic.pcap')]), 2);
    expect(line).toContain(text);
    expect(line).toMatch(/not a pcap or pcapng capture/);
  });

  it('usage errors: exit 3', () => {
    expect(oneLineError(cli(['diff', '--threshold-ms', 'fast', samplePath('rpc-tcp-basic.pcap'), samplePath('rpc-tcp-basic.pcap')]), 3)).toMatch(/--threshold-ms: "fast"/);
    expect(oneLineError(cli(['diff', '-', '-']), 3)).toMatch(/only one of the two captures/);
    expect(cli(['diff', samplePath('rpc-tcp-basic.pcap')]).status).toBe(3);
  });

  it('--threshold-ms takes a number: the same equivalent pair stays equivalent', () => {
    const { status } = diffJson('rpc-tcp-basic.pcap', 'rpc-tcp-basic.pcapng', ['--threshold-ms', '0']);
    expect(status).toBe(0);
  });
});

describe('the default command next to the subcommands', () => {
  it('oxnotif-dump <capture> still prints the timeline, and --json still writes NDJSON', () => {
    const r = cli([samplePath('rpc-tcp-basic.pcap')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^capture .*rpc-tcp-basic\.pcap/);
    expect(lines(r.stdout).filter((l) => /#\d+ +notify /.test(l))).toHaveLength(expected('rpc-tcp-basic.pcap').notifications.length);
    const j = cli(['--json', samplePath('rpc-tcp-basic.pcap')]);
    expect(j.status).toBe(0);
    expect(JSON.parse(lines(j.stdout)[0]!)).toMatchObject({ type: 'capture' });
  });

  it('--help lists the diff and rules subcommands', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}diff \[options\] <a> <b>/m);
    expect(r.stdout).toMatch(/^ {2}rules \[options\]/m);
  });
});
