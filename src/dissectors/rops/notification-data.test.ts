import { ByteReader } from '../../core/byte-reader.js';
import { fromHex } from '../../core/hex.js';
import { readNotificationData, type ColumnsLookup } from './notification-data.js';
import type { NotificationData } from './types.js';

/** An 8-byte FID/MID: ReplicaId 0x0001 (LE) + a 6-byte big-endian counter. */
const id = (counter: number): string => '0100' + counter.toString(16).padStart(12, '0');
const u16 = (v: number): string => (v & 0xff).toString(16).padStart(2, '0') + (v >> 8).toString(16).padStart(2, '0');
const u32 = (v: number): string => u16(v & 0xffff) + u16(v >>> 16);
const noColumns: ColumnsLookup = () => undefined;

function decode(hex: string, columns: ColumnsLookup = noColumns, handle = 0x45): { data: NotificationData; rest: number } {
  const r = new ByteReader(fromHex(hex));
  const data = readNotificationData(r, handle, columns);
  return { data, rest: r.remaining };
}

describe('NotificationData: VECTORS-rpc V8–V15 (after the RopNotify header)', () => {
  it('V8 NewMail, 8-bit MessageClass', () => {
    const { data, rest } = decode('0280 0100000000000012 010000000000 0a34 00000000 00 49504d2e4e6f746500');
    expect(rest).toBe(0);
    expect(data).toEqual({
      notificationFlags: 0x8002,
      notificationType: 0x0002,
      folderId: '0001-000000000012',
      messageId: '0001-000000000A34',
      messageFlags: 0,
      unicodeFlag: 0,
      messageClass: 'IPM.Note',
    });
  });

  it('V9 NewMail, UTF-16 MessageClass', () => {
    const { data, rest } = decode('0280 0100000000000012 0100000000000a34 01000000 01 49005000 4d002e00 4e006f00 74006500 0000');
    expect(rest).toBe(0);
    expect(data).toMatchObject({ messageFlags: 1, unicodeFlag: 1, messageClass: 'IPM.Note' });
  });

  it('V10 ObjectModified on a folder with T and U, TagCount 0', () => {
    const { data, rest } = decode('1030 0100000000000012 0000 0c000000 03000000');
    expect(rest).toBe(0);
    expect(data).toEqual({
      notificationFlags: 0x3010,
      notificationType: 0x0010,
      folderId: '0001-000000000012',
      tagCount: 0,
      totalMessageCount: 12,
      unreadMessageCount: 3,
    });
  });

  it('V11 contents-table TableRowAdded (columns unknown: raw row, state-missing)', () => {
    const hex = '0081 0300 ' + id(0x12) + id(0xa34) + '00000000' + id(0x12) + id(0xa33) + '00000000 0400 00010203';
    const { data, rest } = decode(hex, noColumns, 0x47);
    expect(rest).toBe(0);
    expect(data).toMatchObject({
      notificationFlags: 0x8100,
      notificationType: 0x0100,
      tableEventType: 3,
      tableRowFolderId: '0001-000000000012',
      tableRowMessageId: '0001-000000000A34',
      tableRowInstance: 0,
      insertAfterTableRowFolderId: '0001-000000000012',
      insertAfterTableRowId: '0001-000000000A33',
      insertAfterTableRowInstance: 0,
      tableRowDataSize: 4,
      tableRowData: fromHex('00010203'),
    });
    expect(data.tableRow).toBeUndefined();
    expect(data.tableRowDamage).toMatchObject({ reason: 'state-missing', detail: 'columns unknown: RopSetColumns for handle 0x00000047 not in capture' });
  });

  it('V12 hierarchy-table TableChanged: nothing after TableEventType', () => {
    const { data, rest } = decode('0001 0100');
    expect(rest).toBe(0);
    expect(data).toEqual({ notificationFlags: 0x0100, notificationType: 0x0100, tableEventType: 1 });
  });

  it('V13 hierarchy-table TableRowDeleted: TableRowFolderID only', () => {
    const { data, rest } = decode('0001 0400 0100000000000055');
    expect(rest).toBe(0);
    expect(data).toEqual({ notificationFlags: 0x0100, notificationType: 0x0100, tableEventType: 4, tableRowFolderId: '0001-000000000055' });
  });

  it('V14 message moved: FolderId, MessageId, OldFolderId, OldMessageId', () => {
    const { data, rest } = decode('2080 ' + id(0x13) + id(0xa34) + id(0x12) + id(0xa34));
    expect(rest).toBe(0);
    expect(data).toEqual({
      notificationFlags: 0x8020,
      notificationType: 0x0020,
      folderId: '0001-000000000013',
      messageId: '0001-000000000A34',
      oldFolderId: '0001-000000000012',
      oldMessageId: '0001-000000000A34',
    });
  });

  it('V15 folder moved: FolderId, ParentFolderId, OldFolderId, OldParentFolderId', () => {
    const { data, rest } = decode('2000 ' + id(0x55) + id(0x13) + id(0x55) + id(0x12));
    expect(rest).toBe(0);
    expect(data).toEqual({
      notificationFlags: 0x0020,
      notificationType: 0x0020,
      folderId: '0001-000000000055',
      parentFolderId: '0001-000000000013',
      oldFolderId: '0001-000000000055',
      oldParentFolderId: '0001-000000000012',
    });
  });
});

describe('NotificationData: one vector per row of the per-type layout table (OXCNOTIF §1.6)', () => {
  const tags = '0200 1f003700 03000e0e'; // TagCount 2: 0x0037001F, 0x0E0E0003

  it.each<[string, string, Partial<NotificationData>]>([
    ['0x0004 folder created: FolderId, ParentFolderId, TagCount, Tags', '0400' + id(1) + id(2) + tags, { folderId: '0001-000000000001', parentFolderId: '0001-000000000002', tagCount: 2, tags: [0x0037001f, 0x0e0e0003] }],
    ['0x8004 message created: FolderId, MessageId, TagCount, Tags', '0480' + id(1) + id(3) + tags, { folderId: '0001-000000000001', messageId: '0001-000000000003', tagCount: 2, tags: [0x0037001f, 0x0e0e0003] }],
    [
      '0xC004 created in a search folder: FolderId, MessageId, ParentFolderId, TagCount, Tags',
      '04c0' + id(1) + id(3) + id(9) + '0000',
      { folderId: '0001-000000000001', messageId: '0001-000000000003', parentFolderId: '0001-000000000009', tagCount: 0 },
    ],
    ['0x0008 folder deleted: FolderId, ParentFolderId', '0800' + id(1) + id(2), { folderId: '0001-000000000001', parentFolderId: '0001-000000000002' }],
    ['0x8008 message deleted: FolderId, MessageId', '0880' + id(1) + id(3), { folderId: '0001-000000000001', messageId: '0001-000000000003' }],
    ['0xC008 removed from a search folder: FolderId, MessageId, ParentFolderId', '08c0' + id(1) + id(3) + id(9), { folderId: '0001-000000000001', messageId: '0001-000000000003', parentFolderId: '0001-000000000009' }],
    [
      '0x1010 folder modified with T: FolderId, TagCount, Tags, TotalMessageCount',
      '1010' + id(1) + '0100 1f003700' + u32(7),
      { folderId: '0001-000000000001', tagCount: 1, tags: [0x0037001f], totalMessageCount: 7 },
    ],
    ['0x2010 folder modified with U: FolderId, TagCount, UnreadMessageCount', '1020' + id(1) + 'ffff' + u32(5), { folderId: '0001-000000000001', tagCount: 0xffff, unreadMessageCount: 5 }],
    [
      '0xB010 T and U on a message modification: FolderId, MessageId, TagCount, Tags, Total, Unread',
      '10b0' + id(1) + id(3) + '0100 1f003700' + u32(7) + u32(5),
      { folderId: '0001-000000000001', messageId: '0001-000000000003', tagCount: 1, tags: [0x0037001f], totalMessageCount: 7, unreadMessageCount: 5 },
    ],
    ['0xC010 message modified in a search folder: FolderId, MessageId, TagCount', '10c0' + id(1) + id(3) + '0000', { folderId: '0001-000000000001', messageId: '0001-000000000003', tagCount: 0 }],
    [
      '0x0040 folder copied: FolderId, ParentFolderId, OldFolderId, OldParentFolderId',
      '4000' + id(1) + id(2) + id(4) + id(5),
      { folderId: '0001-000000000001', parentFolderId: '0001-000000000002', oldFolderId: '0001-000000000004', oldParentFolderId: '0001-000000000005' },
    ],
    ['0x8040 message copied: FolderId, MessageId, OldFolderId, OldMessageId', '4080' + id(1) + id(3) + id(4) + id(6), { folderId: '0001-000000000001', messageId: '0001-000000000003', oldFolderId: '0001-000000000004', oldMessageId: '0001-000000000006' }],
    [
      '0xC020 search-folder message moved: FolderId, MessageId, ParentFolderId, OldFolderId, OldMessageId',
      '20c0' + id(1) + id(3) + id(9) + id(4) + id(6),
      { folderId: '0001-000000000001', messageId: '0001-000000000003', parentFolderId: '0001-000000000009', oldFolderId: '0001-000000000004', oldMessageId: '0001-000000000006' },
    ],
    ['0x0080 SearchCompleted: FolderId', '8000' + id(9), { folderId: '0001-000000000009' }],
    ['0x8080 SearchCompleted with M: FolderId, MessageId', '8080' + id(9) + id(3), { folderId: '0001-000000000009', messageId: '0001-000000000003' }],
    [
      '0x8100 TableRowDeleted: TableEventType, FID, MID, Instance',
      '0081 0400' + id(1) + id(3) + u32(2),
      { tableEventType: 4, tableRowFolderId: '0001-000000000001', tableRowMessageId: '0001-000000000003', tableRowInstance: 2 },
    ],
    [
      '0x8100 TableRowModified: the full row-added layout',
      '0081 0500' + id(1) + id(3) + u32(0) + id(0) + id(0) + u32(0) + '0100 00',
      {
        tableEventType: 5, tableRowFolderId: '0001-000000000001', tableRowMessageId: '0001-000000000003', tableRowInstance: 0,
        insertAfterTableRowFolderId: '0001-000000000000', insertAfterTableRowId: '0001-000000000000', insertAfterTableRowInstance: 0, tableRowDataSize: 1,
      },
    ],
    [
      '0xC100 search-folder contents TableRowAdded',
      '00c1 0300' + id(9) + id(3) + u32(1) + id(9) + id(2) + u32(1) + '0000',
      {
        tableEventType: 3, tableRowFolderId: '0001-000000000009', tableRowMessageId: '0001-000000000003', tableRowInstance: 1,
        insertAfterTableRowFolderId: '0001-000000000009', insertAfterTableRowId: '0001-000000000002', insertAfterTableRowInstance: 1, tableRowDataSize: 0,
      },
    ],
    [
      '0x0100 hierarchy TableRowAdded: TableEventType, FID, InsertAfterFID, Size, Row',
      '0001 0300' + id(7) + id(6) + '0000',
      { tableEventType: 3, tableRowFolderId: '0001-000000000007', insertAfterTableRowFolderId: '0001-000000000006', tableRowDataSize: 0 },
    ],
    ['0x0100 TableRestrictionChanged: nothing after TableEventType', '0001 0700', { tableEventType: 7 }],
  ])('%s', (_name, hex, expected) => {
    const { data, rest } = decode(hex);
    expect(rest).toBe(0);
    const flags = parseInt(hex.slice(2, 4) + hex.slice(0, 2), 16);
    expect(data).toEqual({ notificationFlags: flags, notificationType: flags & 0x0fff, ...expected, ...(expected.tableRowDataSize !== undefined ? { tableRowData: data.tableRowData, tableRowDamage: data.tableRowDamage } : {}) });
  });
});

describe('NotificationData: malformed combinations decode by the presence rules', () => {
  it('T on a type other than ObjectModified still reads TotalMessageCount', () => {
    const { data, rest } = decode('0410' + id(1) + id(2) + '0000' + u32(4));
    expect(rest).toBe(0);
    expect(data).toMatchObject({ notificationType: 0x0004, parentFolderId: '0001-000000000002', tagCount: 0, totalMessageCount: 4 });
  });

  it('S without M: no ParentFolderId ((S and M) or (not S and not M) fails)', () => {
    const { data, rest } = decode('0840' + id(1));
    expect(rest).toBe(0);
    expect(data).toEqual({ notificationFlags: 0x4008, notificationType: 0x0008, folderId: '0001-000000000001' });
  });

  it('unknown type bits: FolderId (and MessageId with M) only', () => {
    const { data, rest } = decode('0088' + id(1) + id(3));
    expect(rest).toBe(0);
    expect(data).toEqual({ notificationFlags: 0x8800, notificationType: 0x0800, folderId: '0001-000000000001', messageId: '0001-000000000003' });
  });

  it('NewMail without M has no MessageId (per specification, unlike OpenChange)', () => {
    const { data, rest } = decode('0200' + id(1) + u32(0) + '00 4100');
    expect(rest).toBe(0);
    expect(data).toEqual({ notificationFlags: 0x0002, notificationType: 2, folderId: '0001-000000000001', messageFlags: 0, unicodeFlag: 0, messageClass: 'A' });
  });

  it('0x0400 Extended: the flags alone', () => {
    const { data, rest } = decode('0004 ffff');
    expect(rest).toBe(2);
    expect(data).toEqual({ notificationFlags: 0x0400, notificationType: 0x0400 });
  });

  it('0x0200 legacy ICS: HierChanged, GIDCount, GIDs', () => {
    const gid = '00112233445566778899aabbccddeeff' + '000000000102';
    const { data, rest } = decode('0002 01 01000000' + gid);
    expect(rest).toBe(0);
    expect(data).toEqual({
      notificationFlags: 0x0200,
      notificationType: 0x0200,
      icsHierChanged: true,
      icsGids: ['33221100-5544-7766-8899-aabbccddeeff:000000000102'],
    });
  });

  it('a TagCount that cannot fit is refused before allocating', () => {
    expect(() => decode('1000' + id(1) + 'fe7f 1f003700')).toThrow(/exceeds/);
  });
});

describe('NotificationData: TableRowData as a PropertyRow', () => {
  const columns = [0x0037001f /* PidTagSubject */, 0x0e070003 /* PidTagMessageFlags */];
  const row = '00 410042000000 02000000'; // standard row: "AB", 2
  const hex = (rowHex: string): string => {
    const size = fromHex(rowHex).length;
    return '0081 0300' + id(1) + id(3) + u32(0) + id(1) + id(2) + u32(0) + u16(size) + rowHex;
  };

  it('decoded with the columns of the notification handle', () => {
    const { data, rest } = decode(hex(row), (h) => (h === 0x99 ? columns : undefined), 0x99);
    expect(rest).toBe(0);
    expect(data.tableRowDamage).toBeUndefined();
    expect(data.tableRow).toEqual({
      flag: 0,
      values: [
        { tag: 0x0037001f, type: 0x001f, status: 'ok', value: 'AB' },
        { tag: 0x0e070003, type: 0x0003, status: 'ok', value: 2 },
      ],
    });
  });

  it('a FlaggedPropertyRow with an absent column', () => {
    const { data } = decode(hex('01 01 00 02000000'), () => columns);
    expect(data.tableRow?.flag).toBe(1);
    expect(data.tableRow?.values.map((v) => v.status)).toEqual(['absent', 'ok']);
  });

  it('columns that do not match the row: raw bytes kept, damage, the list stays in step', () => {
    const { data, rest } = decode(hex(row), () => [0x0037001f]);
    expect(rest).toBe(0);
    expect(data.tableRow).toBeUndefined();
    expect(data.tableRowDamage?.reason).toBe('malformed');
    expect(data.tableRowData).toEqual(fromHex(row));
  });
});
