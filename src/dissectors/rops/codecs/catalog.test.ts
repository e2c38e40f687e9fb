import { fromHex } from '../../../core/hex.js';
import { DEFAULT_LIMITS } from '../../../core/limits.js';
import { ROP_CODECS } from '../codec-table.js';
import { decodeRopRequestBuffer, decodeRopResponseBuffer } from '../rop-buffer.js';
import { ROP_NAMES } from '../rop-names.js';
import { asciiz, h16, h32, hid, ropBuffer, utf16z } from '../test-hex.js';
import type { RopContext, RopRequest } from '../types.js';

/**
 * The whole catalog: for every RopId of ROPS-OXCDATA §2.11, a request and its responses
 * (success, failure, and the failure exceptions of §1.4), each written byte by byte from the
 * field tables of ROPS-OXCDATA §2 and VECTORS-rops.md, with the decoded fields expected from the
 * same tables. Slot 1 of the handle table holds table handle 0x1000, whose columns the session
 * knows; logon 0 is a private mailbox.
 */
const TABLE = 0x1000;
const SUBJECT = 0x0037001f;
const FLAGS = 0x0e070003;
const COLUMNS = [FLAGS, SUBJECT];
const CTX: RopContext = { columnsOf: (h) => (h === TABLE ? COLUMNS : undefined), logonIsPrivate: () => true };
const HANDLES = [0x00000100, TABLE, 0x00002000];

const OK = '00000000';
/** NotSupported (0x80040102), a failure with no exception attached. */
const FAIL = '02010480';
const FAIL_VALUE = 0x80040102;
const DST_NULL = '03050000';
const GUID = '00112233445566778899aabbccddeeff';
const GUID_TEXT = '33221100-5544-7766-8899-aabbccddeeff';
const LTID = GUID + '000000000021' + '0000';
const LTID_TEXT = `${GUID_TEXT}:000000000021`;
const u64 = (n: number): string => h32(n) + h32(0);
/** A standard row over COLUMNS: MessageFlags 7, Subject "A". */
const ROW = '00' + h32(7) + utf16z('A');
const ROW_VALUE = { flag: 0, values: [{ tag: FLAGS, type: 3, status: 'ok', value: 7 }, { tag: SUBJECT, type: 0x1f, status: 'ok', value: 'A' }] };
const SUBJECT_A = { tag: SUBJECT, type: 0x1f, status: 'ok', value: 'A' };
const FLAGS_1 = { tag: FLAGS, type: 3, status: 'ok', value: 1 };
const bytes = (hex: string): Uint8Array => fromHex(hex);

type Expect = Record<string, unknown>;
interface Case {
  id: number;
  /** The request bytes, or null for response-only ROPs. */
  request: string | null;
  requestExpect?: Expect;
  responses: [label: string, hex: string, expect: Expect][];
}

const fields = (f: Expect): Expect => ({ fields: f });

const CASES: Case[] = [
  { id: 0x01, request: '01 00 01', requestExpect: { kind: 'RopRelease', logonId: 0, inputHandleIndex: 1 }, responses: [] },
  {
    id: 0x02,
    request: '02 00 01 02' + hid(0x21) + '04',
    requestExpect: { inputHandleIndex: 1, outputHandleIndex: 2, ...fields({ folderId: '0001-000000000021', openModeFlags: 4 }) },
    responses: [
      ['not ghosted', '02 02' + OK + '01 00', { handleIndex: 2, ...fields({ hasRules: true, isGhosted: false }) }],
      ['ghosted', '02 02' + OK + '00 01 0100 0100' + asciiz('srv'), fields({ isGhosted: true, serverCount: 1, cheapServerCount: 1, servers: ['srv'] })],
    ],
  },
  {
    id: 0x03,
    request: '03 00 01 02 e404' + hid(0x21) + '01' + hid(0x99),
    requestExpect: { outputHandleIndex: 2, ...fields({ codePageId: 0x04e4, folderId: '0001-000000000021', openModeFlags: 1, messageId: '0001-000000000099' }) },
    responses: [
      [
        'empty prefix, Unicode subject, no recipients',
        '03 02' + OK + '01 01 04' + utf16z('Hi') + '0000 0100' + h32(0x3001001f) + '00',
        fields({ hasNamedProperties: true, subjectPrefix: '', normalizedSubject: 'Hi', recipientCount: 0, recipientColumns: [0x3001001f], recipientRows: [] }),
      ],
    ],
  },
  {
    id: 0x04,
    request: '04 00 01 02 04',
    requestExpect: { kind: 'RopGetTable', outputHandleIndex: 2, tableFlags: 0x04 },
    responses: [['RowCount', '04 02' + OK + '05000000', { kind: 'RopGetTable', handleIndex: 2, rowCount: 5 }]],
  },
  {
    id: 0x05,
    request: '05 00 01 02 42',
    requestExpect: { kind: 'RopGetTable', tableFlags: 0x42 },
    responses: [['RowCount', '05 02' + OK + '00000000', { rowCount: 0 }]],
  },
  {
    id: 0x06,
    request: '06 00 01 02 e404' + hid(0x21) + '01',
    requestExpect: fields({ codePageId: 0x04e4, folderId: '0001-000000000021', associatedFlag: true }),
    responses: [
      ['no MessageId', '06 02' + OK + '00', fields({ hasMessageId: false })],
      ['MessageId', '06 02' + OK + '01' + hid(0x99), fields({ hasMessageId: true, messageId: '0001-000000000099' })],
    ],
  },
  {
    id: 0x07,
    request: '07 00 01 0000 0000 0200' + h32(FLAGS) + h32(SUBJECT),
    requestExpect: fields({ propertySizeLimit: 0, wantUnicode: 0, propertyTags: [FLAGS, SUBJECT] }),
    responses: [
      ['standard row over the request tags', '07 01' + OK + ROW, fields({ rowData: ROW_VALUE })],
      [
        'flagged row: a value, then an absent property',
        '07 01' + OK + '01 00' + h32(7) + '01',
        fields({ rowData: { flag: 1, values: [{ tag: FLAGS, status: 'ok', value: 7 }, { tag: SUBJECT, status: 'absent', value: null }] } }),
      ],
    ],
  },
  {
    id: 0x08,
    request: '08 00 01 0010 0100',
    requestExpect: fields({ propertySizeLimit: 0x1000, wantUnicode: 1 }),
    responses: [['values', '08 01' + OK + '0100' + h32(FLAGS) + h32(1), fields({ propertyValues: [FLAGS_1] })]],
  },
  {
    id: 0x09,
    request: '09 00 01',
    responses: [['tags', '09 01' + OK + '0200' + h32(FLAGS) + h32(SUBJECT), fields({ propertyTags: [FLAGS, SUBJECT] })]],
  },
  {
    id: 0x0a,
    request: '0a 00 01 0a00 0100' + h32(FLAGS) + h32(1),
    requestExpect: fields({ propertyValueSize: 10, propertyValues: [FLAGS_1] }),
    responses: [
      ['no problems', '0a 01' + OK + '0000', fields({ propertyProblems: [] })],
      ['a problem', '0a 01' + OK + '0100 0000' + h32(FLAGS) + h32(0x80040302), fields({ propertyProblems: [{ index: 0, propertyTag: FLAGS, errorCode: 0x80040302 }] })],
    ],
  },
  {
    id: 0x0b,
    request: '0b 00 01 0100' + h32(SUBJECT),
    requestExpect: fields({ propertyTags: [SUBJECT] }),
    responses: [['no problems', '0b 01' + OK + '0000', fields({ propertyProblems: [] })]],
  },
  {
    id: 0x0c,
    request: '0c 00 02 01 0a',
    requestExpect: { inputHandleIndex: 1, ...fields({ responseHandleIndex: 2, saveFlags: 0x0a }) },
    responses: [['saved', '0c 02' + OK + '01' + hid(0x99), { handleIndex: 2, ...fields({ inputHandleIndex: 1, messageId: '0001-000000000099' }) }]],
  },
  { id: 0x0d, request: '0d 00 01 00000000', requestExpect: fields({ reserved: 0 }), responses: [['header only', '0d 01' + OK, fields({})]] },
  {
    id: 0x0e,
    // One row with a RecipientRow (SMTP, Unicode, one column), one row deleted (size 0).
    request: '0e 00 01 0100' + h32(0x3001001f) + '0200' + '00000000 01 0b00' + '0302 0100 00' + utf16z('Al') + '01000000 01 0000',
    requestExpect: fields({
      recipientColumns: [0x3001001f],
      recipientRows: [
        {
          rowId: 0,
          recipientType: 1,
          recipientRowSize: 11,
          recipientRow: {
            recipientFlags: 0x0203,
            addressType: 'SMTP',
            recipientColumnCount: 1,
            recipientProperties: { flag: 0, values: [{ tag: 0x3001001f, type: 0x1f, status: 'ok', value: 'Al' }] },
          },
        },
        { rowId: 1, recipientType: 1, recipientRowSize: 0 },
      ],
    }),
    responses: [['header only', '0e 01' + OK, fields({})]],
  },
  {
    id: 0x0f,
    request: '0f 00 01 00000000 0000',
    requestExpect: fields({ rowId: 0, reserved: 0 }),
    responses: [
      [
        'one row, kept framed by its size',
        '0f 01' + OK + '01 05000000 01 e404 0000 0300 aabbcc',
        fields({ recipientRows: [{ rowId: 5, recipientType: 1, codePageId: 0x04e4, reserved: 0, recipientRowSize: 3, recipientRow: bytes('aabbcc') }] }),
      ],
    ],
  },
  {
    id: 0x10,
    request: '10 00 01 0000',
    requestExpect: fields({ reserved: 0 }),
    responses: [
      [
        'the RopOpenMessage body',
        '10 01' + OK + '00 02' + asciiz('RE: ') + '00 0000 0000 00',
        fields({ hasNamedProperties: false, subjectPrefix: 'RE: ', normalizedSubject: null, recipientCount: 0, recipientColumns: [], recipientRows: [] }),
      ],
    ],
  },
  {
    id: 0x11,
    request: '11 00 02 01 01',
    requestExpect: { inputHandleIndex: 1, ...fields({ responseHandleIndex: 2, readFlags: 1 }) },
    responses: [
      ['unchanged', '11 02' + OK + '00', fields({ readStatusChanged: false })],
      ['changed: LogonId and ClientData', '11 02' + OK + '01 00' + 'ab'.repeat(24), fields({ readStatusChanged: true, logonId: 0, clientData: bytes('ab'.repeat(24)) })],
    ],
  },
  {
    id: 0x12,
    request: '12 00 01 00 0200' + h32(FLAGS) + h32(SUBJECT),
    requestExpect: { kind: 'RopSetColumns', setColumnsFlags: 0, propertyTags: COLUMNS },
    responses: [['TableStatus', '12 01' + OK + '00', { kind: 'RopSetColumns', tableStatus: 0 }]],
  },
  {
    id: 0x13,
    request: '13 00 01 00 0100 0000 0000 0300 0708 01',
    requestExpect: fields({ sortTableFlags: 0, sortOrderCount: 1, categoryCount: 0, expandedCount: 0, sortOrders: [{ propertyType: 3, propertyId: 0x0807, order: 1 }] }),
    responses: [['TableStatus', '13 01' + OK + '09', fields({ tableStatus: 9 })]],
  },
  {
    id: 0x14,
    request: '14 00 01 01 0500 08' + h32(SUBJECT),
    requestExpect: fields({ restrictFlags: 1, restrictionData: { restrictType: 'Exist', propTag: SUBJECT } }),
    responses: [['TableStatus', '14 01' + OK + '0e', fields({ tableStatus: 0x0e })]],
  },
  {
    id: 0x15,
    // VECTORS-rops V2.
    request: '15 00 00 00 01 3200',
    requestExpect: { kind: 'RopQueryRows', inputHandleIndex: 0, queryRowsFlags: 0, forwardRead: true, rowCount: 50 },
    responses: [],
  },
  {
    id: 0x15,
    request: '15 00 01 01 00 0200',
    requestExpect: { kind: 'RopQueryRows', inputHandleIndex: 1, queryRowsFlags: 1, forwardRead: false, rowCount: 2 },
    responses: [['a row over the table columns', '15 01' + OK + '02 0100' + ROW, { kind: 'RopQueryRows', origin: 2, rowCount: 1, rows: [ROW_VALUE] }]],
  },
  { id: 0x16, request: '16 00 01', responses: [['TableStatus', '16 01' + OK + '0b', fields({ tableStatus: 0x0b })]] },
  { id: 0x17, request: '17 00 01', responses: [['position', '17 01' + OK + '03000000 0a000000', fields({ numerator: 3, denominator: 10 })]] },
  {
    id: 0x18,
    request: '18 00 01 02 fbffffff 01',
    requestExpect: fields({ origin: 2, rowCount: -5, wantRowMovedCount: true }),
    responses: [['sought', '18 01' + OK + '00 fbffffff', fields({ hasSoughtLess: false, rowsSought: -5 })]],
  },
  {
    id: 0x19,
    request: '19 00 01 0200 abcd feffffff 01',
    requestExpect: fields({ bookmark: bytes('abcd'), rowCount: -2, wantRowMovedCount: true }),
    responses: [['sought', '19 01' + OK + '00 01 feffffff', fields({ rowNoLongerVisible: false, hasSoughtLess: true, rowsSought: -2 })]],
  },
  {
    id: 0x1a,
    request: '1a 00 01 01000000 02000000',
    requestExpect: fields({ numerator: 1, denominator: 2 }),
    responses: [['header only', '1a 01' + OK, fields({})]],
  },
  { id: 0x1b, request: '1b 00 01', responses: [['bookmark', '1b 01' + OK + '0400 01020304', fields({ bookmark: bytes('01020304') })]] },
  {
    id: 0x1c,
    request: '1c 00 01 02 01 00 00 00' + asciiz('F') + asciiz('c'),
    requestExpect: fields({ folderType: 1, useUnicodeStrings: false, openExisting: false, reserved: 0, displayName: 'F', comment: 'c' }),
    responses: [
      ['new folder', '1c 02' + OK + hid(0x30) + '00', fields({ folderId: '0001-000000000030', isExistingFolder: false })],
      [
        'existing ghosted folder',
        '1c 02' + OK + hid(0x30) + '01 00 01 0100 0000' + asciiz('s'),
        fields({ isExistingFolder: true, hasRules: false, isGhosted: true, serverCount: 1, cheapServerCount: 0, servers: ['s'] }),
      ],
    ],
  },
  {
    id: 0x1d,
    request: '1d 00 01 05' + hid(0x30),
    requestExpect: fields({ deleteFolderFlags: 5, folderId: '0001-000000000030' }),
    responses: [
      ['success', '1d 01' + OK + '00', fields({ partialCompletion: false })],
      ['failure keeps PartialCompletion', '1d 01' + FAIL + '01', { returnValue: FAIL_VALUE, ...fields({ partialCompletion: true }) }],
    ],
  },
  {
    id: 0x1e,
    request: '1e 00 01 00 01 0100' + hid(0x99),
    requestExpect: fields({ wantAsynchronous: false, notifyNonRead: true, messageIds: ['0001-000000000099'] }),
    responses: [['failure keeps PartialCompletion', '1e 01' + FAIL + '01', fields({ partialCompletion: true })]],
  },
  {
    id: 0x1f,
    request: '1f 00 01' + hid(0x99),
    requestExpect: fields({ messageId: '0001-000000000099' }),
    responses: [['status', '1f 01' + OK + h32(0x1000), fields({ messageStatusFlags: 0x1000 })]],
  },
  {
    id: 0x20,
    request: '20 00 01' + hid(0x99) + h32(0x1000) + h32(0x1000),
    requestExpect: fields({ messageId: '0001-000000000099', messageStatusFlags: 0x1000, messageStatusMask: 0x1000 }),
    responses: [['previous status', '20 01' + OK + h32(0x2000), fields({ messageStatusFlags: 0x2000 })]],
  },
  {
    id: 0x21,
    request: '21 00 01 02 40',
    requestExpect: { kind: 'RopGetTable', tableFlags: 0x40 },
    responses: [['no RowCount', '21 02' + OK, { kind: 'RopGetTable', rowCount: null, size: 6 }]],
  },
  {
    id: 0x22,
    request: '22 00 01 02 01 03000000',
    requestExpect: { outputHandleIndex: 2, ...fields({ openAttachmentFlags: 1, attachmentId: 3 }) },
    responses: [['header only', '22 02' + OK, fields({})]],
  },
  { id: 0x23, request: '23 00 01 02', requestExpect: { outputHandleIndex: 2 }, responses: [['AttachmentID', '23 02' + OK + '07000000', fields({ attachmentId: 7 })]] },
  { id: 0x24, request: '24 00 01 07000000', requestExpect: fields({ attachmentId: 7 }), responses: [['header only', '24 01' + OK, fields({})]] },
  {
    id: 0x25,
    request: '25 00 02 01 0a',
    requestExpect: { inputHandleIndex: 1, ...fields({ responseHandleIndex: 2, saveFlags: 0x0a }) },
    responses: [['header only', '25 02' + OK, { handleIndex: 2, ...fields({}) }]],
  },
  {
    id: 0x26,
    request: '26 00 01' + hid(5) + asciiz('IPM'),
    requestExpect: fields({ folderId: '0001-000000000005', messageClass: 'IPM' }),
    responses: [['header only', '26 01' + OK, fields({})]],
  },
  {
    id: 0x27,
    request: '27 00 01' + asciiz('IPM.Note'),
    requestExpect: fields({ messageClass: 'IPM.Note' }),
    responses: [['folder', '27 01' + OK + hid(5) + asciiz('IPM'), fields({ folderId: '0001-000000000005', explicitMessageClass: 'IPM' })]],
  },
  {
    id: 0x29,
    // VECTORS-rops V5a, V5b.
    request: '29 00 00 01 06 00 01',
    requestExpect: { kind: 'RopRegisterNotification', outputHandleIndex: 1, notificationTypes: 0x06, wantWholeStore: true, folderId: null, messageId: null },
    responses: [
      ['header only', '29 01' + OK, { kind: 'RopRegisterNotification', handleIndex: 1, returnValue: 0, size: 6 }],
      ['failure: header only', '29 01' + FAIL, { kind: 'RopRegisterNotification', returnValue: FAIL_VALUE, size: 6 }],
    ],
  },
  {
    id: 0x2a,
    request: null,
    responses: [
      [
        'VECTORS-rops V5c: NewMail',
        '2a 34120000 00 0280' + hid(0x10) + hid(0x20) + '04000000 01' + utf16z('IPM.Note'),
        {
          kind: 'RopNotify',
          notificationHandle: 0x1234,
          logonId: 0,
          data: { notificationFlags: 0x8002, folderId: '0001-000000000010', messageId: '0001-000000000020', messageFlags: 4, unicodeFlag: 1, messageClass: 'IPM.Note' },
        },
      ],
    ],
  },
  {
    id: 0x2b,
    request: '2b 00 01 02' + h32(0x1000001f) + '03',
    requestExpect: fields({ propertyTag: 0x1000001f, openModeFlags: 3 }),
    responses: [['StreamSize', '2b 02' + OK + '00100000', fields({ streamSize: 0x1000 })]],
  },
  {
    id: 0x2c,
    request: '2c 00 01 0010',
    requestExpect: fields({ byteCount: 0x1000 }),
    responses: [
      ['data', '2c 01' + OK + '0300 616263', fields({ data: bytes('616263') })],
      ['failure keeps DataSize and Data', '2c 01' + FAIL + '0000', fields({ data: new Uint8Array(0) })],
    ],
  },
  {
    id: 0x2d,
    request: '2d 00 01 0300 616263',
    requestExpect: fields({ data: bytes('616263') }),
    responses: [
      ['written', '2d 01' + OK + '0300', fields({ writtenSize: 3 })],
      ['failure keeps WrittenSize', '2d 01' + FAIL + '0100', fields({ writtenSize: 1 })],
    ],
  },
  {
    id: 0x2e,
    request: '2e 00 01 01' + u64(10),
    requestExpect: fields({ origin: 1, offset: 10n }),
    responses: [['position', '2e 01' + OK + u64(10), fields({ newPosition: 10n })]],
  },
  { id: 0x2f, request: '2f 00 01' + u64(256), requestExpect: fields({ streamSize: 256n }), responses: [['header only', '2f 01' + OK, fields({})]] },
  {
    id: 0x30,
    request: '30 00 01 0500 08' + h32(SUBJECT) + '0100' + hid(0x21) + h32(2),
    requestExpect: fields({ restrictionData: { restrictType: 'Exist', propTag: SUBJECT }, folderIds: ['0001-000000000021'], searchFlags: 2 }),
    responses: [['header only', '30 01' + OK, fields({})]],
  },
  {
    id: 0x31,
    request: '31 00 01 01 01 01',
    requestExpect: fields({ useUnicode: true, includeRestriction: true, includeFolders: true }),
    responses: [
      [
        'criteria',
        '31 01' + OK + '0000 00 0100' + hid(0x21) + h32(0x1000),
        fields({ restrictionData: null, logonId: 0, folderIds: ['0001-000000000021'], searchFlags: 0x1000 }),
      ],
    ],
  },
  { id: 0x32, request: '32 00 01 00', requestExpect: fields({ submitFlags: 0 }), responses: [['header only', '32 01' + OK, fields({})]] },
  {
    id: 0x33,
    request: '33 00 01 02 0100' + hid(0x99) + '00 01',
    requestExpect: { inputHandleIndex: 1, ...fields({ destHandleIndex: 2, messageIds: ['0001-000000000099'], wantAsynchronous: false, wantCopy: true }) },
    responses: [
      ['success', '33 01' + OK + '00', fields({ partialCompletion: false })],
      ['other failure keeps PartialCompletion', '33 01' + FAIL + '01', fields({ partialCompletion: true })],
      ['ecDstNullObject: DestHandleIndex u32 first', '33 01' + DST_NULL + '02000000 00', { returnValue: 0x503, ...fields({ destHandleIndex: 2, partialCompletion: false }) }],
    ],
  },
  {
    id: 0x34,
    request: '34 00 01' + hid(0x21) + hid(0x99),
    requestExpect: fields({ folderId: '0001-000000000021', messageId: '0001-000000000099' }),
    responses: [['header only', '34 01' + OK, fields({})]],
  },
  {
    id: 0x35,
    // VECTORS-rops V1.
    request: '35 00 01 02 01 01 01 00 00 00 0E 8E DF 36 46 00 6F 00 6C 00 64 00 65 00 72 00 31 00 00 00',
    requestExpect: { inputHandleIndex: 1, ...fields({ destHandleIndex: 2, wantAsynchronous: true, useUnicode: true, folderId: '0001-00000E8EDF36', newFolderName: 'Folder1' }) },
    responses: [
      ['failure keeps PartialCompletion', '35 01' + FAIL + '01', fields({ partialCompletion: true })],
      ['ecDstNullObject', '35 01' + DST_NULL + '02000000 01', fields({ destHandleIndex: 2, partialCompletion: true })],
    ],
  },
  {
    id: 0x36,
    request: '36 00 01 02 00 01 00' + hid(0x30) + asciiz('F'),
    requestExpect: fields({ destHandleIndex: 2, wantAsynchronous: false, wantRecursive: true, useUnicode: false, folderId: '0001-000000000030', newFolderName: 'F' }),
    responses: [['success', '36 01' + OK + '00', fields({ partialCompletion: false })]],
  },
  { id: 0x37, request: '37 00 01', responses: [['tags', '37 01' + OK + '0100' + h32(SUBJECT), fields({ propertyTags: [SUBJECT] })]] },
  { id: 0x38, request: '38 00 01', responses: [['TableStatus', '38 01' + OK + '00', fields({ tableStatus: 0 })]] },
  {
    id: 0x39,
    request: '39 00 01 02 00 01 00 0100' + h32(SUBJECT),
    requestExpect: fields({ destHandleIndex: 2, wantAsynchronous: false, wantSubObjects: true, copyFlags: 0, excludedTags: [SUBJECT] }),
    responses: [
      ['no problems', '39 01' + OK + '0000', fields({ propertyProblems: [] })],
      ['ecDstNullObject: DestHandleIndex only', '39 01' + DST_NULL + '02000000', { size: 10, ...fields({ destHandleIndex: 2 }) }],
    ],
  },
  {
    id: 0x3a,
    request: '3a 00 01 02' + u64(256),
    requestExpect: fields({ destHandleIndex: 2, byteCount: 256n }),
    responses: [
      ['counts', '3a 01' + OK + u64(256) + u64(255), fields({ readByteCount: 256n, writtenByteCount: 255n })],
      ['other failure keeps the counts', '3a 01' + FAIL + u64(1) + u64(0), fields({ readByteCount: 1n, writtenByteCount: 0n })],
      ['ecDstNullObject: DestHandleIndex then the counts', '3a 01' + DST_NULL + '02000000' + u64(0) + u64(0), fields({ destHandleIndex: 2, readByteCount: 0n, writtenByteCount: 0n })],
    ],
  },
  { id: 0x3b, request: '3b 00 01 02', requestExpect: { outputHandleIndex: 2 }, responses: [['header only', '3b 02' + OK, fields({})]] },
  {
    id: 0x3e,
    request: '3e 00 01 02 02',
    requestExpect: { kind: 'RopGetTable', tableFlags: 2 },
    responses: [['header only', '3e 02' + OK, { kind: 'RopGetTable', rowCount: null }]],
  },
  {
    id: 0x3f,
    request: '3f 00 00 01 40',
    requestExpect: { kind: 'RopGetTable', outputHandleIndex: 1, tableFlags: 0x40 },
    // VECTORS-rops V3.
    responses: [['V3', '3F 01 00 00 00 00', { kind: 'RopGetTable', handleIndex: 1, returnValue: 0, rowCount: null }]],
  },
  {
    id: 0x40,
    request: '40 00 01 00 0100 01 0200' + h32(0x66710014) + u64(1) + h32(0x66730003) + h32(0x400),
    requestExpect: fields({
      modifyFlags: 0,
      permissionsData: [
        { permissionDataFlags: 1, propertyValues: [{ tag: 0x66710014, type: 0x14, status: 'ok', value: 1n }, { tag: 0x66730003, type: 3, status: 'ok', value: 0x400 }] },
      ],
    }),
    responses: [['header only', '40 01' + OK, fields({})]],
  },
  {
    id: 0x41,
    request: '41 00 01 00 0100 04 0100' + h32(0x66740014) + u64(3),
    requestExpect: fields({ modifyRulesFlags: 0, rulesData: [{ ruleDataFlags: 4, propertyValues: [{ tag: 0x66740014, value: 3n }] }] }),
    responses: [['header only', '41 01' + OK, fields({})]],
  },
  {
    id: 0x42,
    request: '42 00 01' + hid(0x21),
    requestExpect: fields({ folderId: '0001-000000000021' }),
    responses: [['servers', '42 01' + OK + '0200 0100' + asciiz('a') + asciiz('b'), fields({ owningServersCount: 2, cheapServersCount: 1, owningServers: ['a', 'b'] })]],
  },
  {
    id: 0x43,
    request: '43 00 01' + hid(0x21),
    requestExpect: fields({ objectId: '0001-000000000021' }),
    responses: [['LongTermId', '43 01' + OK + LTID, fields({ longTermId: LTID_TEXT })]],
  },
  {
    id: 0x44,
    request: '44 00 01' + LTID,
    requestExpect: fields({ longTermId: LTID_TEXT }),
    responses: [['ObjectId', '44 01' + OK + hid(0x21), fields({ objectId: '0001-000000000021' })]],
  },
  {
    id: 0x45,
    request: '45 00 01' + hid(0x21),
    requestExpect: fields({ folderId: '0001-000000000021' }),
    responses: [
      ['not ghosted', '45 01' + OK + '00', fields({ isGhosted: false })],
      ['ghosted', '45 01' + OK + '01 0100 0100' + asciiz('s'), fields({ isGhosted: true, serversCount: 1, cheapServersCount: 1, servers: ['s'] })],
    ],
  },
  {
    id: 0x46,
    request: '46 00 01 02 e404 02',
    requestExpect: { outputHandleIndex: 2, ...fields({ codePageId: 0x04e4, openModeFlags: 2 }) },
    responses: [
      [
        'Reserved, MessageId, then the RopOpenMessage body',
        '46 02' + OK + '00' + hid(0x99) + '00 00 00 0000 0000 00',
        fields({ reserved: 0, messageId: '0001-000000000099', hasNamedProperties: false, subjectPrefix: null, normalizedSubject: null, recipientCount: 0 }),
      ],
    ],
  },
  { id: 0x47, request: '47 00 01', responses: [['header only', '47 01' + OK, fields({})]] },
  {
    id: 0x48,
    request: '48 00 01' + hid(0x99) + '01',
    requestExpect: fields({ messageId: '0001-000000000099', lockState: 1 }),
    responses: [['header only', '48 01' + OK, fields({})]],
  },
  {
    id: 0x49,
    request: '49 00 01',
    responses: [['address types', '49 01' + OK + '0200 0800' + asciiz('SMTP') + asciiz('EX'), fields({ addressTypeCount: 2, addressTypeSize: 8, addressTypes: ['SMTP', 'EX'] })]],
  },
  {
    id: 0x4a,
    request: '4a 00 01',
    responses: [
      ['values', '4a 01' + OK + '00 0100' + h32(FLAGS) + h32(1), fields({ noPropertiesReturned: false, propertyValues: [FLAGS_1] })],
      ['failure: nothing (spec 2.2.7.6.3)', '4a 01' + FAIL, { size: 6, ...fields({}) }],
    ],
  },
  {
    id: 0x4b,
    request: '4b 00 01 02 0100' + hid(0x99) + '01 03',
    requestExpect: { outputHandleIndex: 2, ...fields({ messageIds: ['0001-000000000099'], copyFlags: 1, sendOptions: 3 }) },
    responses: [['header only', '4b 02' + OK, fields({})]],
  },
  {
    id: 0x4c,
    request: '4c 00 01 02 10 01',
    requestExpect: fields({ copyFlags: 0x10, sendOptions: 1 }),
    responses: [['header only', '4c 02' + OK, fields({})]],
  },
  {
    id: 0x4d,
    request: '4d 00 01 02 00' + h32(2) + '01 0100' + h32(SUBJECT),
    requestExpect: fields({ level: 0, copyFlags: 2, sendOptions: 1, propertyTags: [SUBJECT] }),
    responses: [['header only', '4d 02' + OK, fields({})]],
  },
  {
    id: 0x4e,
    request: '4e 00 01 beba 0080',
    requestExpect: fields({ bufferSize: 0xbabe, maximumBufferSize: 0x8000 }),
    responses: [
      ['a buffer', '4e 01' + OK + '0300 0100 0100 00 0200 abcd', fields({ transferStatus: 3, inProgressCount: 1, totalStepCount: 1, reserved: 0, transferBuffer: bytes('abcd') })],
      ['ecServerBusy: BackoffTime after the buffer', '4e 01 80040000 0000 0000 0000 00 0000 e8030000', fields({ transferStatus: 0, transferBuffer: new Uint8Array(0), backoffTime: 1000 })],
    ],
  },
  {
    id: 0x4f,
    request: '4f 00 01 01 0000 00 0000',
    requestExpect: fields({ findRowFlags: 1, restrictionData: null, origin: 0, bookmark: new Uint8Array(0) }),
    responses: [
      ['no row', '4f 01' + OK + '00 00', fields({ rowNoLongerVisible: false, hasRowData: false })],
      ['a row over the table columns', '4f 01' + OK + '01 01' + ROW, fields({ rowNoLongerVisible: true, hasRowData: true, rowData: ROW_VALUE })],
    ],
  },
  {
    id: 0x50,
    request: '50 00 01 01',
    requestExpect: fields({ wantCancel: true }),
    responses: [['progress', '50 01' + OK + '00 01000000 02000000', { kind: 'RopProgress', logonId: 0, completedTaskCount: 1, totalTaskCount: 2 }]],
  },
  {
    id: 0x51,
    request: '51 00 01' + hid(0x99) + hid(0x21) + asciiz('IPM.Note') + h32(1),
    requestExpect: fields({ messageId: '0001-000000000099', folderId: '0001-000000000021', messageClass: 'IPM.Note', messageFlags: 1 }),
    responses: [['header only', '51 01' + OK, fields({})]],
  },
  { id: 0x52, request: '52 00 01', responses: [['ids', '52 01' + OK + '0200 01000000 02000000', fields({ attachmentIdArray: [1, 2] })]] },
  {
    id: 0x53,
    request: '53 00 01 02 01 00',
    requestExpect: { outputHandleIndex: 2, ...fields({ sourceOperation: 1, copyFlags: 0 }) },
    responses: [['header only', '53 02' + OK, fields({})]],
  },
  {
    id: 0x54,
    request: '54 00 01 0200 abcd',
    requestExpect: fields({ transferData: bytes('abcd') }),
    responses: [
      ['status', '54 01' + OK + '0100 0200 0300 00 0200', fields({ transferStatus: 1, inProgressCount: 2, totalStepCount: 3, reserved: 0, bufferUsedSize: 2 })],
      ['failure keeps the status fields', '54 01' + FAIL + '0000 0000 0000 00 0000', { size: 15, ...fields({ transferStatus: 0, bufferUsedSize: 0 }) }],
    ],
  },
  {
    id: 0x55,
    request: '55 00 01 0100 0180',
    requestExpect: fields({ propertyIds: [0x8001] }),
    responses: [['a LID name', '55 01' + OK + '0100 00' + GUID + h32(0x8501), fields({ propertyNames: [{ kind: 0, guid: GUID_TEXT, lid: 0x8501 }] })]],
  },
  {
    id: 0x56,
    request: '56 00 01 00 0100 01' + GUID + '04' + utf16z('x'),
    requestExpect: fields({ flags: 0, propertyNames: [{ kind: 1, guid: GUID_TEXT, name: 'x' }] }),
    responses: [
      ['ids', '56 01' + OK + '0100 0280', fields({ propertyIds: [0x8002] })],
      ['other failure: nothing', '56 01' + FAIL, { size: 6, ...fields({}) }],
    ],
  },
  {
    id: 0x57,
    request: '57 00 01 0200 abcd 0100 ef',
    requestExpect: fields({ serverEntryId: bytes('abcd'), clientEntryId: bytes('ef') }),
    responses: [['header only', '57 01' + OK, fields({})]],
  },
  {
    id: 0x58,
    request: '58 00 01 01 00',
    requestExpect: fields({ wantAsynchronous: true, wantDeleteAssociated: false }),
    responses: [['failure keeps PartialCompletion', '58 01' + FAIL + '00', fields({ partialCompletion: false })]],
  },
  {
    id: 0x59,
    request: '59 00 01 0a00' + u64(5),
    requestExpect: fields({ maxRowCount: 10, categoryId: 5n }),
    responses: [['rows over the table columns', '59 01' + OK + '03000000 0100' + ROW, fields({ expandedRowCount: 3, rowCount: 1, rowData: [ROW_VALUE] })]],
  },
  {
    id: 0x5a,
    request: '5a 00 01' + u64(5),
    requestExpect: fields({ categoryId: 5n }),
    responses: [['count', '5a 01' + OK + '03000000', fields({ collapsedRowCount: 3 })]],
  },
  {
    id: 0x5b,
    request: '5b 00 01' + u64(0) + u64(16) + h32(1),
    requestExpect: fields({ regionOffset: 0n, regionSize: 16n, lockFlags: 1 }),
    responses: [['header only', '5b 01' + OK, fields({})]],
  },
  {
    id: 0x5c,
    request: '5c 00 01' + u64(4) + u64(8) + h32(0),
    requestExpect: fields({ regionOffset: 4n, regionSize: 8n, lockFlags: 0 }),
    responses: [['header only', '5c 01' + OK, fields({})]],
  },
  { id: 0x5d, request: '5d 00 01', responses: [['header only', '5d 01' + OK, fields({})]] },
  { id: 0x5e, request: '5e 00 01', responses: [['size', '5e 01' + OK + '00010000', fields({ streamSize: 256 })]] },
  {
    id: 0x5f,
    request: '5f 00 01 00 01' + GUID,
    requestExpect: fields({ queryFlags: 0, hasGuid: true, propertyGuid: GUID_TEXT }),
    responses: [['ids and names', '5f 01' + OK + '0100 0180 01' + GUID + '04' + utf16z('x'), fields({ propertyIds: [0x8001], propertyNames: [{ kind: 1, guid: GUID_TEXT, name: 'x' }] })]],
  },
  {
    id: 0x60,
    request: '60 00 01' + GUID,
    requestExpect: fields({ databaseGuid: GUID_TEXT }),
    responses: [['ids', '60 01' + OK + '0100' + LTID, fields({ longTermIds: [LTID_TEXT] })]],
  },
  {
    id: 0x61,
    request: '61 00 01' + LTID,
    requestExpect: fields({ longTermId: LTID_TEXT }),
    responses: [['guid', '61 01' + OK + GUID, fields({ databaseGuid: GUID_TEXT })]],
  },
  {
    id: 0x63,
    request: '63 00 01' + LTID + '00 00000000 0010',
    requestExpect: fields({ folderId: LTID_TEXT, reserved: 0, dataOffset: 0, maxDataSize: 0x1000 }),
    responses: [['data', '63 01' + OK + '01 0200 abcd', fields({ hasFinished: true, data: bytes('abcd') })]],
  },
  {
    id: 0x64,
    // Logon 0 is a private mailbox and DataOffset is 0: ReplGuid follows.
    request: '64 00 01' + LTID + '01 00000000 0200 abcd' + GUID,
    requestExpect: fields({ folderId: LTID_TEXT, hasFinished: true, dataOffset: 0, data: bytes('abcd'), replGuid: GUID_TEXT }),
    responses: [['header only', '64 01' + OK, fields({})]],
  },
  {
    id: 0x64,
    request: '64 00 01' + LTID + '00 10000000 0100 ef',
    requestExpect: { size: 3 + 24 + 1 + 4 + 2 + 1, ...fields({ hasFinished: false, dataOffset: 16, data: bytes('ef') }) },
    responses: [],
  },
  {
    id: 0x66,
    request: '66 00 01 00 01 0100' + hid(0x99),
    requestExpect: fields({ wantAsynchronous: false, readFlags: 1, messageIds: ['0001-000000000099'] }),
    responses: [
      ['success', '66 01' + OK + '00', fields({ partialCompletion: false })],
      ['failure keeps PartialCompletion', '66 01' + FAIL + '01', fields({ partialCompletion: true })],
    ],
  },
  {
    id: 0x67,
    request: '67 00 01 02 00 01 0100' + h32(SUBJECT),
    requestExpect: fields({ destHandleIndex: 2, wantAsynchronous: false, copyFlags: 1, propertyTags: [SUBJECT] }),
    responses: [
      ['no problems', '67 01' + OK + '0000', fields({ propertyProblems: [] })],
      ['ecDstNullObject', '67 01' + DST_NULL + '02000000', fields({ destHandleIndex: 2 })],
      ['other failure: nothing', '67 01' + FAIL, { size: 6, ...fields({}) }],
    ],
  },
  {
    id: 0x68,
    request: '68 00 01',
    responses: [
      [
        'rows over the fixed columns FolderId, MessageClass (8-bit), LastModificationTime',
        '68 01' + OK + '01000000 00' + hid(0x05) + asciiz('IPM') + u64(1),
        fields({
          rowCount: 1,
          rows: [
            {
              flag: 0,
              values: [
                { tag: 0x67480014, value: 0x0500000000000001n },
                { tag: 0x001a001e, type: 0x1e, value: 'IPM' },
                { tag: 0x30080040, value: 1n },
              ],
            },
          ],
        }),
      ],
    ],
  },
  {
    id: 0x69,
    request: '69 00 01 02 00 01 02 0100' + h32(SUBJECT),
    requestExpect: fields({ level: 0, copyFlags: 1, sendOptions: 2, propertyTags: [SUBJECT] }),
    responses: [['header only', '69 02' + OK, fields({})]],
  },
  {
    id: 0x6b,
    request: '6b 00 01' + u64(7) + h32(1),
    requestExpect: fields({ rowId: 7n, rowInstanceNumber: 1 }),
    responses: [['state', '6b 01' + OK + '0200 abcd', fields({ collapseState: bytes('abcd') })]],
  },
  {
    id: 0x6c,
    request: '6c 00 01 0200 abcd',
    requestExpect: fields({ collapseState: bytes('abcd') }),
    responses: [['bookmark', '6c 01' + OK + '0100 ef', fields({ bookmark: bytes('ef') })]],
  },
  { id: 0x6d, request: '6d 00 01', responses: [['folder', '6d 01' + OK + hid(0x21), fields({ folderId: '0001-000000000021' })]] },
  { id: 0x6e, request: null, responses: [['VECTORS-rops V5e', '6E 00 00', { kind: 'RopPending', sessionIndex: 0 }], ['index 1', '6e 01 00', { sessionIndex: 1 }]] },
  {
    id: 0x6f,
    request: '6f 00 01' + asciiz('SMTP') + '01',
    requestExpect: fields({ addressType: 'SMTP', wantWin32: true }),
    responses: [
      ['with a help file', '6f 01' + OK + '00 0200 abcd 0100 ef' + asciiz('h.hlp'), fields({ reserved: 0, optionsInfo: bytes('abcd'), helpFile: bytes('ef'), helpFileName: 'h.hlp' })],
      ['no help file, no name', '6f 01' + OK + '00 0000 0000', { size: 11, ...fields({ optionsInfo: new Uint8Array(0), helpFile: new Uint8Array(0) }) }],
    ],
  },
  {
    id: 0x70,
    request: '70 00 01 02 02 01 0100 0500 08' + h32(SUBJECT) + h32(0x10) + '0100' + h32(SUBJECT),
    requestExpect: fields({
      synchronizationType: 2,
      sendOptions: 1,
      synchronizationFlags: 1,
      restrictionData: { restrictType: 'Exist', propTag: SUBJECT },
      synchronizationExtraFlags: 0x10,
      propertyTags: [SUBJECT],
    }),
    responses: [['header only', '70 02' + OK, fields({})]],
  },
  {
    id: 0x72,
    request: '72 00 01 02 00 0100' + h32(FLAGS) + h32(1),
    requestExpect: { outputHandleIndex: 2, ...fields({ importFlag: 0, propertyValues: [FLAGS_1] }) },
    responses: [['MessageId', '72 02' + OK + hid(0x99), fields({ messageId: '0001-000000000099' })]],
  },
  {
    id: 0x73,
    request: '73 00 01 0100' + h32(SUBJECT) + utf16z('A') + '0000',
    requestExpect: fields({ hierarchyValues: [SUBJECT_A], propertyValues: [] }),
    responses: [['FolderId', '73 01' + OK + hid(0x30), fields({ folderId: '0001-000000000030' })]],
  },
  {
    id: 0x74,
    request: '74 00 01 02 0100' + h32(FLAGS) + h32(1),
    requestExpect: fields({ importDeleteFlags: 2, propertyValues: [FLAGS_1] }),
    responses: [['header only', '74 01' + OK, fields({})]],
  },
  {
    id: 0x75,
    request: '75 00 01' + h32(0x67960102) + h32(0x100),
    requestExpect: fields({ stateProperty: 0x67960102, transferBufferSize: 0x100 }),
    responses: [['header only', '75 01' + OK, fields({})]],
  },
  { id: 0x76, request: '76 00 01 02000000 abcd', requestExpect: fields({ streamData: bytes('abcd') }), responses: [['header only', '76 01' + OK, fields({})]] },
  { id: 0x77, request: '77 00 01', responses: [['header only', '77 01' + OK, fields({})]] },
  {
    id: 0x78,
    request: '78 00 01 01000000 aa 01000000 bb 00000000 02000000 cccc 01000000 dd',
    requestExpect: fields({
      sourceFolderId: bytes('aa'),
      sourceMessageId: bytes('bb'),
      predecessorChangeList: new Uint8Array(0),
      destinationMessageId: bytes('cccc'),
      changeNumber: bytes('dd'),
    }),
    responses: [['MessageId', '78 01' + OK + hid(0x99), fields({ messageId: '0001-000000000099' })]],
  },
  {
    id: 0x79,
    request: '79 00 01 0a00 0100' + h32(FLAGS) + h32(1),
    requestExpect: fields({ propertyValueSize: 10, propertyValues: [FLAGS_1] }),
    responses: [['no problems', '79 01' + OK + '0000', fields({ propertyProblems: [] })]],
  },
  {
    id: 0x7a,
    request: '7a 00 01 0100' + h32(SUBJECT),
    requestExpect: fields({ propertyTags: [SUBJECT] }),
    responses: [['no problems', '7a 01' + OK + '0000', fields({ propertyProblems: [] })]],
  },
  { id: 0x7b, request: '7b 00 01', responses: [['state', '7b 01' + OK + h32(0x01000000), fields({ storeState: 0x01000000 })]] },
  { id: 0x7e, request: '7e 00 01 02 01', requestExpect: fields({ isContentsCollector: 1 }), responses: [['header only', '7e 02' + OK, fields({})]] },
  {
    id: 0x7f,
    request: '7f 00 01 10000000',
    requestExpect: fields({ idCount: 16 }),
    responses: [['range', '7f 01' + OK + GUID + '000000000100', fields({ replGuid: GUID_TEXT, globalCount: bytes('000000000100') })]],
  },
  {
    id: 0x80,
    request: '80 00 01 0700 0400 01020304 01',
    requestExpect: fields({ messageReadStates: [{ messageId: bytes('01020304'), markAsRead: true }] }),
    responses: [['header only', '80 01' + OK, fields({})]],
  },
  { id: 0x81, request: '81 00 01', requestExpect: { kind: 'RopResetTable', inputHandleIndex: 1 }, responses: [['header only', '81 01' + OK, { kind: 'RopResetTable', size: 6 }]] },
  { id: 0x82, request: '82 00 01 02', requestExpect: { outputHandleIndex: 2 }, responses: [['header only', '82 02' + OK, fields({})]] },
  { id: 0x86, request: '86 00 01 0f00 0100 0200', requestExpect: fields({ version: [15, 1, 2] }), responses: [['header only', '86 01' + OK, fields({})]] },
  { id: 0x89, request: '89 00 01 0200 abcd', requestExpect: fields({ bookmark: bytes('abcd') }), responses: [['header only', '89 01' + OK, fields({})]] },
  {
    id: 0x90,
    request: '90 00 01 0100 ef',
    requestExpect: fields({ data: bytes('ef') }),
    responses: [['failure keeps WrittenSize', '90 01' + FAIL + '0000', fields({ writtenSize: 0 })]],
  },
  {
    id: 0x91,
    request: '91 00 01 01 00 0000',
    requestExpect: fields({ wantAsynchronous: true, notifyNonRead: false, messageIds: [] }),
    responses: [['success', '91 01' + OK + '00', fields({ partialCompletion: false })]],
  },
  {
    id: 0x92,
    request: '92 00 01 00 01',
    requestExpect: fields({ wantAsynchronous: false, wantDeleteAssociated: true }),
    responses: [['failure keeps PartialCompletion', '92 01' + FAIL + '01', fields({ partialCompletion: true })]],
  },
  {
    id: 0x93,
    request: '93 00 01 3400 01000000' + LTID + LTID,
    requestExpect: fields({ longTermIdRanges: [{ minLongTermId: LTID_TEXT, maxLongTermId: LTID_TEXT }] }),
    responses: [['header only', '93 01' + OK, fields({})]],
  },
  {
    id: 0x9d,
    request: '9d 00 01 0200 abcd',
    requestExpect: fields({ transferData: bytes('abcd') }),
    responses: [
      ['status', '9d 01' + OK + '0300 01000000 01000000 00 0200', fields({ transferStatus: 3, inProgressCount: 1, totalStepCount: 1, reserved: 0, bufferUsedSize: 2 })],
      ['failure keeps the status fields', '9d 01' + FAIL + '0000 00000000 00000000 00 0000', { size: 19, ...fields({ bufferUsedSize: 0 }) }],
    ],
  },
  {
    id: 0xa3,
    request: 'a3 00 01 0200 abcd',
    requestExpect: fields({ data: bytes('abcd') }),
    responses: [
      ['written', 'a3 01' + OK + '02000000', fields({ writtenSize: 2 })],
      ['failure keeps WrittenSize (u32)', 'a3 01' + FAIL + '00000000', { size: 10, ...fields({ writtenSize: 0 }) }],
    ],
  },
  {
    id: 0xf9,
    request: null,
    responses: [
      [
        'one delayed ROP, no additional data',
        'f9 00 e8030000 01 0e e8030000 0000',
        { kind: 'RopBackoff', logonId: 0, duration: 1000, backoffRops: [{ ropId: 0x0e, duration: 1000 }], additionalData: new Uint8Array(0) },
      ],
    ],
  },
  {
    id: 0xfe,
    request: 'fe 00 00 01 00000000 00000000 0400' + asciiz('/o='),
    requestExpect: { kind: 'RopLogon', logonId: 0, inputHandleIndex: null, outputHandleIndex: 0, logonFlags: 1, openFlags: 0, storeState: 0, essdn: '/o=' },
    responses: [
      [
        'ecWrongServer carries LogonFlags and the server name',
        'fe 00 78040000 01 03' + asciiz('ab'),
        { kind: 'RopLogon', returnValue: 0x478, fields: { logonFlags: 1, serverNameSize: 3, serverName: 'ab' } },
      ],
      ['other failure: nothing', 'fe 00' + FAIL, { kind: 'RopLogon', size: 6, fields: {} }],
    ],
  },
  {
    id: 0xff,
    request: null,
    responses: [['SizeNeeded, then the unprocessed requests to the end', 'ff 0010 0d000100000000', { kind: 'RopBufferTooSmall', sizeNeeded: 0x1000, requestBuffers: bytes('0d000100000000') }]],
  },
];

function decodeRequest(hex: string): RopRequest {
  const q = decodeRopRequestBuffer(ropBuffer(hex, HANDLES), CTX, DEFAULT_LIMITS);
  expect(q.damage).toBeNull();
  expect(q.rops).toHaveLength(1);
  expect(q.rops[0]!.size).toBe(fromHex(hex).length);
  return q.rops[0]!;
}

describe('every RopId: request and responses from ROPS-OXCDATA §2 field tables', () => {
  const rows = CASES.flatMap((c) => [
    ...(c.request ? [[`${ROP_NAMES.get(c.id)} request`, c, null] as const] : []),
    ...c.responses.map((r) => [`${ROP_NAMES.get(c.id)} response: ${r[0]}`, c, r] as const),
  ]);

  it.each(rows)('%s', (_label, c, response) => {
    const request = c.request ? decodeRequest(c.request) : null;
    if (!response) {
      expect(request).toMatchObject({ ropId: c.id, name: ROP_NAMES.get(c.id), ...c.requestExpect });
      return;
    }
    const [, hex, expected] = response;
    const side = request ? { rops: [request], handles: HANDLES } : null;
    const a = decodeRopResponseBuffer(ropBuffer(hex, HANDLES), side, CTX, DEFAULT_LIMITS);
    expect(a.damage).toBeNull();
    expect(a.rops).toHaveLength(1);
    expect(a.rops[0]!.size).toBe(fromHex(hex).length);
    expect(a.rops[0]).toMatchObject({ name: ROP_NAMES.get(c.id), ...expected });
  });

  it('covers every documented RopId, request and response', () => {
    const withRequest = new Set(CASES.filter((c) => c.request).map((c) => c.id));
    const withResponse = new Set(CASES.filter((c) => c.responses.length > 0).map((c) => c.id));
    const responseOnly = [0x2a, 0x6e, 0xf9, 0xff];
    for (const id of ROP_NAMES.keys()) {
      if (!responseOnly.includes(id)) expect([id, withRequest.has(id)]).toEqual([id, true]);
      if (id !== 0x01) expect([id, withResponse.has(id)]).toEqual([id, true]);
    }
    // The rows of ROPS-OXCDATA §2.11 (its closing sentence says 128, but the table holds 132).
    expect(ROP_NAMES.size).toBe(132);
    expect([...ROP_CODECS.keys()].sort()).toEqual([...ROP_NAMES.keys()].sort());
  });
});

/**
 * ROPS-OXCDATA §1.4: a failure response ends after ReturnValue, except for the ROPs listed there.
 * Every other ROP with a response form is checked with a failure of its own.
 */
const FAILURE_EXCEPTIONS = new Set([0x33, 0x35, 0x36, 0x3a, 0x1d, 0x1e, 0x58, 0x91, 0x92, 0x66, 0x2c, 0x2d, 0x90, 0xa3, 0x54, 0x9d, 0x4e]);
const NO_HEADER = new Set([0x01, 0x2a, 0x6e, 0xf9, 0xff]);

describe('failure responses end after ReturnValue (ROPS-OXCDATA §1.4)', () => {
  const ids = [...ROP_NAMES.keys()].filter((id) => !FAILURE_EXCEPTIONS.has(id) && !NO_HEADER.has(id));
  it.each(ids.map((id) => [ROP_NAMES.get(id)!, id] as const))('%s', (_name, id) => {
    const hex = h16(id).slice(0, 2) + '01' + FAIL + '6e0100';
    const a = decodeRopResponseBuffer(ropBuffer(hex), null, CTX, DEFAULT_LIMITS);
    expect(a.damage).toBeNull();
    expect(a.rops.map((r) => [r.ropId, r.size, r.returnValue])).toEqual([
      [id, 6, FAIL_VALUE],
      [0x6e, 3, null],
    ]);
  });
});
