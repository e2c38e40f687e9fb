import { fromHex } from '../../core/hex.js';
import { bodyExtent } from './auth-verifier.js';
import { decodeBind, decodeBindAck, decodeBindNak } from './bind.js';
import { PTYPE } from './constants.js';
import { readPduHeader } from './pdu-header.js';
import { bindAckPdu, buildPdu } from './testing/pdu-builder.js';

// VECTORS-rpc.md V31: bind for EMSMDB with bind-time feature negotiation.
const V31 = fromHex(`
05 00 0b 03 10 00 00 00 74 00 00 00 01 00 00 00
d0 16 d0 16 00 00 00 00 02 00 00 00 00 00 01 00
00 db f1 a4 47 ca 67 10 b3 1f 00 dd 01 06 62 da
00 00 51 00 04 5d 88 8a eb 1c c9 11 9f e8 08 00
2b 10 48 60 02 00 00 00 01 00 01 00 00 db f1 a4
47 ca 67 10 b3 1f 00 dd 01 06 62 da 00 00 51 00
2c 1c b7 6c 12 98 40 45 03 00 00 00 00 00 00 00
01 00 00 00`);

// V32: bind_ack with sec_addr "6001", one acceptance and one negotiate_ack.
const V32 = fromHex(`
05 00 0c 03 10 00 00 00 54 00 00 00 01 00 00 00
d0 16 d0 16 45 23 01 00 05 00 36 30 30 31 00 00
02 00 00 00 00 00 00 00 04 5d 88 8a eb 1c c9 11
9f e8 08 00 2b 10 48 60 02 00 00 00 03 00 03 00
00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
00 00 00 00`);

describe('bind (V31)', () => {
  it('decodes the header', () => {
    const h = readPduHeader(V31);
    expect(h).toEqual({ rpcVersMinor: 0, ptype: PTYPE.bind, flags: 0x03, littleEndian: true, drep: 0x10000000, fragLength: 0x74, authLength: 0, callId: 1 });
  });

  it('decodes both context elements, EMSMDB version 0.81 from bytes 00 00 51 00', () => {
    const h = readPduHeader(V31);
    const b = decodeBind(V31, h, bodyExtent(V31, h, 16).stubEnd);
    expect(b.maxXmitFrag).toBe(5840);
    expect(b.maxRecvFrag).toBe(5840);
    expect(b.assocGroupId).toBe(0);
    expect(b.contexts).toEqual([
      {
        contextId: 0,
        abstract: { uuid: 'a4f1db00-ca47-1067-b31f-00dd010662da', major: 0, minor: 81 },
        transfers: [{ uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', major: 2, minor: 0 }],
      },
      {
        contextId: 1,
        abstract: { uuid: 'a4f1db00-ca47-1067-b31f-00dd010662da', major: 0, minor: 81 },
        transfers: [{ uuid: '6cb71c2c-9812-4540-0300-000000000000', major: 1, minor: 0 }],
      },
    ]);
  });

  it('refuses a context count that cannot fit', () => {
    const bad = V31.slice();
    bad[24] = 200;
    const h = readPduHeader(bad);
    expect(() => decodeBind(bad, h, h.fragLength)).toThrow(/n_context_elem/);
  });
});

describe('bind_ack (V32)', () => {
  it('decodes sec_addr, padding and results', () => {
    const h = readPduHeader(V32);
    expect(h.ptype).toBe(PTYPE.bind_ack);
    expect(h.fragLength).toBe(0x54);
    const a = decodeBindAck(V32, h, h.fragLength);
    expect(a.maxXmitFrag).toBe(5840);
    expect(a.assocGroupId).toBe(0x12345);
    expect(a.secondaryAddress).toBe('6001');
    expect(a.results).toEqual([
      { result: 0, reason: 0, transfer: { uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', major: 2, minor: 0 } },
      { result: 3, reason: 3, transfer: { uuid: '00000000-0000-0000-0000-000000000000', major: 0, minor: 0 } },
    ]);
  });

  it('handles an empty sec_addr (alter_context_resp)', () => {
    const pdu = bindAckPdu({ callId: 2, ptype: PTYPE.alter_context_resp, secAddr: '', results: [{ result: 1, reason: 2 }] });
    const h = readPduHeader(pdu);
    const a = decodeBindAck(pdu, h, h.fragLength);
    expect(a.secondaryAddress).toBe('');
    expect(a.results).toHaveLength(1);
    expect(a.results[0]!.result).toBe(1);
    expect(a.results[0]!.reason).toBe(2);
  });
});

describe('bind_nak', () => {
  it('decodes the reject reason and versions', () => {
    const pdu = buildPdu({ ptype: PTYPE.bind_nak, callId: 1, body: Uint8Array.from([0x04, 0x00, 0x01, 0x05, 0x00]) });
    const n = decodeBindNak(pdu, readPduHeader(pdu));
    expect(n).toEqual({ reason: 4, reasonName: 'protocol_version_not_supported', versions: [{ major: 5, minor: 0 }] });
  });
});
