import { fromHex } from '../../core/hex.js';
import { bodyExtent, verificationTrailerStart } from './auth-verifier.js';
import { readPduHeader } from './pdu-header.js';
import { concat, requestPdu } from './testing/pdu-builder.js';

describe('sec_trailer', () => {
  it('is found at frag_length − auth_length − 8, and auth padding is excluded from the stub', () => {
    const stub = fromHex('01 02 03 04 05');
    const pdu = requestPdu({ callId: 1, opnum: 11, stub, auth: { type: 10, level: 6, token: new Uint8Array(16).fill(0xaa), contextId: 0x77 } });
    const h = readPduHeader(pdu);
    expect(h.authLength).toBe(16);
    // The trailer is 16-byte aligned from the body start (offset 16): 8 fixed + 5 stub bytes → 3 pad bytes.
    const ext = bodyExtent(pdu, h, 24);
    expect(ext.trailer).toEqual({ authType: 10, authLevel: 6, padLength: 3, contextId: 0x77 });
    expect(ext.stubEnd).toBe(29);
    expect(pdu.subarray(24, ext.stubEnd)).toEqual(stub);
  });

  it('reports an auth_pad_length that overruns the stub, and ignores it', () => {
    const pdu = requestPdu({ callId: 1, opnum: 0, stub: fromHex('aa bb'), auth: { type: 10, level: 5, token: new Uint8Array(16) } });
    const h = readPduHeader(pdu);
    const at = h.fragLength - 16 - 8;
    pdu[at + 2] = 200;
    const ext = bodyExtent(pdu, h, 24);
    expect(ext.damage?.field).toBe('auth_pad_length');
    expect(ext.stubEnd).toBe(at);
  });

  it('rejects an auth_length that leaves no room for the fixed body', () => {
    const pdu = requestPdu({ callId: 1, opnum: 0, stub: new Uint8Array(0), auth: { type: 10, level: 2, token: new Uint8Array(8) } });
    const h = readPduHeader(pdu);
    expect(() => bodyExtent(pdu, { ...h, authLength: h.fragLength - 16 - 8 }, 24)).toThrow(/sec_trailer/);
  });
});

describe('verification trailer ([MS-RPCE] 2.2.2.13)', () => {
  const signature = fromHex('8a e3 13 71 02 f4 36 71');
  const bitmask = fromHex('01 00 04 00 01 00 00 00');
  const header2End = fromHex('03 40 10 00 00 00 00 00 10 00 00 00 05 00 00 00 00 00 0b 00');

  it('is found when its commands walk exactly to the end of the stub', () => {
    const stub = fromHex('11 22 33 44 55 66 77 88');
    const full = concat(stub, signature, bitmask, header2End);
    expect(verificationTrailerStart(full)).toBe(8);
  });

  it('is not cut when the signature bytes are merely stub data', () => {
    const stub = concat(fromHex('00 00 00 00'), signature, fromHex('01 00 04 00 01 00 00 00 ff ff'));
    expect(verificationTrailerStart(stub)).toBe(-1);
    expect(verificationTrailerStart(concat(signature, fromHex('01 00 05 00 01 00 00 00 00')))).toBe(-1);
  });
});
