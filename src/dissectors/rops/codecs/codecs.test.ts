import { fromHex } from '../../../core/hex.js';
import { DEFAULT_LIMITS } from '../../../core/limits.js';
import { decodeRopRequestBuffer, decodeRopResponseBuffer } from '../rop-buffer.js';
import { asciiz, h16, h32, hid, ropBuffer, utf16z } from '../test-hex.js';
import type { RopContext } from '../types.js';

/**
 * One request and one response per ROP, written from the field tables of [MS-OXCROPS] 2.2
 * (reference ROPS-OXCDATA §2): the request alone, then the response decoded with it.
 */
const CTX: RopContext = { columnsOf: () => undefined, logonIsPrivate: () => true };
const SUBJECT = 0x0037001f;
const FLAGS = 0x0e070003;

type Case = [name: string, request: string, requestExpect: object, response: string, responseExpect: object];

const CASES: Case[] = [
  ['RopGetHierarchyTable', '04 00 00 01 04', { kind: 'RopGetTable', outputHandleIndex: 1, tableFlags: 0x04 }, '04 01 00000000 07000000', { kind: 'RopGetTable', handleIndex: 1, rowCount: 7 }],
  ['RopGetContentsTable', '05 00 00 01 10', { kind: 'RopGetTable', tableFlags: 0x10 }, '05 01 02040780', { kind: 'RopGetTable', returnValue: 0x80070402, rowCount: null }],
  ['RopGetAttachmentTable', '21 00 00 01 40', { kind: 'RopGetTable', tableFlags: 0x40 }, '21 01 00000000', { kind: 'RopGetTable', rowCount: null }],
  ['RopGetPermissionsTable', '3e 00 00 01 02', { kind: 'RopGetTable', tableFlags: 0x02 }, '3e 01 00000000', { kind: 'RopGetTable' }],
  ['RopGetRulesTable', '3f 00 00 01 40', { kind: 'RopGetTable', tableFlags: 0x40 }, '3f 01 00000000', { kind: 'RopGetTable' }],
  [
    'RopSetColumns',
    '12 00 01 01 0200' + h32(SUBJECT) + h32(FLAGS),
    { kind: 'RopSetColumns', inputHandleIndex: 1, setColumnsFlags: 1, propertyTags: [SUBJECT, FLAGS] },
    '12 01 00000000 0b',
    { kind: 'RopSetColumns', tableStatus: 0x0b },
  ],
  ['RopResetTable', '81 00 01', { kind: 'RopResetTable', inputHandleIndex: 1 }, '81 01 00000000', { kind: 'RopResetTable', returnValue: 0 }],
  [
    'RopOpenFolder (ghosted)',
    '02 00 00 01' + hid(0x21) + '04',
    { outputHandleIndex: 1, fields: { folderId: '0001-000000000021', openModeFlags: 4 } },
    '02 01 00000000 01 01 0200 0100' + asciiz('s1') + asciiz('s2'),
    { fields: { hasRules: true, isGhosted: true, serverCount: 2, cheapServerCount: 1, servers: ['s1', 's2'] } },
  ],
  [
    'RopCreateMessage',
    '06 00 00 01 e404' + hid(0x21) + '00',
    { outputHandleIndex: 1, fields: { codePageId: 0x04e4, folderId: '0001-000000000021', associatedFlag: false } },
    '06 01 00000000 01' + hid(0x99),
    { fields: { hasMessageId: true, messageId: '0001-000000000099' } },
  ],
  [
    'RopSaveChangesMessage (ResponseHandleIndex first)',
    '0c 00 02 01 0a',
    { inputHandleIndex: 1, fields: { responseHandleIndex: 2, saveFlags: 0x0a } },
    '0c 02 00000000 01' + hid(0x99),
    { handleIndex: 2, fields: { inputHandleIndex: 1, messageId: '0001-000000000099' } },
  ],
  [
    'RopGetPropertiesSpecific (PtypUnspecified column carries its type)',
    '07 00 00 0000 0100 0200' + h32(SUBJECT) + h32(0x0e080000),
    { fields: { propertySizeLimit: 0, wantUnicode: 1, propertyTags: [SUBJECT, 0x0e080000] } },
    '07 00 00000000 01 00' + utf16z('S') + '0a00 0a' + h32(0x8004010f),
    {
      fields: {
        rowData: {
          flag: 1,
          values: [
            { tag: SUBJECT, type: 0x1f, status: 'ok', value: 'S' },
            { tag: 0x0e080000, type: 0x0a, status: 'error', value: 0x8004010f, errorCode: 0x8004010f },
          ],
        },
      },
    },
  ],
  [
    'RopGetPropertiesAll',
    '08 00 00 0010 0100',
    { fields: { propertySizeLimit: 0x1000, wantUnicode: 1 } },
    '08 00 00000000 0200' + h32(FLAGS) + h32(0x11) + h32(0x00170003) + h32(1),
    { fields: { propertyValues: [{ tag: FLAGS, type: 3, status: 'ok', value: 0x11 }, { tag: 0x00170003, value: 1 }] } },
  ],
  [
    'RopSetProperties (problems in the response)',
    '0a 00 00 0b00 0100' + h32(FLAGS) + h32(1) + '00',
    {},
    '0a 00 00000000 0100 0000' + h32(FLAGS) + h32(0x80040302),
    { fields: { propertyProblems: [{ index: 0, propertyTag: FLAGS, errorCode: 0x80040302 }] } },
  ],
  [
    'RopSortTable',
    '13 00 01 00 0200 0000 0000' + '0300 0600 01' + '4000 0730 00',
    {
      fields: {
        sortTableFlags: 0, sortOrderCount: 2, categoryCount: 0, expandedCount: 0,
        sortOrders: [{ propertyType: 3, propertyId: 6, order: 1 }, { propertyType: 0x40, propertyId: 0x3007, order: 0 }],
      },
    },
    '13 01 00000000 09',
    { fields: { tableStatus: 9 } },
  ],
  [
    'RopRestrict (an Exist restriction)',
    '14 00 01 00 0500 08' + h32(SUBJECT),
    { fields: { restrictFlags: 0, restrictionData: { restrictType: 'Exist', propTag: SUBJECT } } },
    '14 01 00000000 00',
    { fields: { tableStatus: 0 } },
  ],
  [
    'RopQueryPosition',
    '17 00 01',
    { inputHandleIndex: 1 },
    '17 01 00000000 03000000 0a000000',
    { fields: { numerator: 3, denominator: 10 } },
  ],
  ['RopGetStatus', '16 00 01', {}, '16 01 00000000 0e', { fields: { tableStatus: 0x0e } }],
  [
    'RopSeekRow',
    '18 00 01 01 feffffff 01',
    { fields: { origin: 1, rowCount: -2, wantRowMovedCount: true } },
    '18 01 00000000 01 ffffffff',
    { fields: { hasSoughtLess: true, rowsSought: -1 } },
  ],
  [
    'RopGetReceiveFolder',
    '27 00 00 ' + asciiz('IPM.Note'),
    { fields: { messageClass: 'IPM.Note' } },
    '27 00 00000000' + hid(5) + asciiz('IPM'),
    { fields: { folderId: '0001-000000000005', explicitMessageClass: 'IPM' } },
  ],
  [
    'RopCreateFolder (Unicode names)',
    '1c 00 00 01 01 01 00 00' + utf16z('F') + utf16z(''),
    { fields: { folderType: 1, useUnicodeStrings: true, openExisting: false, displayName: 'F', comment: '' } },
    '1c 01 00000000' + hid(0x30) + '00',
    { fields: { folderId: '0001-000000000030', isExistingFolder: false } },
  ],
  [
    'RopGetPropertyIdsFromNames (LID and string names)',
    '56 00 00 02 0200' + '00' + '00'.repeat(16) + h32(0x8501) + '01' + '11'.repeat(16) + '04' + utf16z('x'),
    {
      fields: {
        flags: 2,
        propertyNames: [
          { kind: 0, guid: '00000000-0000-0000-0000-000000000000', lid: 0x8501 },
          { kind: 1, guid: '11111111-1111-1111-1111-111111111111', name: 'x' },
        ],
      },
    },
    '56 00 80030400 0200 0180 ffff',
    { returnValue: 0x00040380, fields: { propertyIds: [0x8001, 0xffff] } },
  ],
  [
    'RopOpenStream',
    '2b 00 00 01' + h32(0x1000001f) + '01',
    { outputHandleIndex: 1, fields: { propertyTag: 0x1000001f, openModeFlags: 1 } },
    '2b 01 00000000 00100000',
    { fields: { streamSize: 0x1000 } },
  ],
  [
    'RopReadStream (0xBABE brings MaximumByteCount)',
    '2c 00 01 beba 00000100',
    { fields: { byteCount: 0xbabe, maximumByteCount: 0x10000 } },
    '2c 01 00000000 0300 616263',
    { fields: { data: fromHex('616263') } },
  ],
  [
    'RopFastTransferSourceGetBuffer (ecServerBusy adds BackoffTime)',
    '4e 00 01 0080',
    { fields: { bufferSize: 0x8000 } },
    '4e 01 80040000 0100 0000 0000 00 0000 e8030000',
    { fields: { transferStatus: 1, transferBuffer: new Uint8Array(0), backoffTime: 1000 } },
  ],
  [
    'RopModifyRules',
    '41 00 01 00 0100 01 0100' + h32(0x66800003) + h32(4),
    { fields: { modifyRulesFlags: 0, rulesData: [{ ruleDataFlags: 1, propertyValues: [{ tag: 0x66800003, type: 3, status: 'ok', value: 4 }] }] } },
    '41 01 00000000',
    { fields: {} },
  ],
  [
    'RopSynchronizationConfigure',
    '70 00 00 01 01 00 0100 0000 00000000 0100' + h32(SUBJECT),
    { outputHandleIndex: 1, fields: { synchronizationType: 1, sendOptions: 0, synchronizationFlags: 1, restrictionData: null, synchronizationExtraFlags: 0, propertyTags: [SUBJECT] } },
    '70 01 00000000',
    { fields: {} },
  ],
];

describe('ROP codecs, request then response', () => {
  it.each(CASES)('%s', (_name, requestHex, requestExpect, responseHex, responseExpect) => {
    const q = decodeRopRequestBuffer(ropBuffer(requestHex), CTX, DEFAULT_LIMITS);
    expect(q.damage).toBeNull();
    expect(q.rops).toHaveLength(1);
    expect(q.rops[0]!.size).toBe(fromHex(requestHex).length);
    expect(q.rops[0]).toMatchObject(requestExpect);
    const a = decodeRopResponseBuffer(ropBuffer(responseHex), { rops: q.rops, handles: q.handles }, CTX, DEFAULT_LIMITS);
    expect(a.damage).toBeNull();
    expect(a.rops).toHaveLength(1);
    expect(a.rops[0]!.size).toBe(fromHex(responseHex).length);
    expect(a.rops[0]).toMatchObject(responseExpect);
  });

  it('RopOpenMessage: subject strings, recipient columns and a recipient row decoded with them', () => {
    const columns = [0x0c150003 /* PidTagRecipientType */, 0x3001001f /* PidTagDisplayName */];
    // RecipientRow: flags 0x0213 (SMTP, D, U), DisplayName "Bo", RecipientColumnCount 2, standard row.
    const recipientRow = '1302' + utf16z('Bo') + '0200' + '00' + h32(1) + utf16z('Bo');
    const size = fromHex(recipientRow).length;
    const body =
      '00' + '02' + asciiz('RE: ') + '04' + utf16z('Hi') + '0100' + h16(columns.length) + columns.map(h32).join('') + '01' +
      '01' + 'e404' + '0000' + h16(size) + recipientRow;
    const a = decodeRopResponseBuffer(ropBuffer('03 01 00000000' + body), null, CTX, DEFAULT_LIMITS);
    expect(a.damage).toBeNull();
    expect(a.rops[0]).toMatchObject({
      name: 'RopOpenMessage',
      fields: {
        hasNamedProperties: false,
        subjectPrefix: 'RE: ',
        normalizedSubject: 'Hi',
        recipientCount: 1,
        recipientColumns: columns,
        recipientRows: [
          {
            recipientType: 1,
            codePageId: 0x04e4,
            recipientRowSize: size,
            recipientRow: {
              recipientFlags: 0x0213,
              addressType: 'SMTP',
              displayName: 'Bo',
              recipientColumnCount: 2,
              recipientProperties: { flag: 0, values: [{ tag: 0x0c150003, value: 1 }, { tag: 0x3001001f, value: 'Bo' }] },
            },
          },
        ],
      },
    });
  });

  it('a recipient row that does not fit its columns is kept raw, and the list continues', () => {
    const bad = '1302' + utf16z('Bo') + '0900';
    const body = '00 00 00 0000 0000 01 01 e404 0000' + h16(fromHex(bad).length) + bad;
    const a = decodeRopResponseBuffer(ropBuffer('03 01 00000000' + body + '6e0100'), null, CTX, DEFAULT_LIMITS);
    expect(a.damage).toBeNull();
    const rows = (a.rops[0] as unknown as { fields: { recipientRows: { recipientRow: unknown; recipientRowError: string }[] } }).fields.recipientRows;
    expect(rows[0]!.recipientRow).toEqual(fromHex(bad));
    expect(rows[0]!.recipientRowError).toBe('9 columns, but only 0 recipient columns were given');
    expect(a.rops[1]?.kind).toBe('RopPending');
  });
});
