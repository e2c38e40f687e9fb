import { mapiSessionCookies } from './cookies.js';
import { decimalValue, elapsedTime, expirationMs, parseRequestId, pendingPeriodMs, startTime } from './headers.js';
import { endpointOf, requestTypeOf } from './request-types.js';
import { responseCodeName, responseCodeOf } from './response-codes.js';
import type { HttpHeader } from './types.js';

const h = (...pairs: [string, string][]): HttpHeader[] => pairs.map(([name, value]) => ({ name, value }));

describe('requestTypeOf', () => {
  test.each([
    ['Connect', 'Connect'],
    ['execute', 'Execute'],
    ['NOTIFICATIONWAIT', 'NotificationWait'],
    ['  Disconnect ', 'Disconnect'],
    ['ping', 'PING'],
    ['PING', 'PING'],
    ['Bind', 'Bind'],
    ['compareMIds', 'CompareMIds'],
    ['DNToMId', 'DNToMId'],
    ['getmailboxurl', 'GetMailboxUrl'],
    ['GetAddressBookUrl', 'GetAddressBookUrl'],
  ])('X-RequestType: %s → %s', (value, type) => {
    expect(requestTypeOf(h(['x-requesttype', value]))).toBe(type);
  });
  test('unknown or absent', () => {
    // The section name CompareMinIds is not the wire token CompareMIds (reference §3.1).
    expect(requestTypeOf(h(['X-RequestType', 'CompareMinIds']))).toBeNull();
    expect(requestTypeOf(h(['X-RequestType', '']))).toBeNull();
    expect(requestTypeOf(h(['Content-Type', 'application/mapi-http']))).toBeNull();
  });
});

describe('endpointOf', () => {
  test.each([
    ['/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e@Contoso.com', 'emsmdb'],
    ['https://mail.Contoso.com/mapi/emsmdb/?MailboxId=416c6368-656d-794a-6f45-57615272456e@Contoso.com', 'emsmdb'],
    ['https://mail.Contoso.com/mapi/nspi/?MailboxId=416c6368-656d-794a-6f45-57615272456e@Contoso.com', 'nspi'],
    ['/MAPI/NSPI/', 'nspi'],
    ['/mapi/emsmdb', 'emsmdb'],
    ['/mapi/emsmdb?x=1', 'emsmdb'],
    ['http://127.0.0.1:10080/mapi/emsmdb/?MailboxId=alice@lab.test', 'emsmdb'],
  ])('%s → %s', (target, endpoint) => expect(endpointOf(target)).toBe(endpoint));
  test.each(['/mapi/emsmdbx/', '/rpc/rpcproxy.dll?127.0.0.1:6001', '/owa/mapi/emsmdb/', '/?/mapi/emsmdb/', '', '*'])('%s → null', (t) =>
    expect(endpointOf(t)).toBeNull(),
  );
});

describe('X-RequestId and X-ClientInfo', () => {
  test('reference B: the spec examples', () => {
    expect(parseRequestId('{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:123456')).toEqual({ guid: 'e2ea6c1c-e61b-49e9-9cfb-38184f907552', counter: 123456 });
    expect(parseRequestId('{2EF33C39-49C8-421C-B876-CDF7F2AC3AA0}:123')).toEqual({ guid: '2ef33c39-49c8-421c-b876-cdf7f2ac3aa0', counter: 123 });
  });
  test('ruler sends no counter (reference §1.2)', () => {
    expect(parseRequestId('{2F94A2BF-A2E7-4E41-A1B8-9C7D7C6F2A31}')).toEqual({ guid: '2f94a2bf-a2e7-4e41-a1b8-9c7d7c6f2a31', counter: null });
  });
  test.each(['', '{E2EA6C1C}:1', 'E2EA6C1C-E61B-49E9-9CFB-38184F907552:x', '{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:', '{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:1:2'])(
    '%j is not a request id',
    (v) => expect(parseRequestId(v)).toBeNull(),
  );
});

describe('numeric headers', () => {
  test('X-PendingPeriod, X-ExpirationInfo, X-ResponseCode', () => {
    expect(pendingPeriodMs('15000')).toBe(15000);
    expect(pendingPeriodMs(' 30000 ')).toBe(30000);
    expect(expirationMs('900000')).toBe(900000);
    expect(responseCodeOf('0')).toBe(0);
    expect(responseCodeOf('10')).toBe(10);
    for (const bad of ['', '-1', '1.5', '0x10', 'abc', '1e3', undefined]) expect(decimalValue(bad)).toBeNull();
  });
  test('X-ResponseCode names of reference §1.4', () => {
    expect(responseCodeName(0)).toBe('Success');
    expect(responseCodeName(6)).toBe('Invalid Context Cookie');
    expect(responseCodeName(10)).toBe('Context Not Found');
    expect(responseCodeName(15)).toBe('Invalid Sequence');
    expect(responseCodeName(18)).toBe('Endpoint Shutting Down');
    expect(responseCodeName(19)).toBeNull();
    expect(responseCodeName(-1)).toBeNull();
  });
  test('X-ElapsedTime kept raw with its number, whatever the unit', () => {
    expect(elapsedTime('33')).toEqual({ raw: '33', number: 33 });
    expect(elapsedTime('n/a')).toEqual({ raw: 'n/a', number: null });
  });
  test('X-StartTime as RFC 1123 date', () => {
    expect(startTime('Mon, 01 Jan 2024 00:00:00 GMT')).toEqual({ raw: 'Mon, 01 Jan 2024 00:00:00 GMT', epochMs: Date.UTC(2024, 0, 1) });
    expect(startTime('yesterday').epochMs).toBeNull();
    expect(startTime('2024-01-01').epochMs).toBeNull();
  });
});

describe('mapiSessionCookies', () => {
  test('Exchange: MapiContext and MapiSequence on separate Cookie lines (spec example 4.2)', () => {
    const c = mapiSessionCookies(h(['Cookie', 'MapiContext=ctx-1'], ['Cookie', 'MapiSequence=seq-7']));
    expect(c).toEqual({ key: 'MapiContext=ctx-1', context: 'ctx-1', sequence: 'seq-7' });
  });
  test('one Cookie line with several cookies and an opaque one (reference B: "cookie1=value1; cookie2=value2")', () => {
    const c = mapiSessionCookies(h(['cookie', 'X-BackEndCookie=abc=def; MapiSequence="s2"; MapiContext=c2']));
    expect(c).toEqual({ key: 'MapiContext=c2', context: 'c2', sequence: 's2' });
  });
  test('a first Connect: no Cookie, the key comes from Set-Cookie; attributes ignored', () => {
    const c = mapiSessionCookies(
      h(['X-RequestType', 'Connect']),
      h(['Set-Cookie', 'MapiContext=new-ctx; path=/mapi/emsmdb; secure; HttpOnly'], ['Set-Cookie', 'MapiSequence=new-seq; path=/']),
    );
    expect(c).toEqual({ key: 'MapiContext=new-ctx', setContext: 'new-ctx', setSequence: 'new-seq' });
  });
  test('a reconnect (reference A.4): the key stays the old context, the new one is in setContext', () => {
    const c = mapiSessionCookies(h(['Cookie', 'MapiContext=old; MapiSequence=old-s']), h(['Set-Cookie', 'MapiContext=new'], ['Set-Cookie', 'MapiSequence=new-s']));
    expect(c.key).toBe('MapiContext=old');
    expect(c.setContext).toBe('new');
    expect(c.setSequence).toBe('new-s');
  });
  test('gromox: sid and sequence; the key never names the sequence', () => {
    const c = mapiSessionCookies(h(['Cookie', 'sequence=aee76e14-22bd-4b2f-b142-97e8cd026d55; sid=ale6icobe4i0lax2b1t5tezestq000td']));
    expect(c).toEqual({ key: 'sid=ale6icobe4i0lax2b1t5tezestq000td', sid: 'ale6icobe4i0lax2b1t5tezestq000td', sequence: 'aee76e14-22bd-4b2f-b142-97e8cd026d55' });
    expect(mapiSessionCookies(h(['Cookie', 'MapiSequence=only']))).toEqual({ key: null, sequence: 'only' });
  });
  test('a refused gromox Connect sets an empty sid: no session (REAL-SERVER-NOTES)', () => {
    expect(mapiSessionCookies(h(), h(['Set-Cookie', 'sid=']))).toEqual({ key: null, setSid: '' });
  });
  test('no cookies at all, malformed pairs', () => {
    expect(mapiSessionCookies(h(['Cookie', ';;=x; novalue']))).toEqual({ key: null });
    expect(mapiSessionCookies(h())).toEqual({ key: null });
  });
});
