import { hex4, hex8, toHex } from '../core/hex.js';
import { filetimeToIso } from '../core/filetime.js';
import type { JsonValue, NotificationEvent, NotificationTypeName, TableEventName } from '../model/events.js';
import type { NotificationData, PropertyRow, PropValue } from '../dissectors/rops/types.js';
import { tagName } from '../dissectors/oxcdata/property-tags.js';
import { formatId } from '../dissectors/oxcdata/ids.js';

/** NotificationType values ([MS-OXCNOTIF] 2.2.1.4.1.2), low 12 bits of NotificationFlags. */
const TYPE_NAMES: ReadonlyMap<number, NotificationTypeName | 'IcsNotification'> = new Map([
  [0x0002, 'NewMail'],
  [0x0004, 'ObjectCreated'],
  [0x0008, 'ObjectDeleted'],
  [0x0010, 'ObjectModified'],
  [0x0020, 'ObjectMoved'],
  [0x0040, 'ObjectCopied'],
  [0x0080, 'SearchCompleted'],
  [0x0100, 'TableModified'],
  [0x0200, 'IcsNotification'], // legacy, not in MS-OXCNOTIF
  [0x0400, 'Extended'],
]);

const TABLE_EVENT_NAMES: ReadonlyMap<number, TableEventName> = new Map([
  [0x0001, 'TableChanged'],
  [0x0003, 'TableRowAdded'],
  [0x0004, 'TableRowDeleted'],
  [0x0005, 'TableRowModified'],
  [0x0007, 'TableRestrictionChanged'],
]);

/** RopRegisterNotification NotificationTypes bits, in specification order. */
export function notificationTypeNames(bits: number): NotificationTypeName[] {
  const out: NotificationTypeName[] = [];
  for (const [bit, name] of TYPE_NAMES) if (bits & bit && name !== 'IcsNotification') out.push(name);
  return out;
}

export function notificationTypeName(type: number): string {
  return TYPE_NAMES.get(type) ?? `0x${type.toString(16).padStart(4, '0')}`;
}

export function tableEventName(te: number): string {
  return TABLE_EVENT_NAMES.get(te) ?? `0x${te.toString(16).padStart(4, '0')}`;
}

const FLAG_NAMES: [number, string][] = [
  [0x1000, 'TotalMessageCount'],
  [0x2000, 'UnreadMessageCount'],
  [0x4000, 'SearchFolder'],
  [0x8000, 'Message'],
];

/**
 * The NotificationData fields present on the wire, under their specification names (CONTRACT:
 * absent fields are absent, never null).
 */
export function notificationFields(d: NotificationData): Partial<NotificationEvent> & {
  notificationType: string;
  notificationFlags: string;
  flagNames: string[];
} {
  const out: Partial<NotificationEvent> & { notificationType: string; notificationFlags: string; flagNames: string[] } = {
    notificationType: notificationTypeName(d.notificationType),
    notificationFlags: hex4(d.notificationFlags),
    flagNames: FLAG_NAMES.filter(([bit]) => d.notificationFlags & bit).map(([, n]) => n),
  };
  if (d.tableEventType !== undefined) out.tableEventType = tableEventName(d.tableEventType);
  if (d.tableRowFolderId !== undefined) out.tableRowFolderId = d.tableRowFolderId;
  if (d.tableRowMessageId !== undefined) out.tableRowMessageId = d.tableRowMessageId;
  if (d.tableRowInstance !== undefined) out.tableRowInstance = d.tableRowInstance;
  if (d.insertAfterTableRowFolderId !== undefined) out.insertAfterTableRowFolderId = d.insertAfterTableRowFolderId;
  if (d.insertAfterTableRowId !== undefined) out.insertAfterTableRowId = d.insertAfterTableRowId;
  if (d.insertAfterTableRowInstance !== undefined) out.insertAfterTableRowInstance = d.insertAfterTableRowInstance;
  if (d.tableRowData !== undefined) {
    out.tableRowData = d.tableRow
      ? rowToJson(d.tableRow)
      : { undecoded: toHex(d.tableRowData), reason: d.tableRowDamage?.detail ?? 'columns unknown' };
  }
  if (d.folderId !== undefined) out.folderId = d.folderId;
  if (d.messageId !== undefined) out.messageId = d.messageId;
  if (d.parentFolderId !== undefined) out.parentFolderId = d.parentFolderId;
  if (d.oldFolderId !== undefined) out.oldFolderId = d.oldFolderId;
  if (d.oldMessageId !== undefined) out.oldMessageId = d.oldMessageId;
  if (d.oldParentFolderId !== undefined) out.oldParentFolderId = d.oldParentFolderId;
  if (d.tags !== undefined) {
    out.tags = d.tags.map(hex8);
    out.tagNames = d.tags.map(tagName);
  } else if (d.tagCount !== undefined) {
    out.tags = [];
  }
  if (d.totalMessageCount !== undefined) out.totalMessageCount = d.totalMessageCount;
  if (d.unreadMessageCount !== undefined) out.unreadMessageCount = d.unreadMessageCount;
  if (d.messageFlags !== undefined) out.messageFlags = hex8(d.messageFlags);
  if (d.unicodeFlag !== undefined) out.unicodeFlag = d.unicodeFlag !== 0;
  if (d.messageClass !== undefined) out.messageClass = d.messageClass;
  return out;
}

/** A PropertyRow as { "0xTAG": { name, value } } (CONTRACT: keyed by tag, with a readable name). */
export function rowToJson(row: PropertyRow): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const v of row.values) {
    const entry: { [k: string]: JsonValue } = { name: tagName(v.tag) };
    if (v.status === 'ok') {
      entry.value = ID_PROPERTY_IDS.has(v.tag >>> 16) && typeof v.value === 'bigint' ? idFromU64(v.value) : propToJson(v.type, v.value);
    }
    else if (v.status === 'absent') entry.absent = true;
    else entry.error = v.errorCode !== undefined ? hex8(v.errorCode) : null;
    out[hex8(v.tag)] = entry;
  }
  return out;
}

const PT_TIME = 0x0040;

/**
 * PtypInteger64 properties that hold a Folder ID or Message ID ([MS-OXCDATA] 2.2.1.1): written
 * as "RRRR-GGGGGGGGGGGG" like every id, not as a meaningless decimal.
 */
const ID_PROPERTY_IDS = new Set([0x6748 /* PidTagFolderId */, 0x6749 /* PidTagParentFolderId */, 0x674a /* PidTagMid */]);

/** The 8 wire bytes of an id, from the little-endian u64 a row decoder read. */
function idFromU64(v: bigint): string {
  const bytes = new Uint8Array(8);
  for (let i = 0; i < 8; i++) bytes[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return formatId(bytes[0]! | (bytes[1]! << 8), bytes.subarray(2));
}
const PT_MV_TIME = 0x1040;

export function propToJson(type: number, v: PropValue): JsonValue {
  if (v === null) return null;
  if (typeof v === 'bigint') {
    if ((type & 0x0fff) === PT_TIME) return filetimeToIso(v);
    return v.toString();
  }
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) {
    const base = type === PT_MV_TIME ? PT_TIME : type & ~0x1000;
    return v.map((x: PropValue) => propToJson(base, x));
  }
  if (typeof v === 'object') {
    const o: { [k: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v as { [name: string]: PropValue })) o[k] = propToJson(0, x);
    return o;
  }
  return v;
}
