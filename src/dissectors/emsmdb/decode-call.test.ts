import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../core/hex.js';
import { decodeEmsmdbRequest, decodeEmsmdbResponse } from './decode-call.js';
import { decodeSockaddr } from './sockaddr.js';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../test/fixtures/outlook2007/${name}`, import.meta.url)));

const CXH_A1B2 = { attributes: 0, uuid: 'a1b2c3d4-0001-0002-0003-000000000004', key: '00000000d4c3b2a1010002000003000000000004', isNull: false };
const ACXH_3F25 = { attributes: 0, uuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', key: '00000000e004253f894fd3119a0c0305e82c3301', isNull: false };

describe('EcDoAsyncWaitEx (AsyncEMSMDB opnum 0)', () => {
  it('V21 request: ACXH and ulFlagsIn', () => {
    const r = decodeEmsmdbRequest('AsyncEMSMDB', 0, fromHex('00 00 00 00 e0 04 25 3f 89 4f d3 11 9a 0c 03 05 e8 2c 33 01 00 00 00 00'), true);
    expect(r).toEqual({ value: { op: 'EcDoAsyncWaitEx', acxh: ACXH_3F25, flagsIn: 0 } });
  });
  it('V22 response: NotificationPending', () => {
    expect(decodeEmsmdbResponse('AsyncEMSMDB', 0, fromHex('01 00 00 00 00 00 00 00'), true)).toEqual({ value: { op: 'EcDoAsyncWaitEx', flagsOut: 1, returnValue: 0 } });
  });
  it('V23 response: ecRejected', () => {
    expect(decodeEmsmdbResponse('AsyncEMSMDB', 0, fromHex('00 00 00 00 ee 07 00 00'), true)).toEqual({ value: { op: 'EcDoAsyncWaitEx', flagsOut: 0, returnValue: 0x7ee } });
  });
});

describe('EcRRegisterPushNotification (opnum 4)', () => {
  const V26 = fromHex(`
00 00 00 00 d4 c3 b2 a1 01 00 02 00 00 03 00 00
00 00 00 04 00 00 00 00 08 00 00 00 01 02 03 04
05 06 07 08 08 00 00 00 ff ff ff ff 10 00 00 00
02 00 12 34 c0 a8 01 0a 00 00 00 00 00 00 00 00
10 00`);

  it('V26 request: context, advise bits and a 16-byte SOCKADDR', () => {
    const r = decodeEmsmdbRequest('EMSMDB', 4, V26, true);
    expect(r.damage).toBeUndefined();
    const v = r.value!;
    if (v.op !== 'EcRRegisterPushNotification') throw new Error(v.op);
    expect(v.cxh).toEqual(CXH_A1B2);
    expect(v.iRpc).toBe(0);
    expect(toHex(v.context)).toBe('0102030405060708');
    expect(v.cbContext).toBe(8);
    expect(v.adviseBits).toBe(0xffffffff);
    expect(toHex(v.callbackAddress)).toBe('02001234c0a8010a0000000000000000');
    expect(v.cbCallbackAddress).toBe(16);
    expect(decodeSockaddr(v.callbackAddress)).toEqual({ family: 'AF_INET', address: '192.168.1.10', port: 4660 });
  });

  it('V27 response: hNotification', () => {
    const r = decodeEmsmdbResponse('EMSMDB', 4, fromHex('00 00 00 00 d4 c3 b2 a1 01 00 02 00 00 03 00 00 00 00 00 04 01 00 00 00 00 00 00 00'), true);
    expect(r).toEqual({ value: { op: 'EcRRegisterPushNotification', cxh: CXH_A1B2, hNotification: 1, returnValue: 0 } });
  });

  it('reports cbContext that differs from the array size, and still returns the call', () => {
    const bad = V26.slice();
    bad[0x24] = 9;
    const r = decodeEmsmdbRequest('EMSMDB', 4, bad, true);
    expect(r.value?.op).toBe('EcRRegisterPushNotification');
    expect(r.damage).toMatchObject({ reason: 'malformed', field: 'cbContext', offset: 0x24 });
  });
});

describe('EcDoAsyncConnectEx (opnum 14)', () => {
  it('V29 request and V30 response', () => {
    expect(decodeEmsmdbRequest('EMSMDB', 14, fromHex('00 00 00 00 d4 c3 b2 a1 01 00 02 00 00 03 00 00 00 00 00 04'), true)).toEqual({
      value: { op: 'EcDoAsyncConnectEx', cxh: CXH_A1B2 },
    });
    expect(decodeEmsmdbResponse('EMSMDB', 14, fromHex('00 00 00 00 e0 04 25 3f 89 4f d3 11 9a 0c 03 05 e8 2c 33 01 00 00 00 00'), true)).toEqual({
      value: { op: 'EcDoAsyncConnectEx', acxh: ACXH_3F25, returnValue: 0 },
    });
  });
});

describe('EcDoRpcExt2 (opnum 11): real Outlook 2007 stubs (V1, V2)', () => {
  const cxh = { attributes: 0, uuid: 'd0a05627-1e72-480c-b85a-274429fd403f', key: '000000002756a0d0721e0c48b85a274429fd403f', isNull: false };

  it.each([
    ['001_Outlook_2007_in_ModifyRecipients_comp.dat', 333, 0x1c, 0x169, 0x145, 0x1cb],
    ['002_Outlook_2007_in_Tables_operations_comp.dat', 338, 0x1c, 0x16e, 0x14a, 0x17c],
  ])('%s', (name, cbIn, inStart, inEnd, size, sizeActual) => {
    const stub = fixture(name);
    const r = decodeEmsmdbRequest('EMSMDB', 11, stub, true);
    expect(r.damage).toBeUndefined();
    const v = r.value!;
    if (v.op !== 'EcDoRpcExt2') throw new Error(v.op);
    expect(v.cxh).toEqual(cxh);
    expect(v.flags).toBe(0);
    expect(v.cbIn).toBe(cbIn);
    expect(v.rgbIn).toEqual(stub.subarray(inStart, inEnd));
    // RPC_HEADER_EXT at rgbIn: Version 0, Flags 0x0005 (Compressed|Last), Size, SizeActual.
    expect([...v.rgbIn.subarray(0, 8)]).toEqual([0, 0, 5, 0, size & 0xff, size >> 8, sizeActual & 0xff, sizeActual >> 8]);
    expect(v.maxOut).toBe(0x8007);
    expect(v.cbAuxIn).toBe(48);
    expect(v.auxIn).toEqual(stub.subarray(stub.length - 8 - 48, stub.length - 8));
    expect([...v.auxIn.subarray(0, 8)]).toEqual([0, 0, 6, 0, 40, 0, 40, 0]);
    expect(v.maxAuxOut).toBe(0x88);
  });

  it('reports IDL range violations and a cbIn that differs from max_count, with the value', () => {
    const stub = fixture('001_Outlook_2007_in_ModifyRecipients_comp.dat').slice();
    // pcbOut at 0x170 := 0x00050000 (> 0x40000).
    stub.set([0, 0, 5, 0], 0x170);
    const r = decodeEmsmdbRequest('EMSMDB', 11, stub, true);
    expect(r.value?.op).toBe('EcDoRpcExt2');
    expect(r.damage).toMatchObject({ reason: 'malformed', field: 'pcbOut', offset: 0x170 });
    stub.set([0x4e], 0x16c); // cbIn 334 ≠ max_count 333
    expect(decodeEmsmdbRequest('EMSMDB', 11, stub, true).damage).toMatchObject({ field: 'cbIn', detail: 'cbIn 334 differs from rgbIn max_count 333 (+1 more)' });
  });

  it('returns damage, not a value, for a truncated stub', () => {
    const stub = fixture('002_Outlook_2007_in_Tables_operations_comp.dat');
    const r = decodeEmsmdbRequest('EMSMDB', 11, stub.subarray(0, 200), true);
    expect(r.value).toBeUndefined();
    expect(r.damage).toMatchObject({ reason: 'truncated', field: 'rgbIn max_count' });
  });

  it('decodes a response with conformant-varying rgbOut', () => {
    const rgbOut = fromHex('00 00 04 00 02 00 02 00 02 00');
    const stub = fromHex(`
      00 00 00 00 27 56 a0 d0 72 1e 0c 48 b8 5a 27 44 29 fd 40 3f
      00 00 00 00
      0a 00 00 00 00 00 00 00 0a 00 00 00 ${toHex(rgbOut)} 00 00
      0a 00 00 00
      00 00 00 00 00 00 00 00 00 00 00 00
      00 00 00 00
      05 00 00 00
      00 00 00 00`);
    const r = decodeEmsmdbResponse('EMSMDB', 11, stub, true);
    expect(r).toEqual({ value: { op: 'EcDoRpcExt2', cxh, flags: 0, rgbOut, cbOut: 10, auxOut: new Uint8Array(0), cbAuxOut: 0, transTime: 5, returnValue: 0 } });
  });
});

describe('other opnums', () => {
  it('EcDummyRpc has an empty request and a return value', () => {
    expect(decodeEmsmdbRequest('EMSMDB', 6, new Uint8Array(0), true)).toEqual({ value: { op: 'EcDummyRpc' } });
    expect(decodeEmsmdbResponse('EMSMDB', 6, fromHex('00 00 00 00'), true)).toEqual({ value: { op: 'EcDummyRpc', returnValue: 0 } });
  });

  it('EcDoDisconnect returns a NULL CXH', () => {
    const r = decodeEmsmdbResponse('EMSMDB', 1, new Uint8Array(24), true);
    expect(r.value).toEqual({ op: 'EcDoDisconnect', cxh: { attributes: 0, uuid: '00000000-0000-0000-0000-000000000000', key: '0'.repeat(40), isNull: true }, returnValue: 0 });
  });

  it('legacy opnum 5 decodes CXH + hNotification and is labelled legacy', () => {
    const r = decodeEmsmdbRequest('EMSMDB', 5, concatHex('00 00 00 00 d4 c3 b2 a1 01 00 02 00 00 03 00 00 00 00 00 04', '07 00 00 00'), true);
    expect(r.value).toEqual({ op: 'EcRUnregisterPushNotification', legacy: true, cxh: CXH_A1B2, hNotification: 7 });
  });

  it('reserved and undefined opnums give a labelled value with damage', () => {
    expect(decodeEmsmdbRequest('EMSMDB', 2, new Uint8Array(8), true)).toEqual({
      value: { op: 'unused', opnum: 2, name: 'Opnum2NotUsedOnWire (EcDoRpc)' },
      damage: { reason: 'unsupported', offset: 0, field: 'opnum', detail: 'Opnum2NotUsedOnWire (EcDoRpc) is reserved (not used on the wire); its request is not decoded' },
    });
    expect(decodeEmsmdbResponse('EMSMDB', 99, new Uint8Array(8), true).damage?.reason).toBe('malformed');
    expect(decodeEmsmdbRequest('unknown', 11, new Uint8Array(8), true)).toEqual({
      damage: { reason: 'unsupported', offset: 0, field: 'interface', detail: 'unknown request stubs are not EMSMDB calls' },
    });
  });

  it('reads big-endian NDR', () => {
    expect(decodeEmsmdbResponse('AsyncEMSMDB', 0, fromHex('00 00 00 01 00 00 07 ee'), false).value).toEqual({ op: 'EcDoAsyncWaitEx', flagsOut: 1, returnValue: 0x7ee });
  });
});

function concatHex(...parts: string[]): Uint8Array {
  return fromHex(parts.join(' '));
}
