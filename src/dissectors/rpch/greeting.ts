import { LEGACY_HTTP_PREFIX } from '../dcerpc/constants.js';

/**
 * Length of the legacy server response "ncacn_http/1.0" at the start of a proxy-to-server stream
 * ([MS-RPCH] 2.1.1.2.1, 2.1.2.2.1: 14 ASCII bytes, no terminator), so the caller can skip it before
 * framing PDUs; 0 when the bytes do not start with it. Fewer than 14 bytes that could still become the
 * greeting also give 0: `couldBeNcacnHttpGreeting` tells the caller to wait for more.
 */
export function ncacnHttpGreetingLength(bytes: Uint8Array): number {
  if (bytes.length < LEGACY_HTTP_PREFIX.length) return 0;
  return matchesGreeting(bytes, LEGACY_HTTP_PREFIX.length) ? LEGACY_HTTP_PREFIX.length : 0;
}

/** True when `bytes` is a strict prefix of the greeting (a stream split inside it). */
export function couldBeNcacnHttpGreeting(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.length < LEGACY_HTTP_PREFIX.length && matchesGreeting(bytes, bytes.length);
}

function matchesGreeting(bytes: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (bytes[i] !== LEGACY_HTTP_PREFIX.charCodeAt(i)) return false;
  return true;
}
