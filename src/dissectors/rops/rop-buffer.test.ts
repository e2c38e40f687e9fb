import { fromHex } from '../../core/hex.js';
import { DEFAULT_LIMITS, withLimits } from '../../core/limits.js';
import { decodeRopRequestBuffer, decodeRopResponseBuffer } from './rop-buffer.js';
import { asciiz, h16, h32, h8, hid, ropBuffer, utf16z } from './test-hex.js';
import type { RopContext, RopRequest, RopResponse } from './types.js';

const NO_STATE: RopContext = { columnsOf: () => undefined, logonIsPrivate: () => undefined };
const ctxWith = (columns: Record<number, readonly number[]>, privateLogons: Record<number, boolean> = {}): RopContext => ({
  columnsOf: (h) => columns[h],
  logonIsPrivate: (l) => privateLogons[l],
});

const req = (payload: Uint8Array, ctx: RopContext = NO_STATE) => decodeRopRequestBuffer(payload, ctx, DEFAULT_LIMITS);
const resp = (payload: Uint8Array, request: { rops: readonly RopRequest[]; handles: readonly number[] } | null, ctx: RopContext = NO_STATE) =>
  decodeRopResponseBuffer(payload, request, ctx, DEFAULT_LIMITS);
const only = <T>(xs: readonly T[]): T => {
  expect(xs).toHaveLength(1);
  return xs[0]!;
};
const fieldsOf = (rop: RopRequest | RopResponse): Record<string, unknown> => ('fields' in rop ? rop.fields : {});

const SUBJECT = 0x0037001f;
const FLAGS = 0x0e070003;

describe('ROP buffer framing ([MS-OXCROPS] 2.2.1)', () => {
  it('V20: the empty poll has RopSize 2, no ROPs, no handles', () => {
    expect(req(fromHex('0200'))).toEqual({ ropSize: 2, rops: [], handles: [], damage: null });
  });

  it('VECTORS-rops V4: the handle table is what follows RopSize', () => {
    const payload = new Uint8Array(0x152);
    payload.set(fromHex('4201'));
    payload.set(fromHex('0100000002000000ffffffff04000000'), 0x142);
    // RopsList of zeros: RopId 0x00 is reserved, so the list stops at once; the handles are read regardless.
    const buf = req(payload);
    expect(buf.ropSize).toBe(0x142);
    expect(buf.handles).toEqual([1, 2, 0xffffffff, 4]);
    expect(buf.damage).toMatchObject({ reason: 'unknown-rop', offset: 2 });
  });

  it('RopSize below 2, past the buffer, and a handle table that is not whole u32s are damage', () => {
    expect(req(fromHex('0100')).damage).toMatchObject({ reason: 'malformed', field: 'RopSize' });
    const past = req(fromHex('0a00 29000001020001'));
    expect(past.rops).toHaveLength(1);
    expect(past.damage).toMatchObject({ reason: 'truncated', field: 'RopSize' });
    expect(req(fromHex('02')).damage).toMatchObject({ reason: 'truncated' });
    const odd = req(fromHex('0200 01000000 0200'));
    expect(odd.handles).toEqual([1]);
    expect(odd.damage).toMatchObject({ reason: 'malformed', field: 'ServerObjectHandleTable', offset: 6 });
  });

  it('stops at maxRopsPerBuffer', () => {
    const buf = decodeRopResponseBuffer(ropBuffer('6e0100'.repeat(3)), null, NO_STATE, withLimits({ maxRopsPerBuffer: 2 }));
    expect(buf.rops).toHaveLength(2);
    expect(buf.damage).toMatchObject({ reason: 'limit', offset: 8 });
  });
});

describe('RopRegisterNotification (VECTORS-rpc V4–V7, VECTORS-rops V5a/b)', () => {
  it('V4: whole store, NewMail', () => {
    const rop = only(req(ropBuffer('29000001020001')).rops);
    expect(rop).toEqual({
      kind: 'RopRegisterNotification', ropId: 0x29, name: 'RopRegisterNotification', offset: 2, size: 7,
      logonId: 0, inputHandleIndex: 0, outputHandleIndex: 1, notificationTypes: 0x0002, reserved: null,
      wantWholeStore: true, folderId: null, messageId: null,
    });
  });

  it('V5: folder-scoped, FolderId and MessageId follow', () => {
    const rop = only(req(ropBuffer('290000011c0000' + '0100000000000012' + '0000000000000000')).rops);
    expect(rop).toMatchObject({ size: 23, notificationTypes: 0x001c, wantWholeStore: false, folderId: '0001-000000000012', messageId: '0000-000000000000' });
  });

  it('V6: Extended (0x0400) brings the Reserved byte before WantWholeStore ([MS-OXCNOTIF] 2.2.1.2.1.1)', () => {
    const rop = only(req(ropBuffer('2900000102040001')).rops);
    expect(rop).toMatchObject({ size: 8, notificationTypes: 0x0402, reserved: 0, wantWholeStore: true });
  });

  it('V5a: NewMail|ObjectCreated, whole store', () => {
    expect(only(req(ropBuffer('29000001060001')).rops)).toMatchObject({ notificationTypes: 0x0006, wantWholeStore: true, size: 7 });
  });

  it('V7 / V5b: the response is the header alone; the handle is in the response handle table', () => {
    const q = req(ropBuffer('29000001020001', [0x11, 0xffffffff]));
    const a = resp(ropBuffer('290100000000', [0x11, 0x00000099]), q);
    expect(a.rops).toEqual([{ kind: 'RopRegisterNotification', ropId: 0x29, name: 'RopRegisterNotification', offset: 2, size: 6, handleIndex: 1, returnValue: 0 }]);
    expect(a.handles[1]).toBe(0x99);
  });
});

describe('RopNotify and RopPending in output buffers (VECTORS-rpc V16, V17; VECTORS-rops V5c–e)', () => {
  it('V16: RopPending', () => {
    expect(only(resp(fromHex('0500 6e0300'), null).rops)).toEqual({
      kind: 'RopPending', ropId: 0x6e, name: 'RopPending', offset: 2, size: 3, handleIndex: null, returnValue: null, sessionIndex: 3,
    });
  });

  it('V17: RopNotify NewMail + RopPending, no handles', () => {
    const buf = resp(fromHex('2b002a4500000000028001000000000000120100000000000a340000000000495' + '04d2e4e6f7465006e0300'), null);
    expect(buf.damage).toBeNull();
    expect(buf.ropSize).toBe(0x2b);
    expect(buf.handles).toEqual([]);
    expect(buf.rops.map((r) => [r.name, r.offset, r.size])).toEqual([['RopNotify', 2, 38], ['RopPending', 40, 3]]);
    expect(buf.rops[0]).toMatchObject({
      notificationHandle: 0x45,
      logonId: 0,
      data: { notificationFlags: 0x8002, folderId: '0001-000000000012', messageId: '0001-000000000A34', messageClass: 'IPM.Note' },
    });
  });

  it('V5c: NewMail with a UTF-16 class on handle 0x1234', () => {
    const hex = '2a34120000' + '00' + '0280' + '0100000000000010' + '0100000000000020' + '04000000' + '01' + utf16z('IPM.Note');
    const rop = only(resp(ropBuffer(hex), null).rops);
    expect(rop).toMatchObject({
      kind: 'RopNotify',
      notificationHandle: 0x1234,
      data: { folderId: '0001-000000000010', messageId: '0001-000000000020', messageFlags: 4, unicodeFlag: 1, messageClass: 'IPM.Note' },
    });
  });

  it('V5d + V5e: contents-table row deleted, then RopPending with session index 0', () => {
    const hex = '2a78563412' + '00' + '0081' + '0400' + hid(1) + hid(2) + h32(7) + '6e0000';
    const buf = resp(ropBuffer(hex), null);
    expect(buf.damage).toBeNull();
    expect(buf.rops[0]).toMatchObject({
      notificationHandle: 0x12345678,
      data: { tableEventType: 4, tableRowFolderId: '0001-000000000001', tableRowMessageId: '0001-000000000002', tableRowInstance: 7 },
    });
    expect(buf.rops[1]).toMatchObject({ kind: 'RopPending', sessionIndex: 0 });
  });
});

describe('VECTORS-rops V1–V3 (specification examples)', () => {
  it('V1: RopMoveFolder request', () => {
    const rop = only(req(ropBuffer('35000102010101000000' + '0E8EDF36' + '46006F006C006400650072003100' + '0000')).rops);
    expect(rop).toMatchObject({
      name: 'RopMoveFolder', size: 30, logonId: 0, inputHandleIndex: 1,
      fields: { destHandleIndex: 2, wantAsynchronous: true, useUnicode: true, folderId: '0001-00000E8EDF36', newFolderName: 'Folder1' },
    });
  });

  it('V2: RopQueryRows request', () => {
    expect(only(req(ropBuffer('15000000013200')).rops)).toEqual({
      kind: 'RopQueryRows', ropId: 0x15, name: 'RopQueryRows', offset: 2, size: 7,
      logonId: 0, inputHandleIndex: 0, outputHandleIndex: null, queryRowsFlags: 0, forwardRead: true, rowCount: 50,
    });
  });

  it('V3: rules-table responses; the QueryRows row cannot be sized without the table columns', () => {
    const queryRows =
      '150100000000020100' + '0000010000013FF85610000100000001000000555555' + '55D144E340' + '50007200 6F006A00 65006300 74002000 58000000';
    const buf = resp(ropBuffer('3F0100000000' + '12010000000000' + queryRows.replace(/ /g, '')), null);
    expect(buf.rops.map((r) => r.name)).toEqual(['RopGetRulesTable', 'RopSetColumns']);
    expect(buf.rops[0]).toMatchObject({ kind: 'RopGetTable', handleIndex: 1, returnValue: 0, rowCount: null });
    expect(buf.rops[1]).toMatchObject({ kind: 'RopSetColumns', handleIndex: 1, tableStatus: 0 });
    expect(buf.damage).toMatchObject({ reason: 'state-missing', detail: 'columns unknown: RopSetColumns for handle in handle slot 1 not in capture' });
  });
});

describe('Response pairing', () => {
  const getPropsSpecific = (slot: number, tags: readonly number[]): string =>
    '0700' + h8(slot) + '0000' + '0000' + h16(tags.length) + tags.map(h32).join('');

  it('RopRelease gets no response: the next request pairs with the next response', () => {
    const q = req(ropBuffer('010002' + getPropsSpecific(1, [SUBJECT, FLAGS]), [0, 0x20, 0x30]));
    const a = resp(ropBuffer('07 01 00000000 00' + utf16z('Hi') + h32(9)), q);
    expect(a.damage).toBeNull();
    expect(fieldsOf(only(a.rops)).rowData).toEqual({
      flag: 0,
      values: [
        { tag: SUBJECT, type: 0x1f, status: 'ok', value: 'Hi' },
        { tag: FLAGS, type: 3, status: 'ok', value: 9 },
      ],
    });
  });

  it('RopProgress stands in for the response of an asynchronous ROP, and pairing moves on', () => {
    const q = req(ropBuffer('580001 0100' + getPropsSpecific(2, [FLAGS])));
    const a = resp(ropBuffer('50 01 00000000 00 03000000 0a000000' + '07 02 00000000 00' + h32(1)), q);
    expect(a.damage).toBeNull();
    expect(a.rops[0]).toMatchObject({ kind: 'RopProgress', logonId: 0, completedTaskCount: 3, totalTaskCount: 10 });
    expect(fieldsOf(a.rops[1]!).rowData).toMatchObject({ values: [{ value: 1 }] });
  });

  it('a failed RopProgress ends after ReturnValue', () => {
    const a = resp(ropBuffer('50 01 05400480' + '6e0100'), null);
    expect(a.rops[0]).toMatchObject({ kind: 'RopProgress', returnValue: 0x80044005, logonId: null, completedTaskCount: null });
    expect(a.rops[1]?.kind).toBe('RopPending');
  });

  it('unsolicited ROPs between responses do not consume a request', () => {
    const q = req(ropBuffer(getPropsSpecific(1, [FLAGS])));
    const a = resp(ropBuffer('6e0100' + '07 01 00000000 00' + h32(5)), q);
    expect(a.damage).toBeNull();
    expect(fieldsOf(a.rops[1]!).rowData).toMatchObject({ values: [{ value: 5 }] });
  });

  it('without the request, a response that needs it stops with state-missing, keeping the prefix', () => {
    const a = resp(ropBuffer('6e0100' + '07 01 00000000 00' + h32(5)), null);
    expect(a.rops.map((r) => r.name)).toEqual(['RopPending']);
    expect(a.damage).toMatchObject({ reason: 'state-missing', offset: 11, field: 'RowData' });
  });

  it('RopBufferTooSmall: SizeNeeded and the unexecuted requests; RopBackoff with per-ROP durations', () => {
    const tooSmall = only(resp(ropBuffer('ff 0080 150000000132 00'), null).rops);
    expect(tooSmall).toMatchObject({ kind: 'RopBufferTooSmall', sizeNeeded: 0x8000, requestBuffers: fromHex('15000000013200') });
    const backoff = only(resp(ropBuffer('f9 00 e8030000 02 15 10270000 07 64000000 0200 abcd'), null).rops);
    expect(backoff).toMatchObject({
      kind: 'RopBackoff', handleIndex: null, returnValue: null, logonId: 0, duration: 1000,
      backoffRops: [{ ropId: 0x15, duration: 10000 }, { ropId: 0x07, duration: 100 }],
      additionalData: fromHex('abcd'),
    });
  });
});

describe('Failure responses ([MS-OXCROPS] failure buffers; reference §1.4)', () => {
  it('end after ReturnValue by default', () => {
    const a = resp(ropBuffer('02 01 0f010480' + '6e0200'), null);
    expect(a.rops[0]).toMatchObject({ name: 'RopOpenFolder', returnValue: 0x8004010f, fields: {} });
    expect(a.rops[0]?.size).toBe(6);
    expect(a.rops[1]).toMatchObject({ kind: 'RopPending', sessionIndex: 2 });
  });

  it('RopLogon ecWrongServer carries LogonFlags and the server name', () => {
    const a = resp(ropBuffer('fe 00 78040000 01 0b ' + asciiz('mbx1.x.com') + '6e0100'), null);
    expect(a.rops[0]).toMatchObject({ kind: 'RopLogon', returnValue: 0x478, fields: { logonFlags: 1, serverNameSize: 11, serverName: 'mbx1.x.com' } });
    expect(a.rops[1]?.kind).toBe('RopPending');
  });

  it('RopMoveCopyMessages: ecDstNullObject puts DestHandleIndex (u32) before PartialCompletion', () => {
    const a = resp(ropBuffer('33 01 03050000 02000000 01' + '33 01 05400480 00'), null);
    expect(a.rops.map(fieldsOf)).toEqual([{ destHandleIndex: 2, partialCompletion: true }, { partialCompletion: false }]);
  });

  it('RopDeleteMessages keeps PartialCompletion and RopReadStream its data on failure', () => {
    const a = resp(ropBuffer('1e 00 05000780 01' + '2c 00 05000780 0200 abcd'), null);
    expect(a.rops.map(fieldsOf)).toEqual([{ partialCompletion: true }, { data: fromHex('abcd') }]);
  });

  it('RopGetPropertiesSpecific has no failure exception', () => {
    const a = resp(ropBuffer('07 00 0f010480' + '6e0100'), null);
    expect(a.damage).toBeNull();
    expect(a.rops).toHaveLength(2);
  });
});

describe('RopLogon', () => {
  const essdn = '/o=Org/cn=alice';
  it('request: OutputHandleIndex in third place, Essdn of EssdnSize bytes', () => {
    const rop = only(req(ropBuffer('fe 00 00 01 00000001 00000000 ' + h16(essdn.length + 1) + asciiz(essdn))).rops);
    expect(rop).toMatchObject({ kind: 'RopLogon', logonId: 0, inputHandleIndex: null, outputHandleIndex: 0, logonFlags: 1, openFlags: 0x01000000, storeState: 0, essdn });
  });

  it('private mailbox response (160 bytes after the header)', () => {
    const folders = Array.from({ length: 13 }, (_, i) => hid(i + 1)).join('');
    const body = '01' + folders + '07' + '00112233445566778899aabbccddeeff' + 'ffff' + '00112233445566778899aabbccddeeff' +
      '15 0e 03 00 16 0b ea07' + '00a0e6e1a3cbdd01' + '00000000';
    expect(fromHex(body).length).toBe(160);
    const rop = only(resp(ropBuffer('fe 00 00000000' + body), null).rops);
    expect(rop).toMatchObject({
      kind: 'RopLogon',
      fields: {
        logonFlags: 1, responseFlags: 7, replId: 0xffff, storeState: 0,
        mailboxGuid: '33221100-5544-7766-8899-aabbccddeeff',
        logonTime: { seconds: 0x15, minutes: 0x0e, hour: 3, dayOfWeek: 0, day: 0x16, month: 0x0b, year: 2026 },
        gwartTime: 0x01ddcba3e1e6a000n,
      },
    });
    expect((fieldsOf(rop).folderIds as string[])[12]).toBe('0001-00000000000D');
  });

  it('public folders response (139 bytes after the header)', () => {
    const body = '00' + hid(1).repeat(13) + '0500' + '00'.repeat(16) + '11'.repeat(16);
    expect(fromHex(body).length).toBe(139);
    const buf = resp(ropBuffer('fe 00 00000000' + body + '6e0100'), null);
    expect(buf.damage).toBeNull();
    expect(buf.rops[0]).toMatchObject({ fields: { logonFlags: 0, replId: 5, perUserGuid: '11111111-1111-1111-1111-111111111111' } });
  });
});

describe('Table columns for RopQueryRows / RopFindRow', () => {
  const rowHex = '00' + utf16z('A') + h32(1);

  it('known from a RopSetColumns earlier in the same request buffer (table created in this call)', () => {
    const q = req(ropBuffer('05 00 00 01 00' + '12 00 01 00 0200' + h32(SUBJECT) + h32(FLAGS) + '15 00 01 00 01 0a00', [0x10, 0xffffffff]));
    expect(q.damage).toBeNull();
    const a = resp(ropBuffer('05 01 00000000 01000000' + '12 01 00000000 00' + '15 01 00000000 02 0100' + rowHex, [0x10, 0x77]), q);
    expect(a.damage).toBeNull();
    expect(a.rops[2]).toMatchObject({ kind: 'RopQueryRows', origin: 2, rowCount: 1, rows: [{ flag: 0, values: [{ value: 'A' }, { value: 1 }] }] });
  });

  it('known from the session for the handle in the slot', () => {
    const q = req(ropBuffer('15 00 01 00 01 0a00', [0x10, 0x33]));
    const a = resp(ropBuffer('15 01 00000000 00 0100' + rowHex, [0x10, 0x33]), q, ctxWith({ 0x33: [SUBJECT, FLAGS] }));
    expect(a.damage).toBeNull();
    expect(a.rops[0]).toMatchObject({ rows: [{ values: [{ tag: SUBJECT, value: 'A' }, { tag: FLAGS, value: 1 }] }] });
  });

  it('without the request, from the echoed slot and the response handle table', () => {
    const a = resp(ropBuffer('15 01 00000000 00 0100' + rowHex, [0x10, 0x33]), null, ctxWith({ 0x33: [SUBJECT, FLAGS] }));
    expect(a.damage).toBeNull();
  });

  it('unknown: stop with state-missing naming the handle, keeping the ROPs before', () => {
    const q = req(ropBuffer('16 00 01' + '15 00 01 00 01 0a00', [0x10, 0x33]));
    const a = resp(ropBuffer('16 01 00000000 00' + '15 01 00000000 00 0100' + rowHex, [0x10, 0x33]), q);
    expect(a.rops.map((r) => r.name)).toEqual(['RopGetStatus']);
    expect(a.damage).toEqual({
      reason: 'state-missing',
      offset: 18,
      field: 'RowData',
      detail: 'columns unknown: RopSetColumns for handle 0x00000033 not in capture',
    });
  });

  it('zero rows need no columns', () => {
    expect(resp(ropBuffer('15 01 00000000 02 0000'), null).damage).toBeNull();
  });

  it('a failed RopSetColumns leaves the session columns; RopResetTable in the call clears them', () => {
    const setCols = '12 00 01 00 0100' + h32(SUBJECT);
    const failed = req(ropBuffer(setCols + '15 00 01 00 01 0a00', [0, 0x33]));
    const a = resp(ropBuffer('12 01 05000780' + '15 01 00000000 00 0100' + rowHex, [0, 0x33]), failed, ctxWith({ 0x33: [SUBJECT, FLAGS] }));
    expect(a.damage).toBeNull();

    const reset = req(ropBuffer('81 00 01' + '15 00 01 00 01 0a00', [0, 0x33]));
    const b = resp(ropBuffer('81 01 00000000' + '15 01 00000000 00 0100' + rowHex, [0, 0x33]), reset, ctxWith({ 0x33: [SUBJECT, FLAGS] }));
    expect(b.damage?.reason).toBe('state-missing');
  });

  it('RopFindRow row data uses the same columns', () => {
    const q = req(ropBuffer('12 00 01 00 0200' + h32(SUBJECT) + h32(FLAGS) + '4f 00 01 00 0000 00 0000', [0, 0x33]));
    expect(q.rops[1]).toMatchObject({ name: 'RopFindRow', fields: { findRowFlags: 0, restrictionData: null, origin: 0, bookmark: new Uint8Array(0) } });
    const a = resp(ropBuffer('12 01 00000000 00' + '4f 01 00000000 00 01' + rowHex), q);
    expect(a.damage).toBeNull();
    expect(fieldsOf(a.rops[1]!)).toMatchObject({ rowNoLongerVisible: false, hasRowData: true, rowData: { values: [{ value: 'A' }, { value: 1 }] } });
  });

  it('RopNotify TableRowData uses a RopSetColumns of the same call on that handle', () => {
    const q = req(ropBuffer('12 00 01 00 0200' + h32(SUBJECT) + h32(FLAGS), [0, 0x33]));
    const notify = '2a 33000000 00 0081 0300' + hid(1) + hid(2) + h32(0) + hid(1) + hid(3) + h32(0) + h16(fromHex(rowHex).length) + rowHex;
    const a = resp(ropBuffer('12 01 00000000 00' + notify, [0, 0x33]), q);
    expect(a.damage).toBeNull();
    expect(a.rops[1]).toMatchObject({ kind: 'RopNotify', data: { tableRow: { values: [{ value: 'A' }, { value: 1 }] } } });
  });
});

describe('Requests whose layout depends on the logon', () => {
  const setRead = '11 00 01 02 04';
  it('RopSetMessageReadFlag: no ClientData on a private logon of the same buffer', () => {
    const q = req(ropBuffer('fe 00 00 01 00000000 00000000 0000' + setRead));
    expect(q.damage).toBeNull();
    expect(q.rops[1]).toMatchObject({ name: 'RopSetMessageReadFlag', inputHandleIndex: 2, fields: { responseHandleIndex: 1, readFlags: 4 } });
  });

  it('RopSetMessageReadFlag: 24 bytes of ClientData on a public logon known to the session', () => {
    const q = req(ropBuffer(setRead + 'aa'.repeat(24)), ctxWith({}, { 0: false }));
    expect(q.damage).toBeNull();
    expect(fieldsOf(q.rops[0]!).clientData).toEqual(fromHex('aa'.repeat(24)));
  });

  it('unknown logon: state-missing', () => {
    expect(req(ropBuffer(setRead)).damage).toMatchObject({ reason: 'state-missing', field: 'ClientData' });
  });
});

describe('Unknown RopIds', () => {
  it('end the buffer with the offset of the RopId; the decoded prefix is kept', () => {
    const q = req(ropBuffer('29000001020001' + '28 00 00'));
    expect(q.rops.map((r) => r.name)).toEqual(['RopRegisterNotification']);
    expect(q.damage).toEqual({
      reason: 'unknown-rop',
      offset: 9,
      field: 'RopsList',
      detail: 'RopId 0x28 is reserved or unknown; the rest of RopsList cannot be sized',
    });
  });

  it('a response-only ROP in a request buffer, or a request-only ROP in a response buffer', () => {
    expect(req(ropBuffer('6e0100')).damage).toMatchObject({ reason: 'unknown-rop', offset: 2, detail: expect.stringContaining('RopPending') });
    expect(resp(ropBuffer('010000'), null).damage).toMatchObject({ reason: 'unknown-rop', detail: expect.stringContaining('RopRelease') });
  });
});
