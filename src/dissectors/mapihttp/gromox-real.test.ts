import { readFileSync } from 'node:fs';
import type { FrameRef } from '../../core/frame-ref.js';
import { fromHex } from '../../core/hex.js';
import { withLimits } from '../../core/limits.js';
import { decodeAuxBlocks } from '../rpc-ext/aux-blocks.js';
import { decodeHeaderExtChain } from '../rpc-ext/header-ext.js';
import { mapiSessionCookies } from './cookies.js';
import { elapsedTime, headerValue, parseRequestId, pendingPeriodMs, startTime } from './headers.js';
import { decodeMapiRequestBody } from './request-bodies.js';
import { endpointOf, requestTypeOf } from './request-types.js';
import { decodeMapiResponseBody } from './response-bodies.js';
import { responseCodeName, responseCodeOf } from './response-codes.js';
import { MapiResponseStream } from './response-stream.js';
import type { HttpHeader, MapiResponse, MapiResponseStreamResult } from './types.js';

/** The ten exchanges of the gromox capture, extracted with tshark (testdata/README.md). */
interface Exchange {
  type: string;
  requestFrame: number;
  responseFrame: number;
  requestLine: string;
  requestHeaders: HttpHeader[];
  requestBody: string;
  statusLine: string;
  responseHeaders: HttpHeader[];
  responseBody: string;
  responseChunks: { frame: number; hex: string }[] | null;
}
const exchanges = (
  JSON.parse(readFileSync(new URL('./testdata/gromox-mapihttp.json', import.meta.url), 'utf8')) as { exchanges: Exchange[] }
).exchanges;
const at = (frame: number): FrameRef => ({ frame, time: { sec: 0, nsec: 0 } });

/** The inner stream fed as the capture delivered it: chunk by chunk, each in the frame that completed it. */
function stream(e: Exchange): MapiResponseStreamResult {
  const s = new MapiResponseStream({ maxBodyBytes: 1 << 20 });
  for (const c of e.responseChunks ?? [{ frame: e.responseFrame, hex: e.responseBody }]) s.push(fromHex(c.hex), at(c.frame));
  return s.end(at(e.responseFrame));
}

describe('every exchange of the gromox capture decodes without damage', () => {
  test.each(exchanges.map((e) => [e.type, e.requestFrame, e] as const))('%s (frame %i)', (type, _f, e) => {
    expect(requestTypeOf(e.requestHeaders)).toBe(type);
    expect(headerValue(e.responseHeaders, 'x-requesttype')).toBe(type);
    expect(endpointOf(e.requestLine.split(' ')[1]!)).toBe('emsmdb');
    expect(parseRequestId(headerValue(e.responseHeaders, 'X-RequestId')!)).toEqual(parseRequestId(headerValue(e.requestHeaders, 'X-RequestId')!));
    expect(responseCodeName(responseCodeOf(headerValue(e.responseHeaders, 'X-ResponseCode'))!)).toBe('Success');
    expect(pendingPeriodMs(headerValue(e.responseHeaders, 'X-PendingPeriod'))).toBe(30000);

    const req = decodeMapiRequestBody(requestTypeOf(e.requestHeaders)!, fromHex(e.requestBody));
    expect(req.damage).toBeUndefined();
    expect(req.value!.type).toBe(type);

    const s = stream(e);
    expect(s.framed).toBe(true);
    expect(s.damage).toEqual([]);
    expect(s.meta.map((m) => m.name)).toEqual(['X-ElapsedTime', 'X-StartTime']);
    expect(startTime(s.meta[1]!.value).epochMs).not.toBeNull();
    const res = decodeMapiResponseBody(requestTypeOf(e.requestHeaders)!, s.body!);
    expect(res.damage).toBeUndefined();
    expect(res.value!.type).toBe(type);
  });
});

const byFrame = (f: number): Exchange => exchanges.find((e) => e.requestFrame === f)!;
const response = (f: number): MapiResponse => decodeMapiResponseBody(byFrame(f).type as 'Connect', stream(byFrame(f)).body!).value!;

describe('values checked by hand against the layouts (reference §3)', () => {
  test('Connect request (frame 4): the user DN, code page 1252, LCIDs 1033, no aux', () => {
    expect(decodeMapiRequestBody('Connect', fromHex(byFrame(4).requestBody)).value).toEqual({
      type: 'Connect',
      userDn: '/o=Gromox default/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=0100000001000000-alice',
      flags: 0,
      defaultCodePage: 1252,
      lcidSort: 1033,
      lcidString: 1033,
      auxiliaryBufferSize: 0,
      auxiliaryBuffer: new Uint8Array(0),
    });
  });

  test('Connect response (frame 6): PollsMax 60000, 6 retries 10 s apart, empty DnPrefix, "Alice Lab", 36 bytes of aux', () => {
    const r = response(4);
    expect(r).toMatchObject({
      type: 'Connect',
      failed: false,
      statusCode: 0,
      errorCode: 0,
      maxPollingInterval: 60000,
      retryCount: 6,
      retryDelay: 10000,
      dnPrefix: '',
      displayName: 'Alice Lab',
      auxiliaryBufferSize: 36,
    });
    // REAL-SERVER-NOTES: EXORGINFO (0x17), CLIENT_CONTROL (0x0A), ENDPOINT_CAPABILITIES (0x48) behind Flags 0x0004.
    const aux = (r as { auxiliaryBuffer: Uint8Array }).auxiliaryBuffer;
    const chain = decodeHeaderExtChain(aux, withLimits(), { single: true });
    expect(chain.payloads.map((p) => p.flags)).toEqual([0x0004]);
    expect(decodeAuxBlocks(chain.payloads[0]!.data).map((b) => b.type)).toEqual([0x17, 0x0a, 0x48]);
  });

  test.each([
    [8, 3, ['NoCompression', 'NoXorMagic'], 148, 0x40000, '000004008c008c00'],
    [10, 0, [], 85, 0x40000, '000004004d004d00'],
    [25, 0, [], 10, 0x40000, '0000040002000200'],
    [42, 3, ['NoCompression', 'NoXorMagic'], 10, 0x100, '0000040002000200'],
  ])('Execute request (frame %i): Flags %i, RopBufferSize %i, MaxRopOut', (frame, flags, names, size, maxRopOut, headerExt) => {
    const v = decodeMapiRequestBody('Execute', fromHex(byFrame(frame).requestBody)).value as { ropBuffer: Uint8Array };
    expect(v).toMatchObject({ flags, flagNames: names, ropBufferSize: size, maxRopOut, auxiliaryBufferSize: 0 });
    expect(v.ropBuffer.subarray(0, 8)).toEqual(fromHex(headerExt));
  });

  test.each([
    [8, 190, '00000400b600b600'],
    [25, 285, '0000050015017a01'],
    [42, 248, '00000400f000f000'],
  ])('Execute response to frame %i: StatusCode 0, Flags 0 whatever the request asked, RopBufferSize %i, aux 0', (frame, size, headerExt) => {
    const v = response(frame) as { ropBuffer: Uint8Array };
    expect(v).toMatchObject({ type: 'Execute', failed: false, statusCode: 0, errorCode: 0, flags: 0, ropBufferSize: size, auxiliaryBufferSize: 0 });
    expect(v.ropBuffer.subarray(0, 8)).toEqual(fromHex(headerExt));
  });

  test('the Execute response to frame 42 ends its ROPs with RopPending (0x6E), SessionIndex 1', () => {
    const v = response(42) as { ropBuffer: Uint8Array };
    expect(v.ropBuffer.subarray(-3)).toEqual(fromHex('6e0100'));
  });

  test('NotificationWait (frames 15, 31): Flags 0; both complete with EventPending 1', () => {
    for (const f of [15, 31]) {
      expect(decodeMapiRequestBody('NotificationWait', fromHex(byFrame(f).requestBody)).value).toMatchObject({ flags: 0, auxiliaryBufferSize: 0 });
      expect(response(f)).toMatchObject({ type: 'NotificationWait', statusCode: 0, errorCode: 0, eventPendingFlags: 1, eventPending: true });
    }
  });

  test('the long poll of frame 31: PROCESSING at once, PENDING in frame 35, PROCESSING and DONE in frame 37; X-ElapsedTime in seconds', () => {
    const s = stream(byFrame(31));
    expect(s.lines.map((l) => [l.kind, l.at.frame])).toEqual([['PROCESSING', 33], ['PENDING', 35], ['PROCESSING', 37], ['DONE', 37]]);
    expect(elapsedTime(s.meta[0]!.value)).toEqual({ raw: '33', number: 33 });
    expect(startTime(s.meta[1]!.value).epochMs).toBe(Date.UTC(2026, 10, 22, 3, 14, 25));
  });

  test('PING (frame 47): no request body, a response with the text part only', () => {
    expect(fromHex(byFrame(47).requestBody)).toHaveLength(0);
    const s = stream(byFrame(47));
    expect(s.lines.map((l) => l.kind)).toEqual(['PROCESSING', 'DONE']);
    expect(s.body).toEqual(new Uint8Array(0));
  });

  test('Disconnect (frame 49): an empty aux in, StatusCode 0 ErrorCode 0 out', () => {
    expect(decodeMapiRequestBody('Disconnect', fromHex(byFrame(49).requestBody)).value).toEqual({
      type: 'Disconnect',
      auxiliaryBufferSize: 0,
      auxiliaryBuffer: new Uint8Array(0),
    });
    expect(response(49)).toMatchObject({ type: 'Disconnect', failed: false, statusCode: 0, errorCode: 0 });
  });
});

describe('session identity across the capture', () => {
  const cookies = exchanges.map((e) => mapiSessionCookies(e.requestHeaders, e.responseHeaders));

  test('one session context for all ten exchanges, set by the Connect response', () => {
    expect(new Set(cookies.map((c) => c.key))).toEqual(new Set(['sid=ale6icobe4i0lax2b1t5tezestq000td']));
    expect(cookies[0]).toEqual({
      key: 'sid=ale6icobe4i0lax2b1t5tezestq000td',
      setSid: 'ale6icobe4i0lax2b1t5tezestq000td',
      setSequence: 'aee76e14-22bd-4b2f-b142-97e8cd026d55',
    });
  });

  test('each request sends the sequence cookie most recently set (gromox rotates it, not on PING or NotificationWait)', () => {
    const byResponse = [...exchanges].sort((x, y) => x.responseFrame - y.responseFrame);
    for (const e of exchanges) {
      const c = mapiSessionCookies(e.requestHeaders, e.responseHeaders);
      const latest = byResponse
        .filter((x) => x.responseFrame < e.requestFrame)
        .map((x) => mapiSessionCookies(x.requestHeaders, x.responseHeaders).setSequence)
        .filter((v) => v !== undefined)
        .pop();
      if (e.type !== 'Connect') expect({ frame: e.requestFrame, sequence: c.sequence }).toEqual({ frame: e.requestFrame, sequence: latest });
      if (e.type === 'PING' || e.type === 'NotificationWait') expect(c.setSequence).toBeUndefined();
      else expect(c.setSequence).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('X-RequestId: one GUID for the session, the counter rising 1…10', () => {
    const ids = [...exchanges].sort((a, b) => a.requestFrame - b.requestFrame).map((e) => parseRequestId(headerValue(e.requestHeaders, 'X-RequestId')!)!);
    expect(new Set(ids.map((i) => i.guid))).toEqual(new Set(['6f0b6a0e-1c55-4c8e-9a34-1a2b3c4d5e6f']));
    expect(ids.map((i) => i.counter)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
