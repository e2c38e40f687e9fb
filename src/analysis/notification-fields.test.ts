import { notificationFields, notificationTypeNames, rowToJson } from './notification-fields.js';

describe('notification fields (CONTRACT names, MS-OXCNOTIF 2.2.1.4.1.2)', () => {
  it('names NewMail with message class and flags; absent fields stay absent', () => {
    const f = notificationFields({
      notificationFlags: 0x8002,
      notificationType: 0x0002,
      folderId: '0001-000000000012',
      messageId: '0001-000000000A34',
      messageFlags: 0,
      unicodeFlag: 0,
      messageClass: 'IPM.Note',
    });
    expect(f).toEqual({
      notificationType: 'NewMail',
      notificationFlags: '0x8002',
      flagNames: ['Message'],
      folderId: '0001-000000000012',
      messageId: '0001-000000000A34',
      messageFlags: '0x00000000',
      unicodeFlag: false,
      messageClass: 'IPM.Note',
    });
    expect('parentFolderId' in f).toBe(false);
  });
  it('names table events and keeps undecoded row data with its reason', () => {
    const f = notificationFields({
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
      tableRowData: Uint8Array.from([0, 1, 2, 3]),
      tableRowDamage: { reason: 'state-missing', offset: 54, detail: 'columns unknown: RopSetColumns for handle 0x00000047 not in capture' },
    });
    expect(f.notificationType).toBe('TableModified');
    expect(f.tableEventType).toBe('TableRowAdded');
    expect(f.tableRowData).toEqual({ undecoded: '00010203', reason: 'columns unknown: RopSetColumns for handle 0x00000047 not in capture' });
  });
  it('counts on a folder ObjectModified with T and U', () => {
    const f = notificationFields({ notificationFlags: 0x3010, notificationType: 0x0010, folderId: '0001-000000000012', tagCount: 0, totalMessageCount: 12, unreadMessageCount: 3 });
    expect(f.flagNames).toEqual(['TotalMessageCount', 'UnreadMessageCount']);
    expect(f.tags).toEqual([]);
    expect(f.totalMessageCount).toBe(12);
    expect(f.unreadMessageCount).toBe(3);
  });
  it('maps RopRegisterNotification bits to names', () => {
    expect(notificationTypeNames(0x001c)).toEqual(['ObjectCreated', 'ObjectDeleted', 'ObjectModified']);
    expect(notificationTypeNames(0x0402)).toEqual(['NewMail', 'Extended']);
  });
  it('writes a row keyed by tag with names and typed values', () => {
    const row = rowToJson({
      flag: 1,
      values: [
        { tag: 0x0037001f, type: 0x001f, status: 'ok', value: 'Hello' },
        { tag: 0x0e060040, type: 0x0040, status: 'ok', value: 133000000000000000n },
        { tag: 0x0e070003, type: 0x0003, status: 'error', value: null, errorCode: 0x8004010f },
        { tag: 0x674a0014, type: 0x0014, status: 'absent', value: null },
      ],
    });
    expect(row['0x0037001F']).toEqual({ name: 'PidTagSubject', value: 'Hello' });
    expect(row['0x0E060040']).toEqual({ name: expect.any(String), value: '2022-06-18T04:26:40.0000000Z' });
    expect(row['0x0E070003']).toEqual({ name: expect.any(String), error: '0x8004010F' });
    expect(row['0x674A0014']).toMatchObject({ absent: true });
  });
});
