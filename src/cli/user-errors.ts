import { CaptureError } from '../dissectors/capture/types.js';
import { UnsupportedLinkTypeError } from '../analysis/pipeline.js';

/** Exit codes: 0 ok; 2 the run failed (input we cannot read); 3 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 2;
export const EXIT_USAGE = 3;

/**
 * One clear line for each failure a person can meet, saying what and what to do. Anything
 * else is a bug: it gets a line asking for a report, and the stack only with DEBUG set.
 */
export function describeFailure(err: unknown, input: string): { line: string; code: number } {
  if (err instanceof CaptureError) {
    const hint: Record<CaptureError['kind'], string> = {
      io: 'check the path and permissions',
      'not-a-capture': 'give a pcap or pcapng file (tcpdump -w, Wireshark "Save As", or editcap -F pcapng)',
      empty: 'the capture holds no data; check that tcpdump was stopped cleanly (SIGINT) before reading',
      'unsupported-format': 'convert it with editcap -F pcapng',
    };
    return { line: `${err.message} — ${hint[err.kind]}`, code: EXIT_FAILED };
  }
  if (err instanceof UnsupportedLinkTypeError) return { line: `${input}: ${err.message}`, code: EXIT_FAILED };
  const msg = err instanceof Error ? err.message : String(err);
  return {
    line: `${input}: internal error: ${msg} — please report it with the capture (set DEBUG=1 for details)`,
    code: EXIT_FAILED,
  };
}
