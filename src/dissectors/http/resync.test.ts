import { MID_STREAM, expectFramed, run } from './testing/http-recorder.js';

const POST20 = 'POST /mapi/emsmdb HTTP/1.1\r\nContent-Length: 20\r\n\r\n'; // 50 bytes
const NEXT = 'GET /next HTTP/1.1\r\n\r\n';
const damageOf = (r: ReturnType<typeof run>): [string, number, string][] => r.rec.damages.map((d) => [d.damage.reason, d.damage.offset, d.damage.field ?? '']);

describe('a gap inside a body of known length keeps the framing', () => {
  it('skips exactly the lost bytes, tells the sink, ends the message with gap, frames the next one normally', () => {
    const r = expectFramed(
      [{ dir: 0, data: POST20 + 'abcde' }, { gap: 0, lost: 10 }, { dir: 0, data: 'vwxyz' + NEXT }],
      ['POST /mapi/emsmdb [abcdevwxyz] gap', 'GET /next [] complete'],
    );
    expect(r.rec.messages[0]!.gaps).toEqual([10]);
    expect(damageOf(r)).toEqual([['gap', 55, 'body']]);
    expect(r.rec.messages[1]!.head.offset).toBe(70);
  });

  it('a gap that ends exactly at the end of the body ends it there', () => {
    const r = expectFramed([{ dir: 0, data: POST20 + 'abcde' }, { gap: 0, lost: 15 }, { dir: 0, data: NEXT }], ['POST /mapi/emsmdb [abcde] gap', 'GET /next [] complete']);
    expect(r.rec.messages[0]!.end?.frame).toBe(r.rec.damages[0]!.frame);
    expect(r.rec.damages).toHaveLength(1);
  });

  it('a gap that runs past the body loses the next head: resync on the following start line', () => {
    const r = expectFramed(
      [{ dir: 0, data: POST20 + 'abcde' }, { gap: 0, lost: 20 }, { dir: 0, data: NEXT.slice(5) + NEXT }],
      ['POST /mapi/emsmdb [abcde] gap', 'GET /next [] complete'],
    );
    expect(r.rec.messages[0]!.gaps).toEqual([15]);
    expect(damageOf(r)).toEqual([
      ['gap', 55, 'body'],
      ['gap', 75, 'stream'],
    ]);
    expect(r.rec.damages[1]!.damage.detail).toContain(`${NEXT.length - 5} bytes skipped`);
  });

  it('a gap of unknown size ends the message and resyncs', () => {
    const r = expectFramed([{ dir: 0, data: POST20 + 'abcde' }, { gap: 0, lost: 'unknown' }, { dir: 0, data: 'xyz' + NEXT }], ['POST /mapi/emsmdb [abcde] gap', 'GET /next [] complete']);
    expect(r.rec.messages[0]!.gaps).toEqual([]);
    expect(damageOf(r)).toEqual([
      ['gap', 55, 'body'],
      ['gap', 55, 'stream'],
    ]);
  });
});

describe('a gap that loses the place', () => {
  it('inside a chunked body: the message ends with gap and framing resumes at the next status line', () => {
    const r = expectFramed(
      [
        { dir: 0, data: 'GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n' },
        { dir: 1, data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n01234' },
        { gap: 1, lost: 7 },
        { dir: 1, data: '\r\n5\r\nlater\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' },
      ],
      ['GET /a [] complete', 'GET /b [] complete', '200 ← GET#1 [01234] gap', '200 ← GET#2 [ok] complete'],
    );
    expect(r.rec.damages.map((d) => d.damage.reason)).toEqual(['gap', 'gap']);
  });

  it('inside a header block: the message is dropped and the next one framed', () => {
    const r = expectFramed(
      [{ dir: 0, data: 'POST /lost HTTP/1.1\r\nContent-Le' }, { gap: 0, lost: 'unknown' }, { dir: 0, data: 'ngth: 3\r\n\r\nabc' + NEXT }],
      ['GET /next [] complete'],
    );
    expect(damageOf(r)).toEqual([
      ['gap', 31, 'header'],
      ['gap', 31, 'stream'],
    ]);
  });

  it('between messages, even a known gap costs a search (the lost bytes may have held whole messages)', () => {
    const r = expectFramed([{ dir: 0, data: NEXT }, { gap: 0, lost: 100 }, { dir: 0, data: NEXT }], ['GET /next [] complete', 'GET /next [] complete']);
    expect(damageOf(r)).toEqual([['gap', 22, 'stream']]);
  });

  it('inside a start line: the partial line is reported where it began', () => {
    const r = expectFramed([{ dir: 0, data: NEXT + 'GET /cut' }, { gap: 0, lost: 5 }, { dir: 0, data: 'HTTP/1.1\r\n\r\n' + NEXT }], ['GET /next [] complete', 'GET /next [] complete']);
    expect(damageOf(r)).toEqual([
      ['gap', 22, 'start line'],
      ['gap', 35, 'stream'],
    ]);
  });

  it('inside a body read until close: a known gap is skipped, an unknown one ends it', () => {
    const head = 'HTTP/1.1 200 OK\r\n\r\n';
    expectFramed([{ dir: 1, data: head + 'abc' }, { gap: 1, lost: 4 }, { dir: 1, data: 'def' }, { end: 'fin' }], ['200 ← none [abcdef] gap']);
    expectFramed([{ dir: 1, data: head + 'abc' }, { gap: 1, lost: 'unknown' }, { dir: 1, data: 'def' }, { end: 'fin' }], ['200 ← none [abc] gap']);
  });
});

describe('captures that begin mid-message, and garbage', () => {
  it('skips the tail of a message the capture began inside, as a gap', () => {
    const r = expectFramed(
      [{ dir: 1, data: 'ody of an earlier response\r\n\x00\x01\x02binary\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz' }],
      ['200 ← none [z] complete'],
      { conn: MID_STREAM },
    );
    expect(r.rec.damages).toHaveLength(1);
    expect(r.rec.damages[0]!.damage).toMatchObject({ reason: 'gap', offset: 0, detail: expect.stringContaining('the capture began inside a message: 38 bytes skipped') });
  });

  it('a mid-stream capture that begins on a start line reports nothing', () => {
    const r = expectFramed([{ dir: 0, data: NEXT }], ['GET /next [] complete'], { conn: MID_STREAM });
    expect(r.rec.damages).toEqual([]);
  });

  it('garbage between messages is one malformed damage with its offset and size', () => {
    const r = expectFramed([{ dir: 0, data: NEXT + 'garbage here\r\n\x00\xff\x10 more' + NEXT }], ['GET /next [] complete', 'GET /next [] complete']);
    expect(r.rec.damages.map((d) => d.damage)).toEqual([
      { reason: 'malformed', offset: 22, field: 'stream', detail: expect.stringContaining('22 bytes skipped, resynchronised at offset 44') },
    ]);
  });

  it('junk glued to the front of a request line is cut off at a known method', () => {
    const r = expectFramed([{ dir: 0, data: NEXT + '\x01\x02zzXRPC_OUT_DATA /rpc/rpcproxy.dll?x:6001 HTTP/1.1\r\nContent-Length: 0\r\n\r\n' }], ['GET /next [] complete', 'RPC_OUT_DATA /rpc/rpcproxy.dll?x:6001 [] complete']);
    expect(r.rec.damages[0]!.damage.detail).toContain('5 bytes skipped');
  });

  it('a status line right after binary bytes with no line end is found', () => {
    expectFramed([{ dir: 1, data: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok\x00\x07\x08\x09HTTP/1.1 204 No Content\r\n\r\n' }], ['200 ← none [ok] complete', '204 ← none [] complete']);
  });

  it('a start line inside body text is given up when its "fields" are not fields', () => {
    const r = expectFramed(
      [
        { dir: 0, data: NEXT },
        { gap: 0, lost: 'unknown' },
        { dir: 0, data: 'text that quotes a request:\nPOST /fake HTTP/1.1\nit is not a field line\n\x00\x01\n' + 'POST /real HTTP/1.1\r\nContent-Length: 1\r\n\r\n!' },
      ],
      ['GET /next [] complete', 'POST /real [!] complete'],
    );
    expect(r.rec.damages.map((d) => d.damage.reason)).toEqual(['gap', 'gap', 'malformed']);
  });

  it('a broken chunk-size line ends the body truncated; a status line in its place is framed', () => {
    const r = expectFramed(
      [{ dir: 1, data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nq' }],
      ['200 ← none [abc] truncated', '200 ← none [q] complete'],
    );
    expect(damageOf(r)).toEqual([['malformed', 55, 'chunk-size']]);
  });

  it('chunk data not followed by CRLF is malformed', () => {
    const r = expectFramed([{ dir: 1, data: 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n' }], ['200 ← none [abc] truncated']);
    expect(damageOf(r)[0]).toEqual(['malformed', 53, 'chunk']);
  });
});
