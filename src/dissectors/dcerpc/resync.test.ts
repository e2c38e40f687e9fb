import { fromHex } from '../../core/hex.js';
import { findPduStart, plausibleHeaderAt, scanForPdu } from './resync.js';
import { sniffDceRpc } from './sniff.js';
import { bindPdu, concat, requestPdu, responsePdu } from './testing/pdu-builder.js';

const EMSMDB = 'a4f1db00-ca47-1067-b31f-00dd010662da';

describe('plausibleHeaderAt', () => {
  const req = requestPdu({ callId: 5, opnum: 11, stub: new Uint8Array(40) });

  it('accepts a real header and returns its frag_length', () => {
    expect(plausibleHeaderAt(req, 0, req.length, 0xffff)).toBe(req.length);
  });

  it('rejects a bare 05 00 with a connectionless PTYPE, bad drep or impossible lengths', () => {
    const t = (patch: (b: Uint8Array) => void): number => {
      const b = req.slice();
      patch(b);
      return plausibleHeaderAt(b, 0, b.length, 0xffff);
    };
    expect(t((b) => (b[2] = 4))).toBe(0); // working: connectionless
    expect(t((b) => (b[1] = 2))).toBe(0);
    expect(t((b) => (b[4] = 0x11))).toBe(0);
    expect(t((b) => (b[6] = 1))).toBe(0);
    expect(t((b) => ((b[8] = 8), (b[9] = 0)))).toBe(0); // frag_length 8
    expect(t((b) => ((b[8] = 20), (b[9] = 0)))).toBe(0); // request shorter than 24
    expect(t((b) => ((b[10] = 0xf0), (b[11] = 0)))).toBe(0); // auth_length beyond frag
    expect(plausibleHeaderAt(req, 0, req.length, 32)).toBe(0); // above the cap
  });

  it('says "need more" for a consistent partial header', () => {
    expect(plausibleHeaderAt(req, 0, 6, 0xffff)).toBe(-1);
    expect(plausibleHeaderAt(fromHex('05 00 04'), 0, 3, 0xffff)).toBe(0);
  });
});

describe('findPduStart', () => {
  const a = requestPdu({ callId: 1, opnum: 11, stub: new Uint8Array(30).fill(0x41) });
  const b = requestPdu({ callId: 2, opnum: 11, stub: new Uint8Array(10) });

  it('finds a header after garbage and requires the next header to hold', () => {
    const bytes = concat(fromHex('ff ee dd'), a, b);
    expect(findPduStart(bytes)).toBe(3);
  });

  it('does not take a decoy header inside stub data', () => {
    // The decoy claims 24 bytes; the bytes at +24 are stub data, not a header.
    const decoy = fromHex('05 00 00 03 10 00 00 00 18 00 00 00 09 00 00 00 ff ff ff ff 00 00 0b 00');
    const carrier = requestPdu({ callId: 3, opnum: 11, stub: concat(new Uint8Array(8).fill(0x42), decoy, new Uint8Array(12).fill(0x43)) });
    const bytes = concat(carrier.subarray(20), b);
    expect(findPduStart(bytes)).toBe(carrier.length - 20);
    // Streaming: the real header ends exactly at the end of the data, so it waits for confirmation.
    expect(scanForPdu(bytes, 0, bytes.length, 0xffff, { final: false })).toEqual({ kind: 'wait', at: carrier.length - 20 });
    const more = concat(bytes, b);
    expect(scanForPdu(more, 0, more.length, 0xffff, { final: false })).toEqual({ kind: 'found', at: carrier.length - 20 });
  });

  it('returns -1 when nothing holds together', () => {
    expect(findPduStart(fromHex('05 00 00 03 10 00 00 00'))).toBe(-1);
    expect(findPduStart(new Uint8Array(100))).toBe(-1);
  });

  it('waits for the bytes that confirm a candidate when more may come', () => {
    expect(scanForPdu(a, 0, 20, 0xffff, { final: false })).toEqual({ kind: 'wait', at: 0 });
    const both = concat(a, b);
    expect(scanForPdu(both, 0, a.length + 5, 0xffff, { final: false })).toEqual({ kind: 'wait', at: 0 });
    expect(scanForPdu(both, 0, a.length + 5, 0xffff, { final: true })).toEqual({ kind: 'found', at: 0 });
  });

  it('accepts a PDU ending exactly at the end of the data only from the anchor or with other evidence', () => {
    const bytes = concat(fromHex('ff ff'), a);
    expect(scanForPdu(bytes, 0, bytes.length, 0xffff, { final: false })).toEqual({ kind: 'wait', at: 2 });
    expect(scanForPdu(bytes, 0, bytes.length, 0xffff, { final: false, anchor: 0 })).toEqual({ kind: 'wait', at: 2 });
    expect(scanForPdu(bytes, 2, bytes.length, 0xffff, { final: false, anchor: 2 })).toEqual({ kind: 'found', at: 2 });
    expect(scanForPdu(bytes, 0, bytes.length, 0xffff, { final: false, vouch: (x, p) => x[p + 12] === 1 })).toEqual({ kind: 'found', at: 2 });
  });
});

describe('sniffDceRpc', () => {
  const bind = bindPdu({ callId: 1, contexts: [{ id: 0, uuid: EMSMDB, major: 0, minor: 81 }] });

  it('says yes for a header at offset 0, also after the ncacn_http/1.0 prefix', () => {
    expect(sniffDceRpc(bind)).toBe('yes');
    const prefix = Uint8Array.from('ncacn_http/1.0', (c) => c.charCodeAt(0));
    expect(sniffDceRpc(concat(prefix, bind))).toBe('yes');
    expect(sniffDceRpc(prefix)).toBe('maybe');
  });

  it('says maybe for short data and for a header found mid-stream', () => {
    expect(sniffDceRpc(fromHex('05 00 0b'))).toBe('maybe');
    const resp = responsePdu({ callId: 4, stub: new Uint8Array(64) });
    expect(sniffDceRpc(concat(new Uint8Array(100).fill(0x61), resp))).toBe('maybe');
  });

  it('says no for other protocols', () => {
    expect(sniffDceRpc(Uint8Array.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n', (c) => c.charCodeAt(0)))).toBe('no');
    expect(sniffDceRpc(new Uint8Array(5000).fill(7))).toBe('no');
  });
});
