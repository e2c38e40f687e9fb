import { latin1 } from '../../core/byte-reader.js';
import { CR, isBlank, isDigit, isForbiddenCtl, isStrictMethodChar, isTargetByte, isTchar, trimLineEnd } from './chars.js';

export interface RequestLine {
  readonly kind: 'request';
  readonly method: string;
  readonly target: string;
  readonly version: string;
}

export interface StatusLine {
  readonly kind: 'response';
  readonly version: string;
  readonly status: number;
  readonly reason: string;
}

export type StartLine = RequestLine | StatusLine;

/** Longer tokens are not taken for a method: real ones are short, and this bounds the look-back. */
export const MAX_METHOD_LENGTH = 32;

/** "HTTP/1." — HTTP-version for HTTP/1.x (RFC 9112 §2.3). */
const VERSION_PREFIX = [0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e] as const;
const VERSION_LENGTH = 8;

/**
 * Methods recognised when junk is glued to the front of a token during resync ("xPOST" → "POST"): the
 * registered ones in use, WebDAV's, and RPC over HTTP's (reference OXCNOTIF-OXCRPC-RPCE-RPCH.md §4.1, §4.4).
 */
const KNOWN_METHODS = new Set([
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT',
  'RPC_IN_DATA', 'RPC_OUT_DATA', 'RPC_CONNECT',
]);

/** A start line; or, for a range that is only the beginning of a line, a plausible beginning of one; or null. */
export type StartVerdict = StartLine | 'prefix-request' | 'prefix-response' | null;

/**
 * Parses a whole line (LF excluded; trailing CR and blanks ignored) as a start line beginning at `from`.
 * Lenient where servers are sloppy: several blanks between parts, a missing reason phrase, any token
 * method, HTTP/1.0. Null when it is not one.
 */
export function parseStartLine(line: Uint8Array, from = 0): StartLine | null {
  const v = walkStartLine(line, from, trimLineEnd(line, from, line.length), true, false);
  return typeof v === 'string' ? null : v;
}

/**
 * Finds the leftmost start line that ends where `line` ends (LF excluded), with anything before it: the
 * resync search. Stricter than parseStartLine so that body bytes are not taken for a message: the method is
 * upper-case, and a start line holds no control byte, so only the bytes after the last one are searched.
 * Linear in the line length.
 */
export function findStartLine(line: Uint8Array): { index: number; start: StartLine } | null {
  const end = trimLineEnd(line, 0, line.length);
  let from = end;
  while (from > 0 && !isForbiddenCtl(line[from - 1]!)) from--;
  const req = requestStartBefore(line, from, end);
  let resp = -1;
  let status: StartLine | null = null;
  const lastStart = req >= 0 ? req : end;
  for (let i = from; i < lastStart; i++) {
    if (line[i] !== VERSION_PREFIX[0]) continue;
    const v = walkStatus(line, i, end, true);
    if (typeof v === 'object' && v !== null) {
      resp = i;
      status = v;
      break;
    }
  }
  if (status) return { index: resp, start: status };
  if (req < 0) return null;
  const v = walkStartLine(line, req, end, true, true);
  return typeof v === 'string' || v === null ? null : { index: req, start: v };
}

/** Where a request line ending at `end` begins, walking back from its version; -1 when there is none. */
function requestStartBefore(b: Uint8Array, from: number, end: number): number {
  const v = end - VERSION_LENGTH;
  if (v <= from || !isVersionAt(b, v, end)) return -1;
  let q = v;
  while (q > from && isBlank(b[q - 1]!)) q--;
  if (q === v) return -1;
  const targetEnd = q;
  while (q > from && isTargetByte(b[q - 1]!)) q--;
  if (q === targetEnd || q === from) return -1;
  let r = q;
  while (r > from && isBlank(b[r - 1]!)) r--;
  if (r === q) return -1;
  const methodEnd = r;
  let m = r;
  while (m > from && methodEnd - m < MAX_METHOD_LENGTH && isStrictMethodChar(b[m - 1]!)) m--;
  if (m === methodEnd) return -1;
  // Junk may be glued to the front of the method ("xPOST", or a body's last bytes): a token that stands
  // alone is taken as it is when known; otherwise its longest known-method suffix; else alone or nothing.
  const token = latin1(b, m, methodEnd);
  const alone = m === from || !isTchar(b[m - 1]!);
  if (alone && KNOWN_METHODS.has(token)) return m;
  for (let s = m; s < methodEnd; s++) if (KNOWN_METHODS.has(token.slice(s - m))) return s;
  return alone ? m : -1;
}

function isVersionAt(b: Uint8Array, p: number, end: number): boolean {
  return matchVersion(b, p, end) === p + VERSION_LENGTH;
}

const SHORT = -2;

/** HTTP-version "HTTP/1.d" at p (RFC 9112 §2.3; major version 1 only): the index after it, -1 on a mismatch, SHORT when the bytes end first. */
function matchVersion(b: Uint8Array, p: number, to: number): number {
  for (let k = 0; k < VERSION_LENGTH; k++, p++) {
    if (p >= to) return SHORT;
    const c = b[p]!;
    if (k < VERSION_PREFIX.length ? c !== VERSION_PREFIX[k] : !isDigit(c)) return -1;
  }
  return p;
}

/**
 * Walks b[from, to) against the start-line grammar. whole: the range is a complete line (trailing CR and
 * blanks removed); otherwise it is the beginning of one, and running out of bytes where the grammar could
 * go on gives 'prefix-…'. strictMethod: method limited to [A-Z0-9_-] (resync).
 */
export function walkStartLine(b: Uint8Array, from: number, to: number, whole: boolean, strictMethod: boolean): StartVerdict {
  const s = walkStatus(b, from, to, whole);
  return s === 'not-status' ? walkRequest(b, from, to, whole, strictMethod) : s;
}

/** status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4). */
function walkStatus(b: Uint8Array, from: number, to: number, whole: boolean): StartVerdict | 'not-status' {
  const incomplete = whole ? null : 'prefix-response';
  // Only "HTTP/" begins a status line; bytes that differ before its end may still begin a request.
  for (let k = 0; k < 5; k++) {
    if (from + k >= to) return k === 0 ? 'not-status' : incomplete;
    if (b[from + k] !== VERSION_PREFIX[k]) return 'not-status';
  }
  let p = matchVersion(b, from, to);
  if (p === SHORT) return incomplete;
  if (p < 0) return null;
  const versionEnd = p;
  if (p >= to) return incomplete;
  if (!isBlank(b[p]!)) return null;
  while (p < to && isBlank(b[p]!)) p++;
  const codeStart = p;
  for (let k = 0; k < 3; k++, p++) {
    if (p >= to) return incomplete;
    if (!isDigit(b[p]!)) return null;
  }
  if (p < to && !isBlank(b[p]!)) return null;
  if (!whole) return incomplete;
  while (p < to && isBlank(b[p]!)) p++;
  for (let i = p; i < to; i++) if (isForbiddenCtl(b[i]!)) return null;
  return {
    kind: 'response',
    version: latin1(b, from, versionEnd),
    status: (b[codeStart]! - 0x30) * 100 + (b[codeStart + 1]! - 0x30) * 10 + (b[codeStart + 2]! - 0x30),
    reason: latin1(b, p, to),
  };
}

/** request-line = method SP request-target SP HTTP-version (RFC 9112 §3). */
function walkRequest(b: Uint8Array, from: number, to: number, whole: boolean, strictMethod: boolean): StartVerdict {
  const incomplete = whole ? null : 'prefix-request';
  const methodChar = strictMethod ? isStrictMethodChar : isTchar;
  let p = from;
  while (p < to && p - from < MAX_METHOD_LENGTH && methodChar(b[p]!)) p++;
  if (p === from) return null;
  if (p >= to) return incomplete;
  if (!isBlank(b[p]!)) return null;
  const methodEnd = p;
  while (p < to && isBlank(b[p]!)) p++;
  const targetStart = p;
  while (p < to && isTargetByte(b[p]!)) p++;
  const targetEnd = p;
  if (p >= to) return incomplete;
  if (targetEnd === targetStart || !isBlank(b[p]!)) return null;
  while (p < to && isBlank(b[p]!)) p++;
  const versionStart = p;
  p = matchVersion(b, p, to);
  if (p === SHORT) return incomplete;
  if (p < 0) return null;
  if (whole) {
    if (p !== to) return null;
    return { kind: 'request', method: latin1(b, from, methodEnd), target: latin1(b, targetStart, targetEnd), version: latin1(b, versionStart, p) };
  }
  // Not a whole line yet: what follows the version can only be the line end.
  while (p < to && isBlank(b[p]!)) p++;
  if (p < to && b[p] === CR) p++;
  return p === to ? incomplete : null;
}
