import type { HttpHeader } from './types.js';

/** The first value of a header, by case-insensitive name (RFC 9110 §5.1). */
export function headerValue(headers: readonly HttpHeader[], name: string): string | undefined {
  const want = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === want) return h.value;
  return undefined;
}

/** Every value of a header, in wire order (Set-Cookie and Cookie may repeat; RFC 9110 §5.3). */
export function headerValues(headers: readonly HttpHeader[], name: string): string[] {
  const want = name.toLowerCase();
  const out: string[] = [];
  for (const h of headers) if (h.name.toLowerCase() === want) out.push(h.value);
  return out;
}

/**
 * The pairs of a Cookie header, "a=1; b=2" (RFC 6265 §4.2.1). Lenient: pieces are split on ';' and trimmed,
 * a piece without '=' is skipped, a value keeps any '=' it contains, surrounding double quotes are kept.
 */
export function parseCookieHeader(value: string): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const piece of value.split(';')) {
    const pair = splitPair(piece);
    if (pair) out.push(pair);
  }
  return out;
}

/** The name=value pair that opens a Set-Cookie value; attributes after the first ';' are ignored (RFC 6265 §5.2). */
export function parseSetCookie(value: string): { name: string; value: string } | null {
  const semi = value.indexOf(';');
  return splitPair(semi < 0 ? value : value.slice(0, semi));
}

function splitPair(piece: string): { name: string; value: string } | null {
  const eq = piece.indexOf('=');
  if (eq < 0) return null;
  const name = piece.slice(0, eq).trim();
  if (name === '') return null;
  return { name, value: piece.slice(eq + 1).trim() };
}
