import { parseCookieHeader, parseSetCookie } from '../http/headers.js';
import { headerValues } from './headers.js';
import type { HttpHeaders, MapiSessionCookies } from './types.js';

type Role = 'context' | 'sequence' | 'sid';

/**
 * Cookie names by role (reference §1.5): Exchange's MapiContext/MapiSequence (spec example 4.2) and gromox's
 * sid/sequence. Names are matched case-insensitively; any other cookie (load-balancer affinity…) is opaque.
 */
const ROLES: Readonly<Record<string, Role>> = {
  mapicontext: 'context',
  mapisequence: 'sequence',
  sequence: 'sequence',
  sid: 'sid',
};

/** A cookie value without the optional surrounding quotes (RFC 6265 4.1.1), so that both spellings name one session. */
function unquoted(p: { name: string; value: string }): [string, string] {
  const v = p.value;
  return [p.name, v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v];
}

/** name=value pairs of Cookie headers (`a=b; c=d`, possibly on several lines; RFC 6265 5.4). */
function requestPairs(headers: HttpHeaders): [string, string][] {
  return headerValues(headers, 'Cookie').flatMap((line) => parseCookieHeader(line).map(unquoted));
}

/** The cookie each Set-Cookie sets: its first name=value, before the attributes (RFC 6265 4.1.1). */
function setPairs(headers: HttpHeaders): [string, string][] {
  return headerValues(headers, 'Set-Cookie').flatMap((line) => {
    const p = parseSetCookie(line);
    return p ? [unquoted(p)] : [];
  });
}

function byRole(pairs: [string, string][]): Partial<Record<Role, string>> {
  const out: Partial<Record<Role, string>> = {};
  for (const [name, value] of pairs) {
    const role = ROLES[name.toLowerCase()];
    if (role && out[role] === undefined) out[role] = value;
  }
  return out;
}

/** The Session Context of an exchange, named `MapiContext=…` or `sid=…`; empty values (a refused Connect) name nothing. */
function contextKey(c: Partial<Record<Role, string>>): string | null {
  if (c.context) return `MapiContext=${c.context}`;
  if (c.sid) return `sid=${c.sid}`;
  return null;
}

/**
 * The session cookies of one exchange. `key` comes from the request when it carries a context cookie,
 * otherwise from the response's Set-Cookie (the Connect that creates the context). A reconnect (a Connect
 * sent with old cookies, reference §4 N18) therefore keys to the old context: compare `setContext`/`setSid`
 * with `key` to see the new one.
 */
export function mapiSessionCookies(requestHeaders: HttpHeaders, responseHeaders?: HttpHeaders): MapiSessionCookies {
  const req = byRole(requestPairs(requestHeaders));
  const res = responseHeaders ? byRole(setPairs(responseHeaders)) : {};
  return {
    key: contextKey(req) ?? contextKey(res),
    ...req,
    ...(res.context !== undefined && { setContext: res.context }),
    ...(res.sequence !== undefined && { setSequence: res.sequence }),
    ...(res.sid !== undefined && { setSid: res.sid }),
  };
}
