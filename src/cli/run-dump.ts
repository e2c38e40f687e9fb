import { withLimits, type Limits } from '../core/limits.js';
import { runPipeline } from '../analysis/pipeline.js';
import { openSource, type ChunkedSource } from '../dissectors/capture/chunked-source.js';
import { chooseColour, makeChalk } from '../render/colour.js';
import { makeDumpSink } from '../render/dump-sink.js';
import type { EventFilter } from '../render/event-filter.js';
import { TextOutput } from '../render/output.js';
import type { EventSink } from '../model/events.js';
import { describeFailure, EXIT_OK } from './user-errors.js';
import { ProgressBar } from './progress.js';

export interface DumpOptions {
  json?: boolean;
  color?: boolean;
  progress?: boolean;
  limits?: Partial<Limits>;
  /** --session, --type, --since, --until, --only-findings. */
  filter?: EventFilter | null;
  /** One line per session instead of the timeline. */
  compact?: boolean;
  /** An event per decoded ROP, in the timeline and the JSON. */
  rops?: boolean;
}

/** `oxnotif-dump <capture>`: returns the exit code. */
export async function runDump(input: string, opts: DumpOptions): Promise<number> {
  const out = new TextOutput(process.stdout);
  const colour = chooseColour(opts.color, process.stdout.isTTY === true, process.env);
  const sink: EventSink = makeDumpSink(out, { json: opts.json === true, compact: opts.compact === true, filter: opts.filter ?? null, chalk: makeChalk(colour), colour });
  let source;
  try {
    source = await openSource(input);
  } catch (err) {
    const f = describeFailure(err, input);
    process.stderr.write(`oxnotif-dump: ${f.line}\n`);
    return f.code;
  }
  const progress = opts.progress !== false && process.stderr.isTTY === true && input !== '-' ? await ProgressBar.forFile(input) : null;
  // Once the reader of stdout has gone (`| head -1`), reading on is wasted work, and with a live
  // pipe (`tcpdump -w - | oxnotif-dump - | head`) it never ends: end the input there.
  const untilOutputCloses: ChunkedSource = {
    name: source.name,
    read: () => (out.isClosed ? Promise.resolve(null) : source.read()),
    close: () => source.close(),
  };
  try {
    await runPipeline(untilOutputCloses, {
      file: input === '-' ? '<stdin>' : input,
      limits: withLimits(opts.limits),
      sink,
      ropEvents: opts.rops === true,
      ...(progress ? { onProgress: (n: number) => progress.update(n) } : {}),
    });
    progress?.stop();
    await sink.close();
    return EXIT_OK;
  } catch (err) {
    progress?.stop();
    await out.flush().catch(() => undefined);
    const f = describeFailure(err, input);
    process.stderr.write(`oxnotif-dump: ${f.line}\n`);
    if (process.env.DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return f.code;
  } finally {
    await source.close().catch(() => undefined);
  }
}
