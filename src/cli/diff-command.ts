import type { Command } from 'commander';
import { runPipeline } from '../analysis/pipeline.js';
import { CaptureCollector } from '../compare/collect.js';
import { DEFAULT_THRESHOLD_MS, diffCaptures } from '../compare/diff.js';
import type { CaptureRecord } from '../compare/records.js';
import { withLimits } from '../core/limits.js';
import { openSource, type ChunkedSource } from '../dissectors/capture/chunked-source.js';
import { chooseColour, makeChalk } from '../render/colour.js';
import { diffJson, diffText } from '../render/diff-report.js';
import { TextOutput } from '../render/output.js';
import { describeFailure, EXIT_OK, EXIT_USAGE } from './user-errors.js';

/** Like diff(1): 0 equivalent, 1 different, 2 trouble (EXIT_FAILED), 3 usage. */
export const EXIT_DIFFERENT = 1;

interface DiffOptions {
  json?: boolean;
  thresholdMs?: string;
  color?: boolean;
}

/** `oxnotif-dump diff [--json] [--threshold-ms N] a b`. */
export function addDiffCommand(parent: Command, done: (code: number) => void): void {
  parent
    .command('diff')
    .description('compare two captures semantically: sessions, notifications, signalling, latency, subscriptions, findings (exit 0 equivalent, 1 different, 2 error)')
    .argument('<a>', 'the baseline capture (pcap or pcapng, or - for standard input)')
    .argument('<b>', 'the capture compared with it')
    .option('--json', 'one JSON document (see docs/diff.md) instead of the report')
    .option('--threshold-ms <N>', `latency changes smaller than N ms are not differences (default ${DEFAULT_THRESHOLD_MS})`)
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .action(async (a: string, b: string, o: DiffOptions) => done(await runDiff(a, b, o)));
}

async function runDiff(a: string, b: string, o: DiffOptions): Promise<number> {
  const threshold = o.thresholdMs === undefined ? DEFAULT_THRESHOLD_MS : /^\d+(\.\d+)?$/.test(o.thresholdMs) ? Number(o.thresholdMs) : null;
  if (threshold === null) return usage(`--threshold-ms: "${o.thresholdMs}" is not a number of milliseconds`);
  if (a === '-' && b === '-') return usage('only one of the two captures can be standard input (-)');
  const opened: ChunkedSource[] = [];
  try {
    // Both open before either is read: a missing second file fails at once, not after the first run.
    for (const input of [a, b]) {
      try {
        opened.push(await openSource(input));
      } catch (err) {
        return failed(err, input);
      }
    }
    const records: CaptureRecord[] = [];
    for (const [i, input] of [a, b].entries()) {
      try {
        records.push(await collect(opened[i]!, input));
      } catch (err) {
        return failed(err, input);
      }
    }
    const diff = diffCaptures(records[0]!, records[1]!, threshold);
    const out = new TextOutput(process.stdout);
    const colour = chooseColour(o.color, process.stdout.isTTY === true, process.env);
    out.write(o.json ? diffJson(diff) : diffText(diff, makeChalk(colour), colour));
    await out.flush();
    return diff.equivalent ? EXIT_OK : EXIT_DIFFERENT;
  } finally {
    for (const s of opened) await s.close().catch(() => undefined);
  }
}

async function collect(source: ChunkedSource, input: string): Promise<CaptureRecord> {
  const file = input === '-' ? '<stdin>' : input;
  const collector = new CaptureCollector(file);
  await runPipeline(source, { file, limits: withLimits(), sink: collector });
  return collector.record;
}

function usage(line: string): number {
  process.stderr.write(`oxnotif-dump diff: ${line}\n`);
  return EXIT_USAGE;
}

function failed(err: unknown, input: string): number {
  const f = describeFailure(err, input);
  process.stderr.write(`oxnotif-dump: ${f.line}\n`);
  if (process.env.DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return f.code;
}
