import { latin1 } from '../../core/byte-reader.js';
import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import type { HttpHeader, MapiResponseStreamOptions, MapiResponseStreamResult, MapiStatusLine } from './types.js';

/** The meta-tags of the inner response stream ([MS-OXCMAPIHTTP] 2.2.7; reference §2). None is a prefix of another. */
const META_TAGS = ['PROCESSING', 'PENDING', 'DONE'] as const;
/** A framed stream starts with PROCESSING at once; a few stray line ends are tolerated, not a page of them. */
const MAX_LEADING_WHITESPACE = 16;
/** Text kept of a line that is no meta-tag, for its `kind`. */
const MAX_KIND_TEXT = 64;
/** What a status line costs against maxBodyBytes (its FrameRef and entry). */
const LINE_COST = 16;

type State =
  | 'start' // nothing but whitespace yet: framed or not is undecided
  | 'meta' // between meta-tags
  | 'junk' // inside a line that is no meta-tag, before DONE
  | 'afterDone' // the line end after DONE
  | 'headers' // additional headers, up to the blank line
  | 'body'
  | 'unframed';

const isSpace = (b: number): boolean => b === 0x0d || b === 0x0a || b === 0x20 || b === 0x09;
/** A byte that can start a header field name (RFC 9110 tchar, roughly): binary bytes cannot. */
const canStartHeader = (b: number): boolean => b > 0x20 && b < 0x7f && b !== 0x3a;

/** A byte buffer that doubles as it grows (amortised linear for byte-at-a-time input). */
class Bytes {
  private buf = new Uint8Array(64);
  length = 0;
  push(b: number): void {
    if (this.length === this.buf.length) this.grow(this.length + 1);
    this.buf[this.length++] = b;
  }
  append(src: Uint8Array): void {
    if (this.length + src.length > this.buf.length) this.grow(this.length + src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
  take(): Uint8Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }
  private grow(min: number): void {
    const next = new Uint8Array(Math.max(min, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}

/**
 * Incremental parser of the inner stream of a MAPI over HTTP response (the de-chunked entity body):
 * `PROCESSING` (`PENDING`)* `DONE`, additional headers, a blank line, the binary body (reference §2).
 * Chunk boundaries mean nothing (§2 rule 1): bytes may arrive split anywhere, even one at a time, and the
 * work is linear in the bytes. Tolerated without damage: gromox's PENDING without CRLF and repeated
 * PROCESSING (§2 rule 6, REAL-SERVER-NOTES), and a body that is not the inner stream at all (an HTML error
 * page, a 401): `framed: false`. Everything kept — lines, headers, body — is bounded by maxBodyBytes.
 */
export class MapiResponseStream {
  private readonly maxBytes: number;
  private readonly onLine: ((kind: string, at: FrameRef) => void) | undefined;
  private state: State = 'start';
  /** Stream offset of the next byte. */
  private pos = 0;
  /** The meta-tag being matched, upper-cased; its first byte's offset. */
  private tag = '';
  private tagAt = 0;
  /** Bytes seen while `start`, which become the body if the stream turns out not to be framed. */
  private leading = new Bytes();
  /** The current header line, or the text of a line that is no meta-tag. */
  private line = new Bytes();
  private lineAt = 0;
  private lineCut = false;
  private readonly lines: MapiStatusLine[] = [];
  private readonly meta: HttpHeader[] = [];
  private readonly body = new Bytes();
  private sawBodyStart = false;
  /** Bytes counted against maxBytes so far, and what could not be kept. */
  private kept = 0;
  private dropped = 0;
  private droppedAt = -1;
  /** One damage per kind of problem, with how often it recurred (no damage storm). */
  private readonly problems = new Map<string, { damage: Damage; count: number }>();
  private result: MapiResponseStreamResult | null = null;

  constructor(opts: MapiResponseStreamOptions) {
    this.maxBytes = Math.max(0, opts.maxBodyBytes);
    this.onLine = opts.onLine;
  }

  /** Body bytes as they arrive; `at` is the frame that carried them. A no-op after `end`. */
  push(bytes: Uint8Array, at: FrameRef): void {
    if (this.result) return;
    let i = 0;
    while (i < bytes.length) {
      if (this.state === 'body' || this.state === 'unframed') {
        this.keepBody(bytes.subarray(i), this.pos);
        this.pos += bytes.length - i;
        return;
      }
      this.step(bytes[i]!, at);
      i++;
      this.pos++;
    }
  }

  /** Ends the stream (message complete, connection closed or capture over) and returns what was found. */
  end(_at: FrameRef): MapiResponseStreamResult {
    if (this.result) return this.result;
    switch (this.state) {
      case 'start':
        // Only whitespace or part of a tag: not the inner stream (or an empty body).
        if (this.leading.length) {
          this.state = 'unframed';
          this.keepBody(this.leading.take(), 0);
        }
        break;
      case 'meta':
      case 'junk':
      case 'afterDone':
        this.problem('truncated', this.pos, 'meta-tags', 'the stream ends before DONE and its line end');
        break;
      case 'headers':
        if (this.line.length) {
          this.problem('truncated', this.pos, 'additional headers', 'the stream ends inside an additional header line');
          this.finishHeader();
        }
        break;
      default:
        break;
    }
    if (this.dropped) {
      this.problem('limit', this.droppedAt, 'maxBodyBytes', `maxBodyBytes (${this.maxBytes}) reached: ${this.dropped} bytes not kept`);
    }
    const damage = [...this.problems.values()].map(({ damage: d, count }) =>
      count > 1 ? { ...d, detail: `${d.detail} (${count} times)` } : d,
    );
    const framed = this.lines.length > 0;
    const hasBody = this.sawBodyStart || (!framed && this.state === 'unframed');
    this.result = { framed, lines: this.lines, meta: this.meta, body: hasBody ? this.body.take() : null, damage };
    return this.result;
  }

  private step(b: number, at: FrameRef): void {
    switch (this.state) {
      case 'start':
        this.leading.push(b);
        if (this.tag === '' && isSpace(b)) {
          if (this.leading.length > MAX_LEADING_WHITESPACE) this.becomeUnframed();
          return;
        }
        this.matchTag(b, at);
        return;
      case 'meta':
        if (this.tag === '' && isSpace(b)) return;
        this.matchTag(b, at);
        return;
      case 'junk':
        if (b === 0x0a) this.finishJunk(at);
        else if (this.line.length < MAX_KIND_TEXT) this.line.push(b);
        return;
      case 'afterDone':
        if (b === 0x0d) return;
        this.state = 'headers';
        if (b === 0x0a) return;
        // DONE without its line end: read on as headers.
        this.headerByte(b);
        return;
      case 'headers':
        this.headerByte(b);
        return;
      default:
        return;
    }
  }

  /** Adds a byte to the meta-tag being matched; completes, continues or abandons it. */
  private matchTag(b: number, at: FrameRef): void {
    if (this.tag === '') this.tagAt = this.pos;
    // ASCII case folding only: String#toUpperCase would turn 0xDF (ß) into "SS", a piece of PROCESSING.
    const next = this.tag + String.fromCharCode(b >= 0x61 && b <= 0x7a ? b - 0x20 : b);
    const tag = META_TAGS.find((t) => t.startsWith(next));
    if (!tag) {
      if (this.state === 'start') return this.becomeUnframed();
      // Not a meta-tag: keep the line's text for its kind, up to its end.
      this.line.length = 0;
      for (let i = 0; i < this.tag.length; i++) this.line.push(this.tag.charCodeAt(i));
      this.line.push(b);
      this.lineAt = this.tagAt;
      this.tag = '';
      this.state = b === 0x0a ? 'meta' : 'junk';
      if (b === 0x0a) this.finishJunk(at);
      return;
    }
    if (next.length < tag.length) {
      this.tag = next;
      return;
    }
    // Complete as soon as its last letter arrives: gromox's keep-alive is "PENDING" with no line end.
    this.tag = '';
    this.leading.length = 0;
    this.addLine(tag, at);
    this.state = tag === 'DONE' ? 'afterDone' : 'meta';
  }

  private finishJunk(at: FrameRef): void {
    const text = latin1(this.line.view(), 0, this.line.length).trim();
    this.line.length = 0;
    this.state = 'meta';
    if (text === '') return;
    this.problem('malformed', this.lineAt, 'meta-tags', `"${text}" before DONE is not PROCESSING, PENDING or DONE`);
    this.addLine(text, at);
  }

  private addLine(kind: string, at: FrameRef): void {
    this.onLine?.(kind, at);
    if (this.reserve(LINE_COST, this.pos)) this.lines.push({ kind, at });
  }

  private headerByte(b: number): void {
    if (this.line.length === 0 && !this.lineCut) {
      if (b === 0x0a) {
        this.sawBodyStart = true;
        this.state = 'body';
        return;
      }
      if (b === 0x0d) return;
      if (!canStartHeader(b)) {
        this.problem('malformed', this.pos, 'additional headers', 'the body starts without the blank line that ends the additional headers');
        this.sawBodyStart = true;
        this.state = 'body';
        this.keepBody(new Uint8Array([b]), this.pos);
        return;
      }
      this.lineAt = this.pos;
    }
    if (b === 0x0a) {
      this.finishHeader();
      return;
    }
    if (this.reserve(1, this.pos)) this.line.push(b);
    else this.lineCut = true;
  }

  private finishHeader(): void {
    let text = latin1(this.line.view(), 0, this.line.length);
    this.line.length = 0;
    this.lineCut = false;
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text === '') return;
    const colon = text.indexOf(':');
    if (colon <= 0) {
      this.problem('malformed', this.lineAt, 'additional headers', `"${text.slice(0, MAX_KIND_TEXT)}" is not a "Name: value" header`);
      this.meta.push({ name: text.trim(), value: '' });
      return;
    }
    this.meta.push({ name: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() });
  }

  /** Called while the current byte (already in `leading`) is being read: everything so far is the body. */
  private becomeUnframed(): void {
    this.state = 'unframed';
    this.keepBody(this.leading.take(), 0);
  }

  private keepBody(bytes: Uint8Array, offset: number): void {
    const n = this.keepable(bytes.length, offset);
    if (n > 0) this.body.append(bytes.subarray(0, n));
  }

  /** True when an item costing `n` (a status line, a header byte) may be kept; else it is counted as dropped at `offset`. */
  private reserve(n: number, offset: number): boolean {
    const fit = this.room(n);
    if (fit === n) return true;
    this.kept -= fit;
    this.drop(n, offset);
    return false;
  }

  /** How many of `n` body bytes starting at stream offset `offset` fit under maxBodyBytes; the rest are dropped. */
  private keepable(n: number, offset: number): number {
    const fit = this.room(n);
    if (fit < n) this.drop(n - fit, offset + fit);
    return fit;
  }

  private room(n: number): number {
    const fit = Math.max(0, Math.min(n, this.maxBytes - this.kept));
    this.kept += fit;
    return fit;
  }

  private drop(n: number, offset: number): void {
    if (this.droppedAt < 0) this.droppedAt = offset;
    this.dropped += n;
  }

  private problem(reason: Damage['reason'], offset: number, field: string, detail: string): void {
    const key = `${reason}:${field}`;
    const seen = this.problems.get(key);
    if (seen) seen.count++;
    else this.problems.set(key, { damage: { reason, offset, field, detail }, count: 1 });
  }
}
