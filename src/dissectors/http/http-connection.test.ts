import { withLimits } from '../../core/limits.js';
import { headerValue } from './headers.js';
import { HttpConnection } from './http-connection.js';
import { CONN, HttpRecorder, MID_STREAM, expectFramed, frame, run, type Step } from './testing/http-recorder.js';
import type { HttpBodySink, HttpHandler } from './types.js';

const GET = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
const OK = (body: string, extra = ''): string => `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

describe('direction is decided by content', () => {
  it('a response first (capture began mid-connection) has no request; the client is the other side', () => {
    const r = expectFramed(
      [{ dir: 0, data: OK('hi') }, { dir: 1, data: GET('/next') }, { dir: 0, data: OK('yo') }, { end: 'fin' }],
      ['200 ← none [hi] complete', 'GET /next [] complete', '200 ← GET#1 [yo] complete'],
      { conn: MID_STREAM },
    );
    expect(r.http.clientDirection()).toBe(1);
    expect(r.rec.damages).toEqual([]);
  });

  it('the SYN sender may be the server: requests in direction b→a are paired with responses a→b', () => {
    const r = run([{ dir: 1, data: GET('/') }, { dir: 0, data: OK('ok') }]);
    expect(r.http.clientDirection()).toBe(1);
    expect(r.rec.summary()).toEqual(['GET / [] complete', '200 ← GET#1 [ok] complete']);
    expect(r.rec.messages.map((m) => m.head.direction)).toEqual([1, 0]);
  });
});

describe('Content-Length (RFC 9112 §6.3 item 5)', () => {
  it('frames the body exactly and reports its frames', () => {
    const r = expectFramed(
      [{ dir: 0, data: `POST /mapi/emsmdb HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789${GET('/2')}` }],
      ['POST /mapi/emsmdb [0123456789] complete', 'GET /2 [] complete'],
    );
    const post = r.rec.messages[0]!;
    expect(post.head).toMatchObject({ kind: 'request', method: 'POST', version: 'HTTP/1.1', seq: 1, direction: 0, offset: 0, first: frame(1), at: frame(1) });
    expect(post.end).toEqual({ outcome: 'complete', frame: 1 });
  });

  it.each(['Content-Length: 5\r\nContent-Length: 5\r\n', 'Content-Length: 5, 5\r\n', 'content-length:  005 \r\n'])('accepts equal duplicates: %j', (cl) => {
    const r = expectFramed([{ dir: 1, data: `HTTP/1.1 200 OK\r\n${cl}\r\nhello` }], ['200 ← none [hello] complete']);
    expect(r.rec.damages).toEqual([]);
  });

  it('conflicting values are damage: the message ends truncated and framing resumes at the next start line', () => {
    const r = expectFramed(
      [{ dir: 1, data: `HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello-!${OK('x')}` }],
      ['200 ← none [] truncated', '200 ← none [x] complete'],
    );
    expect(r.rec.damages.map((d) => [d.damage.reason, d.damage.field])).toEqual([
      ['malformed', 'Content-Length'],
      ['malformed', 'stream'],
    ]);
    expect(r.rec.damages[0]!.damage.detail).toContain('conflicting Content-Length values 5 and 7');
    expect(r.rec.damages[1]!.damage).toMatchObject({ offset: 57, detail: expect.stringContaining('7 bytes skipped') });
  });

  it('a non-decimal Content-Length is damage too', () => {
    const r = run([{ dir: 0, data: 'POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n' }]);
    expect(r.rec.summary()).toEqual(['POST / [] truncated']);
    expect(r.rec.damages[0]!.damage.detail).toContain('not a decimal length');
  });
});

describe('chunked (RFC 9112 §7.1)', () => {
  const chunked = (chunks: string): string => `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`;

  it('de-chunks upper- and lower-case sizes and skips extensions', () => {
    expectFramed(
      [{ dir: 1, data: chunked('5;name=value;x="a;b"\r\nhello\r\nA\r\n0123456789\r\na \r\nabcdefghij\r\n0\r\n\r\n') + OK('next') }],
      ['200 ← none [hello0123456789abcdefghij] complete', '200 ← none [next] complete'],
    );
  });

  it('reports trailer fields', () => {
    const r = expectFramed([{ dir: 1, data: chunked('3\r\nabc\r\n0\r\nX-Checksum: 1234\r\nX-Other:  two \r\n\r\n') }], ['200 ← none [abc] complete']);
    expect(r.rec.messages[0]!.trailers).toEqual([
      { name: 'X-Checksum', value: '1234' },
      { name: 'X-Other', value: 'two' },
    ]);
  });

  it.each([
    ['0\r\n', 'fin'],
    ['0\r\n\r', 'rst'],
    ['0\r\nX-T: 1\r\n', 'eof'],
  ] as const)('tolerates a missing final CRLF at connection end: %j', (tail, reason) => {
    expectFramed([{ dir: 1, data: chunked(`2\r\nok\r\n${tail}`) }, { end: reason }], ['200 ← none [ok] complete']);
  });

  it('a connection that ends inside a chunk leaves the body connection-end', () => {
    const r = expectFramed([{ dir: 1, data: chunked('10\r\nonly part') }, { end: 'fin' }], ['200 ← none [only part] connection-end']);
    expect(r.rec.ended).toMatchObject({ reason: 'fin', openAtEnd: 0 });
  });

  it('MAPI over HTTP keep-alives arrive as they come, chunk by chunk, in their own frames', () => {
    // VECTORS-mapihttp.md C.1, C.2 and the gromox keep-alive "7\r\nPENDING\r\n" (REAL-SERVER-NOTES.md).
    const r = run([
      { dir: 0, data: 'POST /mapi/emsmdb/?MailboxId=a@b HTTP/1.1\r\nContent-Length: 8\r\nX-RequestType: NotificationWait\r\n\r\n\0\0\0\0\0\0\0\0' },
      { dir: 1, data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nC\r\nPROCESSING\r\n\r\n' },
      { dir: 1, data: '9\r\nPENDING\r\n\r\n' },
      { dir: 1, data: '7\r\nPENDING\r\n' },
      { dir: 1, data: '6\r\nDONE\r\n\r\n0\r\n\r\n' },
    ]);
    const resp = r.rec.responses[0]!;
    expect(resp.body).toBe('PROCESSING\r\nPENDING\r\nPENDINGDONE\r\n');
    expect(resp.bodyFrames).toEqual([2, 3, 4, 5]);
    expect(resp.end).toEqual({ outcome: 'complete', frame: 5 });
    expect(resp.request?.seq).toBe(1);
  });

  it('Transfer-Encoding wins over Content-Length, with a warning', () => {
    const r = expectFramed([{ dir: 1, data: 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n' }], ['200 ← none [ab] complete']);
    expect(r.rec.damages.map((d) => [d.damage.reason, d.damage.field])).toEqual([['malformed', 'Content-Length']]);
  });
});

describe('messages without a body (RFC 9112 §6.3 item 1)', () => {
  it('a response to HEAD has no body whatever its Content-Length', () => {
    expectFramed(
      [{ dir: 0, data: 'HEAD /big HTTP/1.1\r\n\r\n' + GET('/small') }, { dir: 1, data: 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n' + OK('s') }],
      ['HEAD /big [] complete', 'GET /small [] complete', '200 ← HEAD#1 [] complete', '200 ← GET#2 [s] complete'],
    );
  });

  it('1xx is interim: the request stays outstanding for the final response', () => {
    const r = expectFramed(
      [{ dir: 0, data: 'POST /u HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc' }, { dir: 1, data: 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n' + OK('done') }],
      ['POST /u [abc] complete', '100 interim ← POST#1 [] complete', '102 interim ← POST#1 [] complete', '200 ← POST#1 [done] complete'],
    );
    expect(r.rec.unanswered).toEqual([]);
  });

  it.each([204, 304])('%i has no body whatever its Content-Length', (status) => {
    expectFramed(
      [{ dir: 0, data: GET('/a') + GET('/b') }, { dir: 1, data: `HTTP/1.1 ${status} X\r\nContent-Length: 9\r\n\r\n` + OK('b') }],
      ['GET /a [] complete', 'GET /b [] complete', `${status} ← GET#1 [] complete`, '200 ← GET#2 [b] complete'],
    );
  });

  it('a request with neither Content-Length nor Transfer-Encoding has no body', () => {
    expectFramed([{ dir: 0, data: 'DELETE /x HTTP/1.1\r\n\r\nPOST /y HTTP/1.1\r\nContent-Length: 1\r\n\r\nz' }], ['DELETE /x [] complete', 'POST /y [z] complete']);
  });
});

describe('read until close (RFC 9112 §6.3 item 8)', () => {
  const steps = (reason: 'fin' | 'rst' | 'eof'): Step[] => [
    { dir: 0, data: GET('/') },
    { dir: 1, data: 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of ' },
    { dir: 1, data: 'this until the end' },
    { end: reason },
  ];
  it('ends complete when the connection ends with FIN', () => {
    expectFramed(steps('fin'), ['GET / [] complete', '200 ← GET#1 [all of this until the end] complete']);
  });
  it.each(['rst', 'eof'] as const)('ends connection-end on %s', (reason) => {
    const r = expectFramed(steps(reason), ['GET / [] complete', `200 ← GET#1 [all of this until the end] connection-end`]);
    expect(r.rec.responses[0]!.head.version).toBe('HTTP/1.0');
  });
  it('a Transfer-Encoding without final chunked also reads until close', () => {
    expectFramed([{ dir: 1, data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxyz' }, { end: 'fin' }], ['200 ← none [xyz] complete']);
  });
});

describe('pairing', () => {
  it('pipelined requests are answered in order (RFC 9112 §9.3.2)', () => {
    expectFramed(
      [
        { dir: 0, data: GET('/1') + 'POST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nab' + GET('/3') },
        { dir: 1, data: OK('one') + 'HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n' + OK('three') },
      ],
      ['GET /1 [] complete', 'POST /2 [ab] complete', 'GET /3 [] complete', '200 ← GET#1 [one] complete', '201 ← POST#2 [] complete', '200 ← GET#3 [three] complete'],
    );
  });

  it('an unsolicited 408 on an idle connection has no request; a request reset unanswered is reported at the end', () => {
    // REAL-SERVER-NOTES.md: idle 180 s → "HTTP/1.1 408 Request Timeout", close; the next request meets a reset.
    const r = expectFramed(
      [
        { dir: 0, data: GET('/a') },
        { dir: 1, data: OK('a') },
        { dir: 1, data: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n' },
        { dir: 0, data: 'POST /b HTTP/1.1\r\nContent-Length: 4\r\n\r\nbody' },
        { end: 'rst' },
      ],
      ['GET /a [] complete', '200 ← GET#1 [a] complete', '408 ← none [] complete', 'POST /b [body] complete'],
    );
    expect(r.rec.unanswered.map((q) => [q.method, q.seq])).toEqual([['POST', 2]]);
    expect(r.rec.ended).toMatchObject({ reason: 'rst', openAtEnd: 0 });
  });

  it('the NTLM 401 rounds on one connection are ordinary messages', () => {
    expectFramed(
      [
        { dir: 0, data: 'RPC_IN_DATA /rpc/rpcproxy.dll?mail:6001 HTTP/1.1\r\nAuthorization: NTLM TlRMTVNTUAABAAAA\r\nContent-Length: 0\r\n\r\n' },
        { dir: 1, data: 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM TlRMTVNTUAACAAAA\r\nContent-Length: 4\r\n\r\ndeny' },
        { dir: 0, data: 'RPC_IN_DATA /rpc/rpcproxy.dll?mail:6001 HTTP/1.1\r\nAuthorization: NTLM TlRMTVNTUAADAAAA\r\nContent-Length: 1073741824\r\n\r\n\x05\x00\x14\x03' },
        { end: 'fin' },
      ],
      ['RPC_IN_DATA /rpc/rpcproxy.dll?mail:6001 [] complete', '401 ← RPC_IN_DATA#1 [deny] complete', 'RPC_IN_DATA /rpc/rpcproxy.dll?mail:6001 [\x05\x00\x14\x03] connection-end'],
    );
  });
});

describe('RPC over HTTP v2 channels (reference §4.1)', () => {
  it('streams the 1 GiB bodies of RPC_IN_DATA and RPC_OUT_DATA as they arrive and never finishes them', () => {
    const pdu = (n: number): string => `\x05\x00\x00\x03\x10\x00\x00\x00PDU${n}`;
    const r = run([
      { dir: 0, data: 'RPC_OUT_DATA /rpc/rpcproxy.dll?srv:6001 HTTP/1.1\r\nContent-Length: 76\r\n\r\n' + 'A'.repeat(76) },
      { dir: 1, data: 'HTTP/1.1 200 Success\r\nContent-Type: application/rpc\r\nContent-Length: 1073741824\r\n\r\n' },
      { dir: 1, data: pdu(1) },
      { dir: 1, data: pdu(2) + pdu(3) },
      { end: 'eof' },
    ]);
    const resp = r.rec.responses[0]!;
    expect(resp.head).toMatchObject({ status: 200, reason: 'Success' });
    expect(resp.request).toMatchObject({ method: 'RPC_OUT_DATA', seq: 1 });
    expect(resp.body).toBe(pdu(1) + pdu(2) + pdu(3));
    expect(resp.bodyFrames).toEqual([3, 4]);
    expect(resp.end).toEqual({ outcome: 'connection-end', frame: 5, detail: `${1073741824 - 3 * pdu(1).length} of 1073741824 body bytes had not arrived` });
  });

  it('hands the sink views of the pushed chunk, never copies (the streaming hot path)', () => {
    const seen: { same: boolean; len: number }[] = [];
    let current: Uint8Array = new Uint8Array(0);
    const sink: HttpBodySink = { data: (b) => seen.push({ same: b.buffer === current.buffer, len: b.length }), end: () => undefined };
    const handler: HttpHandler = { onRequest: () => sink, onResponse: () => sink, onDamage: () => undefined, onEnd: () => undefined };
    const http = new HttpConnection(CONN, handler, withLimits());
    const feed = (dir: 0 | 1, s: string, off: number): void => {
      current = Uint8Array.from(s, (c) => c.charCodeAt(0));
      http.data(dir, { data: current, streamOffset: off, at: frame(1) });
    };
    feed(0, 'RPC_IN_DATA / HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\nfirst', 0);
    feed(0, 'x'.repeat(65536), 56);
    feed(1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nchunk\r\n0\r\n\r\n', 0);
    feed(1, 'HTTP/1.1 200 OK\r\n\r\nuntil close', 61);
    expect(seen).toEqual([
      { same: true, len: 5 },
      { same: true, len: 65536 },
      { same: true, len: 5 },
      { same: true, len: 11 },
    ]);
  });
});

describe('101 Switching Protocols', () => {
  it('reports the 101 and stops framing both directions; the rest is one unsupported damage', () => {
    const r = expectFramed(
      [
        { dir: 0, data: 'GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n' },
        { dir: 1, data: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello' },
        { dir: 0, data: 'GET /not-http HTTP/1.1\r\n\r\n' },
        { dir: 1, data: OK('nope') },
        { end: 'fin' },
      ],
      ['GET /chat [] complete', '101 ← GET#1 [] complete'],
    );
    expect(r.rec.damages.map((d) => [d.damage.reason, d.damage.offset])).toEqual([['unsupported', 56]]);
    expect(r.rec.unanswered).toEqual([]);
  });

  it('a 2xx answer to CONNECT makes a tunnel too', () => {
    expectFramed([{ dir: 0, data: 'CONNECT mail:443 HTTP/1.1\r\n\r\n' }, { dir: 1, data: 'HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x01' }], ['CONNECT mail:443 [] complete', '200 ← CONNECT#1 [] complete']);
  });
});

describe('leniency where real peers are sloppy', () => {
  it('bare LF line ends, extra spaces, missing reason phrase, HTTP/1.0', () => {
    const r = expectFramed(
      [
        { dir: 0, data: 'GET   /a   HTTP/1.0\nHost: x\n\n' },
        { dir: 1, data: 'HTTP/1.1 200\nContent-Length: 2\n\nok' + 'HTTP/1.1  404   Not  Found  \r\nContent-Length: 0\r\n\r\n' },
      ],
      ['GET /a [] complete', '200 ← GET#1 [ok] complete', '404 ← none [] complete'],
    );
    expect(r.rec.messages.map((m) => (m.head.kind === 'request' ? m.head.version : m.head.reason))).toEqual(['HTTP/1.0', '', 'Not  Found']);
  });

  it('joins obs-fold continuation lines with one space and trims values', () => {
    const r = expectFramed([{ dir: 1, data: 'HTTP/1.1 200 OK\r\nX-Long: first\r\n  second\r\n\tthird \r\nEmpty:\r\nContent-Length: 0\r\n\r\n' }], ['200 ← none [] complete']);
    expect(r.rec.messages[0]!.head.headers).toEqual([
      { name: 'X-Long', value: 'first second third' },
      { name: 'Empty', value: '' },
      { name: 'Content-Length', value: '0' },
    ]);
  });

  it('ignores empty lines before a request line (RFC 9112 §2.2) and accepts any token method in step', () => {
    const r = expectFramed([{ dir: 0, data: 'POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\nx\r\n\r\nm-search * HTTP/1.1\r\n\r\n' }], ['POST / [x] complete', 'm-search * [] complete']);
    expect(r.rec.damages).toEqual([]);
  });

  it('a whitespace-led line before the first field is ignored with damage (RFC 9112 §2.2)', () => {
    const r = expectFramed([{ dir: 0, data: 'GET / HTTP/1.1\r\n  stray\r\nHost: x\r\n\r\n' }], ['GET / [] complete']);
    expect(r.rec.messages[0]!.head.headers).toEqual([{ name: 'Host', value: 'x' }]);
    expect(r.rec.damages.map((d) => [d.damage.reason, d.damage.offset, d.damage.field])).toEqual([['malformed', 16, 'header']]);
  });

  it('keeps header names as sent and in wire order', () => {
    const r = run([{ dir: 1, data: 'HTTP/1.1 200 OK\r\nset-cookie: sid=1\r\nX-ResponseCode: 0\r\nSet-Cookie: sequence=2\r\n\r\n' }]);
    expect(r.rec.messages[0]!.head.headers.map((h) => h.name)).toEqual(['set-cookie', 'X-ResponseCode', 'Set-Cookie']);
    expect(headerValue(r.rec.messages[0]!.head.headers, 'x-responsecode')).toBe('0');
  });
});

describe('the end', () => {
  it('every open body gets its end before onEnd; data after the end is ignored', () => {
    const rec = new HttpRecorder();
    const r = run([{ dir: 0, data: 'POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc' }, { end: 'idle' }], 'whole', { rec });
    r.http.data(0, { data: Uint8Array.of(0x41), streamOffset: 100, at: frame(9) });
    r.http.end('fin', frame(10));
    expect(rec.summary()).toEqual(['POST / [abc] connection-end']);
    expect(rec.ended).toEqual({ reason: 'idle', frame: 2, openAtEnd: 0 });
  });

  it('a declined message gets no calls, and framing goes on', () => {
    const rec = new HttpRecorder();
    rec.decline = { request: true };
    run([{ dir: 0, data: 'POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc' }, { dir: 1, data: OK('r') }], 'bytes', { rec });
    expect(rec.summary()).toEqual(['POST / [] open', '200 ← POST#1 [r] complete']);
  });
});
