#!/usr/bin/env node
// npm run bench: throughput of each stage on a synthetic production-like capture (mostly unrelated
// traffic, a few EMSMDB sessions from samples/ woven in). Prints figures; asserts nothing.
//   node scripts/bench.mjs [--size-mb 512] [--keep]
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, openSync, readFileSync, readSync, closeSync, statSync, writeSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const sizeMb = Number(args[args.indexOf('--size-mb') + 1] ?? 0) || 512;
const keep = args.includes('--keep');
const root = new URL('..', import.meta.url).pathname;
const dist = (p) => new URL(`../dist/${p}`, import.meta.url).href;
if (!existsSync(join(root, 'dist/cli/program.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

const { openSource } = await import(dist('dissectors/capture/chunked-source.js'));
const { readCapture } = await import(dist('dissectors/capture/capture-reader.js'));
const { runPipeline } = await import(dist('analysis/pipeline.js'));
const { withLimits } = await import(dist('core/limits.js'));

// ---- build the capture ----------------------------------------------------------------------
function samplePackets(file) {
  const b = readFileSync(file);
  const le = b.readUInt32LE(0) === 0xa1b2c3d4;
  const out = [];
  for (let off = 24; off + 16 <= b.length; ) {
    const incl = le ? b.readUInt32LE(off + 8) : b.readUInt32BE(off + 8);
    if (off + 16 + incl > b.length) break;
    out.push(b.subarray(off + 16, off + 16 + incl));
    off += 16 + incl;
  }
  return out;
}

function ipv4Tcp(src, dst, sport, dport, seq, payloadLen, fill) {
  const f = Buffer.alloc(14 + 20 + 20 + payloadLen, fill);
  f.writeUInt16BE(0x0800, 12);
  f[14] = 0x45; f[15] = 0; f.writeUInt16BE(20 + 20 + payloadLen, 16); f[22] = 64; f[23] = 6;
  f.writeUInt32BE(src, 26); f.writeUInt32BE(dst, 30);
  f.writeUInt16BE(sport, 34); f.writeUInt16BE(dport, 36); f.writeUInt32BE(seq >>> 0, 38); f.writeUInt32BE(1, 42);
  f[46] = 0x50; f[47] = 0x18; f.writeUInt16BE(65535, 48);
  return f;
}
function ipv4Udp(src, dst, sport, dport, payloadLen) {
  const f = Buffer.alloc(14 + 20 + 8 + payloadLen, 0x5a);
  f.writeUInt16BE(0x0800, 12);
  f[14] = 0x45; f.writeUInt16BE(20 + 8 + payloadLen, 16); f[22] = 64; f[23] = 17;
  f.writeUInt32BE(src, 26); f.writeUInt32BE(dst, 30);
  f.writeUInt16BE(sport, 34); f.writeUInt16BE(dport, 36); f.writeUInt16BE(8 + payloadLen, 38);
  return f;
}

function buildCapture(path, targetBytes) {
  const fd = openSync(path, 'w');
  const hdr = Buffer.alloc(24);
  hdr.writeUInt32LE(0xa1b2c3d4, 0); hdr.writeUInt16LE(2, 4); hdr.writeUInt16LE(4, 6); hdr.writeUInt32LE(262144, 16); hdr.writeUInt32LE(1, 20);
  writeSync(fd, hdr);
  const samples = existsSync(join(root, 'samples/rpc-tcp-basic.pcap')) ? samplePackets(join(root, 'samples/rpc-tcp-basic.pcap')) : [];
  let written = 24, t = 1_700_000_000, us = 0, frames = 0, flow = 0, nextWeave = 20000;
  const seqs = new Map();
  const bufs = [];
  let pending = 0;
  const push = (frame) => {
    const rec = Buffer.alloc(16);
    us += 37; if (us >= 1e6) { t++; us -= 1e6; }
    rec.writeUInt32LE(t, 0); rec.writeUInt32LE(us, 4); rec.writeUInt32LE(frame.length, 8); rec.writeUInt32LE(frame.length, 12);
    bufs.push(rec, frame); pending += 16 + frame.length; written += 16 + frame.length; frames++;
    if (pending > 8 << 20) { writeSync(fd, Buffer.concat(bufs)); bufs.length = 0; pending = 0; }
  };
  while (written < targetBytes) {
    flow = (flow + 1) % 2000;
    const sport = 20000 + flow, dport = flow % 3 === 0 ? 443 : flow % 3 === 1 ? 80 : 8080;
    const key = sport;
    const seq = seqs.get(key) ?? 1000;
    push(ipv4Tcp(0x0a000001 + (flow % 50), 0x0a000100, sport, dport, seq, 1400, flow % 3 === 0 ? 0x17 : 0x41));
    seqs.set(key, seq + 1400);
    if (frames % 10 === 0) push(ipv4Udp(0x0a000001, 0x08080808, 53000 + (flow % 100), 53, 40));
    if (samples.length && frames >= nextWeave) {
      nextWeave += 40000;
      for (const s of samples) push(Buffer.from(s));
    }
  }
  if (bufs.length) writeSync(fd, Buffer.concat(bufs));
  closeSync(fd);
  return frames;
}

/**
 * A capture that is all notification traffic: the RPC/TCP, MAPI over HTTP and RPC over HTTP samples
 * repeated, each copy on its own client ports (the decoders' worst case: every byte is ours).
 */
function buildHeavy(path, targetBytes) {
  const names = ['rpc-tcp-basic.pcap', 'mapi-http-basic.pcap', 'rpc-http-basic.pcap'].filter((n) => existsSync(join(root, 'samples', n)));
  const sets = names.map((n) => samplePackets(join(root, 'samples', n)));
  const fd = openSync(path, 'w');
  const hdr = Buffer.alloc(24);
  hdr.writeUInt32LE(0xa1b2c3d4, 0); hdr.writeUInt16LE(2, 4); hdr.writeUInt16LE(4, 6); hdr.writeUInt32LE(262144, 16); hdr.writeUInt32LE(1, 20);
  writeSync(fd, hdr);
  let written = 24, t = 1_700_000_000, us = 0, frames = 0, copy = 0;
  const bufs = [];
  while (written < targetBytes && sets.length) {
    copy++;
    for (const set of sets) {
      for (const p of set) {
        const f = Buffer.from(p);
        // Loopback samples: Ethernet header of zeros, IPv4 or IPv6; client ports 20000–20999 move per copy.
        const ipOff = 14, v = f[ipOff] >> 4;
        const l4 = v === 4 ? ipOff + (f[ipOff] & 15) * 4 : ipOff + 40;
        for (const o of [l4, l4 + 2]) {
          const port = f.readUInt16BE(o);
          if (port >= 20000 && port < 21000) f.writeUInt16BE(21000 + ((copy * 1000 + port - 20000) % 40000), o);
        }
        const rec = Buffer.alloc(16);
        us += 53; if (us >= 1e6) { t++; us -= 1e6; }
        rec.writeUInt32LE(t, 0); rec.writeUInt32LE(us, 4); rec.writeUInt32LE(f.length, 8); rec.writeUInt32LE(f.length, 12);
        bufs.push(rec, f); written += 16 + f.length; frames++;
      }
    }
    if (bufs.length > 20000) { writeSync(fd, Buffer.concat(bufs)); bufs.length = 0; }
  }
  if (bufs.length) writeSync(fd, Buffer.concat(bufs));
  closeSync(fd);
  return frames;
}

const file = join(tmpdir(), `oxnotif-bench-${sizeMb}mb.pcap`);
if (!existsSync(file) || statSync(file).size < sizeMb * 1e6 * 0.95) {
  process.stderr.write(`building ${file} (${sizeMb} MB)…\n`);
  buildCapture(file, sizeMb * 1e6);
}
const size = statSync(file).size;

// ---- measurements ---------------------------------------------------------------------------
async function time(fn) {
  global.gc?.();
  const t0 = performance.now();
  const extra = await fn();
  return { sec: (performance.now() - t0) / 1000, extra };
}
const rows = [];
const mbps = (bytes, sec) => bytes / 1e6 / sec;

const raw = await time(async () => {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(8 << 20);
  let n, total = 0;
  while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) total += n;
  closeSync(fd);
  return total;
});
rows.push(['raw read (8 MiB fs reads)', raw.sec, size]);

const reader = await time(async () => {
  let frames = 0;
  const src = await openSource(file);
  await readCapture(src, { onStart() {}, onInterface() {}, onPacket() { frames++; }, onDamage() {} }, withLimits());
  await src.close();
  return frames;
});
rows.push(['our capture reader', reader.sec, size]);

const full = await time(async () => {
  const src = await openSource(file);
  let events = 0;
  const summary = await runPipeline(src, { file, limits: withLimits(), sink: { emit() { events++; }, close: async () => {} } });
  await src.close();
  return { events, sessions: summary.sessions, notifications: summary.notifications };
});
rows.push(['full pipeline (events discarded)', full.sec, size]);

const heavyFile = join(tmpdir(), 'oxnotif-bench-heavy.pcap');
buildHeavy(heavyFile, Math.min(64, sizeMb) * 1e6);
if (args.includes('--heavy-only')) {
  const src = await openSource(heavyFile);
  const t0 = performance.now();
  const summary = await runPipeline(src, { file: heavyFile, limits: withLimits(), sink: { emit() {}, close: async () => {} } });
  global.gc?.();
  console.log(`${(statSync(heavyFile).size / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(2)} s; sessions ${summary.sessions}; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
  unlinkSync(heavyFile);
  process.exit(0);
}
const heavySize = statSync(heavyFile).size;
const heavy = await time(async () => {
  const src = await openSource(heavyFile);
  let events = 0;
  const summary = await runPipeline(src, { file: heavyFile, limits: withLimits(), sink: { emit() { events++; }, close: async () => {} } });
  await src.close();
  return { events, notifications: summary.notifications };
});
rows.push(['pipeline, all notification traffic', heavy.sec, heavySize]);
unlinkSync(heavyFile);

const require = createRequire(import.meta.url);
const pcapParser = require('pcap-parser');
const pp = await time(() => new Promise((resolve, reject) => {
  let n = 0;
  const p = pcapParser.parse(createReadStream(file));
  p.on('packet', () => n++);
  p.on('end', () => resolve(n));
  p.on('error', reject);
}));
rows.push(['pcap-parser 0.2.1 (baseline)', pp.sec, size]);

const tshark = spawnSync('which', ['tshark']).status === 0;
if (tshark) {
  const slice = join(tmpdir(), 'oxnotif-bench-slice.pcap');
  execFileSync('editcap', ['-r', file, slice, '1-30000']);
  const ssize = statSync(slice).size;
  const ts = await time(async () => execFileSync('tshark', ['-r', slice, '-T', 'fields', '-e', 'frame.number'], { maxBuffer: 1 << 28 }));
  rows.push(['tshark -T fields -e frame.number', ts.sec, ssize]);
  unlinkSync(slice);
}

console.log(`capture: ${file} — ${(size / 1e6).toFixed(0)} MB, ${reader.extra} frames; pipeline found ${full.extra.sessions} sessions, ${full.extra.notifications} notifications`);
console.log(`notification-only capture: ${(heavySize / 1e6).toFixed(0)} MB of RPC/TCP, MAPI/HTTP and RPC/HTTP sample copies; ${heavy.extra.notifications} notifications, ${heavy.extra.events} events`);
console.log('');
console.log('stage'.padEnd(36) + 'seconds'.padStart(10) + 'MB/s'.padStart(10) + '  % of raw read');
for (const [name, sec, bytes] of rows) {
  const rate = mbps(bytes, sec);
  console.log(name.padEnd(36) + sec.toFixed(2).padStart(10) + rate.toFixed(0).padStart(10) + `  ${((rate / mbps(size, raw.sec)) * 100).toFixed(1)} %`);
}
const mem = process.memoryUsage();
console.log('');
console.log(`peak-ish memory now: rss ${(mem.rss / 1e6).toFixed(0)} MB, heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB`);
if (!keep) unlinkSync(file);
