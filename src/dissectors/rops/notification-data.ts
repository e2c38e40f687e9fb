import { ByteReader } from '../../core/byte-reader.js';
import { damageFrom, Malformed } from '../../core/damage.js';
import { hex8 } from '../../core/hex.js';
import { readGid, readId } from '../oxcdata/ids.js';
import { readPropertyRow } from '../oxcdata/property-row.js';
import type { NotificationData } from './types.js';

/**
 * NotificationData of RopNotify ([MS-OXCNOTIF] 2.2.1.4.1.2; reference OXCNOTIF §1.6 and
 * ROPS-OXCDATA §4.2). It has no length: every field is present or absent by a rule on the
 * NotificationFlags (type = low 12 bits; T 0x1000, U 0x2000, S 0x4000, M 0x8000) and the
 * TableEventType. The rules are the table below, in wire order.
 *
 * Malformed flag combinations (T/U on a type other than ObjectModified, S without M, unknown type
 * bits) do not stop decoding: fields are read by the presence rules whatever the combination, and
 * the analysis layer judges the combination.
 *
 * Type 0x0400 (Extended): [MS-OXCNOTIF] calls it reserved, never sent by servers, ignored by
 * clients, and every presence rule excludes it, so its NotificationData is the flags alone (plus
 * counts if T/U are set). Decoding it so keeps the ROP list in step when the bytes follow the
 * rules; a server that sent provider data after it would make the next ROP undecodable, which the
 * walker then reports.
 *
 * Type 0x0200 (legacy ICS notification, not in MS-OXCNOTIF): HierChanged u8, GIDCount u32,
 * GIDCount × GID (22 bytes), as OpenChange reads it (the Microsoft test suite additionally reads
 * change numbers: reference [U]); every other rule excludes it.
 */
export const NF_TYPE_MASK = 0x0fff;
export const NF_T = 0x1000;
export const NF_U = 0x2000;
export const NF_S = 0x4000;
export const NF_M = 0x8000;

export const NOTIFICATION_TYPES = {
  NewMail: 0x0002,
  ObjectCreated: 0x0004,
  ObjectDeleted: 0x0008,
  ObjectModified: 0x0010,
  ObjectMoved: 0x0020,
  ObjectCopied: 0x0040,
  SearchCompleted: 0x0080,
  TableModified: 0x0100,
  IcsNotification: 0x0200,
  Extended: 0x0400,
} as const;

export const TABLE_EVENTS = {
  TableChanged: 0x0001,
  TableRowAdded: 0x0003,
  TableRowDeleted: 0x0004,
  TableRowModified: 0x0005,
  TableRestrictionChanged: 0x0007,
} as const;

const T = NOTIFICATION_TYPES;
const TE = TABLE_EVENTS;

/** The state a presence rule looks at. */
interface Flags {
  type: number;
  t: boolean;
  u: boolean;
  s: boolean;
  m: boolean;
  te: number | undefined;
}

interface Rule {
  /** Specification field name, for damage reports. */
  readonly field: string;
  readonly when: (f: Flags) => boolean;
  readonly read: (r: ByteReader, d: NotificationData, f: Flags, env: Env) => void;
}

export type ColumnsLookup = (handle: number) => readonly number[] | undefined;

/** What TableRowData decoding needs: the notification's handle and a way to its table's columns. */
interface Env {
  handle: number;
  columns: ColumnsLookup;
}

type IdKey =
  | 'tableRowFolderId'
  | 'tableRowMessageId'
  | 'insertAfterTableRowFolderId'
  | 'insertAfterTableRowId'
  | 'folderId'
  | 'messageId'
  | 'parentFolderId'
  | 'oldFolderId'
  | 'oldMessageId'
  | 'oldParentFolderId';

const isTable = (f: Flags): boolean => f.type === T.TableModified;
const rowEvent = (f: Flags): boolean => isTable(f) && (f.te === TE.TableRowAdded || f.te === TE.TableRowDeleted || f.te === TE.TableRowModified);
const rowData = (f: Flags): boolean => isTable(f) && (f.te === TE.TableRowAdded || f.te === TE.TableRowModified);
const hasIds = (f: Flags): boolean => f.type !== T.TableModified && f.type !== T.IcsNotification && f.type !== T.Extended;
const createdDeletedMovedCopied = (f: Flags): boolean =>
  f.type === T.ObjectCreated || f.type === T.ObjectDeleted || f.type === T.ObjectMoved || f.type === T.ObjectCopied;
const movedCopied = (f: Flags): boolean => f.type === T.ObjectMoved || f.type === T.ObjectCopied;

const id = (key: IdKey, field: string, when: (f: Flags) => boolean): Rule => ({
  field,
  when,
  read: (r, d) => {
    d[key] = readId(r, field);
  },
});

/** Wire order of [MS-OXCNOTIF] 2.2.1.4.1.2, one row per field. */
export const NOTIFICATION_RULES: readonly Rule[] = [
  { field: 'TableEventType', when: isTable, read: (r, d, f) => { d.tableEventType = f.te = r.u16('TableEventType'); } },
  id('tableRowFolderId', 'TableRowFolderID', rowEvent),
  id('tableRowMessageId', 'TableRowMessageID', (f) => rowEvent(f) && f.m),
  { field: 'TableRowInstance', when: (f) => rowEvent(f) && f.m, read: (r, d) => { d.tableRowInstance = r.u32('TableRowInstance'); } },
  id('insertAfterTableRowFolderId', 'InsertAfterTableRowFolderID', rowData),
  id('insertAfterTableRowId', 'InsertAfterTableRowID', (f) => rowData(f) && f.m),
  { field: 'InsertAfterTableRowInstance', when: (f) => rowData(f) && f.m, read: (r, d) => { d.insertAfterTableRowInstance = r.u32('InsertAfterTableRowInstance'); } },
  { field: 'TableRowDataSize', when: rowData, read: (r, d) => { d.tableRowDataSize = r.u16('TableRowDataSize'); } },
  { field: 'TableRowData', when: rowData, read: readTableRowData },
  { field: 'HierChanged', when: (f) => f.type === T.IcsNotification, read: readIcs },
  id('folderId', 'FolderId', hasIds),
  id('messageId', 'MessageId', (f) => hasIds(f) && f.m),
  id('parentFolderId', 'ParentFolderId', (f) => createdDeletedMovedCopied(f) && f.s === f.m),
  id('oldFolderId', 'OldFolderId', movedCopied),
  id('oldMessageId', 'OldMessageId', (f) => movedCopied(f) && f.m),
  id('oldParentFolderId', 'OldParentFolderId', (f) => movedCopied(f) && !f.m),
  { field: 'TagCount', when: (f) => f.type === T.ObjectCreated || f.type === T.ObjectModified, read: readTags },
  { field: 'TotalMessageCount', when: (f) => f.t, read: (r, d) => { d.totalMessageCount = r.u32('TotalMessageCount'); } },
  { field: 'UnreadMessageCount', when: (f) => f.u, read: (r, d) => { d.unreadMessageCount = r.u32('UnreadMessageCount'); } },
  { field: 'MessageFlags', when: (f) => f.type === T.NewMail, read: (r, d) => { d.messageFlags = r.u32('MessageFlags'); } },
  { field: 'UnicodeFlag', when: (f) => f.type === T.NewMail, read: (r, d) => { d.unicodeFlag = r.u8('UnicodeFlag'); } },
  {
    field: 'MessageClass',
    when: (f) => f.type === T.NewMail,
    // UnicodeFlag 0x01: UTF-16LE with a 2-byte NUL; anything else: 8-bit with a 1-byte NUL.
    read: (r, d) => { d.messageClass = d.unicodeFlag === 0x01 ? r.utf16z('MessageClass') : r.asciiz('MessageClass'); },
  },
];

function readTags(r: ByteReader, d: NotificationData): void {
  const n = r.u16('TagCount');
  d.tagCount = n;
  // 0x0000: no tags; 0xFFFF: "all or unknown", no tags either.
  if (n === 0 || n === 0xffff) return;
  const count = r.count(n, 4, 'Tags');
  const tags: number[] = [];
  for (let i = 0; i < count; i++) tags.push(r.u32('Tags'));
  d.tags = tags;
}

function readIcs(r: ByteReader, d: NotificationData): void {
  d.icsHierChanged = r.u8('HierChanged') !== 0;
  const n = r.count(r.u32('GIDCount'), 22, 'GID');
  const gids: string[] = [];
  for (let i = 0; i < n; i++) gids.push(readGid(r, 'GID'));
  d.icsGids = gids;
}

/** The row is framed by TableRowDataSize, so it never costs the ROP list; decoding needs the columns. */
function readTableRowData(r: ByteReader, d: NotificationData, _f: Flags, env: Env): void {
  const at = r.offset;
  const raw = r.bytes(d.tableRowDataSize ?? 0, 'TableRowData');
  d.tableRowData = raw.slice();
  const cols = env.columns(env.handle);
  if (!cols) {
    d.tableRowDamage = {
      reason: 'state-missing',
      offset: at,
      field: 'RopNotify.TableRowData',
      detail: `columns unknown: RopSetColumns for handle ${hex8(env.handle)} not in capture`,
    };
    return;
  }
  const row = new ByteReader(d.tableRowData, at);
  try {
    d.tableRow = readPropertyRow(row, cols, 'TableRowData');
    if (!row.atEnd) throw new Malformed('TableRowData', row.offset, `${row.remaining} bytes left after the row: the columns do not match`);
  } catch (err) {
    delete d.tableRow;
    d.tableRowDamage = damageFrom(err);
  }
}

/**
 * Reads NotificationData. `columns` answers the columns of a table by its handle value, used
 * for TableRowData of `notificationHandle`. Throws ShortRead/Malformed if the bytes end early.
 */
export function readNotificationData(r: ByteReader, notificationHandle: number, columns: ColumnsLookup): NotificationData {
  const flags = r.u16('NotificationFlags');
  const d: NotificationData = { notificationFlags: flags, notificationType: flags & NF_TYPE_MASK };
  const f: Flags = {
    type: flags & NF_TYPE_MASK,
    t: (flags & NF_T) !== 0,
    u: (flags & NF_U) !== 0,
    s: (flags & NF_S) !== 0,
    m: (flags & NF_M) !== 0,
    te: undefined,
  };
  const env: Env = { handle: notificationHandle, columns };
  for (const rule of NOTIFICATION_RULES) if (rule.when(f)) rule.read(r, d, f, env);
  return d;
}
