import type { RequestIdParts } from './types.js';

// Header lookup is the HTTP layer's: one implementation for both layers.
export { headerValue, headerValues } from '../http/headers.js';

/** A header value that must be a decimal integer (X-ResponseCode, X-PendingPeriod…); null otherwise. */
export function decimalValue(value: string | undefined): number | null {
  if (value === undefined) return null;
  const t = value.trim();
  if (!/^\d{1,15}$/.test(t)) return null;
  return Number(t);
}

const REQUEST_ID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?(?::(\d{1,15}))?$/i;

/**
 * `{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:123456` → guid + counter. Works for X-RequestId and X-ClientInfo;
 * the counter is optional (reference §1.2) and braces are tolerated missing. null for anything else.
 */
export function parseRequestId(value: string): RequestIdParts | null {
  const m = REQUEST_ID.exec(value.trim());
  if (!m) return null;
  return { guid: m[1]!.toLowerCase(), counter: m[2] === undefined ? null : Number(m[2]) };
}

/** X-PendingPeriod: milliseconds between PENDING keep-alives ([MS-OXCMAPIHTTP] 2.2.3.3.5). */
export const pendingPeriodMs = decimalValue;

/** X-ExpirationInfo: milliseconds until the idle Session Context expires ([MS-OXCMAPIHTTP] 2.2.3.3.8). */
export const expirationMs = decimalValue;

/**
 * X-ElapsedTime, kept as sent plus its number. The specification says milliseconds (2.2.3.3.9) but gromox
 * sends seconds (REAL-SERVER-NOTES), so `number` carries no unit: compare it with the capture's own
 * timestamps before treating it as either.
 */
export function elapsedTime(value: string): { raw: string; number: number | null } {
  return { raw: value, number: decimalValue(value) };
}

/** X-StartTime, an RFC 1123 date ([MS-OXCMAPIHTTP] 2.2.3.3.10), kept as sent plus epoch milliseconds. */
export function startTime(value: string): { raw: string; epochMs: number | null } {
  const t = value.trim();
  // Date.parse accepts far more than RFC 1123; insist on its shape so that junk does not become a date.
  const ok = /^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(t);
  const ms = ok ? Date.parse(t) : NaN;
  return { raw: value, epochMs: Number.isFinite(ms) ? ms : null };
}
