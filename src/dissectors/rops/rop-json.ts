import { filetimeToIso } from '../../core/filetime.js';
import { hex2, hex4, hex8, toHex } from '../../core/hex.js';
import { errorName } from '../oxcdata/error-codes.js';
import { idFromU64 } from '../oxcdata/ids.js';
import { formatTag, tagName } from '../oxcdata/property-tags.js';
import { MV_FLAG, PT, propertyTypeName } from '../oxcdata/property-types.js';
import { REL_OPS } from '../oxcdata/restrictions.js';
import { NOTIFICATION_TYPES, TABLE_EVENTS } from './notification-data.js';
import type { FieldValue, NotificationData, PropertyRow, PropertyValue, PropValue, RopRequest, RopResponse } from './types.js';

/**
 * The JSON-ready form of decoded ROPs, shared by `oxnotif-dump decode` and the `rop` events of
 * `--rops` (docs/decode.md, docs/events.md). Spellings follow the rest of the tool: FIDs/MIDs as
 * "RRRR-GGGGGGGGGGGG", handles and return values as 0x%08X, bytes as lower-case hex, property
 * tags as `PidTagSubject (0x0037001F)`, and property rows keyed by tag as the notification events
 * key TableRowData: { "0x0037001F": { name, value } }. 64-bit integers become decimal strings and
 * FILETIMEs RFC 3339, because JSON numbers cannot hold them.
 */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** Field names whose numbers are property tags. */
const TAG_KEYS = new Set([
  'propertyTag', 'propertyTags', 'propTag', 'propTag1', 'propTag2', 'subobject', 'excludedTags', 'recipientColumns', 'stateProperty', 'tags',
]);
/** Field names whose numbers are error codes (ReturnValue, PtypErrorCode). */
const ERROR_KEYS = new Set(['errorCode', 'returnValue']);
/** Field names that hold lists of property values: written keyed by tag, also when empty. */
const VALUE_LIST_KEYS = new Set(['propertyValues', 'hierarchyValues', 'taggedValues']);
/** PtypInteger64 properties that hold a FID or MID ([MS-OXCDATA] 2.2.1.1). */
const ID_PROPERTY_IDS = new Set([0x6748 /* PidTagFolderId */, 0x6749 /* PidTagParentFolderId */, 0x674a /* PidTagMid */]);

const NOTIFICATION_TYPE_NAMES = new Map<number, string>(Object.entries(NOTIFICATION_TYPES).map(([k, v]) => [v, k]));
const TABLE_EVENT_NAMES = new Map<number, string>(Object.entries(TABLE_EVENTS).map(([k, v]) => [v, k]));

/** `0x8004010F (NotFound)`, or the hex alone when the code has no name. */
export function errorText(code: number): string {
  const name = errorName(code);
  return name ? `${hex8(code)} (${name})` : hex8(code);
}

/** A property value of a known type. */
export function valueJson(type: number, v: PropValue, tag = 0): Json {
  if (v === null) return null;
  if (typeof v === 'bigint') {
    if ((type & ~MV_FLAG) === PT.Time) return filetimeToIso(v);
    if (ID_PROPERTY_IDS.has(tag >>> 16)) return idFromU64(v);
    return v.toString();
  }
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) return v.map((x: PropValue) => valueJson(type & ~MV_FLAG, x, tag));
  if (typeof v === 'object') return objectJson(v);
  if (type === PT.ErrorCode && typeof v === 'number') return errorText(v);
  return v;
}

/** One property value as the entry of a row: { name, value } / { name, absent } / { name, error }. */
function entryJson(v: PropertyValue): { [k: string]: Json } {
  const e: { [k: string]: Json } = { name: tagName(v.tag) };
  // Values inside restrictions carry no status: they are always present.
  const status = v.status ?? 'ok';
  if (v.type !== (v.tag & 0xffff) && status === 'ok') e.type = propertyTypeName(v.type) ?? hex4(v.type);
  if (status === 'ok') e.value = valueJson(v.type, v.value, v.tag);
  else if (status === 'absent') e.absent = true;
  else e.error = errorText(v.errorCode ?? 0);
  return e;
}

/** Property values keyed by tag, in wire order (a PropertyRow, or a list of TaggedPropertyValues). */
export function valuesJson(values: readonly PropertyValue[]): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const v of values) out[hex8(v.tag)] = entryJson(v);
  return out;
}

export function rowJson(row: PropertyRow): { [k: string]: Json } {
  return valuesJson(row.values);
}

function isPropertyValue(o: object): o is PropertyValue {
  const p = o as Partial<PropertyValue>;
  return typeof p.tag === 'number' && typeof p.type === 'number' && 'value' in o;
}

function isRow(o: object): o is PropertyRow {
  const p = o as Partial<PropertyRow>;
  return typeof p.flag === 'number' && Array.isArray(p.values) && p.values.every((v) => typeof v === 'object' && v !== null && isPropertyValue(v));
}

function objectJson(o: object): Json {
  if (isRow(o)) return { rowType: o.flag === 0 ? 'StandardPropertyRow' : 'FlaggedPropertyRow', values: rowJson(o) };
  if (isPropertyValue(o)) {
    // A single tagged value (restrictions, rule blocks): the tag by name, then the value.
    const out: { [k: string]: Json } = { tag: formatTag(o.tag) };
    const entry = entryJson(o);
    delete entry.name;
    return { ...out, ...entry };
  }
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(o as Record<string, FieldValue | undefined>)) if (x !== undefined) out[k] = fieldJson(k, x);
  return out;
}

/** A decoded field, by its specification name (the name picks tag, error-code and enum spellings). */
export function fieldJson(key: string, v: FieldValue): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (TAG_KEYS.has(key)) return formatTag(v);
    if (ERROR_KEYS.has(key)) return errorText(v);
    if (key === 'relOp') return REL_OPS.get(v) ?? v;
    if (key === 'lid') return hex8(v);
    return v;
  }
  if (typeof v === 'bigint') return key === 'gwartTime' ? filetimeToIso(v) : v.toString();
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) {
    const list = v as readonly (FieldValue | PropertyRow | PropertyValue)[];
    const values = list.every((x) => typeof x === 'object' && x !== null && !(x instanceof Uint8Array) && !Array.isArray(x) && isPropertyValue(x));
    if (values && (list.length > 0 || VALUE_LIST_KEYS.has(key))) return valuesJson(list as PropertyValue[]);
    return list.map((x) => fieldJson(key, x as FieldValue));
  }
  return objectJson(v);
}

/** NotificationData, each field present only when it was on the wire. */
export function notificationJson(d: NotificationData): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(d) as [keyof NotificationData, NotificationData[keyof NotificationData]][]) {
    if (x === undefined || k === 'tableRow' || k === 'tableRowDamage') continue;
    if (k === 'notificationFlags') out[k] = hex4(d.notificationFlags);
    else if (k === 'notificationType') out[k] = NOTIFICATION_TYPE_NAMES.get(d.notificationType) ?? hex4(d.notificationType);
    else if (k === 'tableEventType' && typeof x === 'number') out[k] = TABLE_EVENT_NAMES.get(x) ?? hex4(x);
    else if (k === 'tableRowData') {
      out[k] = d.tableRow ? rowJson(d.tableRow) : { undecoded: toHex(d.tableRowData ?? new Uint8Array(0)), reason: d.tableRowDamage?.detail ?? 'columns unknown' };
    } else out[k] = fieldJson(k, x as FieldValue);
  }
  return out;
}

/** Keys every ROP has; the rest of a typed ROP are its fields. */
const HEADER_KEYS = new Set(['kind', 'ropId', 'name', 'offset', 'size', 'logonId', 'inputHandleIndex', 'outputHandleIndex', 'handleIndex', 'returnValue']);

/**
 * The fields of a ROP beyond its header, JSON-ready. Typed ROPs give their own properties (a null
 * there means "not on the wire" and is left out); 'other' ROPs their `fields`.
 */
export function ropFieldsJson(rop: RopRequest | RopResponse): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  if ('fields' in rop) {
    for (const [k, v] of Object.entries(rop.fields)) out[k] = fieldJson(k, v);
    return out;
  }
  if (rop.kind === 'RopNotify') {
    out.notificationHandle = hex8(rop.notificationHandle);
    out.notificationData = notificationJson(rop.data);
    return out;
  }
  for (const [k, v] of Object.entries(rop) as [string, unknown][] as [string, FieldValue | undefined][]) {
    if (HEADER_KEYS.has(k) || v === null || v === undefined) continue;
    out[k] = fieldJson(k, v);
  }
  return out;
}

/** The whole ROP: header then fields (the decode command's form). */
export function ropJson(rop: RopRequest | RopResponse): { [k: string]: Json } {
  const out: { [k: string]: Json } = { ropId: hex2(rop.ropId), name: rop.name, offset: rop.offset, size: rop.size };
  if ('logonId' in rop && typeof rop.logonId === 'number') out.logonId = rop.logonId;
  if ('inputHandleIndex' in rop && rop.inputHandleIndex !== null) out.inputHandleIndex = rop.inputHandleIndex;
  if ('outputHandleIndex' in rop && rop.outputHandleIndex !== null) out.outputHandleIndex = rop.outputHandleIndex;
  if ('handleIndex' in rop && rop.handleIndex !== null) out.handleIndex = rop.handleIndex;
  if ('returnValue' in rop && rop.returnValue !== null) out.returnValue = errorText(rop.returnValue);
  out.fields = ropFieldsJson(rop);
  return out;
}
