import { fromHex } from '../../core/hex.js';
import { bodyExtent } from './auth-verifier.js';
import { PTYPE } from './constants.js';
import { decodeFault } from './fault.js';
import { readPduHeader } from './pdu-header.js';
import { decodeRequestFields, decodeResponseFields } from './request-response.js';
import { buildPdu } from './testing/pdu-builder.js';

// VECTORS-rpc.md V33: request carrying V21 (EcDoAsyncWaitEx).
const V33 = fromHex(`
05 00 00 03 10 00 00 00 30 00 00 00 07 00 00 00
18 00 00 00 00 00 00 00 00 00 00 00 e0 04 25 3f
89 4f d3 11 9a 0c 03 05 e8 2c 33 01 00 00 00 00`);
// V34: response carrying V22.
const V34 = fromHex(`
05 00 02 03 10 00 00 00 20 00 00 00 07 00 00 00
08 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00`);
// V35: fault, status 0x1C010003.
const V35 = fromHex(`
05 00 03 03 10 00 00 00 20 00 00 00 09 00 00 00
20 00 00 00 00 00 00 00 03 00 01 1c 00 00 00 00`);

describe('request (V33)', () => {
  it('decodes the fixed fields and locates the 24-byte stub', () => {
    const h = readPduHeader(V33);
    expect(h.ptype).toBe(PTYPE.request);
    expect(h.flags).toBe(0x03);
    expect(h.fragLength).toBe(0x30);
    expect(h.callId).toBe(7);
    const f = decodeRequestFields(V33, h);
    expect(f).toEqual({ allocHint: 0x18, contextId: 0, opnum: 0, objectUuid: null, stubStart: 24 });
    const ext = bodyExtent(V33, h, f.stubStart);
    expect(ext.trailer).toBeNull();
    expect(ext.stubEnd - f.stubStart).toBe(24);
  });

  it('skips a 16-byte object UUID when PFC_OBJECT_UUID is set', () => {
    const body = fromHex('04 00 00 00 01 00 0b 00  00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff  de ad be ef');
    const pdu = buildPdu({ ptype: PTYPE.request, flags: 0x83, callId: 3, body });
    const f = decodeRequestFields(pdu, readPduHeader(pdu));
    expect(f.contextId).toBe(1);
    expect(f.opnum).toBe(11);
    expect(f.objectUuid).toBe('33221100-5544-7766-8899-aabbccddeeff');
    expect(f.stubStart).toBe(40);
  });
});

describe('response (V34)', () => {
  it('decodes the fixed fields', () => {
    const h = readPduHeader(V34);
    expect(h.ptype).toBe(PTYPE.response);
    expect(h.callId).toBe(7);
    expect(decodeResponseFields(V34, h)).toEqual({ allocHint: 8, contextId: 0, cancelCount: 0, stubStart: 24 });
  });
});

describe('fault (V35)', () => {
  it('decodes status 0x1C010003 as nca_unk_if (C706 Appendix E; the reference mislabels it)', () => {
    const h = readPduHeader(V35);
    expect(h.ptype).toBe(PTYPE.fault);
    expect(h.callId).toBe(9);
    expect(decodeFault(V35, h)).toEqual({ allocHint: 0x20, contextId: 0, cancelCount: 0, extendedError: false, status: 0x1c010003, statusName: 'nca_unk_if' });
  });
});

describe('big-endian drep', () => {
  it('reads frag_length, call_id and opnum in network order', () => {
    const pdu = fromHex('05 00 00 03 00 00 00 00 00 1c 00 00 00 00 01 02  00 00 00 04 00 01 00 0b  de ad be ef');
    const h = readPduHeader(pdu);
    expect(h.littleEndian).toBe(false);
    expect(h.fragLength).toBe(28);
    expect(h.callId).toBe(0x0102);
    expect(decodeRequestFields(pdu, h)).toMatchObject({ allocHint: 4, contextId: 1, opnum: 11 });
  });
});
