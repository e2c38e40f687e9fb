import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { DEFAULT_LIMITS, type Limits } from '../core/limits.js';
import { FilterUsageError, parseEventFilter, type EventFilter, type FilterOptions } from '../render/event-filter.js';
import { decodeCommand } from './decode-command.js';
import { addDiffCommand } from './diff-command.js';
import { addRulesCommand } from './rules-command.js';
import { runDump } from './run-dump.js';
import { describeFailure, EXIT_USAGE } from './user-errors.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function parseLimit(text: string, prev: Partial<Limits>): Partial<Limits> {
  const m = /^([A-Za-z]+)=(\d+)$/.exec(text);
  if (!m || !(m[1]! in DEFAULT_LIMITS)) {
    throw new InvalidArgumentError(`expected NAME=NUMBER with NAME one of: ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
  }
  return { ...prev, [m[1]!]: Number(m[2]) };
}

function filterOf(o: FilterOptions & { json?: boolean; compact?: boolean }): EventFilter | null {
  if (o.json && o.compact) throw new FilterUsageError('--compact is a form of the timeline; leave it out with --json');
  return parseEventFilter(o);
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('oxnotif-dump')
    .description('Decode Exchange notification traffic (MS-OXCNOTIF) in a capture: sessions, subscriptions, RopNotify, pending signals and push datagrams, as an annotated timeline or NDJSON.')
    .version(version(), '-V, --version')
    .argument('<capture>', 'pcap or pcapng file, or - for standard input (tcpdump -w - | oxnotif-dump -)')
    .option('--json', 'write NDJSON events (one per line; see docs/events.md) instead of the timeline')
    .option('--color', 'force colour in the timeline')
    .option('--no-color', 'no colour (also when NO_COLOR is set or stdout is not a terminal)')
    .option('--no-progress', 'no progress bar on stderr')
    .option('--rops', 'also an event per decoded ROP request and response (all traffic, not only notifications)')
    .option('--limit <name=value>', 'override a safety cap (repeatable), e.g. --limit maxTcpBufferedBytes=16777216', parseLimit, {})
    .option('--session <ids>', 'only these sessions, e.g. S1,S3 (timeline and --json)')
    .option('--type <types>', 'only these event types, e.g. notification,pending (capture and summary always stay)')
    .option('--since <T>', "only events at or after T: seconds from the capture's start (1.5) or an RFC 3339 time")
    .option('--until <T>', 'only events at or before T (same forms as --since)')
    .option('--only-findings', 'only finding events, under the headers of their sessions')
    .option('--compact', 'one line per session (counts, signalling, latency, findings) instead of the timeline')
    .showHelpAfterError('(run oxnotif-dump --help for usage)')
    .exitOverride()
    // Options after a subcommand's name belong to it (`diff --json`), not to the timeline command.
    .enablePositionalOptions()
    .action(async (capture: string, o: { json?: boolean; color?: boolean; progress?: boolean; rops?: boolean; limit: Partial<Limits>; compact?: boolean } & FilterOptions) => {
      let filter: EventFilter | null;
      try {
        filter = filterOf(o);
      } catch (err) {
        if (!(err instanceof FilterUsageError)) throw err;
        process.stderr.write(`oxnotif-dump: ${err.message}\n`);
        code = EXIT_USAGE;
        return;
      }
      code = await runDump(capture, {
        filter,
        compact: o.compact === true,
        ...(o.rops ? { rops: true } : {}),
        ...(o.json !== undefined ? { json: o.json } : {}),
        ...(o.color !== undefined ? { color: o.color } : {}),
        ...(o.progress !== undefined ? { progress: o.progress } : {}),
        limits: o.limit,
      });
    });
  program.addCommand(decodeCommand((c) => (code = c)));
  addDiffCommand(program, (c) => (code = c));
  addRulesCommand(program, (c) => (code = c));
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has printed its one line already (exitOverride keeps it from exiting).
      return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : EXIT_USAGE;
    }
    // Not a usage error: a failure of the run or a bug, said in one line, never silently.
    const { line, code: failed } = describeFailure(err, argv[2] ?? 'oxnotif-dump');
    process.stderr.write(`oxnotif-dump: ${line}\n`);
    if (process.env['DEBUG'] && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
    return failed;
  }
  return code;
}
