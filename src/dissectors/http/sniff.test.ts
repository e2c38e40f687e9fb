import { fromHex } from '../../core/hex.js';
import { sniffHttp } from './sniff.js';
import { findStartLine, parseStartLine } from './start-line.js';
import { bytes } from './testing/http-recorder.js';

describe('sniffHttp', () => {
  it.each([
    ['POST /mapi/emsmdb/?MailboxId=a@b HTTP/1.1\r\nHost: x\r\n', 'request'],
    ['RPC_IN_DATA /rpc/rpcproxy.dll?mail:6001 HTTP/1.1\r\n', 'request'],
    ['RPC_OUT_DATA /rpc/rpcproxy.dll?mail:6001 HTTP/1.1\r\n', 'request'],
    ['RPC_CONNECT /rpc/rpcproxy.dll?mail:593 HTTP/1.1\r\n', 'request'],
    ['HTTP/1.1 200 Success\r\nContent-Length: 1073741824\r\n', 'response'],
    ['HTTP/1.0 408 Request Timeout\r\n', 'response'],
    ['HTTP/1.1 200\r\n', 'response'],
    ['\r\nGET / HTTP/1.1\r\n', 'request'],
    // Only part of the first line in the first segment: a plausible prefix is enough.
    ['POST /ma', 'request'],
    ['P', 'request'],
    ['RPC_IN_DA', 'request'],
    ['GET / HTTP/1.', 'request'],
    ['GET / HTTP/1.1\r', 'request'],
    ['H', 'response'],
    ['HTTP', 'response'],
    ['HTTP/1.1 20', 'response'],
    ['HEAD / HTTP/1.1\r\n', 'request'],
  ])('%j → %s', (payload, kind) => {
    expect(sniffHttp(bytes(payload))).toBe(kind);
  });

  it.each([
    ['a DCE/RPC bind', fromHex('05 00 0b 03 10 00 00 00 48 00 00 00 01 00 00 00')],
    ['a TLS ClientHello', fromHex('16 03 01 02 00 01 00 01 fc 03 03')],
    ['the RPC over HTTP legacy prefix', bytes('ncacn_http/1.0')],
    ['an SMTP greeting line', bytes('220 mail.example.com ESMTP\r\n')],
    ['a request line without a version', bytes('GET /index.html\r\n')],
    ['HTTP/2 status', bytes('HTTP/2 200\r\n')],
    ['HTTP/1.1 with a letter for a status', bytes('HTTP/1.1 2x0 OK')],
    ['a method token too long to be one', bytes('A'.repeat(40))],
    ['a control byte in the target', bytes('GET /a\x01b HTTP/1.1')],
    ['only line ends', bytes('\r\n\r\n')],
    ['nothing', new Uint8Array(0)],
  ])('rules out %s', (_name, payload) => {
    expect(sniffHttp(payload)).toBeNull();
  });
});

describe('start lines (RFC 9112 §3, §4)', () => {
  it('parses request and status lines leniently', () => {
    expect(parseStartLine(bytes('GET  /a?b=c   HTTP/1.1 \r'))).toEqual({ kind: 'request', method: 'GET', target: '/a?b=c', version: 'HTTP/1.1' });
    expect(parseStartLine(bytes('HTTP/1.1 503 RPC Error: 6ba\r'))).toEqual({ kind: 'response', version: 'HTTP/1.1', status: 503, reason: 'RPC Error: 6ba' });
    expect(parseStartLine(bytes('HTTP/1.0 200'))).toEqual({ kind: 'response', version: 'HTTP/1.0', status: 200, reason: '' });
    expect(parseStartLine(bytes('HTTP/1.1 200 caf\xe9 \tok'))).toMatchObject({ reason: 'caf\xe9 \tok' });
    expect(parseStartLine(bytes('get / HTTP/1.1'))).toMatchObject({ method: 'get' });
  });

  it.each(['GET / HTTP/2.0', 'GET /', 'GET / HTTP/1.1 extra', 'HTTP/1.1 2000 OK', 'HTTP/1.1 200 O\x00K', ' GET / HTTP/1.1', 'HTTP/1.1200 OK'])('refuses %j', (line) => {
    expect(parseStartLine(bytes(line))).toBeNull();
  });

  it('finds the start line that ends a line, after junk', () => {
    expect(findStartLine(bytes('\x00\x01binaryHTTP/1.1 200 OK\r'))).toEqual({ index: 8, start: { kind: 'response', version: 'HTTP/1.1', status: 200, reason: 'OK' } });
    expect(findStartLine(bytes('tail of a body POST /x HTTP/1.1'))).toMatchObject({ index: 15, start: { method: 'POST' } });
    expect(findStartLine(bytes('\x7fxyzPOST /x HTTP/1.1'))).toMatchObject({ index: 4, start: { method: 'POST' } });
    expect(findStartLine(bytes('RPC_CONNECT /rpc HTTP/1.1'))).toMatchObject({ index: 0, start: { method: 'RPC_CONNECT' } });
    expect(findStartLine(bytes('lowercaseGET / HTTP/1.1'))).toMatchObject({ index: 9, start: { method: 'GET' } });
    expect(findStartLine(bytes('FOO / HTTP/1.1'))).toMatchObject({ index: 0, start: { method: 'FOO' } });
  });

  it('does not take lower-case or glued unknown tokens for methods while resynchronising', () => {
    expect(findStartLine(bytes('get / HTTP/1.1'))).toBeNull();
    expect(findStartLine(bytes('xFOO / HTTP/1.1'))).toBeNull();
    expect(findStartLine(bytes('not a start line at all'))).toBeNull();
    expect(findStartLine(bytes('HTTP/1.1 200 OK\x00'))).toBeNull();
  });
});
