// ROP request/response buffers, property rows and NotificationData
// (ROPS-OXCDATA §1, §2.1–2.3, §3, §4; OXCNOTIF reference §1.3–1.6).
import { Writer, hex8, hex4 } from './bytes.mjs';

// ------------------------------------------------------------------ identifiers

/** "RRRR-GGGGGGGGGGGG" → 8 bytes: ReplicaId u16 LE, then the 6-byte global counter big-endian. */
export function idBytes(id) {
  const m = /^([0-9A-F]{4})-([0-9A-F]{12})$/.exec(id);
  if (!m) throw new Error(`bad id ${id}`);
  const b = Buffer.alloc(8);
  b.writeUInt16LE(parseInt(m[1], 16), 0);
  Buffer.from(m[2], 'hex').copy(b, 2);
  return b;
}
export const ZERO_ID = '0000-000000000000';

// ------------------------------------------------------------------ properties

export const PROP = {
  PidTagMid: 0x674a0014,
  PidTagSubject: 0x0037001f,
  PidTagMessageFlags: 0x0e070003,
  PidTagMessageDeliveryTime: 0x0e060040,
  PidTagLastModificationTime: 0x30080040,
};
export const PROP_NAME = {
  0x674a0014: 'PidTagMid',
  0x0037001f: 'PidTagSubject',
  0x0e070003: 'PidTagMessageFlags',
  0x0e060040: 'PidTagMessageDeliveryTime',
  0x30080040: 'PidTagLastModificationTime',
};

/** ISO time → FILETIME (100 ns since 1601-01-01) as BigInt. */
export function filetime(iso) {
  const ms = BigInt(Date.parse(iso));
  return (ms + 11644473600000n) * 10000n;
}

/** Value of one column (PropertyValue: type known from the column tag). */
function writeValue(w, tag, v) {
  const type = tag & 0xffff;
  switch (type) {
    case 0x0003:
      w.u32(v);
      break;
    case 0x0014:
      // PidTagMid etc.: the 8-byte id as stored; accept an id string or a bigint.
      if (typeof v === 'string') w.bytes(idBytes(v));
      else w.u64(v);
      break;
    case 0x001f:
      w.utf16z(v);
      break;
    case 0x001e:
      w.asciiz(v);
      break;
    case 0x0040:
      w.u64(filetime(v));
      break;
    case 0x000b:
      w.u8(v ? 1 : 0);
      break;
    default:
      throw new Error(`no writer for property type 0x${type.toString(16)}`);
  }
}

/** StandardPropertyRow (flag 0x00) over `columns`, values from `row` keyed by tag. */
export function standardRow(columns, row) {
  const w = new Writer();
  w.u8(0x00);
  for (const tag of columns) {
    if (!(tag in row)) throw new Error(`row lacks 0x${tag.toString(16)}`);
    writeValue(w, tag, row[tag]);
  }
  return w.toBuffer();
}

/** The JSON form of a row for expected.json: { "0x0037001F": value } in column order. */
export function rowToExpected(columns, row) {
  const o = {};
  for (const tag of columns) {
    o[hex8(tag)] = row[tag]; // ids as "RRRR-GGGGGGGGGGGG", times as ISO strings, integers as numbers
  }
  return o;
}

// ------------------------------------------------------------------ ROP buffers

/** ROP input/output buffer: RopSize (2 + RopsList), RopsList, ServerObjectHandleTable. */
export function ropBuffer(rops, handles) {
  const list = Buffer.concat(rops);
  const w = new Writer();
  w.u16(2 + list.length).bytes(list);
  for (const h of handles) w.u32(h);
  return w.toBuffer();
}

// ------------------------------------------------------------------ requests

export function ropLogonRequest({ logonId = 0, outIdx = 0, logonFlags = 0x01, openFlags = 0x0100040c, storeState = 0, essdn }) {
  const w = new Writer();
  w.u8(0xfe).u8(logonId).u8(outIdx).u8(logonFlags).u32(openFlags).u32(storeState);
  if (essdn) {
    const b = Buffer.from(essdn + '\0', 'latin1');
    w.u16(b.length).bytes(b);
  } else w.u16(0);
  return w.toBuffer();
}

/** RopRegisterNotification: NotificationTypes u8 + Reserved u8 (= u16 LE types when Extended is not set). */
export function ropRegisterNotificationRequest({ logonId = 0, inIdx, outIdx, types, wantWholeStore, folderId = null, messageId = null }) {
  if (types & 0x0400) throw new Error('Extended not used in samples');
  const w = new Writer();
  w.u8(0x29).u8(logonId).u8(inIdx).u8(outIdx).u8(types & 0xff).u8(0).u8(wantWholeStore ? 1 : 0);
  if (!wantWholeStore) {
    w.bytes(idBytes(folderId)).bytes(idBytes(messageId ?? ZERO_ID));
  }
  return w.toBuffer();
}

export const ropReleaseRequest = ({ logonId = 0, inIdx }) => Buffer.from([0x01, logonId, inIdx]);

export function ropOpenFolderRequest({ logonId = 0, inIdx, outIdx, folderId, openModeFlags = 0 }) {
  return new Writer().u8(0x02).u8(logonId).u8(inIdx).u8(outIdx).bytes(idBytes(folderId)).u8(openModeFlags).toBuffer();
}

export function ropGetContentsTableRequest({ logonId = 0, inIdx, outIdx, tableFlags = 0x40 }) {
  return Buffer.from([0x05, logonId, inIdx, outIdx, tableFlags]);
}

export function ropSetColumnsRequest({ logonId = 0, inIdx, flags = 0, columns }) {
  const w = new Writer().u8(0x12).u8(logonId).u8(inIdx).u8(flags).u16(columns.length);
  for (const t of columns) w.u32(t);
  return w.toBuffer();
}

export function ropRestrictRequest({ logonId = 0, inIdx, flags = 0, restriction }) {
  return new Writer().u8(0x14).u8(logonId).u8(inIdx).u8(flags).u16(restriction.length).bytes(restriction).toBuffer();
}

export function ropQueryRowsRequest({ logonId = 0, inIdx, flags = 0, forwardRead = 1, rowCount }) {
  return new Writer().u8(0x15).u8(logonId).u8(inIdx).u8(flags).u8(forwardRead).u16(rowCount).toBuffer();
}

/** OrRestriction of ContentRestrictions (substring, ignore case) on PidTagSubject — ROP context (u16 counts). */
export function orSubjectRestriction(words) {
  const w = new Writer();
  w.u8(0x01).u16(words.length);
  for (const s of words) {
    w.u8(0x03).u16(1).u16(1).u32(PROP.PidTagSubject);
    w.u32(PROP.PidTagSubject).utf16z(s);
  }
  return w.toBuffer();
}

// ------------------------------------------------------------------ responses

export function ropLogonResponse({ outIdx = 0, rv = 0, folderIds, responseFlags = 0x07, mailboxGuid, replId = 1, replGuid, logonTime, gwart, storeState = 0 }) {
  if (folderIds.length !== 13) throw new Error('RopLogon needs 13 folder ids');
  const w = new Writer();
  w.u8(0xfe).u8(outIdx).u32(rv);
  w.u8(0x01);
  for (const f of folderIds) w.bytes(idBytes(f));
  w.u8(responseFlags);
  w.guid(mailboxGuid);
  w.u16(replId);
  w.guid(replGuid);
  const t = new Date(logonTime);
  w.u8(t.getUTCSeconds()).u8(t.getUTCMinutes()).u8(t.getUTCHours()).u8(t.getUTCDay()).u8(t.getUTCDate()).u8(t.getUTCMonth() + 1).u16(t.getUTCFullYear());
  w.u64(filetime(gwart));
  w.u32(storeState);
  return w.toBuffer();
}

export const ropRegisterNotificationResponse = ({ outIdx, rv = 0 }) => new Writer().u8(0x29).u8(outIdx).u32(rv).toBuffer();
export const ropOpenFolderResponse = ({ outIdx, rv = 0 }) => new Writer().u8(0x02).u8(outIdx).u32(rv).u8(0).u8(0).toBuffer();
export const ropGetContentsTableResponse = ({ outIdx, rv = 0, rowCount }) => new Writer().u8(0x05).u8(outIdx).u32(rv).u32(rowCount).toBuffer();
export const ropSetColumnsResponse = ({ inIdx, rv = 0, status = 0 }) => new Writer().u8(0x12).u8(inIdx).u32(rv).u8(status).toBuffer();
export const ropRestrictResponse = ({ inIdx, rv = 0, status = 0 }) => new Writer().u8(0x14).u8(inIdx).u32(rv).u8(status).toBuffer();

export function ropQueryRowsResponse({ inIdx, rv = 0, origin = 2, columns, rows }) {
  const w = new Writer().u8(0x15).u8(inIdx).u32(rv).u8(origin).u16(rows.length);
  for (const r of rows) w.bytes(standardRow(columns, r));
  return w.toBuffer();
}

export const ropPending = (sessionIndex) => new Writer().u8(0x6e).u16(sessionIndex).toBuffer();

// ------------------------------------------------------------------ notifications

export const NOTIFICATION_TYPE = {
  0x0002: 'NewMail',
  0x0004: 'ObjectCreated',
  0x0008: 'ObjectDeleted',
  0x0010: 'ObjectModified',
  0x0020: 'ObjectMoved',
  0x0040: 'ObjectCopied',
  0x0080: 'SearchCompleted',
  0x0100: 'TableModified',
  0x0400: 'Extended',
};
export const TABLE_EVENT = { 1: 'TableChanged', 3: 'TableRowAdded', 4: 'TableRowDeleted', 5: 'TableRowModified', 7: 'TableRestrictionChanged' };

export function typeNames(bits) {
  return Object.entries(NOTIFICATION_TYPE)
    .filter(([b]) => (bits & Number(b)) !== 0 && Number(b) !== 0x0100 && Number(b) !== 0x0400)
    .map(([, n]) => n);
}

/**
 * Which NotificationData fields are on the wire for these flags (reference §1.6 table).
 * Returns an ordered list of [fieldName, kind].
 */
export function notificationLayout(nf, te) {
  const T = nf & 0x0fff;
  const Tb = (nf & 0x1000) !== 0;
  const Ub = (nf & 0x2000) !== 0;
  const S = (nf & 0x4000) !== 0;
  const M = (nf & 0x8000) !== 0;
  const f = [];
  if (T === 0x0100) {
    f.push(['tableEventType', 'u16']);
    if ([3, 4, 5].includes(te)) {
      f.push(['tableRowFolderId', 'id']);
      if (M) f.push(['tableRowMessageId', 'id'], ['tableRowInstance', 'u32']);
    }
    if ([3, 5].includes(te)) {
      f.push(['insertAfterTableRowFolderId', 'id']);
      if (M) f.push(['insertAfterTableRowId', 'id'], ['insertAfterTableRowInstance', 'u32']);
      f.push(['tableRowData', 'row']);
    }
  }
  if (T !== 0x0100 && T !== 0x0400) {
    f.push(['folderId', 'id']);
    if (M) f.push(['messageId', 'id']);
  }
  if ([0x0004, 0x0008, 0x0020, 0x0040].includes(T) && ((S && M) || (!S && !M))) f.push(['parentFolderId', 'id']);
  if (T === 0x0020 || T === 0x0040) {
    f.push(['oldFolderId', 'id']);
    if (M) f.push(['oldMessageId', 'id']);
    else f.push(['oldParentFolderId', 'id']);
  }
  if (T === 0x0004 || T === 0x0010) f.push(['tags', 'tags']);
  if (Tb) f.push(['totalMessageCount', 'u32']);
  if (Ub) f.push(['unreadMessageCount', 'u32']);
  if (T === 0x0002) f.push(['messageFlags', 'u32'], ['messageClass', 'class']);
  return f;
}

/**
 * RopNotify. n = { handle, logonId, flags, tableEventType?, <fields>, columns? (for row data), unicode? }
 * Every field the flags call for must be given, and no other.
 */
export function ropNotify(n) {
  const layout = notificationLayout(n.flags, n.tableEventType);
  const allowed = new Set(['handle', 'logonId', 'flags', 'columns', 'unicode', 'tableEventType', ...layout.map(([k]) => k)]);
  for (const k of Object.keys(n)) if (!allowed.has(k)) throw new Error(`notification 0x${n.flags.toString(16)} cannot carry ${k}`);
  const w = new Writer();
  w.u8(0x2a).u32(n.handle).u8(n.logonId ?? 0).u16(n.flags);
  for (const [k, kind] of layout) {
    const v = n[k];
    if (v === undefined) throw new Error(`notification 0x${n.flags.toString(16)} needs ${k}`);
    switch (kind) {
      case 'u16':
        w.u16(v);
        break;
      case 'u32':
        w.u32(v);
        break;
      case 'id':
        w.bytes(idBytes(v));
        break;
      case 'tags':
        // v: array of tags, or { count: 0xFFFF } for "all"
        if (Array.isArray(v)) {
          w.u16(v.length);
          for (const t of v) w.u32(t);
        } else w.u16(v.count);
        break;
      case 'row': {
        const row = standardRow(n.columns, v);
        w.u16(row.length).bytes(row);
        break;
      }
      case 'class':
        w.u8(n.unicode ? 1 : 0);
        if (n.unicode) w.utf16z(v);
        else w.asciiz(v);
        break;
      default:
        throw new Error(kind);
    }
  }
  return w.toBuffer();
}

/** The CONTRACT-style description of a notification for expected.json (only fields on the wire). */
export function notificationToExpected(n) {
  const T = n.flags & 0x0fff;
  const o = {
    handle: hex8(n.handle),
    logonId: n.logonId ?? 0,
    notificationFlags: hex4(n.flags),
    notificationType: NOTIFICATION_TYPE[T] ?? hex4(T),
  };
  for (const [k] of notificationLayout(n.flags, n.tableEventType)) {
    const v = n[k];
    if (k === 'tableEventType') o.tableEventType = TABLE_EVENT[v] ?? hex4(v);
    else if (k === 'tags') {
      if (Array.isArray(v)) {
        o.tagCount = v.length;
        o.tags = v.map(hex8);
      } else {
        o.tagCount = v.count;
        o.tags = [];
      }
    } else if (k === 'messageFlags') o.messageFlags = hex8(v);
    else if (k === 'messageClass') {
      o.unicodeFlag = !!n.unicode;
      o.messageClass = v;
    } else if (k === 'tableRowData') {
      o.tableRowData = rowToExpected(n.columns, v);
      o.tableRowDataHex = standardRow(n.columns, v).toString('hex');
    } else o[k] = v;
  }
  return o;
}
