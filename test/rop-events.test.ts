/**
 * --rops on samples/rpc-tcp-basic.pcap: an event per decoded ROP, checked against the facts the
 * scenario defined (samples/expected.json, written by the generator, never by a decoder) and the
 * file list of samples/README.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../src/analysis/pipeline.js';
import { withLimits } from '../src/core/limits.js';
import { memorySource } from '../src/dissectors/capture/chunked-source.js';
import type { OxEvent, RopEvent } from '../src/model/events.js';
// The named export: TypeScript (NodeNext) types the default import of this CommonJS module as its namespace.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildIfStale, cli, ROOT } from './support/cli.js';

interface ExpectedCall {
  opnum: number;
  callId: number;
  rgbIn?: { rops: string[] };
  rgbOut?: { rops: string[] };
}
interface Expected {
  calls: ExpectedCall[];
  subscriptions: { handle: string; notificationTypesBits: string; wantWholeStore: boolean; folderId: string | null }[];
  tables: { handle: string; folderHandle: string; columns: string[]; rows: Record<string, string | number>[] }[];
  releases: { handle: string }[];
  notifications: { handle: string }[];
}

const EXPECTED = (JSON.parse(readFileSync(join(ROOT, 'samples', 'expected.json'), 'utf8')) as { captures: Record<string, Expected> }).captures['rpc-tcp-basic.pcap']!;

async function run(ropEvents: boolean): Promise<OxEvent[]> {
  const out: OxEvent[] = [];
  const bytes = new Uint8Array(readFileSync(join(ROOT, 'samples', 'rpc-tcp-basic.pcap')));
  await runPipeline(memorySource(bytes, 1 << 16, 'rpc-tcp-basic.pcap'), {
    file: 'rpc-tcp-basic.pcap',
    limits: withLimits(),
    sink: { emit: (e) => void out.push(e), close: async () => undefined },
    ropEvents,
  });
  return out;
}

const rops = (events: OxEvent[], direction: RopEvent['direction']): RopEvent[] => events.filter((e): e is RopEvent => e.type === 'rop' && e.direction === direction);
const rpcCalls = EXPECTED.calls.filter((c) => c.opnum === 11).sort((a, b) => a.callId - b.callId);

describe('--rops on rpc-tcp-basic.pcap', () => {
  let withRops: OxEvent[];
  let without: OxEvent[];
  beforeAll(async () => {
    withRops = await run(true);
    without = await run(false);
  });

  it('every ROP of every EcDoRpcExt2 call, requests and responses in order', () => {
    expect(rops(withRops, 'request').map((e) => e.name)).toEqual(rpcCalls.flatMap((c) => c.rgbIn?.rops ?? []));
    expect(rops(withRops, 'response').map((e) => e.name)).toEqual(rpcCalls.flatMap((c) => c.rgbOut?.rops ?? []));
    for (const e of rops(withRops, 'request').concat(rops(withRops, 'response'))) {
      expect(e).toMatchObject({ session: 'S1', transport: 'rpc-tcp' });
      expect(Number.isInteger(e.ropId) && e.ropId >= 0 && e.ropId <= 255).toBe(true);
    }
  });

  it('subscriptions: the handle each RopRegisterNotification response created, and its request fields', () => {
    const requests = rops(withRops, 'request').filter((e) => e.name === 'RopRegisterNotification');
    const responses = rops(withRops, 'response').filter((e) => e.name === 'RopRegisterNotification');
    expect(responses.map((e) => [e.handle, e.returnValue, e.returnName])).toEqual(EXPECTED.subscriptions.map((s) => [s.handle, '0x00000000', 'Success']));
    expect(requests.map((e) => [e.fields.notificationTypes, e.fields.wantWholeStore, e.fields.folderId ?? null])).toEqual(
      EXPECTED.subscriptions.map((s) => [parseInt(s.notificationTypesBits, 16), s.wantWholeStore, s.folderId]),
    );
  });

  it('the table: RopSetColumns columns, then the RopQueryRows rows by tag', () => {
    const [table] = EXPECTED.tables;
    const setColumns = rops(withRops, 'request').find((e) => e.name === 'RopSetColumns')!;
    expect((setColumns.fields.propertyTags as string[]).map((t) => /\((0x[0-9A-F]{8})\)$/.exec(t)?.[1] ?? t)).toEqual(table!.columns);
    const queryRows = rops(withRops, 'response').find((e) => e.name === 'RopQueryRows')!;
    expect(queryRows.handle).toBe(table!.handle);
    const rows = queryRows.fields.rows as { values: Record<string, { value: string | number }> }[];
    expect(rows).toHaveLength(table!.rows.length);
    rows.forEach((row, i) => {
      for (const [tag, want] of Object.entries(table!.rows[i]!)) {
        const got = row.values[tag]!.value;
        if (typeof want === 'string' && /T\d\d:/.test(want)) expect(Date.parse(got as string)).toBe(Date.parse(want));
        else expect(got).toBe(want);
      }
    });
  });

  it('RopNotify responses carry the NotificationHandle; RopRelease the handle it releases', () => {
    expect(rops(withRops, 'response').filter((e) => e.name === 'RopNotify').map((e) => e.handle)).toEqual(EXPECTED.notifications.map((n) => n.handle));
    expect(rops(withRops, 'request').filter((e) => e.name === 'RopRelease').map((e) => e.handle)).toEqual(EXPECTED.releases.map((r) => r.handle));
  });

  it('every event, rop events included, validates against docs/event-schema.json', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(ROOT, 'docs', 'event-schema.json'), 'utf8')) as object);
    const bad = withRops.filter((e) => !validate(e));
    expect(bad.slice(0, 1)).toEqual([]);
    expect(withRops.filter((e) => e.type === 'rop').length).toBe(rpcCalls.reduce((n, c) => n + (c.rgbIn?.rops.length ?? 0) + (c.rgbOut?.rops.length ?? 0), 0));
  });

  it('adds events and changes nothing else; off by default', () => {
    expect(without.some((e) => e.type === 'rop')).toBe(false);
    const strip = (list: OxEvent[]): OxEvent[] => list.filter((e) => e.type !== 'rop');
    expect(JSON.stringify(strip(withRops))).toBe(JSON.stringify(without));
  });
});

describe('--rops in the CLI', () => {
  beforeAll(() => buildIfStale(), 120_000);

  it('JSON lines of type rop, and dim timeline lines', () => {
    const json = cli(['samples/rpc-tcp-basic.pcap', '--json', '--rops']);
    expect(json.status).toBe(0);
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as OxEvent);
    expect(events.filter((e) => e.type === 'rop').length).toBe(rpcCalls.reduce((n, c) => n + (c.rgbIn?.rops.length ?? 0) + (c.rgbOut?.rops.length ?? 0), 0));
    const text = cli(['samples/rpc-tcp-basic.pcap', '--rops', '--no-color', '--no-progress']).stdout;
    expect(text).toMatch(/#\d+ +rop +→ RopSetColumns \[2\]\n/); // the table is created in the same call: its handle is in the response
    expect(text).toMatch(/#\d+ +rop +← RopRegisterNotification 0x00000012 ok\n/);
    expect(cli(['samples/rpc-tcp-basic.pcap', '--no-color']).stdout).not.toMatch(/ rop +[→←]/);
  });
});
