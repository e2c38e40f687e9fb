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

function unquote(v: string): string {
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** name=value pairs of Cookie headers (`a=b; c=d`, possibly on several lines; RFC 6265 5.4). */
function requestPairs(headers: HttpHeaders): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of headerValues(headers, 'Cookie')) {
    for (const part of line.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) pairs.push([part.slice(0, eq).trim(), unquote(part.slice(eq + 1).trim())]);
    }
  }
  return pairs;
}

/** The cookie each Set-Cookie sets: its first name=value, before the attributes (RFC 6265 4.1.1). */
function setPairs(headers: HttpHeaders): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of headerValues(headers, 'Set-Cookie')) {
    const first = line.split(';', 1)[0]!;
    const eq = first.indexOf('=');
    if (eq > 0) pairs.push([first.slice(0, eq).trim(), unquote(first.slice(eq + 1).trim())]);
  }
  return pairs;
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
  const out: MapiSessionCookies = { key: contextKey(req) ?? contextKey(res) };
  if (req.context !== undefined) out.context = req.context;
  if (req.sequence !== undefined) out.sequence = req.sequence;
  if (req.sid !== undefined) out.sid = req.sid;
  if (res.context !== undefined) out.setContext = res.context;
  if (res.sequence !== undefined) out.setSequence = res.sequence;
  if (res.sid !== undefined) out.setSid = res.sid;
  return out;
}
