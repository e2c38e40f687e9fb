import { DEFAULT_LIMITS, withLimits } from '../../core/limits.js';
import { expectFramed, run } from './testing/http-recorder.js';

const NEXT = 'GET /next HTTP/1.1\r\n\r\n';
const reasons = (r: ReturnType<typeof run>): [string, string][] => r.rec.damages.map((d) => [d.damage.reason, d.damage.field ?? '']);

describe('caps (core/limits.ts)', () => {
  it('has the HTTP caps with sane defaults', () => {
    expect(DEFAULT_LIMITS).toMatchObject({ maxHttpHeaderBytes: 65_536, maxHttpHeaderCount: 256, maxHttpChunkLineBytes: 1024, maxHttpOutstandingRequests: 64 });
  });

  it('a header block longer than maxHttpHeaderBytes is dropped as a limit; the next message is framed', () => {
    const limits = withLimits({ maxHttpHeaderBytes: 100 });
    const big = `GET /big HTTP/1.1\r\nX-Pad: ${'p'.repeat(120)}\r\n\r\n`;
    const r = expectFramed([{ dir: 0, data: big + NEXT }], ['GET /next [] complete'], { limits });
    expect(r.rec.damages.map((d) => d.damage)).toEqual([
      { reason: 'limit', offset: 0, field: 'stream', detail: expect.stringContaining(`header block of the GET request longer than maxHttpHeaderBytes (100): ${big.length} bytes skipped`) },
    ]);
  });

  it('a start line longer than maxHttpHeaderBytes is no start line', () => {
    const limits = withLimits({ maxHttpHeaderBytes: 64 });
    const r = expectFramed([{ dir: 0, data: `GET /${'x'.repeat(200)} HTTP/1.1\r\n\r\n` + NEXT }], ['GET /next [] complete'], { limits });
    expect(reasons(r)).toEqual([['malformed', 'stream']]);
  });

  it('more fields than maxHttpHeaderCount is a limit', () => {
    const limits = withLimits({ maxHttpHeaderCount: 3 });
    const fields = Array.from({ length: 5 }, (_, i) => `X-${i}: ${i}\r\n`).join('');
    const r = expectFramed([{ dir: 0, data: `GET /many HTTP/1.1\r\n${fields}\r\n` + NEXT }], ['GET /next [] complete'], { limits });
    expect(reasons(r)).toEqual([['limit', 'stream']]);
    expect(r.rec.damages[0]!.damage.detail).toContain('more than maxHttpHeaderCount (3) fields');
  });

  it('a chunk-size line longer than maxHttpChunkLineBytes is malformed', () => {
    const limits = withLimits({ maxHttpChunkLineBytes: 16 });
    const r = expectFramed(
      [{ dir: 1, data: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=${'e'.repeat(30)}\r\nab\r\n0\r\n\r\n` }, { end: 'fin' }],
      ['200 ← none [] truncated'],
      { limits },
    );
    expect(reasons(r)[0]).toEqual(['malformed', 'chunk-size']);
    expect(r.rec.messages[0]!.end?.detail).toContain('maxHttpChunkLineBytes (16)');
  });

  it('a trailer section longer than maxHttpHeaderBytes ends the message with limit', () => {
    const limits = withLimits({ maxHttpHeaderBytes: 80 });
    const r = expectFramed([{ dir: 1, data: `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\nX-T: ${'t'.repeat(100)}\r\n\r\n` }], ['200 ← none [z] limit'], { limits });
    expect(reasons(r)[0]).toEqual(['limit', 'trailer']);
  });

  it.each([
    ['a 16-digit Content-Length', 'POST / HTTP/1.1\r\nContent-Length: 1234567890123456\r\n\r\n', 'POST / [] truncated'],
    ['a 14-hex-digit chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000\r\n', '200 ← none [] truncated'],
  ])('%s is malformed rather than a length to trust', (_name, data, summary) => {
    const r = run([{ dir: 0, data }]);
    expect(r.rec.summary()).toEqual([summary]);
    expect(reasons(r)[0]![0]).toBe('malformed');
  });

  it('beyond maxHttpOutstandingRequests the oldest request is given up and later responses pair with the rest', () => {
    const limits = withLimits({ maxHttpOutstandingRequests: 2 });
    const r = expectFramed(
      [{ dir: 0, data: 'GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\n\r\n' }, { dir: 1, data: 'HTTP/1.1 204 A\r\n\r\nHTTP/1.1 204 B\r\n\r\n' }],
      ['GET /1 [] complete', 'GET /2 [] complete', 'GET /3 [] complete', '204 ← GET#2 [] complete', '204 ← GET#3 [] complete'],
      { limits },
    );
    expect(reasons(r)).toEqual([['limit', 'pipelining']]);
    expect(r.rec.unanswered.map((q) => q.seq)).toEqual([1]);
  });

  it('a huge line with no line end costs bounded memory and time, and the next message is found', () => {
    const limits = withLimits({ maxHttpHeaderBytes: 1024 });
    const t0 = performance.now();
    const r = run([{ dir: 0, data: 'A'.repeat(1 << 20) + '\n' + NEXT }], [997], { limits });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.rec.summary()).toEqual(['GET /next [] complete']);
    expect(r.rec.damages[0]!.damage.detail).toContain(`${(1 << 20) + 1} bytes skipped`);
  });
});
