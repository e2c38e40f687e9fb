/**
 * Whole-pipeline robustness: mutated captures (bit flips, byte overwrites, truncation, dropped /
 * duplicated / swapped records, random caplen values, random chunk sizes) go through
 * runPipeline with an in-memory source. Whatever the bytes, a run must end, must not throw (the
 * documented user errors aside), and must produce a well-formed event stream: `capture` first,
 * `summary` last, every other event with the common fields of the contract.
 *
 * Reproducible: fixed seed (override with FUZZ_SEED=n, scale runs with FUZZ_RUNS=n). On failure
 * fast-check prints the seed and the shrunk counterexample.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Chalk } from 'chalk';
import { runPipeline, UnsupportedLinkTypeError } from '../src/analysis/pipeline.js';
import { withLimits, type Limits } from '../src/core/limits.js';
import { memorySource } from '../src/dissectors/capture/chunked-source.js';
import { CaptureError } from '../src/dissectors/capture/types.js';
import type { EventSink, OxEvent } from '../src/model/events.js';
import { NdjsonRenderer } from '../src/render/ndjson.js';
import { TextOutput } from '../src/render/output.js';
import { TimelineRenderer } from '../src/render/timeline.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x0c5f1a7);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number): number => Math.max(1, Math.round(n * RUNS));
/** A single run taking longer than this is a runaway (samples take a few ms). */
const MAX_RUN_MS = 5_000;

const SAMPLES = new URL('../samples/', import.meta.url);
const sampleNames = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.pcap') || f.endsWith('.pcapng'))
  .sort();
const samples = new Map(sampleNames.map((n) => [n, new Uint8Array(readFileSync(new URL(n, SAMPLES)))]));

// ---- capture structure -------------------------------------------------------------------------

interface Structure {
  /** File header (pcap) or first Section Header Block (pcapng): destroying it is a user error. */
  header: Uint8Array;
  /** Packet records (pcap) or the blocks after the first SHB (pcapng), each whole. */
  records: Uint8Array[];
  /** Offset of the caplen field inside a record, when the record has one (pcap record, pcapng EPB). */
  caplenOffset(record: Uint8Array): number | null;
  littleEndian: boolean;
}

function u32(b: Uint8Array, at: number, le: boolean): number {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return v.getUint32(at, le);
}

function split(file: Uint8Array): Structure {
  const magic = u32(file, 0, true);
  if (magic === 0x0a0d0d0a) {
    const le = u32(file, 8, true) === 0x1a2b3c4d;
    const blocks: Uint8Array[] = [];
    for (let at = 0; at + 12 <= file.length; ) {
      const len = u32(file, at + 4, le);
      if (len < 12 || at + len > file.length) break;
      blocks.push(file.subarray(at, at + len));
      at += len;
    }
    const [header, ...records] = blocks;
    if (!header) throw new Error('pcapng sample without a section header');
    return { header, records, littleEndian: le, caplenOffset: (r) => (r.length >= 32 && u32(r, 0, le) === 6 ? 20 : null) };
  }
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const records: Uint8Array[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const len = 16 + u32(file, at + 8, le);
    // The truncated sample ends inside a record: keep the stub as it is.
    records.push(file.subarray(at, Math.min(file.length, at + len)));
    at += len;
  }
  return { header: file.subarray(0, 24), records, littleEndian: le, caplenOffset: (r) => (r.length >= 16 ? 8 : null) };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- mutations ---------------------------------------------------------------------------------

type RecordOp =
  | { kind: 'drop'; i: number }
  | { kind: 'dup'; i: number; to: number }
  | { kind: 'swap'; i: number; j: number }
  | { kind: 'caplen'; i: number; value: number };

type ByteOp =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'set32'; at: number; value: number }
  | { kind: 'truncate'; at: number };

/** Values that make length fields interesting: zero, tiny, around the sizes, the sign bit, all ones. */
const interesting32 = fc.oneof(
  fc.constantFrom(0, 1, 2, 3, 4, 8, 15, 16, 20, 24, 0x7f, 0x80, 0xff, 0x100, 0xfff0, 0xffff, 0x10000, 0x40001, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff),
  fc.integer({ min: 0, max: 0xffffffff }),
);

const recordOpArb: fc.Arbitrary<RecordOp> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('dup' as const), i: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ kind: fc.constant('caplen' as const), i: fc.nat(), value: interesting32 }),
);

const byteOpArb: fc.Arbitrary<ByteOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('set32' as const), at: fc.nat(), value: interesting32 }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
);

/** Chunk sizes from one byte (every record straddles reads) to whole-file. */
const chunkArb = fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 4096 }), fc.constant(1 << 20));

function applyRecordOps(s: Structure, ops: readonly RecordOp[]): Uint8Array[] {
  const recs = [...s.records];
  for (const op of ops) {
    if (recs.length === 0) break;
    const i = op.i % recs.length;
    if (op.kind === 'drop') recs.splice(i, 1);
    else if (op.kind === 'dup') recs.splice(op.to % (recs.length + 1), 0, recs[i]!);
    else if (op.kind === 'swap') {
      const j = op.j % recs.length;
      const a = recs[i]!;
      recs[i] = recs[j]!;
      recs[j] = a;
    } else {
      const r = recs[i]!;
      const off = s.caplenOffset(r);
      if (off === null) continue;
      const copy = r.slice();
      new DataView(copy.buffer).setUint32(off, op.value >>> 0, s.littleEndian);
      recs[i] = copy;
    }
  }
  return recs;
}

/** Applies byte ops at positions chosen inside `regions` ([start, end) offsets), or anywhere when null. */
function applyByteOps(bytes: Uint8Array, ops: readonly ByteOp[], regions: readonly [number, number][] | null): Uint8Array {
  let out = bytes.slice();
  const total = regions ? regions.reduce((n, [a, b]) => n + (b - a), 0) : out.length;
  const place = (k: number): number => {
    if (!regions) return k % out.length;
    let r = k % total;
    for (const [a, b] of regions) {
      if (r < b - a) return a + r;
      r -= b - a;
    }
    return 0;
  };
  for (const op of ops) {
    if (out.length === 0 || total === 0) break;
    const at = place(op.at);
    if (at >= out.length) continue;
    if (op.kind === 'flip') out[at]! ^= 1 << op.bit;
    else if (op.kind === 'set') out[at] = op.value;
    else if (op.kind === 'set32') {
      for (let k = 0; k < 4 && at + k < out.length; k++) out[at + k] = (op.value >>> (8 * k)) & 0xff;
    } else out = out.slice(0, at);
  }
  return out;
}

// ---- running and checking ----------------------------------------------------------------------

const discard = (): Writable =>
  new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });

/** Collects events and also feeds both renderers (they must take any event stream too). */
class CollectingSink implements EventSink {
  readonly events: OxEvent[] = [];
  private readonly json = new NdjsonRenderer(new TextOutput(discard()));
  private readonly timeline = new TimelineRenderer(new TextOutput(discard()), new Chalk({ level: 1 }), true);
  emit(e: OxEvent): void {
    this.events.push(e);
    this.json.emit(e);
    this.timeline.emit(e);
  }
  async flush(): Promise<void> {
    await this.json.flush();
    await this.timeline.flush();
  }
  async close(): Promise<void> {
    await this.json.close();
    await this.timeline.close();
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Numbers in an event are finite (JSON would turn NaN/Infinity into null silently). */
function assertJsonReady(v: unknown, path: string): void {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${path} is ${v}`);
  } else if (Array.isArray(v)) v.forEach((x, i) => assertJsonReady(x, `${path}[${i}]`));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) assertJsonReady(x, `${path}.${k}`);
  else if (v !== null && typeof v !== 'string' && typeof v !== 'boolean') throw new Error(`${path} is a ${typeof v}`);
}

/** One event against the contract's common shape; `count` null while the stream is still going. */
function checkEvent(e: OxEvent, index: number, count: number | null): void {
  const where = `event ${index} (${e.type})`;
  if (typeof e.type !== 'string') throw new Error(`${where}: type is not a string`);
  if (e.type === 'capture' && index !== 0) throw new Error(`${where}: capture is not first`);
  if (e.type === 'summary' && count !== null && index !== count - 1) throw new Error(`${where}: summary is not last`);
  if (e.type !== 'capture' && e.type !== 'summary') {
    if (!Number.isInteger(e.frame) || e.frame < 1) throw new Error(`${where}: frame ${String(e.frame)} is not an integer >= 1`);
    if (typeof e.time !== 'string' || !RFC3339.test(e.time)) throw new Error(`${where}: time ${JSON.stringify(e.time)} is not RFC 3339`);
    if (e.session !== null && typeof e.session !== 'string') throw new Error(`${where}: session is neither string nor null`);
  }
  assertJsonReady(e, where);
}

function checkStream(events: readonly OxEvent[]): void {
  expect(events.length).toBeGreaterThanOrEqual(2);
  expect(events[0]!.type).toBe('capture');
  expect(events[events.length - 1]!.type).toBe('summary');
  events.forEach((e, i) => checkEvent(e, i, events.length));
  const summary = events[events.length - 1]!;
  if (summary.type === 'summary') {
    for (const e of events) if (e.type !== 'capture' && e.type !== 'summary') expect(e.frame).toBeLessThanOrEqual(Math.max(1, summary.frames));
  }
}

/**
 * Runs the pipeline over `bytes`. A CaptureError is accepted only when the file header is gone
 * (`headerIntact` false); UnsupportedLinkTypeError whenever (a flipped link type field).
 */
async function runOne(bytes: Uint8Array, chunkSize: number, headerIntact: boolean, limits: Limits = withLimits()): Promise<void> {
  const sink = new CollectingSink();
  const started = performance.now();
  try {
    await runPipeline(memorySource(bytes, chunkSize, 'fuzz'), { file: 'fuzz', limits, sink });
  } catch (err) {
    if (err instanceof UnsupportedLinkTypeError) return;
    if (err instanceof CaptureError && !headerIntact) return;
    throw err;
  } finally {
    const ms = performance.now() - started;
    if (ms > MAX_RUN_MS) throw new Error(`run took ${ms.toFixed(0)} ms over ${bytes.length} bytes (chunk ${chunkSize})`);
  }
  await sink.close();
  checkStream(sink.events);
}

function headerIntact(original: Uint8Array, headerLen: number, mutated: Uint8Array): boolean {
  if (mutated.length < headerLen) return false;
  for (let i = 0; i < headerLen; i++) if (original[i] !== mutated[i]) return false;
  return true;
}

const tightLimits = withLimits({
  maxPacketBytes: 2048,
  maxTcpBufferedBytes: 4096,
  maxTcpConnections: 2,
  maxIpReassemblies: 2,
  maxDcerpcFragment: 512,
  maxDcerpcCallBytes: 1024,
  maxDcerpcCallsInReassembly: 1,
  maxDcerpcOutstandingCalls: 2,
  maxDecompressedBytes: 256,
  maxHeaderExtPayloads: 2,
  maxRopsPerBuffer: 3,
  maxSessions: 1,
  maxHandlesPerSession: 2,
  maxRepeatedFindings: 1,
});

// ---- TCP payload regions of the basic sample -----------------------------------------------------

/** [start, end) file offsets of every TCP and UDP payload in an Ethernet/IPv4 pcap. */
function payloadRegions(file: Uint8Array): [number, number][] {
  const s = split(file);
  const regions: [number, number][] = [];
  let at = s.header.length;
  for (const r of s.records) {
    const frame = at + 16;
    at += r.length;
    const pkt = r.subarray(16);
    if (pkt.length < 14 + 20 || pkt[12] !== 0x08 || pkt[13] !== 0x00) continue;
    const ihl = (pkt[14]! & 0x0f) * 4;
    const proto = pkt[14 + 9];
    if (proto !== 6 && proto !== 17) continue;
    const totalLen = (pkt[16]! << 8) | pkt[17]!;
    const l4 = 14 + ihl;
    if (pkt.length < l4 + (proto === 6 ? 20 : 8)) continue;
    const payload = proto === 6 ? l4 + (pkt[l4 + 12]! >> 4) * 4 : l4 + 8;
    const end = Math.min(pkt.length, 14 + totalLen);
    if (end > payload) regions.push([frame + payload, frame + end]);
  }
  return regions;
}

/** Edits inside payloads only (no truncation: that would cut the capture, not the payload). */
const payloadOpsArb = fc.array(
  byteOpArb.filter((op) => op.kind !== 'truncate'),
  { minLength: 1, maxLength: 8 },
);

// ---- properties --------------------------------------------------------------------------------

describe('whole pipeline under mutated captures', () => {
  it('the unmutated samples give a well-formed stream', async () => {
    for (const [name, bytes] of samples) {
      const sink = new CollectingSink();
      await runPipeline(memorySource(bytes, 4096, name), { file: name, limits: withLimits(), sink });
      checkStream(sink.events);
    }
  });

  for (const name of sampleNames) {
    it(`${name}: byte and record mutations anywhere`, async () => {
      const original = samples.get(name)!;
      const s = split(original);
      await fc.assert(
        fc.asyncProperty(
          fc.array(recordOpArb, { maxLength: 6 }),
          fc.array(byteOpArb, { maxLength: 10 }),
          chunkArb,
          fc.boolean(),
          async (recordOps, byteOps, chunk, tight) => {
            const rebuilt = concat([s.header, ...applyRecordOps(s, recordOps)]);
            const mutated = applyByteOps(rebuilt, byteOps, null);
            await runOne(mutated, chunk, headerIntact(original, s.header.length, mutated), tight ? tightLimits : withLimits());
          },
        ),
        { seed: SEED, numRuns: runs(70), endOnFailure: false },
      );
    });
  }

  it('rpc-tcp-basic.pcap: mutations only inside TCP payloads reach DCE/RPC, NDR, RPC_HEADER_EXT and ROPs', async () => {
    const original = samples.get('rpc-tcp-basic.pcap')!;
    const regions = payloadRegions(original);
    expect(regions.length).toBeGreaterThan(20);
    await fc.assert(
      fc.asyncProperty(payloadOpsArb, chunkArb, fc.boolean(), async (ops, chunk, tight) => {
        await runOne(applyByteOps(original, ops, regions), chunk, true, tight ? tightLimits : withLimits());
      }),
      { seed: SEED, numRuns: runs(700) },
    );
  });

  it('fragmented, async and push samples: mutations only inside TCP and UDP payloads', async () => {
    for (const name of ['rpc-tcp-fragmented.pcap', 'rpc-tcp-async.pcap', 'rpc-tcp-push.pcap']) {
      const original = samples.get(name)!;
      const regions = payloadRegions(original);
      await fc.assert(
        fc.asyncProperty(payloadOpsArb, chunkArb, fc.boolean(), async (ops, chunk, tight) => {
          await runOne(applyByteOps(original, ops, regions), chunk, true, tight ? tightLimits : withLimits());
        }),
        { seed: SEED, numRuns: runs(140) },
      );
    }
  });
});

// ---- memory ------------------------------------------------------------------------------------

/** `global.gc` when node runs with --expose-gc; otherwise V8's own switch, or null when neither works. */
function getGc(): (() => void) | null {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return g;
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null;
  }
}

/** ~`target` bytes of pcap: the basic sample's records again and again, each round on a new client port, 10 s later. */
function bigCapture(target: number, rng: () => number): Uint8Array {
  const s = split(samples.get('rpc-tcp-basic.pcap')!);
  const parts: Uint8Array[] = [s.header];
  let size = s.header.length;
  for (let round = 0; size < target; round++) {
    for (const r of s.records) {
      const rec = r.slice();
      const v = new DataView(rec.buffer);
      v.setUint32(0, v.getUint32(0, true) + round * 10, true);
      // Ethernet + IPv4 + TCP: move the client's port so every round is a new connection.
      if (rec.length >= 16 + 14 + 20 + 4 && rec[16 + 23] === 6) {
        const tcp = 16 + 14 + (rec[16 + 14]! & 0x0f) * 4;
        for (const off of [tcp, tcp + 2]) {
          const port = v.getUint16(off, false);
          if (port !== 135 && port !== 60001) v.setUint16(off, 30000 + (round % 30000), false);
        }
      }
      // Now and then a damaged byte past the headers (about one record in 40).
      if (rng() < 0.025 && rec.length > 70) rec[70 + Math.floor(rng() * (rec.length - 70))]! ^= 1 << Math.floor(rng() * 8);
      parts.push(rec);
      size += rec.length;
    }
  }
  return concat(parts);
}

describe('memory under a large mutated capture', () => {
  const gc = getGc();
  (gc ? it : it.skip)('10 MB through the pipeline keeps the heap bounded', async () => {
    let seed = SEED >>> 0 || 1;
    const rng = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 0x1_0000_0000;
    };
    const bytes = bigCapture(10 * 1024 * 1024, rng);
    let events = 0;
    let lastType = '';
    let flushes = 0;
    let peak = 0;
    const sample = (): void => {
      gc!();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    };
    const sink: EventSink = {
      emit(e) {
        if (lastType === 'summary') throw new Error('an event after the summary');
        checkEvent(e, events, null);
        lastType = e.type;
        events++;
      },
      async flush() {
        if (++flushes % 4 === 0) sample();
      },
      async close() {},
    };
    gc!();
    const before = process.memoryUsage().heapUsed;
    const summary = await runPipeline(memorySource(bytes, 256 * 1024, 'big'), { file: 'big', limits: withLimits(), sink });
    sample();
    const growthMb = (peak - before) / 1e6;
    expect(lastType).toBe('summary');
    expect(summary.frames).toBeGreaterThan(60_000);
    expect(summary.sessions).toBeGreaterThan(900);
    // The capture itself (10 MB) is held outside the measurement; a leak per connection or session would show.
    expect(growthMb).toBeLessThan(64);
  });
});
