import type { CaptureHandler } from './types.js';
import { STOP, type RecordFramer } from './record-framer.js';

const MIN_CARRY = 64 * 1024;

/**
 * Feeds chunks to a framer. Records that lie inside a chunk are handled in place (views into
 * the chunk, no copy); only a record that straddles a chunk boundary is stitched together in
 * the carry buffer, whose size the framer bounds (`maxRecordBytes`). A record the framer wants
 * skipped is passed over unread, however many chunks it spans.
 */
export class ChunkLoop {
  private carry = new Uint8Array(0);
  private carryLen = 0;
  /** Bytes the framer asked for at the head of the carry buffer. */
  private carryNeed = 0;
  /** Bytes still to pass over unread, and what they belong to (for a report at end of file). */
  private skip = 0;
  private skipStart = 0;
  private skipLen = 0;
  private skipWhat = '';
  /** File offset of the first byte not yet consumed (the carry buffer's start while it holds bytes). */
  private offset = 0;

  constructor(
    private readonly framer: RecordFramer,
    private readonly handler: CaptureHandler,
  ) {}

  /** Handles one chunk (valid only during the call). False: the framer stopped; feed no more. */
  feed(chunk: Uint8Array): boolean {
    const end = chunk.length;
    let pos = 0;

    while (this.carryLen > 0) {
      if (this.carryLen < this.carryNeed) {
        const take = Math.min(this.carryNeed - this.carryLen, end - pos);
        this.carry.set(chunk.subarray(pos, pos + take), this.carryLen);
        this.carryLen += take;
        pos += take;
        if (this.carryLen < this.carryNeed) return true;
      }
      const res = this.framer.step(this.carry, 0, this.carryLen, this.offset);
      if (res === STOP) return false;
      if (res < 0) {
        this.wantCarry(-res, this.carryLen);
        continue;
      }
      if (res < this.carryLen) {
        this.carry.copyWithin(0, res, this.carryLen);
        this.carryLen -= res;
        this.carryNeed = 0;
        this.offset += res;
        continue;
      }
      const over = res - this.carryLen;
      if (over > 0) this.startSkip(over, this.offset, res, this.framer.describe(this.carry, 0, this.carryLen));
      this.offset += this.carryLen;
      this.carryLen = 0;
      this.carryNeed = 0;
    }

    if (this.skip > 0) {
      const n = Math.min(this.skip, end - pos);
      pos += n;
      this.skip -= n;
      this.offset += n;
      if (this.skip > 0) return true;
    }

    while (pos < end) {
      const avail = end - pos;
      const res = this.framer.step(chunk, pos, end, this.offset);
      if (res === STOP) return false;
      if (res < 0) {
        this.wantCarry(-res, avail);
        this.carry.set(chunk.subarray(pos, end), 0);
        this.carryLen = avail;
        return true;
      }
      if (res <= avail) {
        pos += res;
        this.offset += res;
        continue;
      }
      this.startSkip(res - avail, this.offset, res, this.framer.describe(chunk, pos, end));
      this.offset += avail;
      return true;
    }
    return true;
  }

  /** End of input: whatever is left half-read is a truncated record. */
  finish(): void {
    if (this.skip > 0) {
      this.framer.ensureStarted();
      this.handler.onDamage(
        {
          reason: 'truncated',
          offset: this.skipStart,
          field: this.skipWhat,
          detail: `the capture ends ${this.skip} bytes short of the end of this ${this.skipLen}-byte ${this.skipWhat}`,
        },
        null,
      );
    }
    if (this.carryLen > 0) {
      const what = this.framer.describe(this.carry, 0, this.carryLen);
      this.framer.ensureStarted();
      this.handler.onDamage(
        {
          reason: 'truncated',
          offset: this.offset,
          field: what,
          detail: `the capture ends ${this.carryLen} bytes into a ${what} that needs at least ${this.carryNeed} bytes`,
        },
        null,
      );
    }
    this.skip = 0;
    this.carryLen = 0;
  }

  private startSkip(n: number, start: number, len: number, what: string): void {
    this.skip = n;
    this.skipStart = start;
    this.skipLen = len;
    this.skipWhat = what;
  }

  /** The framer needs `need` bytes where `have` are present: make room (the framer bounds `need`). */
  private wantCarry(need: number, have: number): void {
    if (need <= have || need > this.framer.maxRecordBytes) {
      throw new Error(`capture framer asked for ${need} bytes with ${have} present (bound ${this.framer.maxRecordBytes})`);
    }
    if (need > this.carry.length) {
      const size = Math.min(this.framer.maxRecordBytes, Math.max(need, MIN_CARRY, this.carry.length * 2));
      const grown = new Uint8Array(size);
      grown.set(this.carry.subarray(0, this.carryLen));
      this.carry = grown;
    }
    this.carryNeed = need;
  }
}
