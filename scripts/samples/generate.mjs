#!/usr/bin/env node
// Regenerates every sample capture under samples/ from real loopback traffic, plus the derived variants,
// samples/expected.json and a tshark cross-check.
//
//   node scripts/samples/generate.mjs                 # everything (needs root: tcpdump, port 135)
//   node scripts/samples/generate.mjs --only basic    # one group: basic | push | async | fragmented | sealed
//                                                     #            | mapihttp | rpchttp | tls
//   node scripts/samples/generate.mjs --only rpc-tcp-lost-segment.pcap   # the group that file belongs to
//
// Nothing here imports from src/: the encoders in lib/ are written from /work/shared/protocol only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selfTest } from './selftest.mjs';
import { startCapture, run, capinfos } from './lib/capture.mjs';
import { closeServers } from './lib/harness.mjs';
import { buildExpected, derivedExpected } from './lib/expected.mjs';
import { tsharkPdus, comparePdus, tsharkHttp, compareHttp, tsharkStreams, compareRpcHttp, tsharkClientHellos } from './lib/verify.mjs';
import * as basic from './scenarios/basic.mjs';
import * as push from './scenarios/push.mjs';
import * as asyncScenario from './scenarios/async.mjs';
import * as fragmented from './scenarios/fragmented.mjs';
import * as sealed from './scenarios/sealed.mjs';
import * as mapihttp from './scenarios/mapihttp.mjs';
import * as rpchttp from './scenarios/rpchttp.mjs';
import * as tlsScenario from './scenarios/tls.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const OUT = path.join(ROOT, 'samples');
const PY = '/usr/bin/python3';
const DERIVE = path.join(HERE, 'derive.py');

/** Groups: one live scenario run, its captures, and the copies derived from them. */
const GROUPS = {
  basic: {
    scenario: basic,
    captures: [{ file: 'rpc-tcp-basic.pcap', iface: 'lo' }],
    derived: [
      'rpc-tcp-basic.pcapng',
      'rpc-tcp-basic-nsec.pcap',
      'rpc-tcp-reordered.pcap',
      'rpc-tcp-retransmit.pcap',
      'rpc-tcp-lost-segment.pcap',
      'rpc-tcp-midstream.pcap',
      'truncated.pcap',
      'vlan.pcap',
    ],
  },
  push: { scenario: push, captures: [{ file: 'rpc-tcp-push.pcap', iface: 'lo' }], derived: [] },
  // the async scenario is captured twice at once: on lo (Ethernet) and on "any" (Linux cooked v2)
  async: {
    scenario: asyncScenario,
    captures: [
      { file: 'rpc-tcp-async.pcap', iface: 'lo' },
      { file: 'rpc-tcp-sll2.pcap', iface: 'any' },
    ],
    derived: [],
  },
  fragmented: { scenario: fragmented, captures: [{ file: 'rpc-tcp-fragmented.pcap', iface: 'lo' }], derived: ['rpc-tcp-ipfrag.pcap'] },
  sealed: { scenario: sealed, captures: [{ file: 'rpc-tcp-sealed.pcap', iface: 'lo' }], derived: [] },
  // HTTP transports: tshark reads the port as HTTP (-d tcp.port==N,http) to list the messages
  mapihttp: { scenario: mapihttp, captures: [{ file: 'mapi-http-basic.pcap', iface: 'lo' }], derived: [], httpPorts: [60080] },
  rpchttp: { scenario: rpchttp, captures: [{ file: 'rpc-http-basic.pcap', iface: 'lo' }], derived: [], httpPorts: [60080] },
  // decrypted for the check with the client's TLS key log (kept in the temporary directory only)
  tls: { scenario: tlsScenario, captures: [{ file: 'tls-mapi.pcap', iface: 'lo' }], derived: [], tlsPort: 60443 },
};

function groupOf(name) {
  if (GROUPS[name]) return name;
  for (const [g, def] of Object.entries(GROUPS)) {
    if (def.captures.some((c) => c.file === name) || def.derived.includes(name)) return g;
  }
  throw new Error(`unknown sample or group "${name}" (groups: ${Object.keys(GROUPS).join(', ')})`);
}

function parseArgs(argv) {
  const only = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') only.push(...argv[++i].split(','));
    else if (argv[i].startsWith('--only=')) only.push(...argv[i].slice(7).split(','));
    else if (argv[i] === '-h' || argv[i] === '--help') {
      console.log('usage: node scripts/samples/generate.mjs [--only GROUP|FILE[,..]]');
      process.exit(0);
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  return { groups: only.length ? [...new Set(only.map(groupOf))] : Object.keys(GROUPS) };
}

function py(op, args) {
  return run(PY, [DERIVE, op, ...args]);
}

async function runGroup(name, tmp) {
  const def = GROUPS[name];
  const filter = def.scenario.FILTER;
  const files = def.captures.map((c) => ({ ...c, tmp: path.join(tmp, c.file) }));
  let rec;
  for (let attempt = 1; ; attempt++) {
    const caps = [];
    for (const c of files) caps.push(await startCapture({ file: c.tmp, iface: c.iface, filter }));
    let dropped = 0;
    try {
      rec = await def.scenario.run({ capture: def.captures[0].file });
    } finally {
      for (const cap of caps) dropped += (await cap.stop()).dropped;
      await closeServers();
    }
    if (dropped === 0) break;
    if (attempt === 3) throw new Error(`group ${name}: tcpdump keeps dropping packets`);
    console.warn(`  group ${name}: tcpdump reported ${dropped} dropped packet(s); running the scenario again`);
  }
  const produced = [];
  for (const c of files) {
    fs.copyFileSync(c.tmp, path.join(OUT, c.file));
    produced.push(c.file);
  }
  // derived copies
  const base = path.join(OUT, def.captures[0].file);
  const marks = path.join(tmp, `${name}-marks.json`);
  fs.writeFileSync(marks, JSON.stringify(rec.marks));
  const derivedInfo = {};
  for (const d of def.derived) {
    const out = path.join(OUT, d);
    switch (d) {
      case 'rpc-tcp-basic.pcapng':
        run('editcap', ['-F', 'pcapng', base, out]);
        break;
      case 'rpc-tcp-basic-nsec.pcap':
        run('editcap', ['-F', 'nsecpcap', base, out]);
        break;
      default: {
        const op = d.replace(/^rpc-tcp-/, '').replace(/\.pcap$/, '');
        derivedInfo[d] = JSON.parse(py(op, [base, out, marks]));
      }
    }
    produced.push(d);
  }
  return { rec, produced, derivedInfo };
}

/** Pretty JSON that keeps small objects/arrays on one line (expected.json stays readable and small). */
function compactJson(v, indent = '') {
  const flat = JSON.stringify(v);
  if (flat === undefined) return 'null';
  if (v === null || typeof v !== 'object' || flat.length + indent.length <= 150) return flat;
  const next = indent + '  ';
  if (Array.isArray(v)) return `[\n${v.map((x) => next + compactJson(x, next)).join(',\n')}\n${indent}]`;
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  return `{\n${entries.map(([k, x]) => `${next}${JSON.stringify(k)}: ${compactJson(x, next)}`).join(',\n')}\n${indent}}`;
}

async function main() {
  const { groups } = parseArgs(process.argv.slice(2));
  const failures = selfTest({ quiet: true });
  if (failures.length) {
    console.error('encoder self-test failed:\n' + failures.join('\n'));
    process.exit(1);
  }
  console.log('selftest: encoders match the reference vectors; LZ77 round trips hold');
  if (process.getuid && process.getuid() !== 0) console.warn('warning: not root — tcpdump and port 135 will likely fail');
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oxnotif-samples-'));
  const expectedPath = path.join(OUT, 'expected.json');
  const expected = fs.existsSync(expectedPath) ? JSON.parse(fs.readFileSync(expectedPath, 'utf8')) : { captures: {} };
  const t0 = Date.now();
  let bad = 0;
  for (const g of groups) {
    const t = Date.now();
    const { rec, produced, derivedInfo } = await runGroup(g, tmp);
    const def = GROUPS[g];
    for (const file of produced) {
      const full = path.join(OUT, file);
      const info = capinfos(full);
      const isDerived = def.derived.includes(file);
      const entry = isDerived ? derivedExpected(file, rec, derivedInfo[file] ?? {}) : buildExpected(file, rec);
      entry.file = file;
      entry.frames = Number(info['Number of packets']);
      entry.bytes = fs.statSync(full).size;
      expected.captures[file] = entry;
      // tshark cross-check (where the capture is complete and in order)
      let check = '';
      if (entry.tsharkComparable) {
        const got = tsharkPdus(full, entry.decodeAsPorts ?? []);
        const diff = comparePdus(rec.pdus, got);
        check = diff ? `tshark MISMATCH: ${diff}` : `tshark agrees on ${got.length} PDUs`;
        if (diff) bad++;
      } else {
        const got = tsharkPdus(full, entry.decodeAsPorts ?? []);
        check = `tshark lists ${got.length} PDUs (not compared: ${entry.tsharkNote})`;
      }
      // HTTP transports: tshark's HTTP dissector must list exactly the messages the scenario wrote
      if (entry.http) {
        const tls = rec.tlsKeylog ? { port: def.tlsPort, keylog: path.join(tmp, `${g}.keylog`) } : null;
        if (tls) fs.writeFileSync(tls.keylog, rec.tlsKeylog);
        const seen = tsharkHttp(full, def.httpPorts ?? [], tls);
        const diff = compareHttp(entry.http, seen);
        check += diff ? `; HTTP MISMATCH: ${diff}` : `; tshark agrees on ${seen.length} HTTP messages`;
        if (diff) bad++;
      }
      // RPC over HTTP: the channel bodies tshark reassembles hold exactly the PDUs written (RTS and DCE/RPC)
      if (entry.rts) {
        const diff = compareRpcHttp(entry, tsharkStreams(full));
        check += diff ? `; CHANNEL MISMATCH: ${diff}` : `; channel bodies hold the ${entry.rts.pdus.length} RTS + ${entry.dcerpcPdus.length} DCE/RPC PDUs written`;
        if (diff) bad++;
      }
      if (entry.tls) {
        const hellos = tsharkClientHellos(full, def.tlsPort);
        const ok = hellos.length === 1 && hellos[0].sni === entry.tls.sni && hellos[0].alpn === entry.tls.alpn;
        check += ok ? `; tshark sees SNI ${hellos[0].sni}` : `; TLS MISMATCH: ClientHellos ${JSON.stringify(hellos)}`;
        if (!ok) bad++;
      }
      console.log(`${file.padEnd(28)} ${String(entry.frames).padStart(4)} frames ${String(entry.bytes).padStart(7)} bytes  ${check}`);
    }
    console.log(`  group ${g}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  // keep a stable key order
  const sorted = { note: expected.note, generator: expected.generator, captures: {} };
  for (const k of Object.keys(expected.captures).sort()) sorted.captures[k] = expected.captures[k];
  sorted.note =
    'Facts the scenarios DEFINED (scripts/samples/scenarios/*.mjs), written by the generator from the same definitions that drove the encoders — never from a decoder. Frame numbers are not facts of the scenario (the kernel chose the segmentation) and are left out; call ids, handles, ids and order are.';
  sorted.generator = 'node scripts/samples/generate.mjs';
  fs.writeFileSync(expectedPath, compactJson(sorted) + '\n');
  fs.rmSync(tmp, { recursive: true, force: true });
  let total = 0;
  for (const f of fs.readdirSync(OUT)) total += fs.statSync(path.join(OUT, f)).size;
  console.log(`samples/ total ${total} bytes; ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (total > 2 * 1024 * 1024) {
    console.error('samples/ exceeds 2 MB');
    bad++;
  }
  process.exit(bad ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
