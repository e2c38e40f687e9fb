/** Byte classes of HTTP/1.1 text (RFC 9110 §5.6.2, RFC 9112 §3, §5). */

export const LF = 0x0a;
export const CR = 0x0d;
export const SP = 0x20;
export const HTAB = 0x09;

const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;

/** A token character: what method names and field names are made of. */
export function isTchar(b: number): boolean {
  return TCHAR[b] === 1;
}

/**
 * Method characters accepted while resynchronising: upper-case letters, digits, '_' and '-' cover every
 * registered method and RPC_IN_DATA / RPC_OUT_DATA; stopping at lower case keeps text before a request
 * line out of its method.
 */
export function isStrictMethodChar(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x30 && b <= 0x39) || b === 0x5f || b === 0x2d;
}

/** A byte of a request-target: visible ASCII, and (leniently) obs-text. */
export function isTargetByte(b: number): boolean {
  return (b > SP && b < 0x7f) || b >= 0x80;
}

/** Blank: SP or HTAB (RFC 9110 OWS). */
export function isBlank(b: number): boolean {
  return b === SP || b === HTAB;
}

/** A control byte no start line or field line may hold (HTAB is allowed; CR only just before LF). */
export function isForbiddenCtl(b: number): boolean {
  return (b < SP && b !== HTAB) || b === 0x7f;
}

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** Index just past the last byte of b[from, to) that is not SP/HTAB/CR (trailing CR and blanks of a line). */
export function trimLineEnd(b: Uint8Array, from: number, to: number): number {
  let e = to;
  while (e > from && (b[e - 1] === CR || isBlank(b[e - 1]!))) e--;
  return e;
}

