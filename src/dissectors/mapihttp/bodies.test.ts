import { fromHex, toHex } from '../../core/hex.js';
import { decodeMapiRequestBody } from './request-bodies.js';
import { decodeMapiResponseBody } from './response-bodies.js';

/** Byte vectors of the reference (VECTORS-mapihttp.md section C), copied from its hex dumps. */
const C3 = fromHex('00 00 00 00 00 00 00 00');
const C4_BODY = fromHex('00 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00');
const C5 = fromHex('03 00 00 00 0a 00 00 00 00 00 04 00 02 00 02 00 02 00 07 80 00 00 00 00 00 00');
const C6 = fromHex('00 00 00 00 00 00 00 00 00 00 00 00 0d 00 00 00 00 00 04 00 05 00 05 00 05 00 6e 01 00 00 00 00 00');
const C8 = fromHex('01 00 00 00 00 00 00 00');

describe('request bodies', () => {
  test('C.3 NotificationWait request: Flags 0, no auxiliary buffer', () => {
    expect(decodeMapiRequestBody('NotificationWait', C3)).toEqual({
      value: { type: 'NotificationWait', flags: 0, auxiliaryBufferSize: 0, auxiliaryBuffer: new Uint8Array(0) },
    });
  });

  test('C.5 Execute request with no ROPs: Flags 3, a 10-byte RopBuffer, MaxRopOut 0x8007', () => {
    const r = decodeMapiRequestBody('Execute', C5);
    expect(r.damage).toBeUndefined();
    expect(r.value).toEqual({
      type: 'Execute',
      flags: 3,
      flagNames: ['NoCompression', 'NoXorMagic'],
      ropBufferSize: 10,
      ropBuffer: fromHex('00 00 04 00 02 00 02 00 02 00'),
      maxRopOut: 0x8007,
      auxiliaryBufferSize: 0,
      auxiliaryBuffer: new Uint8Array(0),
    });
  });

  test('the RopBuffer is an owned copy', () => {
    const body = C5.slice();
    const r = decodeMapiRequestBody('Execute', body);
    body.fill(0xee);
    expect(r.value).toMatchObject({ ropBuffer: fromHex('00 00 04 00 02 00 02 00 02 00') });
  });

  test('Connect request: ASCII UserDn, Flags, code page, LCIDs, auxiliary buffer (reference §3.3)', () => {
    const dn = '/o=Contoso/ou=First/cn=Recipients/cn=alice';
    const body = fromHex(toHex(new TextEncoder().encode(dn)) + '00' + '00000000' + 'e4040000' + '09040000' + '07040000' + '03000000' + 'aabbcc');
    expect(decodeMapiRequestBody('Connect', body).value).toEqual({
      type: 'Connect',
      userDn: dn,
      flags: 0,
      defaultCodePage: 1252,
      lcidSort: 1033,
      lcidString: 1031,
      auxiliaryBufferSize: 3,
      auxiliaryBuffer: fromHex('aabbcc'),
    });
  });

  test('Disconnect request: AuxiliaryBufferSize and the buffer only', () => {
    expect(decodeMapiRequestBody('Disconnect', fromHex('0200000001ff')).value).toEqual({
      type: 'Disconnect',
      auxiliaryBufferSize: 2,
      auxiliaryBuffer: fromHex('01ff'),
    });
  });

  test('PING has no body; the address book types are not decoded', () => {
    expect(decodeMapiRequestBody('PING', new Uint8Array(0))).toEqual({ value: { type: 'PING' } });
    expect(decodeMapiRequestBody('PING', fromHex('00'))).toMatchObject({ value: { type: 'PING' }, damage: { reason: 'malformed', offset: 0 } });
    expect(decodeMapiRequestBody('GetProps', fromHex('deadbeef'))).toEqual({ value: { type: 'GetProps', undecoded: true } });
  });

  test('Execute Flags bits beyond Chain are shown in hex', () => {
    const body = C5.slice();
    body[0] = 0x0c;
    expect(decodeMapiRequestBody('Execute', body).value).toMatchObject({ flags: 0x0c, flagNames: ['Chain', '0x00000008'] });
  });
});

describe('response bodies', () => {
  test('C.4 NotificationWait success, event pending (rule N10)', () => {
    expect(decodeMapiResponseBody('NotificationWait', C4_BODY)).toEqual({
      value: {
        type: 'NotificationWait',
        failed: false,
        statusCode: 0,
        errorCode: 0,
        eventPendingFlags: 1,
        eventPending: true,
        auxiliaryBufferSize: 0,
        auxiliaryBuffer: new Uint8Array(0),
      },
    });
    const timeout = C4_BODY.slice();
    timeout[8] = 0;
    expect(decodeMapiResponseBody('NotificationWait', timeout).value).toMatchObject({ eventPendingFlags: 0, eventPending: false });
  });

  test('C.6 Execute success carrying a RopPending', () => {
    const r = decodeMapiResponseBody('Execute', C6);
    expect(r.damage).toBeUndefined();
    expect(r.value).toEqual({
      type: 'Execute',
      failed: false,
      statusCode: 0,
      errorCode: 0,
      flags: 0,
      ropBufferSize: 13,
      ropBuffer: fromHex('00 00 04 00 05 00 05 00 05 00 6e 01 00'),
      auxiliaryBufferSize: 0,
      auxiliaryBuffer: new Uint8Array(0),
    });
  });

  test.each(['Connect', 'Execute', 'Disconnect', 'NotificationWait'] as const)('C.8 failure form for %s: StatusCode 1, no aux', (type) => {
    expect(decodeMapiResponseBody(type, C8)).toEqual({
      value: { type, failed: true, statusCode: 1, auxiliaryBufferSize: 0, auxiliaryBuffer: new Uint8Array(0) },
    });
  });

  test('Connect success: PollsMax, retries, ASCII DnPrefix, UTF-16LE DisplayName (reference §3.3)', () => {
    const body = fromHex(
      '00000000' + '15010480' + '60ea0000' + '06000000' + '10270000' + toHex(new TextEncoder().encode('/o=Contoso')) + '00' +
        '41006c00e90063006500' + '0000' + '01000000' + '5a',
    );
    expect(decodeMapiResponseBody('Connect', body)).toEqual({
      value: {
        type: 'Connect',
        failed: false,
        statusCode: 0,
        errorCode: 0x80040115,
        maxPollingInterval: 60000,
        retryCount: 6,
        retryDelay: 10000,
        dnPrefix: '/o=Contoso',
        displayName: 'Al\u00e9ce',
        auxiliaryBufferSize: 1,
        auxiliaryBuffer: fromHex('5a'),
      },
    });
  });

  test('Disconnect success and PING', () => {
    expect(decodeMapiResponseBody('Disconnect', new Uint8Array(12)).value).toEqual({
      type: 'Disconnect',
      failed: false,
      statusCode: 0,
      errorCode: 0,
      auxiliaryBufferSize: 0,
      auxiliaryBuffer: new Uint8Array(0),
    });
    expect(decodeMapiResponseBody('PING', new Uint8Array(0))).toEqual({ value: { type: 'PING' } });
    expect(decodeMapiResponseBody('Unbind', C8)).toEqual({ value: { type: 'Unbind', undecoded: true } });
  });
});

describe('damaged bodies', () => {
  test('trailing bytes: the value stands, damage at the first extra byte', () => {
    const r = decodeMapiResponseBody('Execute', fromHex(toHex(C6) + 'ffff'));
    expect(r.value).toMatchObject({ type: 'Execute', ropBufferSize: 13 });
    expect(r.damage).toMatchObject({ reason: 'malformed', offset: 33 });
  });

  test('a body that ends right before AuxiliaryBufferSize: read as empty, noted', () => {
    const r = decodeMapiResponseBody('Execute', C6.subarray(0, 29));
    expect(r.value).toMatchObject({ auxiliaryBufferSize: 0, ropBufferSize: 13 });
    expect(r.damage).toMatchObject({ reason: 'truncated', offset: 29, field: 'AuxiliaryBufferSize' });
  });

  test('a RopBufferSize beyond the bytes present: truncated, no value, nothing allocated from it', () => {
    const body = C5.slice();
    body.set([0xff, 0xff, 0xff, 0x7f], 4);
    const r = decodeMapiRequestBody('Execute', body);
    expect(r.value).toBeUndefined();
    expect(r.damage).toMatchObject({ reason: 'truncated', offset: 8, field: 'RopBuffer' });
  });

  test('an AuxiliaryBufferSize beyond the bytes present', () => {
    const r = decodeMapiResponseBody('NotificationWait', fromHex('00000000 00000000 00000000 10000000 0102'.replace(/ /g, '')));
    expect(r.value).toBeUndefined();
    expect(r.damage).toMatchObject({ reason: 'truncated', offset: 16, field: 'AuxiliaryBuffer' });
  });

  test('strings without their terminator', () => {
    expect(decodeMapiRequestBody('Connect', new TextEncoder().encode('/o=x')).damage).toMatchObject({ reason: 'truncated', offset: 0, field: 'UserDn' });
    const r = decodeMapiResponseBody('Connect', fromHex('00000000 00000000 00000000 00000000 00000000 00 4100 42'.replace(/ /g, '')));
    expect(r.damage).toMatchObject({ reason: 'truncated', offset: 21, field: 'DisplayName' });
  });

  test('empty and short bodies', () => {
    expect(decodeMapiResponseBody('Connect', new Uint8Array(0)).damage).toMatchObject({ reason: 'truncated', offset: 0, field: 'StatusCode' });
    expect(decodeMapiRequestBody('NotificationWait', fromHex('0000')).damage).toMatchObject({ reason: 'truncated', offset: 0, field: 'Flags' });
  });
});
