import { latin1 } from '../../core/byte-reader.js';
import type { DamageReason } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import { CR, LF, isBlank, trimLineEnd } from './chars.js';
import { FieldCollector, type FieldLineProblem } from './field-lines.js';
import { LineBuffer } from './line-buffer.js';
import type { HttpHeader } from './types.js';

export interface ChunkedEvents {
  /** De-chunked body bytes: a view of the pushed data, valid only during the call. */
  data(bytes: Uint8Array, at: FrameRef): void;
  /** The last chunk and the trailer section were read; the body is complete. */
  done(trailers: readonly HttpHeader[], at: FrameRef): void;
  /**
   * The chunked framing broke at stream offset `offset`; the decoder stops. `line` is the offending line
   * when it was one (a view valid during the call), which may be the next message's start line.
   */
  fail(reason: DamageReason, field: string, detail: string, offset: number, at: FrameRef, line: Uint8Array | null): void;
  /** A trailer-line problem that did not stop decoding. */
  note(problem: FieldLineProblem, offset: number, at: FrameRef): void;
}

export interface ChunkedLimits {
  /** Longest chunk-size line (extensions included). */
  readonly maxChunkLine: number;
  /** Bytes of the trailer section. */
  readonly maxTrailerBytes: number;
  readonly maxTrailerCount: number;
}

type State = 'size' | 'data' | 'data-end' | 'data-lf' | 'trailers' | 'finished';

/** 13 significant hex digits (2^52) keep a chunk size a safe integer. */
const MAX_SIZE_DIGITS = 13;

/**
 * Streaming decoder of the chunked transfer coding (RFC 9112 §7.1). Chunk data is handed on as views of the
 * pushed bytes, never copied or gathered; only a chunk-size line or a trailer line split across pushes is
 * held, up to its cap. Lenient: bare LF line ends, blanks around the size, upper- or lower-case hex, an empty
 * line where a size belongs; chunk extensions are skipped.
 */
export class ChunkedDecoder {
  private state: State = 'size';
  private remaining = 0;
  private readonly line = new LineBuffer();
  private trailers: FieldCollector | null = null;
  private trailerBytes = 0;

  constructor(
    private readonly limits: ChunkedLimits,
    private readonly events: ChunkedEvents,
  ) {}

  reset(): void {
    this.state = 'size';
    this.remaining = 0;
    this.line.clear();
    this.trailers = null;
    this.trailerBytes = 0;
  }

  /** True after the last chunk: a stream that ends here lacks only the final CRLF, tolerated at connection end. */
  get pastLastChunk(): boolean {
    return this.state === 'trailers';
  }

  /** Consumes data from p; returns where it stopped: the end of data, or just after the body or the failure. */
  push(data: Uint8Array, p: number, at: FrameRef, base: number): number {
    while (p < data.length && this.state !== 'finished') {
      switch (this.state) {
        case 'data': {
          const n = Math.min(this.remaining, data.length - p);
          this.events.data(data.subarray(p, p + n), at);
          p += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end':
        case 'data-lf': {
          const b = data[p]!;
          if (b === CR && this.state === 'data-end') this.state = 'data-lf';
          else if (b === LF) this.state = 'size';
          else {
            this.fail('malformed', 'chunk', 'chunk data is not followed by CRLF', base + p, at, null);
            return p;
          }
          p++;
          break;
        }
        case 'size':
        case 'trailers':
          p = this.lineStep(data, p, at, base);
          break;
      }
    }
    return p;
  }

  private lineStep(data: Uint8Array, p: number, at: FrameRef, base: number): number {
    const lf = data.indexOf(LF, p);
    const stop = lf < 0 ? data.length : lf;
    const sizing = this.state === 'size';
    const room = sizing ? this.limits.maxChunkLine : this.limits.maxTrailerBytes - this.trailerBytes;
    if (this.line.length + (stop - p) > room) {
      const start = this.line.length > 0 ? this.line.offset : base + p;
      if (sizing) this.fail('malformed', 'chunk-size', `chunk-size line longer than maxHttpChunkLineBytes (${this.limits.maxChunkLine})`, start, at, null);
      else this.fail('limit', 'trailer', `trailer section longer than maxHttpHeaderBytes (${this.limits.maxTrailerBytes})`, start, at, null);
      return stop;
    }
    if (lf < 0) {
      this.line.append(data, p, stop, at, base + p);
      return stop;
    }
    let line = data.subarray(p, lf);
    let offset = base + p;
    if (this.line.length > 0) {
      this.line.append(data, p, lf, at, offset);
      line = this.line.view();
      offset = this.line.offset;
    }
    if (sizing) this.sizeLine(line, offset, at);
    else this.trailerLine(line, offset, at);
    this.line.clear();
    return lf + 1;
  }

  /** chunk-size [ chunk-ext ] (RFC 9112 §7.1, §7.1.1). */
  private sizeLine(line: Uint8Array, offset: number, at: FrameRef): void {
    const end = trimLineEnd(line, 0, line.length);
    if (end === 0) return;
    let i = 0;
    while (i < end && isBlank(line[i]!)) i++;
    let value = 0;
    let digits = 0;
    let significant = 0;
    for (; i < end; i++) {
      const d = hexValue(line[i]!);
      if (d < 0) break;
      digits++;
      if (value === 0 && d === 0) continue;
      if (++significant > MAX_SIZE_DIGITS) return this.fail('malformed', 'chunk-size', `chunk size ${quote(line, end)} is too large`, offset, at, line);
      value = value * 16 + d;
    }
    while (i < end && isBlank(line[i]!)) i++;
    if (digits === 0 || (i < end && line[i] !== 0x3b)) {
      return this.fail('malformed', 'chunk-size', `chunk-size line ${quote(line, end)} is not a hexadecimal size`, offset, at, line);
    }
    if (value === 0) {
      this.state = 'trailers';
      this.trailers = new FieldCollector(this.limits.maxTrailerCount);
      this.trailerBytes = 0;
    } else {
      this.remaining = value;
      this.state = 'data';
    }
  }

  private trailerLine(line: Uint8Array, offset: number, at: FrameRef): void {
    this.trailerBytes += line.length + 1;
    if (line.length === 0 || (line.length === 1 && line[0] === CR)) {
      this.state = 'finished';
      this.events.done(this.trailers?.headers ?? [], at);
      return;
    }
    const problem = this.trailers!.add(line, 0, line.length);
    if (!problem) return;
    if (problem.fatal) this.fail(problem.reason, 'trailer', problem.detail, offset, at, line);
    else this.events.note(problem, offset, at);
  }

  private fail(reason: DamageReason, field: string, detail: string, offset: number, at: FrameRef, line: Uint8Array | null): void {
    this.state = 'finished';
    this.line.clear();
    this.events.fail(reason, field, detail, offset, at, line);
  }
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  return -1;
}

/** A short, quoted excerpt of a line for a damage detail. */
export function quote(line: Uint8Array, end: number): string {
  const s = latin1(line, 0, Math.min(end, 40)).replace(/[^\x20-\x7e]/g, '.');
  return `"${s}${end > 40 ? '…' : ''}"`;
}
