import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import { COMMON_HEADER_LENGTH, LEGACY_HTTP_PREFIX } from './constants.js';
import { peekFragLength } from './pdu-header.js';
import { scanForPdu, type ScanOptions } from './resync.js';

export interface FramerEvents {
  /** A complete PDU (frag_length bytes). A view valid only during the call: copy what you keep. */
  pdu(pdu: Uint8Array, at: FrameRef, streamOffset: number): void;
  damage(damage: Damage, at: FrameRef): void;
}

/** What a gap did to the PDU being received. */
export interface GapEffect {
  /**
   * The bytes received of a PDU whose frag_length was known when the gap cut it (a view valid only
   * during the call), or null when the gap fell on a boundary or inside an unframed region.
   */
  cut: Uint8Array | null;
  /** True when the framer lost its place and scans for the next header. */
  resync: boolean;
}

type Mode = 'prefix' | 'sync' | 'skip' | 'scan';
type ScanReason = 'gap' | 'malformed' | 'limit' | 'mid-stream';

const PREFIX = Uint8Array.from(LEGACY_HTTP_PREFIX, (c) => c.charCodeAt(0));

export interface FramerOptions {
  maxFragment: number;
  /** Skip "ncacn_http/1.0" if it opens the stream (it cannot start a PDU, so looking costs nothing). */
  legacyPrefix: boolean;
  /** The stream may start inside a PDU (no handshake seen): look for a header that holds together first. */
  midStream: boolean;
  /** Evidence from the caller (a known call_id) for a resync candidate that no next header can confirm. */
  vouch?: (b: Uint8Array, p: number) => boolean;
}

/**
 * Cuts one direction's byte stream into PDUs by frag_length (reference §3.7). Whole PDUs inside a chunk
 * are handed on as views; only a PDU that straddles chunks is copied, into a buffer of exactly its
 * frag_length (bounded by maxFragment), released as soon as it completes. After a gap it either skips
 * the rest of a PDU whose length it knows, or scans for a header that holds together (resync.ts).
 */
export class PduFramer {
  private mode: Mode;
  private readonly afterPrefix: Mode;
  private prefixMatched = 0;

  /** Partial PDU: header bytes first, then the whole PDU once frag_length is known. */
  private pend: Uint8Array | null = null;
  private pendLen = 0;
  private pendFrag = 0;
  private pendOffset = 0;

  private skipLeft = 0;

  private scanBuf: Uint8Array | null = null;
  private scanLen = 0;
  private scanOffset = 0;
  private scanSkipped = 0;
  private scanReason: ScanReason;
  /** Nothing was skipped since the scan began at a chunk start (after a gap or at a mid-stream start). */
  private scanAnchored = false;

  /** Stream offset of the next byte pushed. */
  private offset = 0;
  private closed = false;

  constructor(
    private readonly events: FramerEvents,
    private readonly opts: FramerOptions,
  ) {
    this.scanReason = 'mid-stream';
    this.afterPrefix = opts.midStream ? 'scan' : 'sync';
    this.mode = 'prefix';
    if (!opts.legacyPrefix) this.enterAfterPrefix();
  }

  /** True while bytes of an unfinished PDU are held. */
  get holdsPartial(): boolean {
    return this.pendLen > 0;
  }

  push(data: Uint8Array, at: FrameRef, streamOffset?: number): void {
    if (this.closed || data.length === 0) return;
    if (streamOffset !== undefined && this.mode !== 'scan' && this.pendLen === 0) this.offset = streamOffset;
    let buf = data;
    let p = 0;
    // Every branch consumes at least one byte or switches to a mode that will.
    while (p < buf.length) {
      switch (this.mode) {
        case 'prefix':
          p = this.matchPrefix(buf, p);
          break;
        case 'skip': {
          const n = Math.min(this.skipLeft, buf.length - p);
          p += n;
          this.offset += n;
          this.skipLeft -= n;
          if (this.skipLeft === 0) this.mode = 'sync';
          break;
        }
        case 'sync':
          p = this.syncStep(buf, p, at);
          break;
        case 'scan': {
          const rest = this.scanStep(buf, p, at, false);
          if (rest === null) p = buf.length;
          else {
            buf = rest;
            p = 0;
          }
          break;
        }
      }
    }
  }

  /** Bytes lost before the next push (`lost` known from sequence numbers, or 'unknown'). */
  gap(lost: number | 'unknown'): GapEffect {
    if (this.closed) return { cut: null, resync: false };
    const n = typeof lost === 'number' && Number.isFinite(lost) ? lost : -1;
    if (n === 0) return { cut: null, resync: false };
    const known = n > 0;
    if (known) this.offset += n;
    switch (this.mode) {
      case 'skip':
        if (known && n < this.skipLeft) {
          this.skipLeft -= n;
          return { cut: null, resync: false };
        }
        if (known && n === this.skipLeft) {
          this.skipLeft = 0;
          this.mode = 'sync';
          return { cut: null, resync: false };
        }
        this.startScan('gap');
        return { cut: null, resync: true };
      case 'sync': {
        if (this.pendFrag > 0) {
          const cut = this.pend!.subarray(0, this.pendLen);
          const need = this.pendFrag - this.pendLen;
          this.releasePending();
          if (known && n < need) {
            this.mode = 'skip';
            this.skipLeft = need - n;
            return { cut, resync: false };
          }
          if (known && n === need) return { cut, resync: false };
          this.startScan('gap');
          return { cut, resync: true };
        }
        this.releasePending();
        this.startScan('gap');
        return { cut: null, resync: true };
      }
      case 'scan':
        // Bytes on either side of a gap are not contiguous: what was held cannot be confirmed.
        this.scanSkipped += this.scanLen;
        this.scanLen = 0;
        this.scanReason = 'gap';
        this.scanAnchored = true;
        return { cut: null, resync: true };
      case 'prefix':
        this.prefixMatched = 0;
        this.startScan('gap');
        return { cut: null, resync: true };
    }
  }

  /** End of the stream: returns the bytes of a PDU left unfinished (a view valid during the call), if any. */
  finish(at: FrameRef): Uint8Array | null {
    if (this.closed) return null;
    let buf: Uint8Array = new Uint8Array(0);
    let p = 0;
    // Each round consumes at least one byte or stops.
    for (;;) {
      if (this.mode === 'scan') {
        const rest = this.scanStep(buf.subarray(p), 0, at, true);
        if (rest === null) break;
        buf = rest;
        p = 0;
      } else if (this.mode === 'sync' && p < buf.length) {
        p = this.syncStep(buf, p, at);
      } else break;
    }
    if (this.mode === 'scan' && this.scanSkipped + this.scanLen > 0) {
      this.events.damage(
        {
          reason: this.scanReason === 'limit' || this.scanReason === 'malformed' ? this.scanReason : 'gap',
          offset: this.scanOffset,
          field: 'PDU header',
          detail: `stream ended while looking for a PDU header; ${this.scanSkipped + this.scanLen} bytes skipped`,
        },
        at,
      );
    }
    this.closed = true;
    let cut: Uint8Array | null = null;
    if (this.pendLen > 0) {
      this.events.damage(
        {
          reason: 'truncated',
          offset: this.pendOffset,
          field: 'PDU',
          detail: this.pendFrag > 0 ? `stream ended ${this.pendLen} bytes into a ${this.pendFrag}-byte PDU` : `stream ended ${this.pendLen} bytes into a PDU header`,
        },
        at,
      );
      if (this.pendFrag > 0) cut = this.pend!.subarray(0, this.pendLen);
    }
    this.scanBuf = null;
    this.pend = null;
    this.pendLen = 0;
    return cut;
  }

  private matchPrefix(buf: Uint8Array, p: number): number {
    while (p < buf.length && this.prefixMatched < PREFIX.length) {
      if (buf[p] !== PREFIX[this.prefixMatched]) {
        // Not the legacy prefix. The first byte can still start a PDU; a half-matched prefix cannot.
        const matched = this.prefixMatched;
        this.prefixMatched = 0;
        if (matched === 0) {
          this.enterAfterPrefix();
          return p;
        }
        this.startScan(this.afterPrefix === 'scan' ? 'mid-stream' : 'malformed');
        this.scanAnchored = false;
        this.scanSkipped = matched;
        this.scanOffset = this.offset - matched;
        return p;
      }
      this.prefixMatched++;
      p++;
      this.offset++;
    }
    if (this.prefixMatched === PREFIX.length) {
      this.prefixMatched = 0;
      this.enterAfterPrefix();
    }
    return p;
  }

  private enterAfterPrefix(): void {
    if (this.afterPrefix === 'scan') this.startScan('mid-stream');
    else this.mode = this.afterPrefix;
  }

  /** Frames PDUs from buf[p..]; returns the new position. May switch to scan mode on a bad header. */
  private syncStep(buf: Uint8Array, p: number, at: FrameRef): number {
    const end = buf.length;
    if (this.pendLen === 0) {
      // Fast path: whole PDUs straight from the chunk, no copy.
      while (end - p >= COMMON_HEADER_LENGTH) {
        const frag = this.checkHeader(buf, p, this.offset, at);
        if (frag === 0) {
          this.startScan(this.lastBadReason);
          this.scanSkipped = 1;
          this.scanOffset = this.offset;
          this.offset += 1;
          return p + 1;
        }
        if (end - p < frag) break;
        const pdu = buf.subarray(p, p + frag);
        const offset = this.offset;
        p += frag;
        this.offset += frag;
        this.events.pdu(pdu, at, offset);
      }
      if (p < end) {
        const n = end - p;
        let frag = 0;
        if (n >= COMMON_HEADER_LENGTH) frag = peekFragLength(buf, p); // already checked above
        this.pend = new Uint8Array(frag > 0 ? frag : COMMON_HEADER_LENGTH);
        this.pend.set(buf.subarray(p, end));
        this.pendLen = n;
        this.pendFrag = frag;
        this.pendOffset = this.offset;
        this.offset += n;
      }
      return end;
    }
    // Slow path: complete the partial PDU.
    if (this.pendFrag === 0) {
      const take = Math.min(COMMON_HEADER_LENGTH - this.pendLen, end - p);
      this.pend!.set(buf.subarray(p, p + take), this.pendLen);
      this.pendLen += take;
      this.offset += take;
      p += take;
      if (this.pendLen < COMMON_HEADER_LENGTH) return p;
      const frag = this.checkHeader(this.pend!, 0, this.pendOffset, at);
      if (frag === 0) {
        const held = this.pend!.subarray(1, this.pendLen);
        const from = this.pendOffset + 1;
        this.releasePending();
        this.startScan(this.lastBadReason);
        this.scanSkipped = 1;
        this.scanOffset = from - 1;
        this.appendScan(held, from);
        return p;
      }
      const whole = new Uint8Array(frag);
      whole.set(this.pend!.subarray(0, COMMON_HEADER_LENGTH));
      this.pend = whole;
      this.pendFrag = frag;
    }
    const take = Math.min(this.pendFrag - this.pendLen, end - p);
    this.pend!.set(buf.subarray(p, p + take), this.pendLen);
    this.pendLen += take;
    this.offset += take;
    p += take;
    if (this.pendLen === this.pendFrag) {
      const pdu = this.pend!;
      const offset = this.pendOffset;
      this.releasePending();
      this.events.pdu(pdu, at, offset);
    }
    return p;
  }

  private lastBadReason: ScanReason = 'malformed';

  /** frag_length of a header already framed by sync mode, or 0 (with damage) when it cannot be one. */
  private checkHeader(b: Uint8Array, p: number, offset: number, at: FrameRef): number {
    if (b[p] !== 5 || b[p + 1]! > 1) {
      this.lastBadReason = 'malformed';
      this.events.damage(
        { reason: 'malformed', offset, field: 'rpc_vers', detail: `bytes ${hexByte(b[p]!)} ${hexByte(b[p + 1]!)} where a PDU header (05 00/01) was expected; resynchronising` },
        at,
      );
      return 0;
    }
    const frag = peekFragLength(b, p);
    if (frag < COMMON_HEADER_LENGTH) {
      this.lastBadReason = 'malformed';
      this.events.damage({ reason: 'malformed', offset: offset + 8, field: 'frag_length', detail: `frag_length ${frag} is shorter than the 16-byte header; resynchronising` }, at);
      return 0;
    }
    if (frag > this.opts.maxFragment) {
      this.lastBadReason = 'limit';
      this.events.damage(
        { reason: 'limit', offset: offset + 8, field: 'frag_length', detail: `frag_length ${frag} exceeds maxDcerpcFragment ${this.opts.maxFragment}; resynchronising` },
        at,
      );
      return 0;
    }
    return frag;
  }

  private startScan(reason: ScanReason): void {
    this.mode = 'scan';
    this.scanReason = reason;
    this.scanAnchored = reason === 'gap' || reason === 'mid-stream';
    this.scanLen = 0;
    this.scanSkipped = 0;
    this.scanOffset = this.offset;
  }

  private appendScan(bytes: Uint8Array, offset: number): void {
    if (bytes.length === 0) return;
    if (this.scanLen === 0) this.scanOffset = offset - this.scanSkipped;
    const needed = this.scanLen + bytes.length;
    if (!this.scanBuf || this.scanBuf.length < needed) {
      const grown = new Uint8Array(Math.max(needed, Math.min(2 * (this.scanBuf?.length ?? 0), needed * 2), 256));
      if (this.scanBuf) grown.set(this.scanBuf.subarray(0, this.scanLen));
      this.scanBuf = grown;
    }
    this.scanBuf.set(bytes, this.scanLen);
    this.scanLen = needed;
  }

  /**
   * Looks for a header in what is held plus buf[p..]. Returns the bytes from the header on (the mode is
   * then 'sync'), or null when more bytes are needed. When nothing is held the chunk is scanned in place
   * and only a candidate awaiting confirmation is copied.
   */
  private scanStep(buf: Uint8Array, p: number, at: FrameRef, final: boolean): Uint8Array | null {
    const incoming = buf.length - p;
    const held = this.scanLen > 0;
    if (held) this.appendScan(buf.subarray(p), this.offset);
    this.offset += incoming;
    const b = held ? this.scanBuf! : buf;
    const from = held ? 0 : p;
    const end = held ? this.scanLen : buf.length;
    if (!held && this.scanSkipped === 0) this.scanOffset = this.offset - incoming;
    const opts: ScanOptions = { final };
    if (this.scanAnchored) opts.anchor = from;
    if (this.opts.vouch) opts.vouch = this.opts.vouch;
    const s = scanForPdu(b, from, end, this.opts.maxFragment, opts);
    if (s.kind === 'found') {
      const skipped = this.scanSkipped + (s.at - from);
      if (skipped > 0) {
        const detail =
          this.scanReason === 'mid-stream'
            ? `capture began inside a PDU: ${skipped} bytes skipped before the first PDU header`
            : `resynchronised after skipping ${skipped} bytes`;
        this.events.damage(
          { reason: this.scanReason === 'mid-stream' ? 'gap' : this.scanReason, offset: this.scanOffset, field: 'PDU header', detail },
          at,
        );
      }
      // A held buffer is released below, so its bytes are copied; a chunk stays valid for this push.
      const rest = held ? b.slice(s.at, end) : b.subarray(s.at, end);
      this.offset -= rest.length; // framed again in sync mode
      this.scanBuf = null;
      this.scanLen = 0;
      this.scanSkipped = 0;
      this.mode = 'sync';
      return rest;
    }
    const keepFrom = s.kind === 'wait' ? s.at : end;
    this.scanSkipped += keepFrom - from;
    if (keepFrom > from) this.scanAnchored = false;
    if (held) {
      b.copyWithin(0, keepFrom, end);
      this.scanLen = end - keepFrom;
      if (this.scanLen === 0 && b.length > 4096) this.scanBuf = null;
    } else if (keepFrom < end) {
      this.appendScan(b.subarray(keepFrom, end), this.offset - (end - keepFrom));
    }
    return null;
  }

  private releasePending(): void {
    this.pend = null;
    this.pendLen = 0;
    this.pendFrag = 0;
  }
}

function hexByte(v: number): string {
  return v.toString(16).padStart(2, '0');
}
