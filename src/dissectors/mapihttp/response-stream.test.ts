import type { FrameRef } from '../../core/frame-ref.js';
import { fromHex, toHex } from '../../core/hex.js';
import { concat as cat } from '../dcerpc/testing/pdu-builder.js';
import { MapiResponseStream } from './response-stream.js';
import type { MapiResponseStreamResult } from './types.js';

const at = (frame: number): FrameRef => ({ frame, time: { sec: 1_700_000_000 + frame, nsec: 0 } });
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Feeds `pieces` (each in its own frame, numbered from 1) and ends the stream. */
function run(pieces: Uint8Array[], maxBodyBytes = 1 << 20): MapiResponseStreamResult & { fired: [string, number][] } {
  const fired: [string, number][] = [];
  const s = new MapiResponseStream({ maxBodyBytes, onLine: (kind, f) => fired.push([kind, f.frame]) });
  pieces.forEach((p, i) => s.push(p, at(i + 1)));
  return { ...s.end(at(pieces.length + 1)), fired };
}
const bytewise = (b: Uint8Array): Uint8Array[] => Array.from(b, (x) => Uint8Array.of(x));
const kinds = (r: MapiResponseStreamResult): string[] => r.lines.map((l) => l.kind);

/** VECTORS-mapihttp.md C.4, copied from its hex dump (117 bytes; the body starts at 0x65). */
const C4 = fromHex(`
  50 52 4f 43 45 53 53 49 4e 47 0d 0a 44 4f 4e 45
  0d 0a 58 2d 52 65 73 70 6f 6e 73 65 43 6f 64 65
  3a 20 30 0d 0a 58 2d 45 6c 61 70 73 65 64 54 69
  6d 65 3a 20 32 0d 0a 58 2d 53 74 61 72 74 54 69
  6d 65 3a 20 4d 6f 6e 2c 20 30 31 20 4a 61 6e 20
  32 30 32 34 20 30 30 3a 30 30 3a 30 30 20 47 4d
  54 0d 0a 0d 0a 00 00 00 00 00 00 00 00 01 00 00
  00 00 00 00 00`);
const C4_META = [
  { name: 'X-ResponseCode', value: '0' },
  { name: 'X-ElapsedTime', value: '2' },
  { name: 'X-StartTime', value: 'Mon, 01 Jan 2024 00:00:00 GMT' },
];
/** C.1 and C.2: whole chunks; their data is bytes 3..15 and 2..11 as the reference explains. */
const C1 = fromHex('43 0d 0a 50 52 4f 43 45 53 53 49 4e 47 0d 0a 0d 0a');
const C2 = fromHex('39 0d 0a 50 45 4e 44 49 4e 47 0d 0a 0d 0a');
const C6 = fromHex('00 00 00 00 00 00 00 00 00 00 00 00 0d 00 00 00 00 00 04 00 05 00 05 00 05 00 6e 01 00 00 00 00 00');

describe('the inner stream of the reference', () => {
  test('C.4: PROCESSING, DONE, three additional headers, a 16-byte body at 0x65', () => {
    const r = run([C4]);
    expect(r.framed).toBe(true);
    expect(kinds(r)).toEqual(['PROCESSING', 'DONE']);
    expect(r.meta).toEqual(C4_META);
    expect(r.body).toEqual(C4.subarray(0x65));
    expect(r.damage).toEqual([]);
  });

  test('C.4 one byte at a time gives the same, each line when its last byte arrives', () => {
    const r = run(bytewise(C4));
    expect(kinds(r)).toEqual(['PROCESSING', 'DONE']);
    expect(r.meta).toEqual(C4_META);
    expect(r.body).toEqual(C4.subarray(0x65));
    // "PROCESSING" ends at byte 10 (frame 10), "DONE" at byte 16 (frame 16).
    expect(r.fired).toEqual([['PROCESSING', 10], ['DONE', 16]]);
    expect(r.lines.map((l) => l.at.frame)).toEqual([10, 16]);
  });

  test('A.2 chunked Execute: chunk C.1, keep-alive C.2 twice, then DONE with the C.6 body', () => {
    const last = cat(ascii('DONE\r\nX-ResponseCode: 0\r\nX-ElapsedTime: 31000\r\nX-StartTime: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n'), C6);
    const r = run([C1.subarray(3, 15), C2.subarray(2, 11), C2.subarray(2, 11), last]);
    expect(r.fired).toEqual([['PROCESSING', 1], ['PENDING', 2], ['PENDING', 3], ['DONE', 4]]);
    expect(r.meta.map((m) => m.name)).toEqual(['X-ResponseCode', 'X-ElapsedTime', 'X-StartTime']);
    expect(r.body).toEqual(C6);
    expect(r.damage).toEqual([]);
  });

  test('A.1 Connect without chunking, the spec\'s "<CLRF>" typo aside: same shape in one piece', () => {
    const body = fromHex('0000000000000000' + '60ea0000' + '06000000' + '10270000' + '00' + '41000000' + '00000000');
    const r = run([cat(ascii('PROCESSING\r\nDONE\r\nX-ResponseCode: 0\r\nX-ElapsedTime: 12\r\nX-StartTime: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n'), body)]);
    expect(kinds(r)).toEqual(['PROCESSING', 'DONE']);
    expect(r.body).toEqual(body);
  });

  test('A.3 PING: the stream ends right after the blank line, an empty body', () => {
    const r = run([ascii('PROCESSING\r\nDONE\r\nX-ResponseCode: 0\r\nX-ElapsedTime: 1\r\nX-StartTime: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n')]);
    expect(r.body).toEqual(new Uint8Array(0));
    expect(r.meta).toHaveLength(3);
    expect(r.damage).toEqual([]);
  });

  test('A.6: "Name:value" with no space after the colon', () => {
    const r = run([ascii('PROCESSING\r\nDONE\r\nX-ResponseCode:0\r\nX-ElapsedTime:\t7 \r\n\r\n')]);
    expect(r.meta).toEqual([{ name: 'X-ResponseCode', value: '0' }, { name: 'X-ElapsedTime', value: '7' }]);
  });
});

describe('gromox (reference D, REAL-SERVER-NOTES)', () => {
  const D_STREAM = cat(
    ascii('PROCESSING\r\nPENDINGPENDINGPROCESSING\r\nDONE\r\nX-ElapsedTime: 60\r\nX-StartTime: Mon, 01 Jan 2024 00:00:00 GMT\r\n\r\n'),
    C4.subarray(0x65),
  );
  test('PENDING without CRLF and a repeated PROCESSING, in one piece', () => {
    const r = run([D_STREAM]);
    expect(kinds(r)).toEqual(['PROCESSING', 'PENDING', 'PENDING', 'PROCESSING', 'DONE']);
    expect(r.meta).toEqual([{ name: 'X-ElapsedTime', value: '60' }, { name: 'X-StartTime', value: 'Mon, 01 Jan 2024 00:00:00 GMT' }]);
    expect(r.body).toEqual(C4.subarray(0x65));
    expect(r.damage).toEqual([]);
  });

  test('as the chunks arrive: c\\r\\nPROCESSING, 7\\r\\nPENDING twice, the final chunk; each keep-alive timed by its frame', () => {
    const r = run([ascii('PROCESSING\r\n'), ascii('PENDING'), ascii('PENDING'), D_STREAM.subarray(26)]);
    expect(r.fired).toEqual([['PROCESSING', 1], ['PENDING', 2], ['PENDING', 3], ['PROCESSING', 4], ['DONE', 4]]);
    expect(r.damage).toEqual([]);
  });

  test('byte by byte, and split at every position', () => {
    expect(kinds(run(bytewise(D_STREAM)))).toEqual(['PROCESSING', 'PENDING', 'PENDING', 'PROCESSING', 'DONE']);
    for (let cut = 0; cut <= D_STREAM.length; cut++) {
      const r = run([D_STREAM.subarray(0, cut), D_STREAM.subarray(cut)]);
      expect(kinds(r)).toHaveLength(5);
      expect(r.body).toEqual(C4.subarray(0x65));
    }
  });

  test('the body in a chunk of its own, after DONE\'s chunk', () => {
    const r = run([ascii('PROCESSING\r\nDONE\r\nX-ElapsedTime: 0\r\nX-StartTime: Sun, 22 Nov 2026 03:14:21 GMT\r\n\r\n'), C6]);
    expect(r.body).toEqual(C6);
  });

  test('an error page with X-ResponseCode ≠ 0 (text/html): not framed, kept as the body, no damage', () => {
    const page = ascii('<html><head><title>MAPI OVER HTTP ERROR</title></head><body><h1>Diagnostic Information</h1><p>text</p></body></html>');
    const r = run([page.subarray(0, 10), page.subarray(10)]);
    expect(r.framed).toBe(false);
    expect(r.lines).toEqual([]);
    expect(r.body).toEqual(page);
    expect(r.damage).toEqual([]);
  });
});

describe('tolerance and damage', () => {
  test('lower-case tags, LF line ends, blank lines between tags', () => {
    const r = run([ascii('processing\n\nPending\nDONE\nX-ResponseCode: 0\n\n'), fromHex('0102')]);
    expect(kinds(r)).toEqual(['PROCESSING', 'PENDING', 'DONE']);
    expect(r.body).toEqual(fromHex('0102'));
    expect(r.damage).toEqual([]);
  });

  test('an empty body (a 401, a 408): not framed, no body', () => {
    expect(run([])).toMatchObject({ framed: false, lines: [], meta: [], body: null, damage: [] });
  });

  test('a stream cut before DONE (a long poll still open at the end of the capture)', () => {
    const r = run([ascii('PROCESSING\r\nPENDING\r\n')]);
    expect(r.framed).toBe(true);
    expect(r.body).toBeNull();
    expect(r.damage).toEqual([expect.objectContaining({ reason: 'truncated', offset: 21, field: 'meta-tags' })]);
  });

  test('a stream cut inside the additional headers', () => {
    const r = run([ascii('PROCESSING\r\nDONE\r\nX-ElapsedTime: 1')]);
    expect(r.meta).toEqual([{ name: 'X-ElapsedTime', value: '1' }]);
    expect(r.body).toBeNull();
    expect(r.damage).toEqual([expect.objectContaining({ reason: 'truncated', offset: 34 })]);
  });

  test('an unknown line before DONE is a line of its own kind, reported once with a count', () => {
    const r = run([ascii('PROCESSING\r\nWORKING\r\nPENDING\r\nWORKING\r\nPENDX\r\nDONE\r\n\r\n')]);
    expect(kinds(r)).toEqual(['PROCESSING', 'WORKING', 'PENDING', 'WORKING', 'PENDX', 'DONE']);
    expect(r.damage).toEqual([expect.objectContaining({ reason: 'malformed', offset: 12, field: 'meta-tags', detail: expect.stringContaining('(3 times)') })]);
  });

  test('a body glued to the headers without the blank line', () => {
    const r = run([ascii('PROCESSING\r\nDONE\r\nX-ResponseCode: 0\r\n'), C6]);
    expect(r.body).toEqual(C6);
    expect(r.damage).toEqual([expect.objectContaining({ reason: 'malformed', offset: 37, field: 'additional headers' })]);
  });

  test('a header line without a colon', () => {
    const r = run([ascii('PROCESSING\r\nDONE\r\nnonsense\r\n\r\n')]);
    expect(r.meta).toEqual([{ name: 'nonsense', value: '' }]);
    expect(r.damage).toEqual([expect.objectContaining({ reason: 'malformed', offset: 18 })]);
  });

  test('0xDF is not "SS": no case folding beyond ASCII', () => {
    const r = run([cat(ascii('PROCE'), Uint8Array.of(0xdf), ascii('ING\r\n'))]);
    expect(r.framed).toBe(false);
  });

  test('whitespace before PROCESSING is tolerated, a page of it is not the inner stream', () => {
    expect(run([ascii('\r\nPROCESSING\r\nDONE\r\n\r\n')]).framed).toBe(true);
    const r = run([ascii(' '.repeat(40) + 'PROCESSING\r\n')]);
    expect(r.framed).toBe(false);
    expect(r.body).toHaveLength(52);
  });

  test('maxBodyBytes bounds what is kept: one limit damage, lines keep firing', () => {
    const body = new Uint8Array(1000).fill(7);
    const r = run([ascii('PROCESSING\r\nDONE\r\nX-ResponseCode: 0\r\n\r\n'), body], 500);
    expect(r.body!.length).toBeLessThanOrEqual(500);
    expect(r.body!.length).toBeGreaterThan(400);
    expect(r.damage).toEqual([expect.objectContaining({ reason: 'limit', field: 'maxBodyBytes' })]);
    expect(r.damage[0]!.offset).toBeLessThanOrEqual(39 + 1000);

    const storm = run([ascii('PROCESSING' + 'PENDING'.repeat(10_000))], 1000);
    expect(storm.fired).toHaveLength(10_001);
    expect(storm.lines.length).toBeLessThan(100);
    expect(storm.damage.map((d) => d.reason)).toEqual(['truncated', 'limit']);
  });

  test('a status line that does not fit is dropped at its own offset (fuzz counterexample)', () => {
    const r = run([ascii('PROCESSING')], 2);
    expect(r.fired).toEqual([['PROCESSING', 1]]);
    expect(r.lines).toEqual([]);
    expect(r.damage.find((d) => d.reason === 'limit')).toMatchObject({ offset: 9 });
  });

  test('unframed bodies are bounded too', () => {
    const r = run([new Uint8Array(5000).fill(0x3c)], 100);
    expect(r.framed).toBe(false);
    expect(r.body).toHaveLength(100);
    expect(r.damage).toEqual([expect.objectContaining({ reason: 'limit', offset: 100 })]);
  });

  test('push after end is ignored and end is idempotent', () => {
    const s = new MapiResponseStream({ maxBodyBytes: 100 });
    s.push(ascii('PROCESSING\r\nDONE\r\n\r\n'), at(1));
    const first = s.end(at(2));
    s.push(ascii('xyz'), at(3));
    expect(s.end(at(4))).toBe(first);
    expect(first.body).toEqual(new Uint8Array(0));
  });

  test('byte-at-a-time input is linear: 2 MB of PENDING in well under a second per MB', () => {
    const big = ascii('PROCESSING\r\n' + 'PENDING\r\n'.repeat(200_000) + 'DONE\r\n\r\n');
    const s = new MapiResponseStream({ maxBodyBytes: 1 << 16 });
    const t0 = performance.now();
    let n = 0;
    const f = at(1);
    for (let i = 0; i < big.length; i++) s.push(big.subarray(i, i + 1), f), n++;
    const r = s.end(f);
    const ms = performance.now() - t0;
    expect(n).toBe(big.length);
    expect(r.damage.map((d) => d.reason)).toEqual(['limit']);
    expect(ms).toBeLessThan(5000);
    expect(toHex(r.body!)).toBe('');
  });
});
