import { headerValue, headerValues, parseCookieHeader, parseSetCookie } from './headers.js';

const headers = [
  { name: 'Set-Cookie', value: 'sid=ale6icobe4i0lax2b1t5tezestq000td' },
  { name: 'X-ResponseCode', value: '0' },
  { name: 'set-cookie', value: 'sequence=aee76e14-22bd-4b2f-b142-97e8cd026d55; path=/mapi/' },
];

describe('header helpers', () => {
  it('headerValue finds the first value by case-insensitive name', () => {
    expect(headerValue(headers, 'SET-COOKIE')).toBe('sid=ale6icobe4i0lax2b1t5tezestq000td');
    expect(headerValue(headers, 'x-responsecode')).toBe('0');
    expect(headerValue(headers, 'Content-Length')).toBeUndefined();
  });

  it('headerValues returns every occurrence in wire order', () => {
    expect(headerValues(headers, 'set-cookie')).toEqual(['sid=ale6icobe4i0lax2b1t5tezestq000td', 'sequence=aee76e14-22bd-4b2f-b142-97e8cd026d55; path=/mapi/']);
    expect(headerValues(headers, 'cookie')).toEqual([]);
  });

  it('parseCookieHeader splits "a=1; b=2" (RFC 6265 §4.2.1), leniently', () => {
    // The Cookie line of the gromox capture (frame 8 of mapihttp-gromox-notify.pcap).
    expect(parseCookieHeader('sid=ale6icobe4i0lax2b1t5tezestq000td; sequence=aee76e14-22bd-4b2f-b142-97e8cd026d55')).toEqual([
      { name: 'sid', value: 'ale6icobe4i0lax2b1t5tezestq000td' },
      { name: 'sequence', value: 'aee76e14-22bd-4b2f-b142-97e8cd026d55' },
    ]);
    expect(parseCookieHeader('a=1;b=x=y; ; flag ;c=;  d = "q" ')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: 'x=y' },
      { name: 'c', value: '' },
      { name: 'd', value: '"q"' },
    ]);
    expect(parseCookieHeader('')).toEqual([]);
  });

  it('parseSetCookie takes the first pair and ignores attributes (RFC 6265 §5.2)', () => {
    expect(parseSetCookie('MapiContext=AbC=; path=/mapi/; secure; HttpOnly')).toEqual({ name: 'MapiContext', value: 'AbC=' });
    expect(parseSetCookie('sid=')).toEqual({ name: 'sid', value: '' });
    expect(parseSetCookie('no pair here; path=/')).toBeNull();
    expect(parseSetCookie('=orphan')).toBeNull();
  });
});
