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

/**
 * Scans `b[from..end)` for the first PDU start. With `final` (no more bytes will come) a candidate whose
 * own PDU is complete is accepted even when the next header is cut short, and one that runs past the end
 * is accepted as well (the bytes to refute it are not there).
 */
export function scanForPdu(b: Uint8Array, from: number, end: number, maxFrag: number, final: boolean): ScanResult {
  for (let p = from; p < end; p++) {
    if (b[p] !== 5) continue;
    const frag = plausibleHeaderAt(b, p, end, maxFrag);
    if (frag === 0) continue;
    if (frag < 0) {
      if (final) return { kind: 'none' };
      return { kind: 'wait', at: p };
    }
    const next = p + frag;
    if (next === end) return { kind: 'found', at: p };
    if (next > end) {
      if (final) return { kind: 'found', at: p };
      return { kind: 'wait', at: p };
    }
    const after = plausibleHeaderAt(b, next, end, maxFrag);
    if (after > 0) return { kind: 'found', at: p };
    if (after < 0) {
      if (final) return { kind: 'found', at: p };
      return { kind: 'wait', at: p };
    }
  }
  return { kind: 'none' };
}

/**
 * Offset of the first plausible PDU header in `bytes` at or after `from`, or -1. One-shot form of the
 * scan for callers that hold all the bytes they will get (the connection factory, tests).
 */
export function findPduStart(bytes: Uint8Array, from = 0, maxFrag = 0xffff): number {
  const s = scanForPdu(bytes, Math.max(0, from), bytes.length, maxFrag, true);
  return s.kind === 'found' ? s.at : -1;
}
