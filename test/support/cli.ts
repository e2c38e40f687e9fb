/**
 * The built CLI as a user runs it: `node bin/oxnotif-dump.js …` in a child process. Builds dist/
 * first when it is missing or older than src/.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'oxnotif-dump.js');
export const samplePath = (name: string): string => join(ROOT, 'samples', name);

/** Newest mtime of the non-test sources under dir. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export function buildIfStale(): void {
  let builtAt = 0;
  try {
    builtAt = statSync(join(ROOT, 'dist', 'cli', 'program.js')).mtimeMs;
  } catch {
    builtAt = 0;
  }
  if (builtAt > newestSource(join(ROOT, 'src')) && builtAt > statSync(join(ROOT, 'package.json')).mtimeMs) return;
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed (tsc -p tsconfig.build.json):\n${r.stdout}${r.stderr}`);
}

/** The environment of a plain terminal-less run: no colour switches inherited from the test runner. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'DEBUG', 'NODE_OPTIONS']) if (!(k in extra)) delete env[k];
  return env;
}

export function cli(args: string[], opts: { input?: Uint8Array; env?: Record<string, string> } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: cleanEnv(opts.env),
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(opts.input ? { input: opts.input } : {}),
  });
}

/** Text as its lines (the trailing newline does not make an empty line). */
export const lines = (text: string): string[] => text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);

export function ndjson(stdout: string): Record<string, unknown>[] {
  return lines(stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A usage error or a failed run: the exit code, nothing on stdout, one line on stderr, no stack. */
export function oneLineError(r: SpawnSyncReturns<string>, code: number): string {
  expect({ status: r.status, stdout: r.stdout }).toEqual({ status: code, stdout: '' });
  const err = lines(r.stderr);
  expect(err).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return err[0]!;
}
