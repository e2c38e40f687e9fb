import fc from 'fast-check';
import type { NotificationData, PropertyRow } from '../types.js';
import { guidText, idText, rowArb, string8, string16, u32, writeRow } from './values.js';
import { hexBytes, Writer } from './writer.js';

/**
 * NotificationData of RopNotify, generated and written by the presence rules of ROPS-OXCDATA
 * §4.2 (one line per field, in wire order). Table rows are only generated for a table whose
 * columns are known. Test support only.
 */
const TYPES = [0x0002, 0x0004, 0x0008, 0x0010, 0x0020, 0x0040, 0x0080, 0x0100, 0x0200];
const TABLE_EVENTS = [1, 3, 4, 5, 7];

export interface Notification {
  model: NotificationData;
  row: PropertyRow | null;
  columns: readonly number[] | null;
}

const gidText = fc.tuple(guidText, fc.uint8Array({ minLength: 6, maxLength: 6 })).map(([g, c]) => `${g}:${[...c].map((x) => x.toString(16).padStart(2, '0')).join('').toUpperCase()}`);

export function notificationArb(columns: readonly number[] | null): fc.Arbitrary<Notification> {
  return fc
    .record({
      type: fc.constantFrom(...TYPES),
      t: fc.boolean(),
      u: fc.boolean(),
      s: fc.boolean(),
      m: fc.boolean(),
      te: fc.constantFrom(...(columns ? TABLE_EVENTS : [1, 4, 7])),
      ids: fc.array(idText, { minLength: 8, maxLength: 8 }),
      instances: fc.tuple(u32, u32),
      tagCount: fc.oneof(fc.constant(0), fc.constant(0xffff), fc.array(u32, { minLength: 1, maxLength: 3 })),
      counts: fc.tuple(u32, u32),
      messageFlags: u32,
      unicode: fc.boolean(),
      class8: string8,
      class16: string16,
      ics: fc.tuple(fc.boolean(), fc.array(gidText, { maxLength: 2 })),
      row: columns ? rowArb(columns).map((r): PropertyRow | null => r) : fc.constant(null),
    })
    .map((g) => {
      const nf = g.type | (g.t ? 0x1000 : 0) | (g.u ? 0x2000 : 0) | (g.s ? 0x4000 : 0) | (g.m ? 0x8000 : 0);
      const d: NotificationData = { notificationFlags: nf, notificationType: g.type };
      const ids = [...g.ids];
      const next = (): string => ids.shift()!;
      let row: PropertyRow | null = null;
      if (g.type === 0x0100) {
        d.tableEventType = g.te;
        const rowEvent = g.te === 3 || g.te === 4 || g.te === 5;
        const withData = g.te === 3 || g.te === 5;
        if (rowEvent) {
          d.tableRowFolderId = next();
          if (g.m) {
            d.tableRowMessageId = next();
            d.tableRowInstance = g.instances[0];
          }
        }
        if (withData) {
          d.insertAfterTableRowFolderId = next();
          if (g.m) {
            d.insertAfterTableRowId = next();
            d.insertAfterTableRowInstance = g.instances[1];
          }
          row = g.row;
          const w = new Writer();
          writeRow(w, row!, columns!);
          d.tableRowDataSize = w.length;
          d.tableRowData = w.finish();
          d.tableRow = row!;
        }
      }
      if (g.type === 0x0200) {
        d.icsHierChanged = g.ics[0];
        d.icsGids = g.ics[1];
      }
      if (g.type !== 0x0100 && g.type !== 0x0200) {
        d.folderId = next();
        if (g.m) d.messageId = next();
      }
      if ([0x0004, 0x0008, 0x0020, 0x0040].includes(g.type) && g.s === g.m) d.parentFolderId = next();
      if (g.type === 0x0020 || g.type === 0x0040) {
        d.oldFolderId = next();
        if (g.m) d.oldMessageId = next();
        else d.oldParentFolderId = next();
      }
      if (g.type === 0x0004 || g.type === 0x0010) {
        if (Array.isArray(g.tagCount)) {
          d.tagCount = g.tagCount.length;
          d.tags = g.tagCount;
        } else d.tagCount = g.tagCount;
      }
      if (g.t) d.totalMessageCount = g.counts[0];
      if (g.u) d.unreadMessageCount = g.counts[1];
      if (g.type === 0x0002) {
        d.messageFlags = g.messageFlags;
        d.unicodeFlag = g.unicode ? 1 : 0;
        d.messageClass = g.unicode ? g.class16 : g.class8;
      }
      return { model: d, row, columns };
    });
}

export function writeNotification(w: Writer, n: Notification): void {
  const d = n.model;
  w.u16(d.notificationFlags);
  const put = (id: string | undefined): void => {
    if (id !== undefined) w.id(id);
  };
  if (d.tableEventType !== undefined) w.u16(d.tableEventType);
  put(d.tableRowFolderId);
  put(d.tableRowMessageId);
  if (d.tableRowInstance !== undefined) w.u32(d.tableRowInstance);
  put(d.insertAfterTableRowFolderId);
  put(d.insertAfterTableRowId);
  if (d.insertAfterTableRowInstance !== undefined) w.u32(d.insertAfterTableRowInstance);
  if (d.tableRowData !== undefined) w.u16(d.tableRowData.length).bytes(d.tableRowData);
  if (d.icsHierChanged !== undefined) {
    w.u8(d.icsHierChanged ? 1 : 0).u32(d.icsGids!.length);
    for (const gid of d.icsGids!) {
      const [g, counter] = gid.split(':') as [string, string];
      w.guid(g).bytes(hexBytes(counter));
    }
  }
  put(d.folderId);
  put(d.messageId);
  put(d.parentFolderId);
  put(d.oldFolderId);
  put(d.oldMessageId);
  put(d.oldParentFolderId);
  if (d.tagCount !== undefined) w.u16(d.tagCount);
  for (const t of d.tags ?? []) w.u32(t);
  if (d.totalMessageCount !== undefined) w.u32(d.totalMessageCount);
  if (d.unreadMessageCount !== undefined) w.u32(d.unreadMessageCount);
  if (d.messageFlags !== undefined) {
    w.u32(d.messageFlags).u8(d.unicodeFlag!);
    if (d.unicodeFlag === 1) w.utf16z(d.messageClass!);
    else w.asciiz(d.messageClass!);
  }
}

