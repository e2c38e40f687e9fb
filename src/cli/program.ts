import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_LIMITS, type Limits } from '../core/limits.js';
import { decodeCommand } from './decode-command.js';
import { runDump } from './run-dump.js';
import { EXIT_USAGE } from './user-errors.js';

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
    .showHelpAfterError('(run oxnotif-dump --help for usage)')
    .exitOverride()
    // `decode` has options of its own (--json): the program's options stop at the subcommand.
    .enablePositionalOptions()
    .addCommand(
      decodeCommand((c) => {
        code = c;
      }),
    )
    .action(async (capture: string, o: { json?: boolean; color?: boolean; progress?: boolean; rops?: boolean; limit: Partial<Limits> }) => {
      code = await runDump(capture, {
        ...(o.rops ? { rops: true } : {}),
        ...(o.json !== undefined ? { json: o.json } : {}),
        ...(o.color !== undefined ? { color: o.color } : {}),
        ...(o.progress !== undefined ? { progress: o.progress } : {}),
        limits: o.limit,
      });
    });
  try {
    await program.parseAsync(argv);
  } catch (err) {
    const e = err as { code?: string; exitCode?: number };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    return typeof e.exitCode === 'number' && e.exitCode !== 0 ? EXIT_USAGE : EXIT_USAGE;
  }
  return code;
}
