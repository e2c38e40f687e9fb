/**
 * The contract between the chunk loop (capture-reader.ts) and a file format (pcap.ts, pcapng.ts).
 *
 * The loop owns the bytes: it hands the framer the unread input as buf[pos, end) and the file
 * offset of buf[pos]. The framer answers with one number:
 *   n > 0   the record at pos is n bytes long and has been handled; n may exceed end − pos, which
 *           asks the loop to skip the rest unread (a block too large to buffer, or not ours);
 *   n < 0   nothing handled yet: at least −n bytes from pos are needed (the loop gathers them,
 *           across chunk boundaries if it must, and asks again);
 *   0       stop: the framer lost sync and has already reported why.
 * A framer never asks for more than `maxRecordBytes`, so the loop's carry buffer is bounded.
 */
export interface RecordFramer {
  readonly maxRecordBytes: number;
  step(buf: Uint8Array, pos: number, end: number, fileOffset: number): number;
  /** Names the record that starts at buf[pos] (for "the capture ends inside …"). */
  describe(buf: Uint8Array, pos: number, end: number): string;
  /** Calls handler.onStart if it has not been called yet (the loop calls it before any damage and at the end). */
  ensureStarted(): void;
  /** Packet records seen so far (frame numbers handed out). */
  readonly frames: number;
  /** Captured packet bytes delivered so far. */
  readonly packetBytes: number;
}

export const STOP = 0;
