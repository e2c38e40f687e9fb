/**
 * Differential test: random valid HTTP/1.1 conversations (pipelined requests, Content-Length and chunked
 * bodies with extensions and trailers, obs-fold, bare LF, HEAD, 204/304, a last response read until close)
 * are fed to our framer in random chunks and to http-parser-js (the oracle, whole); both must report the
 * same messages, fields and body bytes.
 */
import fc from 'fast-check';
import { HTTPParser } from 'http-parser-js';
import { conversationArb, conversationBytes } from './testing/conversations.js';
import { CONN, HttpRecorder, run, type Step } from './testing/http-recorder.js';

/** What a parser reported for one message. */
interface Seen {
  start: string;
  headers: string[];
  body: number[];
  trailers: string[];
}

/** http-parser-js over the whole stream; `skipBody` says which responses answer HEAD. */
function oracle(kind: 'REQUEST' | 'RESPONSE', stream: Uint8Array, skipBody: boolean[]): Seen[] {
  const seen: Seen[] = [];
  const parser = new HTTPParser(kind === 'REQUEST' ? HTTPParser.REQUEST : HTTPParser.RESPONSE);
  let current: Seen | null = null;
  parser.onHeadersComplete = (info) => {
    const start = kind === 'REQUEST' ? `${String(info.method)} ${info.url} HTTP/${info.versionMajor}.${info.versionMinor}` : `${info.statusCode} ${info.statusMessage}`;
    current = { start, headers: pairs(info.headers), body: [], trailers: [] };
    seen.push(current);
    return kind === 'RESPONSE' && skipBody[seen.length - 1] === true ? 1 : 0;
  };
  parser.onBody = (chunk, offset, length) => {
    current!.body.push(...chunk.subarray(offset, offset + length));
  };
  parser.onHeaders = (trailers) => {
    current!.trailers = pairs(trailers);
  };
  parser.onMessageComplete = () => undefined;
  const res = parser.execute(Buffer.from(stream));
  if (res instanceof Error) throw res;
  const fin = parser.finish();
  if (fin instanceof Error) throw fin;
  return seen;
}

function pairs(flat: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push(`${flat[i]}: ${flat[i + 1]}`);
  return out;
}

function ours(rec: HttpRecorder, kind: 'request' | 'response'): Seen[] {
  return rec.messages
    .filter((m) => m.head.kind === kind)
    .map((m) => {
      const h = m.head;
      return {
        start: h.kind === 'request' ? `${h.method} ${h.target} ${h.version}` : `${h.status} ${h.reason}`,
        headers: h.headers.map((x) => `${x.name}: ${x.value}`),
        body: Array.from(m.body, (c) => c.charCodeAt(0)),
        trailers: (m.trailers ?? []).map((x) => `${x.name}: ${x.value}`),
      };
    });
}

describe('differential against http-parser-js', () => {
  it('reports the same messages, headers and body bytes on random valid conversations', () => {
    let compared = 0;
    fc.assert(
      fc.property(conversationArb, fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 6 }), (exchanges, sizes) => {
        const { requests, responses } = conversationBytes(exchanges);
        const heads = exchanges.map((x) => x.method === 'HEAD');
        const expectReq = oracle('REQUEST', requests, []);
        const expectResp = oracle('RESPONSE', responses, heads);
        // The oracle saw what was generated (guards the generator and the oracle wiring).
        expect(expectReq).toHaveLength(exchanges.length);
        expect(expectResp).toHaveLength(exchanges.length);

        const steps: Step[] = [{ dir: 0, data: requests }, { dir: 1, data: responses }, { end: 'fin' }];
        const { rec } = run(steps, sizes, { conn: CONN });
        expect(ours(rec, 'request')).toEqual(expectReq);
        expect(ours(rec, 'response')).toEqual(expectResp);
        expect(rec.damages).toEqual([]);
        expect(rec.messages.every((m) => m.end?.outcome === 'complete')).toBe(true);
        expect(rec.responses.map((m) => m.request?.seq)).toEqual(exchanges.map((_, i) => i + 1));
        compared += exchanges.length;
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(300);
  });
});
