import { COMMON_HEADER_LENGTH, PTYPE, isConnectionOrientedPtype } from './constants.js';
import { peekAuthLength, peekFragLength } from './pdu-header.js';

/**
 * Finding a PDU boundary in bytes of unknown alignment (after a gap, or a capture that starts
 * mid-stream). A bare `05 00` is not enough (Suricata PR #5100): a candidate must hold together as a
 * whole header, and when the bytes are there the header at +frag_length must hold together too.
 */

/** Smallest frag_length each PTYPE can have (header + fixed body). */
function minFragLength(ptype: number): number {
  switch (ptype) {
    case PTYPE.request:
    case PTYPE.response:
      return 24;
    case PTYPE.fault:
      return 32;
    case PTYPE.bind:
    case PTYPE.alter_context:
    case PTYPE.bind_ack:
    case PTYPE.alter_context_resp:
      return 26;
    case PTYPE.rts:
      return 20;
    default:
      return COMMON_HEADER_LENGTH;
  }
}

/**
 * Checks a header candidate at `p` with data up to `end`.
 * Returns its frag_length when all 16 bytes are there and plausible, 0 when not plausible, and -1 when
 * fewer than 16 bytes remain and those present are consistent with a header.
 */
export function plausibleHeaderAt(b: Uint8Array, p: number, end: number, maxFrag: number): number {
  const have = end - p;
  if (have <= 0) return -1;
  if (b[p] !== 5) return 0;
  if (have > 1 && b[p + 1]! > 1) return 0;
  if (have > 2 && !isConnectionOrientedPtype(b[p + 2]!)) return 0;
  if (have > 4 && b[p + 4] !== 0x10 && b[p + 4] !== 0x00) return 0;
  if (have > 5 && b[p + 5]! > 3) return 0; // IEEE, VAX, Cray, IBM
  if (have > 6 && b[p + 6] !== 0) return 0;
  if (have > 7 && b[p + 7] !== 0) return 0;
  if (have < COMMON_HEADER_LENGTH) {
    if (have >= 10) {
      const frag = peekFragLength(b, p);
      if (frag < minFragLength(b[p + 2]!) || frag > maxFrag) return 0;
    }
    return -1;
  }
  const frag = peekFragLength(b, p);
  if (frag < minFragLength(b[p + 2]!) || frag > maxFrag) return 0;
  const auth = peekAuthLength(b, p);
  if (auth > 0 && auth + 8 + COMMON_HEADER_LENGTH > frag) return 0;
  return frag;
}

export type ScanResult =
  /** A header that holds together at `at`. */
  | { kind: 'found'; at: number }
  /** A candidate at `at` that needs more bytes to confirm; keep the bytes from `at`. */
  | { kind: 'wait'; at: number }
  /** Nothing plausible up to `end`. */
  | { kind: 'none' };

export interface ScanOptions {
  /** No more bytes will come: accept what the bytes present cannot refute. */
  final: boolean;
  /**
   * Position known to be a chunk start with nothing skipped before it (the first bytes after a gap or
   * of a mid-stream capture): a PDU that exactly fills the region from there is accepted.
   */
  anchor?: number;
  /** Other evidence for a candidate that ends exactly at the end of the data (e.g. a known call_id). */
  vouch?: (b: Uint8Array, p: number) => boolean;
}

/**
 * Scans `b[from..end)` for the first PDU start. A candidate is confirmed by a plausible header at
 * +frag_length. When it ends exactly at the end of the data there is no next header to look at: it is
 * accepted only if it starts at the anchor or `vouch` speaks for it (bytes arriving one at a time would
 * otherwise make any decoy end "exactly at the end"), else the scan waits for more bytes. With `final`
 * a candidate whose own PDU is complete, or that runs past the end, is accepted.
 */
export function scanForPdu(b: Uint8Array, from: number, end: number, maxFrag: number, opts: ScanOptions): ScanResult {
  for (let p = from; p < end; p++) {
    if (b[p] !== 5) continue;
    const frag = plausibleHeaderAt(b, p, end, maxFrag);
    if (frag === 0) continue;
    if (frag < 0) return opts.final ? { kind: 'none' } : { kind: 'wait', at: p };
    const next = p + frag;
    if (next >= end) {
      if (opts.final || (next === end && (p === opts.anchor || opts.vouch?.(b, p)))) return { kind: 'found', at: p };
      return { kind: 'wait', at: p };
    }
    const after = plausibleHeaderAt(b, next, end, maxFrag);
    if (after > 0) return { kind: 'found', at: p };
    if (after < 0) return opts.final ? { kind: 'found', at: p } : { kind: 'wait', at: p };
  }
  return { kind: 'none' };
}

/**
 * Offset of the first plausible PDU header in `bytes` at or after `from`, or -1. One-shot form of the
 * scan for callers that hold all the bytes they will get (the connection factory, tests).
 */
export function findPduStart(bytes: Uint8Array, from = 0, maxFrag = 0xffff): number {
  const s = scanForPdu(bytes, Math.max(0, from), bytes.length, maxFrag, { final: true });
  return s.kind === 'found' ? s.at : -1;
}
