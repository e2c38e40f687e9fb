import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '../../core/hex.js';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { decodeAuxBlocks } from '../rpc-ext/aux-blocks.js';
import { decodeHeaderExtChain } from '../rpc-ext/header-ext.js';
import { decodeRopRequestBuffer } from './rop-buffer.js';
import type { RopContext } from './types.js';

/**
 * The two real Outlook 2007 EcDoRpcExt2 request stubs (VECTORS-rpc V1, V2), decoded through every
 * layer we own: RPC_HEADER_EXT + LZ77, the ROP input buffer with its full request list, and the
 * XorMagic auxiliary buffer. The NDR is cut by the offsets VECTORS-rpc.md gives (the NDR layer
 * belongs elsewhere): rgbIn is a conformant array at 0x18; rgbAuxIn follows cbIn and pcbOut.
 */
const NO_STATE: RopContext = { columnsOf: () => undefined, logonIsPrivate: () => undefined };

function load(file: string): { rgbIn: Uint8Array; rgbAuxIn: Uint8Array } {
  const stub = readFileSync(join(process.cwd(), 'test/fixtures/outlook2007', file));
  const cbIn = stub.readUInt32LE(0x18);
  const afterIn = (0x1c + cbIn + 3) & ~3;
  expect(stub.readUInt32LE(afterIn)).toBe(cbIn);
  expect(stub.readUInt32LE(afterIn + 4)).toBe(0x8007);
  const auxAt = afterIn + 8;
  const cbAux = stub.readUInt32LE(auxAt);
  return {
    rgbIn: new Uint8Array(stub.subarray(0x1c, 0x1c + cbIn)),
    rgbAuxIn: new Uint8Array(stub.subarray(auxAt + 4, auxAt + 4 + cbAux)),
  };
}

function decodeIn(rgbIn: Uint8Array) {
  const chain = decodeHeaderExtChain(rgbIn, DEFAULT_LIMITS);
  expect(chain.damage).toEqual([]);
  const [payload] = chain.payloads;
  expect(payload?.damage).toBeUndefined();
  return { payload: payload!, buf: decodeRopRequestBuffer(payload!.data, NO_STATE, DEFAULT_LIMITS) };
}

describe('V1: Outlook 2007, RemoveAllRecipients + ModifyRecipients + SetProperties + SubmitMessage + GetPropertiesSpecific', () => {
  const { rgbIn, rgbAuxIn } = load('001_Outlook_2007_in_ModifyRecipients_comp.dat');

  it('header and framing', () => {
    const { payload, buf } = decodeIn(rgbIn);
    expect(payload).toMatchObject({ version: 0, flags: 0x0005, size: 325, sizeActual: 459 });
    expect(buf.ropSize).toBe(455);
    expect(buf.handles).toEqual([0x00000045]);
    expect(buf.damage).toBeNull();
    expect(buf.rops.map((r) => [r.name, r.offset, r.size])).toEqual([
      ['RopRemoveAllRecipients', 2, 7],
      ['RopModifyRecipients', 9, 402],
      ['RopSetProperties', 411, 27],
      ['RopSubmitMessage', 438, 4],
      ['RopGetPropertiesSpecific', 442, 13],
    ]);
  });

  it('every request with its fields', () => {
    const [remove, modify, setProps, submit, getProps] = decodeIn(rgbIn).buf.rops;
    expect(remove).toMatchObject({ kind: 'other', logonId: 0, inputHandleIndex: 0, fields: { reserved: 1 } });
    expect(modify).toMatchObject({
      kind: 'other',
      logonId: 0,
      inputHandleIndex: 0,
      fields: {
        recipientColumns: [
          0x0ffe0003, 0x39000003, 0x39ff001f, 0x39fe001f, 0x3a710003, 0x3a00001f, 0x5fff0003, 0x5fde0003, 0x5ffd0003, 0x5ff6001f, 0x5ff70102, 0x5fdf0003,
        ],
        recipientRows: [
          {
            rowId: 0,
            recipientType: 1,
            recipientRowSize: 340,
            recipientRow: {
              recipientFlags: 0x0651,
              addressType: 'X500DN',
              // 69 = length of "/o=First Organization/ou=First Administrative Group/cn=Recipients/cn=".
              addressPrefixUsed: 69,
              displayType: 0,
              x500Dn: 'Jkerihuel',
              displayName: 'Julien Kerihuel',
              simpleDisplayName: 'jkerihuel',
              recipientColumnCount: 12,
            },
          },
        ],
      },
    });
    const row = (modify as unknown as { fields: { recipientRows: { recipientRow: { recipientProperties: { flag: number; values: { tag: number; value: unknown }[] } } }[] } })
      .fields.recipientRows[0]!.recipientRow.recipientProperties;
    expect(row.flag).toBe(0);
    const values = row.values.map((v) => (v.value instanceof Uint8Array ? toHex(v.value) : v.value));
    const dn = '/o=First Organization/ou=First Administrative Group/cn=Recipients/cn=jkerihuel';
    expect(values).toEqual([
      6, 0, 'jkerihuel', 'jkerihuel@openchange2003.local', 0, 'jkerihuel', 0, 0, 1, 'Julien Kerihuel',
      '00000000' + 'dca740c8c042101ab4b908002b2fe182' + '01000000' + '00000000' + toHex(new TextEncoder().encode(dn)) + '00',
      0,
    ]);
    expect(setProps).toMatchObject({
      fields: {
        propertyValueSize: 22,
        propertyValues: [
          { tag: 0x003d001f, type: 0x001f, status: 'ok', value: '' },
          { tag: 0x0e1d001f, type: 0x001f, status: 'ok', value: 'test' },
        ],
      },
    });
    expect(submit).toMatchObject({ kind: 'other', fields: { submitFlags: 0 } });
    expect(getProps).toMatchObject({ fields: { propertySizeLimit: 0, wantUnicode: 0, propertyTags: [0x65e20102] } });
  });

  it('auxiliary buffer: AUX_PERF_REQUESTID and two AUX_PERF_DEFMDB_SUCCESS (type 0x0C, background)', () => {
    const chain = decodeHeaderExtChain(rgbAuxIn, DEFAULT_LIMITS, { single: true });
    expect(chain.damage).toEqual([]);
    expect(chain.payloads[0]).toMatchObject({ flags: 0x0006, size: 40, sizeActual: 40 });
    expect(decodeAuxBlocks(chain.payloads[0]!.data).map((b) => [b.offset, b.size, b.version, b.type, b.name, b.fields])).toEqual([
      [0, 8, 1, 0x01, 'AUX_PERF_REQUESTID', { SessionID: 1, RequestID: 0x00a3 }],
      [8, 16, 1, 0x0c, 'AUX_PERF_DEFMDB_SUCCESS', { TimeSinceRequest: 70, TimeToCompleteRequest: 0, RequestID: 0x00a2, Reserved: 0 }],
      [24, 16, 1, 0x0c, 'AUX_PERF_DEFMDB_SUCCESS', { TimeSinceRequest: 78, TimeToCompleteRequest: 78, RequestID: 0x00a2, Reserved: 0 }],
    ]);
  });
});

describe('V2: Outlook 2007, table operations', () => {
  const { rgbIn, rgbAuxIn } = load('002_Outlook_2007_in_Tables_operations_comp.dat');

  it('header and framing', () => {
    const { payload, buf } = decodeIn(rgbIn);
    expect(payload).toMatchObject({ version: 0, flags: 0x0005, size: 330, sizeActual: 380 });
    expect(buf.ropSize).toBe(356);
    expect(buf.handles).toEqual([0x00000075, 0xffffffff, 0x00000071, 0xffffffff, 0xffffffff, 0xffffffff]);
    expect(buf.damage).toBeNull();
    expect(buf.rops.map((r) => [r.name, r.offset, r.size])).toEqual([
      ['RopGetContentsTable', 2, 5],
      ['RopSetColumns', 7, 58],
      ['RopFindRow', 65, 161],
      ['RopOpenFolder', 226, 13],
      ['RopOpenFolder', 239, 13],
      ['RopRegisterNotification', 252, 23],
      ['RopGetPropertiesSpecific', 275, 81],
    ]);
  });

  it('every request with its fields', () => {
    const [contents, setColumns, findRow, open1, open2, register, getProps] = decodeIn(rgbIn).buf.rops;
    expect(contents).toMatchObject({ kind: 'RopGetTable', logonId: 0, inputHandleIndex: 0, outputHandleIndex: 1, tableFlags: 0x02 });
    expect(setColumns).toMatchObject({
      kind: 'RopSetColumns',
      inputHandleIndex: 1,
      setColumnsFlags: 0,
      propertyTags: [
        0x67480014, 0x674a0014, 0x674d0014, 0x674e0003, 0x0037001f, 0x68340003, 0x68330048, 0x7006001f, 0x683a0003, 0x70070003, 0x68410003, 0x68420102,
        0x30080040,
      ],
    });
    expect(findRow).toMatchObject({
      inputHandleIndex: 1,
      fields: {
        findRowFlags: 0,
        restrictionData: {
          restrictType: 'And',
          restricts: [
            { restrictType: 'Property', relOp: 4, propTag: 0x001a001f, taggedValue: { tag: 0x001a001f, type: 0x1f, value: 'IPM.Microsoft.FolderDesign.NamedView' } },
            { restrictType: 'BitMask', bitmapRelOp: 0, propTag: 0x68340003, mask: 0x00000001 },
            { restrictType: 'Property', relOp: 4, propTag: 0x683a0003, taggedValue: { tag: 0x683a0003, type: 3, value: 8 } },
            { restrictType: 'BitMask', bitmapRelOp: 1, propTag: 0x68340003, mask: 0x00000200 },
            { restrictType: 'Content', fuzzyLevelLow: 0, fuzzyLevelHigh: 0, propertyTag: 0x0037001f, taggedValue: { tag: 0x0037001f, type: 0x1f, value: 'Messages' } },
          ],
        },
        origin: 0,
        bookmark: new Uint8Array(0),
      },
    });
    expect(open1).toMatchObject({ inputHandleIndex: 2, outputHandleIndex: 3, fields: { folderId: '0001-000000335109', openModeFlags: 0 } });
    expect(open2).toMatchObject({ inputHandleIndex: 2, outputHandleIndex: 4, fields: { folderId: '0001-00000000273B', openModeFlags: 0 } });
    expect(register).toEqual({
      kind: 'RopRegisterNotification', ropId: 0x29, name: 'RopRegisterNotification', offset: 252, size: 23,
      logonId: 0, inputHandleIndex: 2, outputHandleIndex: 5,
      // ObjectDeleted | ObjectModified | ObjectMoved | ObjectCopied, scoped to a folder.
      notificationTypes: 0x0078, reserved: null, wantWholeStore: false, folderId: '0001-00000000273B', messageId: '0000-000000000000',
    });
    expect(getProps).toMatchObject({
      inputHandleIndex: 4,
      fields: {
        propertySizeLimit: 0,
        wantUnicode: 1,
        propertyTags: [
          0x67490014, 0x0ff40003, 0x66720102, 0x36e5001f, 0x36e6001f, 0x3001001f, 0x36010003, 0x36020003, 0x36030003, 0x360a000b, 0x3613001f, 0x36160102,
          0x36de0003, 0x36df0102, 0x36e00102, 0x36e10003, 0x36da0102, 0x672d0003,
        ],
      },
    });
  });

  it('auxiliary buffer', () => {
    const chain = decodeHeaderExtChain(rgbAuxIn, DEFAULT_LIMITS, { single: true });
    expect(chain.damage).toEqual([]);
    expect(decodeAuxBlocks(chain.payloads[0]!.data).map((b) => [b.name, b.fields])).toEqual([
      ['AUX_PERF_REQUESTID', { SessionID: 1, RequestID: 0x001c }],
      ['AUX_PERF_DEFMDB_SUCCESS', { TimeSinceRequest: 82, TimeToCompleteRequest: 0, RequestID: 0x001b, Reserved: 0 }],
      ['AUX_PERF_DEFMDB_SUCCESS', { TimeSinceRequest: 79, TimeToCompleteRequest: 78, RequestID: 0x001b, Reserved: 0 }],
    ]);
  });
});
