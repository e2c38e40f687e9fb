import type { Limits } from '../../core/limits.js';
import { ChunkLoop } from './chunk-loop.js';
import type { ChunkedSource } from './chunked-source.js';
import { PcapFramer } from './pcap.js';
import { PcapngFramer } from './pcapng.js';
import type { RecordFramer } from './record-framer.js';
import { SNIFF_BYTES, sniff } from './sniff.js';
import { CaptureError, type CaptureHandler, type CaptureSummary } from './types.js';

/**
 * Reads a whole pcap or pcapng capture from `source`, calling the handler for every record.
 *
 * Throws (rejects with) CaptureError only when the input is not a capture we can read at all
 * (empty, another format, an I/O failure). Damage inside a capture — a truncated last record,
 * a corrupt length — goes to handler.onDamage and reading continues where it can. The source
 * is not closed. The summary counts packet records (frames) and their captured bytes.
 */
export async function readCapture(source: ChunkedSource, handler: CaptureHandler, limits: Limits): Promise<CaptureSummary> {
  let first = await source.read();
  if (first === null) throw new CaptureError('empty', `${source.name}: the file is empty (0 bytes)`);
  let ended = false;
  if (first.length < SNIFF_BYTES) {
    // Sniffing wants the first few bytes in one piece; only a trickling pipe gets here.
    const parts: Uint8Array[] = [first.slice()];
    let total = first.length;
    while (total < SNIFF_BYTES) {
      const next = await source.read();
      if (next === null) {
        ended = true;
        break;
      }
      parts.push(next.slice());
      total += next.length;
    }
    first = concat(parts, total);
  }

  const sniffed = sniff(first.subarray(0, SNIFF_BYTES), source.name);
  const framer: RecordFramer =
    sniffed.format === 'pcap'
      ? new PcapFramer(handler, limits, sniffed.littleEndian, sniffed.nanos, source.name)
      : new PcapngFramer(handler, limits, source.name);
  const loop = new ChunkLoop(framer, handler);

  let going = loop.feed(first);
  while (going && !ended) {
    const chunk = await source.read();
    if (chunk === null) break;
    going = loop.feed(chunk);
  }
  if (going) loop.finish();
  framer.ensureStarted();
  return { frames: framer.frames, bytes: framer.packetBytes };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
