/**
 * Test support: random valid HTTP/1.1 conversations as fast-check arbitraries, and their bytes. Kept within
 * what http-parser-js (the differential oracle) accepts: upper-case letters-and-dashes methods, single spaces
 * in start lines, no Content-Length on 204/304, no 101, no CONNECT, no Connection/Upgrade fields.
 */
import fc from 'fast-check';

export interface Body {
  kind: 'none' | 'length' | 'chunked' | 'close';
  chunks: { data: number[]; ext: string; upper: boolean }[];
  trailers: [string, string][];
}
export interface Msg {
  start: string;
  headers: { name: string; value: string; pad: string; fold: string | null }[];
  body: Body;
  eol: '\r\n' | '\n';
}
export interface Exchange {
  method: string;
  req: Msg;
  status: number;
  resp: Msg;
}

const tokenChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$%&\'*+^`|~'.split(''));
const valueChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789;=,/:"()[]{}@?+-_.~%'.split(''));
const reserved = new Set(['content-length', 'transfer-encoding', 'connection', 'upgrade']);
const nameArb = fc.string({ unit: tokenChar, minLength: 1, maxLength: 12 }).filter((n) => !reserved.has(n.toLowerCase()));
const valueArb = fc.string({ unit: valueChar, maxLength: 30 }).map((v) => v.trim());
const headerArb = fc.record({
  name: nameArb,
  value: valueArb,
  pad: fc.constantFrom('', ' ', '  ', '\t'),
  fold: fc.option(valueArb.filter((v) => v.length > 0), { freq: 8 }),
});
const bytesArb = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 40 });
const chunkArb = fc.record({ data: bytesArb, ext: fc.constantFrom('', ';a=b', ';x', ';q="s"'), upper: fc.boolean() });
const trailerArb = fc.array(fc.tuple(nameArb, valueArb), { maxLength: 2 });

function bodyArb(kinds: Body['kind'][]): fc.Arbitrary<Body> {
  return fc.record({ kind: fc.constantFrom(...kinds), chunks: fc.array(chunkArb, { maxLength: 4 }), trailers: trailerArb });
}

const methodArb = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD', 'PROPFIND', 'M-SEARCH');
const targetArb = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789/?=&%._-~:@'.split('')), maxLength: 30 }).map((t) => `/${t}`);
const statusArb = fc.constantFrom(200, 200, 200, 201, 204, 206, 301, 304, 401, 404, 408, 500, 503);
const reasonArb = fc.string({ unit: valueChar, maxLength: 20 }).map((r) => r.trim());

function msgArb(start: fc.Arbitrary<string>, body: fc.Arbitrary<Body>): fc.Arbitrary<Msg> {
  return fc.record({ start, headers: fc.array(headerArb, { maxLength: 6 }), body, eol: fc.constantFrom<'\r\n' | '\n'>('\r\n', '\r\n', '\n') });
}

const exchangeArb = (last: boolean): fc.Arbitrary<Exchange> =>
  fc.tuple(methodArb, targetArb, fc.constantFrom('1.1', '1.1', '1.0'), statusArb, reasonArb).chain(([method, target, v, status, reason]) =>
    fc.record({
      method: fc.constant(method),
      status: fc.constant(status),
      req: msgArb(fc.constant(`${method} ${target} HTTP/${v}`), bodyArb(['none', 'length', 'chunked'])),
      resp: msgArb(
        fc.constant(`HTTP/1.1 ${status}${reason ? ' ' + reason : ''}`),
        bodyArb(status === 204 || status === 304 ? ['none'] : last ? ['none', 'length', 'chunked', 'close'] : ['none', 'length', 'chunked']),
      ),
    }),
  );

export const conversationArb = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => exchangeArb(i === n - 1))));

/** `bodiless`: the message has no body by its status (204, 304), so it says nothing about one. */
export function serialize(m: Msg, headOnly: boolean, response = false, bodiless = false): number[] {
  const out: number[] = [];
  const put = (s: string): void => {
    for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  };
  const e = m.eol;
  put(m.start + e);
  for (const h of m.headers) {
    put(`${h.name}:${h.pad}${h.value}${h.pad}${e}`);
    if (h.fold !== null) put(` ${h.fold}${e}`);
  }
  const b = m.body;
  const data = b.chunks.flatMap((c) => c.data);
  // A response without a length reads until close, so "no body" is said with Content-Length: 0.
  if (b.kind === 'length' || (b.kind === 'none' && response && !bodiless)) put(`Content-Length: ${b.kind === 'none' ? 0 : data.length}${e}`);
  if (b.kind === 'chunked') put(`Transfer-Encoding: chunked${e}`);
  put(e);
  if (headOnly) return out;
  if (b.kind === 'length' || b.kind === 'close') out.push(...data);
  if (b.kind === 'chunked') {
    for (const c of b.chunks) {
      const size = c.data.length.toString(16);
      put(`${c.upper ? size.toUpperCase() : size}${c.ext}${e}`);
      out.push(...c.data);
      put(e);
    }
    put(`0${e}`);
    for (const [n, v] of b.trailers) put(`${n}: ${v}${e}`);
    put(e);
  }
  return out;
}


/** The two directions' bytes of a conversation: every request, then every response. */
export function conversationBytes(exchanges: readonly Exchange[]): { requests: Uint8Array; responses: Uint8Array } {
  return {
    requests: Uint8Array.from(exchanges.flatMap((x) => serialize(x.req, false))),
    responses: Uint8Array.from(exchanges.flatMap((x) => serialize(x.resp, x.method === 'HEAD', true, x.status === 204 || x.status === 304))),
  };
}
