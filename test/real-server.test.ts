/**
 * The two captures of a real, independent server (gromox 2.4; test/fixtures/real-server/README.md)
 * must decode completely over MAPI over HTTP and RPC over HTTP. Expected facts come from the
 * fixture's description and from tshark's view of the HTTP layer (X-RequestType of each request,
 * frames listed in the comments), never from our own output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { events, ofType } from './support/collect.js';
import type { OxEvent } from '../src/model/events.js';

const DIR = join(new URL('.', import.meta.url).pathname, 'fixtures', 'real-server');
const load = (name: string): Promise<OxEvent[]> => events(name, new Uint8Array(readFileSync(join(DIR, name))));

/** Findings that mean bytes were not decoded: none may appear on a well-formed capture. */
const DAMAGE = /^(capture|link|ip|tcp|http|mapihttp|rpch|dcerpc|emsmdb|rpcext|rop)\./;

/** Four delivered mails: NewMail on the subscription and TableRowAdded on the contents table for each,
 *  one folder ObjectModified per two messages (REAL-SERVER-NOTES "ROP buffers and notifications"). */
const NOTIFICATIONS = { NewMail: 4, TableModified: 4, ObjectModified: 2 };

function countBy<T>(xs: T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

describe('mapihttp-gromox-notify.pcap', () => {
  let evs: OxEvent[];
  beforeAll(async () => {
    evs = await load('mapihttp-gromox-notify.pcap');
  });

  it('has one MAPI over HTTP session keyed by its sid cookie, ended by Disconnect', () => {
    const sessions = ofType(evs, 'session');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      transport: 'mapi-http',
      origin: 'connect',
      server: '127.0.0.1:10080',
      contextHandle: null,
      cookie: 'sid=ale6icobe4i0lax2b1t5tezestq000td',
      serverVersion: '15.0.847.4040',
    });
    expect(ofType(evs, 'session-end')).toEqual([expect.objectContaining({ session: sessions[0]!.session, reason: 'disconnect' })]);
  });

  it('decodes every request of the session, in X-RequestId order (tshark frames 4…49)', () => {
    const calls = ofType(evs, 'call').filter((c) => c.transport === 'mapi-http');
    expect(calls).toHaveLength(10);
    const byId = [...calls].sort((a, b) => Number(a.requestId!.split(':')[1]) - Number(b.requestId!.split(':')[1]));
    expect(byId.map((c) => c.operation)).toEqual([
      'Connect', 'Execute', 'Execute', 'NotificationWait', 'Execute', 'NotificationWait', 'Execute', 'Execute', 'PING', 'Disconnect',
    ]);
    expect(byId.map((c) => c.requestFrame)).toEqual([4, 8, 10, 15, 25, 31, 42, 45, 47, 49]);
    for (const c of calls) {
      expect(c).toMatchObject({ httpStatus: 200, responseCode: 0, fate: 'complete', session: expect.stringMatching(/^S\d+$/) });
    }
    const waits = byId.filter((c) => c.operation === 'NotificationWait');
    expect(waits.map((w) => w.eventPending)).toEqual([true, true]);
    expect(waits.every((w) => w.pendingPeriodMs === 30000)).toBe(true);
    // The second long poll was held 33 s with one PENDING keep-alive (fixture README, REAL-SERVER-NOTES).
    expect(waits[1]!.keepAlives).toBe(1);
    expect(waits[1]!.durationMs).toBeGreaterThan(30_000);
  });

  it('yields all 10 RopNotify with their rows, and the pending signals', () => {
    const notes = ofType(evs, 'notification');
    expect(notes).toHaveLength(10);
    expect(countBy(notes, (n) => n.notificationType)).toEqual(NOTIFICATIONS);
    for (const n of notes.filter((x) => x.notificationType === 'TableModified')) {
      expect(n.tableEventType).toBe('TableRowAdded');
      expect(n.target).toBe('table');
      expect(n.tableRowData).toBeDefined();
      expect('undecoded' in n.tableRowData!).toBe(false);
    }
    for (const n of notes.filter((x) => x.notificationType === 'NewMail')) expect(n.target).toBe('subscription');
    const pending = ofType(evs, 'pending');
    expect(countBy(pending, (p) => p.via)).toEqual({ NotificationWait: 2, RopPending: 1 });
    expect(ofType(evs, 'subscription')).toHaveLength(1);
  });

  it('reports no undecoded bytes', () => {
    expect(ofType(evs, 'finding').filter((f) => DAMAGE.test(f.rule))).toEqual([]);
  });
});

describe('rpch-gromox-notify.pcap', () => {
  let evs: OxEvent[];
  beforeAll(async () => {
    evs = await load('rpch-gromox-notify.pcap');
  });

  it('has one RPC over HTTP session from EcDoConnectEx', () => {
    const sessions = ofType(evs, 'session');
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ transport: 'rpc-http', origin: 'connect', sessionIndex: 1 });
  });

  it('pairs the IN and OUT channels of two virtual connections by cookie and shows their RTS PDUs', () => {
    const rts = ofType(evs, 'rts');
    const vcs = new Set(rts.map((r) => r.virtualConnection));
    expect(vcs.size).toBe(2);
    expect(vcs.has(null)).toBe(false);
    const names = rts.map((r) => r.name);
    for (const n of ['CONN/A1', 'CONN/B1', 'CONN/A3']) expect(names.filter((x) => x === n)).toHaveLength(2);
    const calls = ofType(evs, 'call').filter((c) => c.transport === 'rpc-http');
    expect(calls.every((c) => c.virtualConnection !== undefined && vcs.has(c.virtualConnection))).toBe(true);
  });

  it('decodes every EMSMDB and AsyncEMSMDB call (EcDoConnectEx, refused push registration, async waits)', () => {
    const calls = ofType(evs, 'call').filter((c) => c.transport === 'rpc-http');
    const ops = countBy(calls, (c) => c.operation);
    expect(ops).toMatchObject({ EcDoConnectEx: 1, EcRRegisterPushNotification: 1, EcDoAsyncConnectEx: 1, EcDoAsyncWaitEx: 2, EcDoDisconnect: 1 });
    expect(calls.every((c) => c.fate === 'complete')).toBe(true);
    const reg = ofType(evs, 'push-registration');
    expect(reg).toEqual([expect.objectContaining({ returnValue: '0x80040102', hNotification: '0x00000000' })]);
  });

  it('yields all 10 RopNotify and the pending signals', () => {
    const notes = ofType(evs, 'notification');
    expect(notes).toHaveLength(10);
    expect(countBy(notes, (n) => n.notificationType)).toEqual(NOTIFICATIONS);
    expect(countBy(ofType(evs, 'pending'), (p) => p.via)).toEqual({ EcDoAsyncWaitEx: 2, RopPending: 1 });
  });

  it('reports no undecoded bytes', () => {
    expect(ofType(evs, 'finding').filter((f) => DAMAGE.test(f.rule))).toEqual([]);
  });
});
