import type { Damage, DamageReason } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import type { Limits } from '../../core/limits.js';
import type { EndReason } from '../transport/types.js';
import { CR, LF, isForbiddenCtl, trimLineEnd } from './chars.js';
import { ChunkedDecoder } from './chunked.js';
import { FieldCollector } from './field-lines.js';
import type { BodyPlan } from './framing.js';
import { LineBuffer } from './line-buffer.js';
import { findStartLine, parseStartLine, type StartLine } from './start-line.js';
import type { HttpBodySink, HttpEndOutcome, HttpHeader } from './types.js';

/** A complete header block as framed, before the connection pairs it. */
export interface FramedHead {
  readonly start: StartLine;
  readonly headers: readonly HttpHeader[];
  /** Frame of the first byte of the start line. */
  readonly first: FrameRef;
  /** Frame that completed the header block. */
  readonly at: FrameRef;
  /** Stream offset of the start line. */
  readonly offset: number;
}

export interface FramerEvents {
  /** A header block: the caller pairs it and says how its body is framed and where the body goes. */
  head(head: FramedHead): { plan: BodyPlan; sink: HttpBodySink | null };
  damage(d: Damage, at: FrameRef): void;
  /** Bytes after a protocol switch, which are not HTTP: called for every chunk of them. */
  ignored(offset: number, at: FrameRef): void;
}

export interface FramerOptions {
  /** The stream may begin inside a message (no handshake seen): bytes before the first start line are lost context, not garbage. */
  readonly midStream: boolean;
  /** Direction name for damage details ("a→b"). */
  readonly name: string;
}

type Mode = 'start' | 'fields' | 'length' | 'chunked' | 'close' | 'stopped' | 'closed';

/** Bytes skipped while looking for the next start line, reported as one damage when the search ends. */
interface Episode {
  readonly reason: DamageReason;
  readonly cause: string;
  /** Stream offset of the first skipped byte; -1 until the first byte after an unknown gap arrives. */
  offset: number;
  /** Frame of the first skipped byte; null until it arrives. */
  at: FrameRef | null;
}

interface OpenMessage {
  readonly sink: HttpBodySink | null;
  readonly label: string;
  gapped: boolean;
}

interface HeadInProgress {
  readonly start: StartLine;
  readonly first: FrameRef;
  readonly offset: number;
  readonly fields: FieldCollector;
  bytes: number;
}

/**
 * Frames one direction of an HTTP/1.x connection into messages (RFC 9112): start line and field lines are
 * gathered line by line (a line split across chunks waits in a bounded LineBuffer), bodies are streamed to
 * their sink as views of the pushed chunks, never held. When it loses its place — bytes that cannot start a
 * message, a gap that is not inside a body of known length, a cap — it skips forward to the next line that
 * ends a plausible start line and reports what it skipped as one damage. Every step consumes bytes or
 * changes mode, and no byte is examined more than a bounded number of times, so time is linear in the input
 * however it is chunked.
 */
export class MessageFramer {
  private mode: Mode = 'start';
  private readonly line = new LineBuffer();
  private readonly chunked: ChunkedDecoder;
  private episode: Episode | null;
  private head: HeadInProgress | null = null;
  private msg: OpenMessage | null = null;
  private remaining = 0;
  private length = 0;
  /** Stream offset of data[0] of the chunk being pushed, and of the next byte after it. */
  private base = 0;
  private cursor = 0;
  private readonly maxLine: number;

  constructor(
    private readonly events: FramerEvents,
    private readonly limits: Limits,
    private readonly opts: FramerOptions,
  ) {
    this.maxLine = limits.maxHttpHeaderBytes;
    this.episode = opts.midStream ? { reason: 'gap', cause: 'the capture began inside a message', offset: -1, at: null } : null;
    this.chunked = new ChunkedDecoder(
      { maxChunkLine: limits.maxHttpChunkLineBytes, maxTrailerBytes: limits.maxHttpHeaderBytes, maxTrailerCount: limits.maxHttpHeaderCount },
      {
        data: (bytes, at) => this.msg?.sink?.data(bytes, at),
        done: (trailers, at) => {
          if (trailers.length > 0) this.msg?.sink?.trailers?.(trailers, at);
          this.endMessage('complete', at);
        },
        fail: (reason, field, detail, offset, at, line) => this.chunkedFailed(reason, field, detail, offset, at, line),
        note: (problem, offset, at) => this.damage(problem.reason, offset, 'trailer', problem.detail, at),
      },
    );
  }

  push(data: Uint8Array, at: FrameRef, streamOffset: number): void {
    if (this.mode === 'closed' || data.length === 0) return;
    this.base = streamOffset;
    // A search that began at a gap starts with the first byte after it.
    if (this.episode && (this.episode.offset < 0 || this.episode.at === null)) {
      if (this.episode.offset < 0) this.episode.offset = streamOffset;
      this.episode.at = at;
    }
    let p = 0;
    while (p < data.length) {
      switch (this.mode) {
        case 'start':
          p = this.startStep(data, p, at);
          break;
        case 'fields':
          p = this.fieldStep(data, p, at);
          break;
        case 'length': {
          const n = Math.min(this.remaining, data.length - p);
          this.msg?.sink?.data(data.subarray(p, p + n), at);
          p += n;
          this.remaining -= n;
          if (this.remaining === 0) this.endMessage('complete', at);
          break;
        }
        case 'chunked':
          p = this.chunked.push(data, p, at, this.base);
          break;
        case 'close':
          this.msg?.sink?.data(data.subarray(p), at);
          p = data.length;
          break;
        case 'stopped':
          this.events.ignored(this.base + p, at);
          p = data.length;
          break;
        default:
          return;
      }
    }
    this.cursor = this.base + data.length;
  }

  /** Bytes lost before the next push: a number when known from sequence numbers. */
  gap(lost: number | 'unknown', at: FrameRef): void {
    if (this.mode === 'closed' || this.mode === 'stopped' || lost === 0) return;
    const known = typeof lost === 'number' && Number.isFinite(lost) && lost > 0 ? lost : null;
    const offset = this.cursor;
    if (known !== null) this.cursor += known;
    const lostText = known !== null ? `${known} bytes` : 'an unknown number of bytes';
    const where = `(direction ${this.opts.name})`;
    const msg = this.msg;
    switch (this.mode) {
      case 'length':
        if (known !== null && known <= this.remaining) {
          msg!.gapped = true;
          msg!.sink?.gap?.(known, at);
          this.remaining -= known;
          const done = this.remaining === 0;
          this.damage('gap', offset, 'body', `${lostText} lost inside the body of ${msg!.label} ${where}; skipped, framing kept`, at);
          if (done) this.endMessage('gap', at, `${lostText} of the body lost`);
          return;
        }
        if (known !== null) msg!.sink?.gap?.(this.remaining, at);
        this.damage('gap', offset, 'body', `${lostText} lost inside and after the body of ${msg!.label} ${where}; resynchronising on the next start line`, at);
        this.endMessage('gap', at, `${lostText} lost from the body on`);
        break;
      case 'close':
        if (known !== null) {
          msg!.gapped = true;
          msg!.sink?.gap?.(known, at);
          this.damage('gap', offset, 'body', `${lostText} lost inside the body of ${msg!.label}, read until the connection closes ${where}`, at);
          return;
        }
        this.damage('gap', offset, 'body', `${lostText} lost inside the body of ${msg!.label} ${where}; resynchronising on the next start line`, at);
        this.endMessage('gap', at, `${lostText} lost`);
        break;
      case 'chunked':
        this.damage('gap', offset, 'body', `${lostText} lost inside the chunked body of ${msg!.label} ${where}; resynchronising on the next start line`, at);
        this.endMessage('gap', at, `${lostText} lost inside the chunked body`);
        break;
      case 'fields':
        this.damage('gap', offset, 'header', `${lostText} lost inside the header block of ${label(this.head!.start)} ${where}; the message is dropped`, at);
        this.head = null;
        break;
      case 'start':
        if (this.episode) this.closeEpisode(offset, 'a capture gap');
        else if (this.line.length > 0) {
          this.damage('gap', this.line.offset, 'start line', `${lostText} lost inside a start line ${where}; resynchronising on the next start line`, at);
          break;
        }
        this.damage('gap', offset, 'stream', `${lostText} lost between messages ${where}; resynchronising on the next start line`, at);
        break;
    }
    this.line.clear();
    this.mode = 'start';
    this.episode = { reason: 'gap', cause: `bytes after ${lostText} lost`, offset: known !== null ? this.cursor : -1, at: null };
  }

  /** The connection ended: open messages end, skipped bytes are reported. */
  finish(reason: EndReason, at: FrameRef): void {
    switch (this.mode) {
      case 'start':
        if (this.episode) this.closeEpisode(this.cursor, 'the end of the connection');
        else if (this.line.length > 0 && trimLineEnd(this.line.view(), 0, this.line.length) > 0) {
          this.damage('truncated', this.line.offset, 'start line', `the stream ended inside a start line (${this.line.length} bytes) (direction ${this.opts.name})`, at);
        }
        break;
      case 'fields':
        this.damage('truncated', this.head!.offset, 'header', `the stream ended inside the header block of ${label(this.head!.start)}; the message is dropped`, at);
        break;
      case 'length':
        this.endMessage('connection-end', at, `${this.remaining} of ${this.length} body bytes had not arrived`);
        break;
      case 'chunked':
        // RFC 9112 §7.1.3 ends with the trailer section's CRLF; a peer that closes right after the last chunk is tolerated.
        if (this.chunked.pastLastChunk) this.endMessage('complete', at);
        else this.endMessage('connection-end', at, 'the connection ended inside the chunked body');
        break;
      case 'close':
        // RFC 9112 §6.3 item 8: the body is complete when the connection closes; a reset or the end of the capture proves nothing.
        this.endMessage(reason === 'fin' ? 'complete' : 'connection-end', at, reason === 'fin' ? undefined : `the connection ended by ${reason}`);
        break;
    }
    this.mode = 'closed';
  }

  /** The connection switched protocols in the other direction: this one stops framing too. */
  stop(at: FrameRef): void {
    if (this.mode === 'closed' || this.mode === 'stopped') return;
    if (this.msg) this.endMessage('truncated', at, 'the connection switched protocols');
    this.head = null;
    this.episode = null;
    this.line.clear();
    this.mode = 'stopped';
  }

  // ---- start lines and resync --------------------------------------------------------------------

  private startStep(data: Uint8Array, p: number, at: FrameRef): number {
    const lf = data.indexOf(LF, p);
    const stop = lf < 0 ? data.length : lf;
    const from = this.dropImpossible(data, p, stop, at);
    if (lf < 0) {
      this.line.append(data, from, stop, at, this.base + from);
      // A line longer than any header block is no start line: keep only its tail (the buffer holds at most twice the cap).
      if (this.line.length > 2 * this.maxLine) {
        this.skip(this.line.offset, at, 'bytes that do not start an HTTP message');
        this.line.dropFront(this.line.length - this.maxLine);
      }
      return stop;
    }
    let seg = data.subarray(from, lf);
    let segOffset = this.base + from;
    const buffered = this.line.length > 0;
    if (buffered) {
      this.line.append(data, from, lf, at, segOffset);
      seg = this.line.view();
      segOffset = this.line.offset;
    }
    // Only the last maxHttpHeaderBytes of a line can hold a start line (whatever the chunking kept of it).
    const cut = Math.max(0, seg.length - this.maxLine);
    if (cut > 0) this.skip(segOffset, buffered ? this.line.atOf(0, at) : at, 'bytes that do not start an HTTP message');
    this.startLine(seg.subarray(cut), segOffset + cut, buffered ? (i) => this.line.atOf(i + cut, at) : () => at);
    this.line.clear();
    return lf + 1;
  }

  /**
   * Looks at one whole line for a start line: in step, one that begins the line (empty lines before it are
   * ignored, RFC 9112 §2.2); otherwise, or when that fails, one anywhere in it, the bytes before it skipped.
   */
  private startLine(seg: Uint8Array, segOffset: number, atOf: (i: number) => FrameRef): void {
    if (!this.episode) {
      if (trimLineEnd(seg, 0, seg.length) === 0) return;
      const start = parseStartLine(seg);
      if (start) return this.beginHead(start, atOf(0), segOffset, seg.length + 1);
    }
    const found = findStartLine(seg);
    if (!found) {
      this.skip(segOffset, atOf(0), 'bytes that do not start an HTTP message');
      return;
    }
    if (found.index > 0) this.skip(segOffset, atOf(0), 'bytes that do not start an HTTP message');
    this.closeEpisode(segOffset + found.index, 'an HTTP message');
    this.beginHead(found.start, atOf(found.index), segOffset + found.index, seg.length - found.index + 1);
  }

  /**
   * No start line holds a control byte (CR only before LF): when data[from, to) has one, everything up to
   * it is skipped at once, with what the line buffer held. Returns where the line may still begin.
   */
  private dropImpossible(data: Uint8Array, from: number, to: number, at: FrameRef): number {
    let k = to - 1;
    if (k >= from && data[k] === CR) k--;
    while (k >= from && !isForbiddenCtl(data[k]!)) k--;
    if (k < from) return from;
    this.skip(this.line.length > 0 ? this.line.offset : this.base + from, this.line.length > 0 ? this.line.atOf(0, at) : at, 'bytes that do not start an HTTP message');
    this.line.clear();
    return k + 1;
  }

  /** Bytes from `offset` on are being skipped: opens an episode unless one is open. */
  private skip(offset: number, at: FrameRef, cause: string): void {
    this.episode ??= { reason: 'malformed', cause, offset, at };
    if (this.episode.offset < 0) this.episode.offset = offset;
    this.episode.at ??= at;
  }

  /** Ends the search at stream offset `offset`, reporting the bytes skipped since it began. */
  private closeEpisode(offset: number, resumedAt: string): void {
    const e = this.episode;
    this.episode = null;
    if (!e || e.offset < 0 || e.at === null) return;
    const skipped = offset - e.offset;
    if (skipped <= 0) return;
    const outcome = resumedAt === 'an HTTP message' ? `resynchronised at offset ${offset}` : `skipped up to ${resumedAt}`;
    this.damage(e.reason, e.offset, 'stream', `${e.cause}: ${skipped} bytes skipped, ${outcome} (direction ${this.opts.name})`, e.at);
  }

  // ---- header blocks ----------------------------------------------------------------------------

  private beginHead(start: StartLine, first: FrameRef, offset: number, bytes: number): void {
    this.head = { start, first, offset, fields: new FieldCollector(this.limits.maxHttpHeaderCount), bytes };
    this.mode = 'fields';
    if (bytes > this.maxLine) this.abandonHead('limit', `start line longer than maxHttpHeaderBytes (${this.maxLine})`);
  }

  private fieldStep(data: Uint8Array, p: number, at: FrameRef): number {
    const h = this.head!;
    const lf = data.indexOf(LF, p);
    const stop = lf < 0 ? data.length : lf;
    if (h.bytes + this.line.length + (stop - p) + (lf < 0 ? 0 : 1) > this.maxLine) {
      this.line.clear();
      this.abandonHead('limit', `header block of ${label(h.start)} longer than maxHttpHeaderBytes (${this.maxLine})`);
      return p;
    }
    if (lf < 0) {
      this.line.append(data, p, stop, at, this.base + p);
      return stop;
    }
    // A line inside this chunk is read where it lies; one split across chunks from the line buffer.
    const buffered = this.line.length > 0;
    let src = data;
    let from = p;
    let to = lf;
    let segOffset = this.base + p;
    if (buffered) {
      this.line.append(data, p, lf, at, segOffset);
      src = this.line.view();
      from = 0;
      to = src.length;
      segOffset = this.line.offset;
    }
    h.bytes += to - from + 1;
    if (to === from || (to === from + 1 && src[from] === CR)) {
      this.line.clear();
      this.completeHead(h, at, this.base + lf + 1);
      return lf + 1;
    }
    const problem = h.fields.add(src, from, to);
    if (problem?.fatal) {
      this.abandonHead(problem.reason, `${problem.detail} in the header block of ${label(h.start)}`);
      // The offending line may itself end a start line (the head was body bytes after a resync).
      this.startLine(src.subarray(from, to), segOffset, buffered ? (i) => this.line.atOf(i, at) : () => at);
    } else if (problem) {
      this.damage(problem.reason, segOffset, 'header', problem.detail, at);
    }
    this.line.clear();
    return lf + 1;
  }

  /** Gives up the header block being gathered; its bytes count as skipped. */
  private abandonHead(reason: DamageReason, cause: string): void {
    const h = this.head!;
    this.head = null;
    this.mode = 'start';
    this.episode = { reason, cause, offset: h.offset, at: h.first };
  }

  private completeHead(h: HeadInProgress, at: FrameRef, next: number): void {
    this.head = null;
    this.mode = 'start';
    const { plan, sink } = this.events.head({ start: h.start, headers: h.fields.headers, first: h.first, at, offset: h.offset });
    const what = label(h.start);
    switch (plan.kind) {
      case 'none':
        sink?.end('complete', at);
        return;
      case 'tunnel':
        sink?.end('complete', at);
        this.mode = 'stopped';
        return;
      case 'invalid':
        this.damage('malformed', h.offset, plan.field, `${plan.detail}; the body of ${what} cannot be framed`, at);
        sink?.end('truncated', at, plan.detail);
        this.episode = { reason: 'malformed', cause: `the body of ${what}, whose framing is unusable`, offset: next, at };
        return;
      case 'length':
        this.msg = { sink, label: what, gapped: false };
        this.remaining = plan.length;
        this.length = plan.length;
        this.mode = 'length';
        return;
      case 'chunked':
        this.msg = { sink, label: what, gapped: false };
        this.chunked.reset();
        this.mode = 'chunked';
        return;
      case 'until-close':
        this.msg = { sink, label: what, gapped: false };
        this.mode = 'close';
        return;
    }
  }

  // ---- bodies -----------------------------------------------------------------------------------

  private endMessage(outcome: HttpEndOutcome, at: FrameRef, detail?: string): void {
    const m = this.msg;
    this.msg = null;
    if (this.mode !== 'stopped' && this.mode !== 'closed') this.mode = 'start';
    if (!m) return;
    if (outcome === 'complete' && m.gapped) m.sink?.end('gap', at, 'bytes of the body were lost in the capture');
    else if (detail === undefined) m.sink?.end(outcome, at);
    else m.sink?.end(outcome, at, detail);
  }

  private chunkedFailed(reason: DamageReason, field: string, detail: string, offset: number, at: FrameRef, line: Uint8Array | null): void {
    const what = this.msg?.label ?? 'a message';
    this.damage(reason, offset, field, `${detail} in the chunked body of ${what}`, at);
    this.endMessage(reason === 'limit' ? 'limit' : 'truncated', at, detail);
    this.episode = { reason, cause: `after the broken chunked body of ${what}`, offset, at };
    if (line) this.startLine(line, offset, () => at);
  }

  private damage(reason: DamageReason, offset: number, field: string, detail: string, at: FrameRef): void {
    this.events.damage({ reason, offset, field, detail }, at);
  }
}

function label(start: StartLine): string {
  return start.kind === 'request' ? `the ${start.method} request` : `the ${start.status} response`;
}
