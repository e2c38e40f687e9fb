/**
 * The built CLI as a user runs it: `node bin/oxnotif-dump.js …` in a child process, checking
 * exit codes, stdout and stderr. Builds dist/ first when it is missing or older than src/.
 */
import { spawn, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, buildIfStale, cleanEnv, cli, lines, ndjson, oneLineError, ROOT, samplePath as sample } from './support/cli.js';

const ESC = '\u001b[';

let tmp = '';

/** A failure a person can meet: exit 2, nothing on stdout, one line on stderr. */
function expectOneLineFailure(r: SpawnSyncReturns<string>): string {
  const line = oneLineError(r, 2);
  expect(line).toMatch(/^oxnotif-dump: /);
  return line;
}

/** A classic little-endian µs pcap with the given link type and records. */
function pcap(linkType: number, packets: Uint8Array[]): Uint8Array {
  const parts: Buffer[] = [];
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(65535, 16);
  h.writeUInt32LE(linkType, 20);
  parts.push(h);
  packets.forEach((p, i) => {
    const r = Buffer.alloc(16);
    r.writeUInt32LE(1_700_000_000 + i, 0);
    r.writeUInt32LE(p.length, 8);
    r.writeUInt32LE(p.length, 12);
    parts.push(r, Buffer.from(p));
  });
  return Buffer.concat(parts);
}

/** The basic sample's packet records again, `round` × 10 s later and on client port 30000 + round (a new session). */
function basicRound(round: number): Buffer {
  const file = readFileSync(sample('rpc-tcp-basic.pcap'));
  const parts: Buffer[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const len = 16 + file.readUInt32LE(at + 8);
    const rec = Buffer.from(file.subarray(at, at + len));
    at += len;
    rec.writeUInt32LE(rec.readUInt32LE(0) + round * 10, 0);
    if (rec.length >= 16 + 14 + 20 + 4 && rec[16 + 23] === 6) {
      const tcp = 16 + 14 + (rec[16 + 14]! & 0x0f) * 4;
      for (const off of [tcp, tcp + 2]) {
        const port = rec.readUInt16BE(off);
        if (port !== 135 && port !== 60001) rec.writeUInt16BE(30000 + round, off);
      }
    }
    parts.push(rec);
  }
  return Buffer.concat(parts);
}

/** A pcap of `rounds` rounds of the basic sample. */
function bigCapture(rounds: number): Uint8Array {
  const header = readFileSync(sample('rpc-tcp-basic.pcap')).subarray(0, 24);
  return Buffer.concat([header, ...Array.from({ length: rounds }, (_, r) => basicRound(r))]);
}

/** Resolves with the exit code when the child closes; rejects (and kills it) after `ms`. */
function exited(child: ReturnType<typeof spawn>, ms: number, what: string): Promise<number | null> {
  return new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what}: still running ${ms / 1000} s after stdout closed`));
    }, ms);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
}

beforeAll(() => {
  buildIfStale();
  tmp = mkdtempSync(join(tmpdir(), 'oxnotif-cli-'));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('oxnotif-dump CLI', () => {
  it('prints a timeline of the basic sample: session header with the user DN, notify lines', () => {
    const r = cli([sample('rpc-tcp-basic.pcap')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^capture .*rpc-tcp-basic\.pcap/);
    expect(r.stdout).toMatch(/── S1 +rpc-tcp +127\.0\.0\.1:20002 → 127\.0\.0\.1:60001/);
    expect(r.stdout).toContain('/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=alice');
    const notify = lines(r.stdout).filter((l) => /#\d+ +notify /.test(l));
    expect(notify.length).toBe(14);
    expect(notify.some((l) => l.includes('NewMail'))).toBe(true);
  });

  it('--json writes NDJSON: every line parses, capture first, summary last', () => {
    const r = cli(['--json', sample('rpc-tcp-basic.pcap')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    const events = ndjson(r.stdout);
    expect(events[0]).toMatchObject({ type: 'capture', format: 'pcap', linkTypes: [1] });
    expect(events[events.length - 1]).toMatchObject({ type: 'summary', sessions: 1, subscriptions: 2, notifications: 14 });
    expect(events.filter((e) => e.type === 'notification')).toHaveLength(14);
  });

  it('- reads the capture from stdin: the same events as reading the file', () => {
    const file = sample('rpc-tcp-basic.pcapng');
    const fromFile = cli(['--json', file]);
    const fromStdin = cli(['--json', '-'], { input: readFileSync(file) });
    expect(fromFile.status).toBe(0);
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stderr).toBe('');
    const a = ndjson(fromFile.stdout);
    const b = ndjson(fromStdin.stdout);
    expect(a[0]).toMatchObject({ type: 'capture', format: 'pcapng', file });
    expect(b[0]).toMatchObject({ type: 'capture', format: 'pcapng', file: '<stdin>' });
    const withoutFile = (e: Record<string, unknown>): Record<string, unknown> => {
      const { file: _file, ...rest } = e;
      return rest;
    };
    expect(b.map(withoutFile)).toEqual(a.map(withoutFile));
    expect(a.length).toBeGreaterThan(20);
  });

  it('--help and --version exit 0', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: oxnotif-dump/);
    expect(help.stdout).toContain('--json');
    const version = cli(['--version']);
    expect(version.status).toBe(0);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('a missing file: exit 2, one line naming the file and what to do', () => {
    const missing = join(tmp, 'no-such-capture.pcap');
    const line = expectOneLineFailure(cli([missing]));
    expect(line).toContain(missing);
    expect(line).toMatch(/no such file/);
    expect(line).toMatch(/check the path/);
  });

  it('a text file: exit 2, one line saying it is not a capture', () => {
    const text = join(tmp, 'notes.txt');
    writeFileSync(text, 'these are notes, not packets\n');
    const line = expectOneLineFailure(cli([text]));
    expect(line).toContain(text);
    expect(line).toMatch(/not a pcap or pcapng capture/);
  });

  it('an empty file: exit 2, one line', () => {
    const empty = join(tmp, 'empty.pcap');
    writeFileSync(empty, new Uint8Array(0));
    const line = expectOneLineFailure(cli([empty]));
    expect(line).toContain(empty);
    expect(line).toMatch(/empty/);
  });

  it('an unsupported link type: exit 2, one line naming it', () => {
    const f = join(tmp, 'linktype147.pcap');
    writeFileSync(f, pcap(147, [Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)]));
    const line = expectOneLineFailure(cli([f]));
    expect(line).toContain(f);
    expect(line).toMatch(/unsupported link type 147\b/);
  });

  it('a truncated capture: exit 0 and a capture.truncated finding', () => {
    const r = cli(['--json', sample('truncated.pcap')]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const events = ndjson(r.stdout);
    expect(events.some((e) => e.type === 'finding' && e.rule === 'capture.truncated')).toBe(true);
    expect(events[events.length - 1]?.type).toBe('summary');
    const timeline = cli([sample('truncated.pcap')]);
    expect(timeline.status).toBe(0);
    expect(timeline.stdout).toContain('capture.truncated');
  });

  it('no colour with NO_COLOR=1 or a non-terminal stdout; --color forces it', () => {
    const basic = sample('rpc-tcp-basic.pcap');
    const noColor = cli([basic], { env: { NO_COLOR: '1' } });
    expect(noColor.status).toBe(0);
    expect(noColor.stdout).not.toContain(ESC);
    const piped = cli([basic]);
    expect(piped.stdout).not.toContain(ESC);
    const forced = cli(['--color', basic]);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain(ESC);
  });

  it('stdout closed early (| head -1): no EPIPE error or stack on stderr', async () => {
    const big = join(tmp, 'big.pcap');
    writeFileSync(big, bigCapture(150));
    for (const args of [['--json', big], [big]]) {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let chunks = 0;
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (d: string) => (stderr += d));
      child.stdout.once('data', () => {
        chunks++;
        child.stdout.destroy();
      });
      const code = await exited(child, 30_000, args.join(' '));
      expect(chunks).toBe(1);
      expect(stderr).not.toMatch(/EPIPE/);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    }
  });

  it('stdout closed early while reading a live pipe (tcpdump -w - | oxnotif-dump - | head): the run ends', async () => {
    const child = spawn(process.execPath, [BIN, '--json', '-'], { cwd: ROOT, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => undefined); // EPIPE on our side once the child has gone
    child.stdin.write(readFileSync(sample('rpc-tcp-basic.pcap')));
    let round = 0;
    // Like tcpdump: more traffic every 50 ms, and stdin never ends.
    const feed = setInterval(() => {
      if (child.stdin.writable) child.stdin.write(basicRound(++round));
    }, 50);
    child.stdout.once('data', () => child.stdout.destroy());
    try {
      const code = await exited(child, 15_000, 'oxnotif-dump --json -');
      expect(code).toBe(0);
      expect(stderr).toBe('');
    } finally {
      clearInterval(feed);
    }
  });
});
