import { clientHelloSni, looksLikeTls } from './client-hello.js';

/** A minimal ClientHello with server_name "mail.contoso.com", built field by field (RFC 8446 §4.1.2, RFC 6066 §3). */
function clientHello(host: string): Uint8Array {
  const name = [...Buffer.from(host, 'latin1')];
  const sniList = [0x00, (name.length >> 8) & 0xff, name.length & 0xff, ...name];
  const sniExt = [0x00, 0x00, ((sniList.length + 2) >> 8) & 0xff, (sniList.length + 2) & 0xff, (sniList.length >> 8) & 0xff, sniList.length & 0xff, ...sniList];
  const body = [
    0x03, 0x03, ...new Array(32).fill(0x11), // legacy_version, random
    0x00, // session id
    0x00, 0x02, 0x13, 0x01, // one cipher suite
    0x01, 0x00, // compression null
    (sniExt.length >> 8) & 0xff, sniExt.length & 0xff, ...sniExt,
  ];
  const hs = [0x01, 0x00, (body.length >> 8) & 0xff, body.length & 0xff, ...body];
  return Uint8Array.from([0x16, 0x03, 0x01, (hs.length >> 8) & 0xff, hs.length & 0xff, ...hs]);
}

describe('TLS ClientHello', () => {
  it('recognises a TLS handshake record and reads the SNI', () => {
    const p = clientHello('mail.contoso.com');
    expect(looksLikeTls(p)).toBe(true);
    expect(clientHelloSni(p)).toBe('mail.contoso.com');
  });
  it('returns null for a cut ClientHello and rejects plain text', () => {
    const p = clientHello('mail.contoso.com');
    for (let n = 0; n < p.length; n++) expect(() => clientHelloSni(p.subarray(0, n))).not.toThrow();
    expect(clientHelloSni(p.subarray(0, 30))).toBeNull();
    expect(looksLikeTls(Buffer.from('GET / HTTP/1.1\r\n'))).toBe(false);
  });
});
