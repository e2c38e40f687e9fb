/**
 * docs/event-schema.json against what the pipeline writes: every event of every capture in
 * samples/ and test/fixtures/real-server/ must validate, and hand-made wrong events must not.
 * The list of captures is read from the directories, so a new sample is checked without a change here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The named export: TypeScript (NodeNext) types the default import of this CommonJS module as its namespace.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { events, SAMPLES } from './support/collect.js';
import type { OxEvent } from '../src/model/events.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'docs', 'event-schema.json'), 'utf8')) as { $id: string; $defs: Record<string, unknown> };
const REAL_SERVER = join(ROOT, 'test', 'fixtures', 'real-server');

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate: ValidateFunction = ajv.compile(SCHEMA);

function captures(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The errors of the event's own type (a oneOf failure alone does not say where). */
function explain(e: unknown): string {
  const type = typeof e === 'object' && e !== null ? (e as { type?: unknown }).type : undefined;
  const own = typeof type === 'string' && type in SCHEMA.$defs ? ajv.getSchema(`${SCHEMA.$id}#/$defs/${type}`) : undefined;
  const errors: ErrorObject[] = own && !own(e) ? (own.errors ?? []) : (validate.errors ?? []);
  return errors.map((x) => `${x.instancePath || '/'} ${x.message ?? ''} ${JSON.stringify(x.params)}`).join('; ');
}

function firstInvalid(evs: readonly unknown[]): string | null {
  for (let i = 0; i < evs.length; i++) {
    if (!validate(evs[i])) return `event ${i}: ${JSON.stringify(evs[i]).slice(0, 400)}\n  → ${explain(evs[i])}`;
  }
  return null;
}

const all = [...captures(SAMPLES), ...captures(REAL_SERVER)];

describe('docs/event-schema.json', () => {
  it('finds the captures to check', () => {
    expect(all.length).toBeGreaterThanOrEqual(16);
    expect(all.some((f) => f.endsWith('rpc-tcp-push.pcap'))).toBe(true);
    expect(all.some((f) => f.endsWith('mapihttp-gromox-notify.pcap'))).toBe(true);
  });

  it.each(all.map((f) => [f.slice(ROOT.length), f]))('every event of %s validates', async (_name, file) => {
    const evs: OxEvent[] = await events(file, new Uint8Array(readFileSync(file)));
    expect(evs.length).toBeGreaterThanOrEqual(2);
    const bad = firstInvalid(evs);
    if (bad) throw new Error(`${file}: ${bad}`);
  });

  describe('rejects wrong events', () => {
    const notification = {
      type: 'notification',
      frame: 36,
      time: '2026-11-22T05:02:48.531159Z',
      session: 'S1',
      transport: 'rpc-tcp',
      handle: '0x00000012',
      subscriptionFrame: 26,
      target: 'subscription',
      logonId: 0,
      notificationType: 'NewMail',
      notificationFlags: '0x8002',
      flagNames: ['Message'],
      folderId: '0001-00000000000D',
      messageId: '0001-00000000A103',
      pendingFrame: null,
      latencyMs: null,
      fetchFrame: 35, signalToFetchMs: null, fetchToDeliveryMs: 4.2,
    };

    it('accepts the hand-made notification the others are derived from', () => {
      expect(firstInvalid([notification])).toBeNull();
    });

    it.each<[string, Record<string, unknown>]>([
      ['missing type', (({ type: _t, ...rest }) => rest)(notification)],
      ['unknown type', { ...notification, type: 'notifications' }],
      ['a handle of 4 hex digits', { ...notification, handle: '0x0012' }],
      ['a handle in lower case', { ...notification, handle: '0x0000001a' }],
      ['flags of 8 hex digits', { ...notification, notificationFlags: '0x00008002' }],
      ['a folder id without its dash', { ...notification, folderId: '000100000000000D' }],
      ['a field the type does not have', { ...notification, colour: 'red' }],
      ['a required field missing', (({ fetchFrame: _f, ...rest }) => rest)(notification)],
      ['frame 0', { ...notification, frame: 0 }],
      ['a time with an offset', { ...notification, time: '2026-11-22T06:02:48.531159+01:00' }],
      ['a session id that is a number', { ...notification, session: 1 }],
      ['a null optional field (absent means absent)', { ...notification, messageClass: null }],
    ])('%s', (_what, wrong) => {
      expect(validate(wrong)).toBe(false);
    });

    it('an endpoint without a port, or IPv6 without brackets', () => {
      const session = {
        type: 'session', frame: 21, time: '2026-11-22T05:02:47.659211Z', session: 'S1', transport: 'rpc-tcp',
        client: '127.0.0.1:20002', server: '127.0.0.1:60001', userDN: null, origin: 'inferred', sessionIndex: null,
        pollsMaxMs: null, serverVersion: null, displayName: null, contextHandle: null, returnValue: null,
      };
      expect(validate(session)).toBe(true);
      expect(validate({ ...session, client: '[::1]:20012' })).toBe(true);
      expect(validate({ ...session, client: '127.0.0.1' })).toBe(false);
      expect(validate({ ...session, client: '::1:20012' })).toBe(false);
      expect(validate({ ...session, transport: 'smtp' })).toBe(false);
    });

    it('a RopPending signal without its sessionIndex (CONTRACT)', () => {
      const pending = { type: 'pending', frame: 52, time: '2026-11-22T05:02:50.022705Z', session: 'S1', via: 'RopPending', sessionIndex: 1, targetSession: 'S1' };
      expect(validate(pending)).toBe(true);
      expect(validate((({ sessionIndex: _s, ...rest }) => rest)(pending))).toBe(false);
      expect(validate({ ...pending, via: 'carrier-pigeon' })).toBe(false);
    });

    it('a summary without undecoded, and a payload in upper-case hex', () => {
      const summary = { type: 'summary', frame: 1, time: '2026-11-22T05:02:47.659211Z', session: null, frames: 1, bytes: 60, sessions: 0, subscriptions: 0, notifications: 0, pushDatagrams: 0, findings: 0, undecoded: {}, counts: {}, encrypted: [] };
      expect(validate(summary)).toBe(true);
      expect(validate((({ undecoded: _u, ...rest }) => rest)(summary))).toBe(false);
      const datagram = { type: 'push-datagram', frame: 3, time: '2026-11-22T05:02:47.659211Z', session: null, from: '127.0.0.1:60010', to: '127.0.0.1:20110', payload: '4f584e', verdict: 'valid', registrationFrame: null };
      expect(validate(datagram)).toBe(true);
      expect(validate({ ...datagram, payload: '4F584E' })).toBe(false);
      expect(validate({ ...datagram, payload: '4f584' })).toBe(false);
    });

    it('the fields announced for MAPI over HTTP and ROP events are accepted with their types', () => {
      const call = {
        type: 'call', frame: 9, time: '2026-11-22T05:02:47.659211Z', session: 'S1', transport: 'mapi-http', connection: 1,
        interface: 'emsmdb', operation: 'NotificationWait', callId: 3, requestFrame: 7, durationMs: 1200.5, returnValue: null,
        returnName: null, fate: 'complete', requestId: '{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:3', responseCode: 0,
        keepAlives: 2, pendingPeriodMs: 15000, keepAliveMaxGapMs: 15001.2, eventPending: true, httpStatus: 200,
      };
      expect(validate(call)).toBe(true);
      expect(validate({ ...call, eventPending: 'yes' })).toBe(false);
      expect(validate({ ...call, keepAlives: 1.5 })).toBe(false);
      const rop = {
        type: 'rop', frame: 9, time: '2026-11-22T05:02:47.659211Z', session: 'S1', transport: 'mapi-http', direction: 'response',
        ropId: 0x29, name: 'RopRegisterNotification', logonId: 0, inputHandleIndex: 0, handle: '0x00000012',
        returnValue: '0x00000000', returnName: 'Success', fields: { outputHandleIndex: 1 },
      };
      expect(validate(rop)).toBe(true);
      expect(validate({ ...rop, direction: 'sideways' })).toBe(false);
      expect(validate({ ...rop, ropId: 256 })).toBe(false);
      const pending = { type: 'pending', frame: 9, time: '2026-11-22T05:02:47.659211Z', session: 'S1', via: 'NotificationWait' };
      expect(validate(pending)).toBe(true);
      const session = {
        type: 'session', frame: 5, time: '2026-11-22T05:02:47.659211Z', session: 'S1', transport: 'mapi-http', client: '10.0.0.2:50000',
        server: '10.0.0.1:443', userDN: '/o=x/cn=a', origin: 'connect', sessionIndex: null, pollsMaxMs: null,
        serverVersion: '15.2.1118.7', displayName: null, contextHandle: null, returnValue: '0x00000000', cookie: 'MapiContext=abc',
      };
      expect(validate(session)).toBe(true);
      expect(validate({ ...session, cookie: 7 })).toBe(false);
    });
  });
});
