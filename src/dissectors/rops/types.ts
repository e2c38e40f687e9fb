import type { Damage } from '../../core/damage.js';

/**
 * Decoded ROP structures ([MS-OXCROPS] 2.2). Field names are the specification's, in
 * lowerCamelCase. The ROPs the analysis reads have a typed `kind`; every other ROP is
 * `kind: 'other'` with its fields by name.
 */

/** A decoded property value ([MS-OXCDATA] 2.11). */
export type PropValue =
  | number
  | bigint
  | string
  | boolean
  | Uint8Array
  | null
  | readonly PropValue[]
  | { readonly [name: string]: PropValue };

export interface PropertyValue {
  /** Full 32-bit tag (PropId << 16 | PropType) as it was requested/encoded. */
  tag: number;
  /** Type the value was decoded with (the column's, or the typed value's when PtypUnspecified). */
  type: number;
  status: 'ok' | 'absent' | 'error';
  value: PropValue;
  /** status 'error': the PtypErrorCode. */
  errorCode?: number;
}

export interface PropertyRow {
  /** 0x00 StandardPropertyRow, 0x01 FlaggedPropertyRow. */
  flag: number;
  values: PropertyValue[];
}

/** NotificationData ([MS-OXCNOTIF] 2.2.1.4.1.2): each field present only when its condition holds. */
export interface NotificationData {
  notificationFlags: number;
  /** notificationFlags & 0x0FFF. */
  notificationType: number;
  tableEventType?: number;
  tableRowFolderId?: string;
  tableRowMessageId?: string;
  tableRowInstance?: number;
  insertAfterTableRowFolderId?: string;
  insertAfterTableRowId?: string;
  insertAfterTableRowInstance?: number;
  tableRowDataSize?: number;
  /** Raw TableRowData (owned). */
  tableRowData?: Uint8Array;
  /** TableRowData decoded with the table's columns; absent when they are unknown (see tableRowDamage). */
  tableRow?: PropertyRow;
  tableRowDamage?: Damage;
  /** NotificationType 0x0200 (legacy ICS, not in MS-OXCNOTIF): HierChanged and GIDs. */
  icsHierChanged?: boolean;
  icsGids?: string[];
  folderId?: string;
  messageId?: string;
  parentFolderId?: string;
  oldFolderId?: string;
  oldMessageId?: string;
  oldParentFolderId?: string;
  tagCount?: number;
  tags?: number[];
  totalMessageCount?: number;
  unreadMessageCount?: number;
  messageFlags?: number;
  unicodeFlag?: number;
  messageClass?: string;
}

export type FieldValue = PropValue | PropertyRow | readonly PropertyRow[] | PropertyValue | readonly PropertyValue[];
export type RopFields = Record<string, FieldValue>;

interface RopCommon {
  ropId: number;
  /** Specification name, e.g. "RopRegisterNotification"; "RopUnknown0xNN" never appears (unknown ends the list). */
  name: string;
  /** Offset of the RopId byte in the ROP buffer (RopSize at 0). */
  offset: number;
  /** Bytes this ROP occupies. */
  size: number;
}

interface RequestBase extends RopCommon {
  logonId: number;
  /** null for RopLogon (it has no input handle). */
  inputHandleIndex: number | null;
  /** For ROPs that create an object (and RopLogon). */
  outputHandleIndex: number | null;
}

export type RopRequest =
  | (RequestBase & {
      kind: 'RopRegisterNotification';
      notificationTypes: number;
      /** Present only when NotificationTypes has 0x0400 (Extended). */
      reserved: number | null;
      wantWholeStore: boolean;
      folderId: string | null;
      messageId: string | null;
    })
  | (RequestBase & { kind: 'RopRelease' })
  | (RequestBase & { kind: 'RopLogon'; logonFlags: number; openFlags: number; storeState: number; essdn: string | null })
  /** RopGetContentsTable, RopGetHierarchyTable, RopGetAttachmentTable, RopGetPermissionsTable, RopGetRulesTable. */
  | (RequestBase & { kind: 'RopGetTable'; tableFlags: number })
  | (RequestBase & { kind: 'RopSetColumns'; setColumnsFlags: number; propertyTags: number[] })
  | (RequestBase & { kind: 'RopResetTable' })
  | (RequestBase & { kind: 'RopQueryRows'; queryRowsFlags: number; forwardRead: boolean; rowCount: number })
  | (RequestBase & { kind: 'other'; fields: RopFields });

interface ResponseBase extends RopCommon {
  /** The echoed handle index (Input/Output/Source/Response per ROP); null for Notify, Pending, Backoff, BufferTooSmall. */
  handleIndex: number | null;
  returnValue: number | null;
}

export type RopResponse =
  | (ResponseBase & { kind: 'RopRegisterNotification' })
  | (ResponseBase & { kind: 'RopNotify'; notificationHandle: number; logonId: number; data: NotificationData })
  | (ResponseBase & { kind: 'RopPending'; sessionIndex: number })
  | (ResponseBase & { kind: 'RopLogon'; fields: RopFields })
  | (ResponseBase & { kind: 'RopGetTable'; rowCount: number | null })
  | (ResponseBase & { kind: 'RopSetColumns'; tableStatus: number | null })
  | (ResponseBase & { kind: 'RopResetTable' })
  | (ResponseBase & { kind: 'RopQueryRows'; origin: number | null; rowCount: number | null; rows: PropertyRow[] | null })
  | (ResponseBase & { kind: 'RopBufferTooSmall'; sizeNeeded: number; requestBuffers: Uint8Array })
  | (ResponseBase & {
      kind: 'RopBackoff';
      logonId: number;
      duration: number;
      backoffRops: { ropId: number; duration: number }[];
      additionalData: Uint8Array;
    })
  | (ResponseBase & { kind: 'RopProgress'; logonId: number | null; completedTaskCount: number | null; totalTaskCount: number | null })
  | (ResponseBase & { kind: 'other'; fields: RopFields });

export interface RopBuffer<T> {
  ropSize: number;
  rops: T[];
  /** ServerObjectHandleTable. */
  handles: number[];
  /** Why decoding stopped before the end of RopsList (unknown RopId, truncation, missing state), if it did. */
  damage: Damage | null;
}

/**
 * Read-only session state the ROP layer may ask for (implemented by analysis/handles.ts).
 * The ROP layer never reaches into sessions otherwise.
 */
export interface RopContext {
  /** Columns of the table with this server handle value (last RopSetColumns, cleared by RopResetTable). */
  columnsOf(handle: number): readonly number[] | undefined;
  /** Whether LogonId refers to a private-mailbox logon (RopLogon LogonFlags & 0x01), if known. */
  logonIsPrivate(logonId: number): boolean | undefined;
}

/** The request half of a call, needed to decode its response buffer. */
export interface RopRequestSide {
  rops: readonly RopRequest[];
  handles: readonly number[];
}
