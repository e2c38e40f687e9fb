/**
 * What the HTTP transports do at their edges: the session cap ends sessions visibly, RPC over HTTP
 * refusals are not framed as PDUs, and an RTS PDU that breaks its header rules is reported while it is
 * still shown. Bytes are written by hand from MAPIHTTP.md §1–§3 and the reference's RPCH §4.2.
 */
import { ofType } from './support/collect.js';
import { concat, hex, Wire } from './support/wire.js';

const SERVER: [string, number] = ['10.0.0.1', 443];

function ping(cookie: string): string {
  return ['POST /mapi/emsmdb/ HTTP/1.1', 'Host: mail', 'Content-Type: application/mapi-http', 'Content-Length: 0', 'X-RequestType: PING', `X-RequestId: {00000000-0000-0000-0000-000000000001}:1`, `Cookie: MapiContext=${cookie}`, '', ''].join('\r\n');
}
const PING_OK = 'HTTP/1.1 200 OK\r\nContent-Type: application/mapi-http\r\nX-RequestType: PING\r\nX-ResponseCode: 0\r\nContent-Length: 37\r\n\r\nPROCESSING\r\nDONE\r\nX-ResponseCode: 0\r\n\r\n';

describe('the session cap', () => {
  it('ends the oldest live session with reason "evicted" and says so, so no session is left open silently', () => {
    const wire = new Wire({ maxSessions: 2 });
    ['ctx0', 'ctx1', 'ctx2', 'ctx3'].forEach((cookie, i) => {
      const c = wire.connection(['10.0.0.2', 50000 + i], SERVER);
      c.send(0, ping(cookie));
      c.send(1, PING_OK);
    });
    const events = wire.finish();
    const sessions = ofType(events, 'session');
    expect(sessions.map((s) => s.cookie)).toEqual(['MapiContext=ctx0', 'MapiContext=ctx1', 'MapiContext=ctx2', 'MapiContext=ctx3']);
    const ends = ofType(events, 'session-end');
    expect(ends.map((e) => [e.session, e.reason])).toEqual([
      [sessions[0]!.session, 'evicted'],
      [sessions[1]!.session, 'evicted'],
      [sessions[2]!.session, 'capture-end'],
      [sessions[3]!.session, 'capture-end'],
    ]);
    expect(ofType(events, 'finding').filter((f) => f.rule === 'analysis.limit')).toHaveLength(2);
  });
});

/** CONN/A1 (reference §4.2: flags 0, Version, Cookie VC, Cookie OUT, ReceiveWindowSize; 76 bytes) with the given pfc_flags. */
function connA1(pfcFlags: number): Uint8Array {
  return hex(`05 00 14 ${pfcFlags.toString(16).padStart(2, '0')} 10 00 00 00 4c 00 00 00 00 00 00 00  00 00 04 00
    06 00 00 00 01 00 00 00
    03 00 00 00 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11
    03 00 00 00 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22 22
    00 00 00 00 00 00 04 00`);
}
const OUT_DATA = (body: Uint8Array): Uint8Array =>
  concat(`RPC_OUT_DATA /rpc/rpcproxy.dll?mail:6001 HTTP/1.1\r\nHost: mail\r\nContent-Length: ${body.length}\r\nUser-Agent: MSRPC\r\n\r\n`, body);

describe('RPC over HTTP edges', () => {
  it('a 401 answer to RPC_OUT_DATA is a refusal: its HTML body is not framed as PDUs', () => {
    const wire = new Wire();
    const c = wire.connection(['10.0.0.2', 50100], SERVER);
    c.send(0, OUT_DATA(connA1(0x03)));
    const html = '<html><body>401 - Unauthorized: Access is denied due to invalid credentials.</body></html>';
    c.send(1, `HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\nWWW-Authenticate: Negotiate\r\nContent-Length: ${html.length}\r\n\r\n${html}`);
    const events = wire.finish();
    expect(ofType(events, 'finding').filter((f) => f.rule.startsWith('rpch.') || f.rule.startsWith('dcerpc.'))).toEqual([]);
    expect(ofType(events, 'rts').map((r) => r.name)).toEqual(['CONN/A1']);
  });

  it('an RTS PDU with pfc_flags other than 0x03 is still shown, and the broken rule is reported', () => {
    const wire = new Wire();
    const c = wire.connection(['10.0.0.2', 50101], SERVER);
    c.send(0, OUT_DATA(connA1(0x01)));
    const events = wire.finish();
    expect(ofType(events, 'rts')).toHaveLength(1);
    const findings = ofType(events, 'finding').filter((f) => f.rule.startsWith('rpch.'));
    expect(findings.length).toBeGreaterThanOrEqual(1);
    expect(findings[0]!.message).toMatch(/pfc_flags|PFC|0x01/i);
  });
});

/** A ClientHello (RFC 8446 §4.1.2) whose server_name (RFC 6066 §3) follows a 1400-byte padding extension (RFC 7685). */
function clientHello(host: string): Uint8Array {
  const be16 = (n: number): number[] => [n >> 8, n & 0xff];
  const name = [...host].map((c) => c.charCodeAt(0));
  const sni = [0x00, 0x00, ...be16(name.length + 5), ...be16(name.length + 3), 0x00, ...be16(name.length), ...name];
  const padding = [0x00, 0x15, ...be16(1400), ...new Array<number>(1400).fill(0)];
  const exts = [...padding, ...sni];
  const body = [0x03, 0x03, ...new Array<number>(32).fill(0x42), 0x00, ...be16(2), 0x13, 0x01, 0x01, 0x00, ...be16(exts.length), ...exts];
  const hs = [0x01, 0x00, ...be16(body.length), ...body];
  return Uint8Array.from([0x16, 0x03, 0x01, ...be16(hs.length), ...hs]);
}

describe('TLS', () => {
  it('a ClientHello split over two segments still yields its SNI', () => {
    const wire = new Wire();
    const c = wire.connection(['10.0.0.2', 50200], SERVER);
    const hello = clientHello('mail.contoso.example');
    c.send(0, hello.subarray(0, 1000));
    c.send(0, hello.subarray(1000));
    c.send(1, Uint8Array.of(0x16, 0x03, 0x03, 0x00, 0x02, 0x02, 0x00));
    wire.finish();
    expect(wire.ctx.encrypted).toEqual(['10.0.0.2:50200 → 10.0.0.1:443: TLS (SNI mail.contoso.example)']);
  });
});
