import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import { hex4, hex8 } from '../../core/hex.js';
import type { PropertyValue, PropValue } from '../rops/types.js';
import { readGuid } from './ids.js';
import { MV_FLAG, PROPERTY_TYPES, PT } from './property-types.js';
import { readRestriction } from './restrictions.js';
import { readRuleAction } from './rule-action.js';

/**
 * Property value encodings of [MS-OXCDATA] 2.11 (reference ROPS-OXCDATA §3.2–3.3).
 *
 * COUNT widths depend on where the value travels ([MS-OXCDATA] 2.11.1.1): in ROP buffers a
 * PtypBinary byte count is u16 while every multi-value count is u32; extended rules and
 * MAPI/HTTP bodies use u32 for both. Restriction counts and rule-action counts follow the binary
 * width. Every count is checked against the bytes left before anything is allocated.
 *
 * Decoded forms: integers and floats as numbers (PtypInteger16/32 signed, as the specification
 * types them), PtypInteger64 and PtypCurrency as signed bigint, PtypTime as an unsigned bigint
 * FILETIME, PtypBoolean as boolean, PtypGuid as text, strings as strings, binaries as owned
 * Uint8Array, multi-values as arrays, restrictions and rule actions as objects.
 */
export interface ValueEncoding {
  /** Width of PtypBinary / PtypServerId byte counts, restriction and rule-action counts. */
  readonly binaryCount: 2 | 4;
  /** Width of the value count of every PtypMultiple* type. */
  readonly mvCount: 2 | 4;
}

export const ROP_ENCODING: ValueEncoding = Object.freeze({ binaryCount: 2, mvCount: 4 });
export const EXTENDED_ENCODING: ValueEncoding = Object.freeze({ binaryCount: 4, mvCount: 4 });

/** Restrictions nest and may hold values; hostile nesting is cut off here, not by the stack. */
export const MAX_NESTING = 32;

type ValueReader = (r: ByteReader, field: string, enc: ValueEncoding, depth: number) => PropValue;

export function readCount(r: ByteReader, width: 2 | 4, field: string): number {
  return width === 2 ? r.u16(field) : r.u32(field);
}

function readBinary(r: ByteReader, field: string, enc: ValueEncoding): Uint8Array {
  const n = r.count(readCount(r, enc.binaryCount, field), 1, field);
  return r.bytes(n, field).slice();
}

const SINGLE_READERS: ReadonlyMap<number, ValueReader> = new Map<number, ValueReader>([
  [PT.Null, () => null],
  [PT.Integer16, (r, f) => (r.u16(f) << 16) >> 16],
  [PT.Integer32, (r, f) => r.i32(f)],
  [PT.Floating32, (r, f) => r.f32(f)],
  [PT.Floating64, (r, f) => r.f64(f)],
  [PT.Currency, (r, f) => BigInt.asIntN(64, r.u64(f))],
  [PT.FloatingTime, (r, f) => r.f64(f)],
  [PT.ErrorCode, (r, f) => r.u32(f)],
  [PT.Boolean, (r, f) => r.u8(f) !== 0],
  [PT.Integer64, (r, f) => BigInt.asIntN(64, r.u64(f))],
  [PT.String8, (r, f) => r.asciiz(f)],
  [PT.String, (r, f) => r.utf16z(f)],
  [PT.Time, (r, f) => r.u64(f)],
  [PT.Guid, (r, f) => readGuid(r, f)],
  [PT.ServerId, (r, f, e) => readBinary(r, f, e)],
  [PT.Restriction, (r, f, e, d) => readRestriction(r, f, e, d + 1)],
  [PT.RuleAction, (r, f, e, d) => readRuleAction(r, f, e, d + 1)],
  [PT.Binary, (r, f, e) => readBinary(r, f, e)],
]);

/** Smallest wire size of one base value, to bound multi-value counts before allocating. */
function minValueSize(base: number, enc: ValueEncoding): number {
  if (base === PT.Binary) return enc.binaryCount;
  if (base === PT.String) return 2;
  if (base === PT.String8) return 1;
  return PROPERTY_TYPES.get(base)?.fixedSize ?? 1;
}

/** A PropertyValue: the value alone, its type known from context ([MS-OXCDATA] 2.11.2). */
export function readPropertyValue(r: ByteReader, type: number, field: string, enc: ValueEncoding = ROP_ENCODING, depth = 0): PropValue {
  if (depth > MAX_NESTING) throw new Malformed(field, r.offset, `values nest deeper than ${MAX_NESTING}`, 'limit');
  if (type & MV_FLAG) {
    const base = type & ~MV_FLAG;
    const reader = SINGLE_READERS.get(base);
    if (!reader || !PROPERTY_TYPES.has(type)) throw unknownType(r, type, field);
    const n = r.count(readCount(r, enc.mvCount, field), minValueSize(base, enc), field);
    const values: PropValue[] = [];
    for (let i = 0; i < n; i++) values.push(reader(r, field, enc, depth));
    return values;
  }
  const reader = SINGLE_READERS.get(type);
  if (!reader) {
    if (type === PT.Object) throw new Malformed(field, r.offset, 'a PtypObject value has no defined wire form in a ROP buffer', 'unsupported');
    throw unknownType(r, type, field);
  }
  return reader(r, field, enc, depth);
}

function unknownType(r: ByteReader, type: number, field: string): Malformed {
  return new Malformed(field, r.offset, `property type ${hex4(type)} is not defined, the value cannot be sized`);
}

/** TypedPropertyValue: PropertyType u16, then the value ([MS-OXCDATA] 2.11.3). */
export function readTypedPropertyValue(r: ByteReader, field: string, enc: ValueEncoding = ROP_ENCODING, depth = 0): { type: number; value: PropValue } {
  const type = r.u16(`${field}.PropertyType`);
  return { type, value: readPropertyValue(r, type, field, enc, depth) };
}

export interface TaggedOptions {
  /**
   * Inside restrictions a multi-valued tag carries one value of the base type (reference §3.3,
   * marked [U]; the Fiddler inspector and [MS-OXCDATA] 2.12 comparisons on single instances).
   */
  singleForMultiValued?: boolean;
}

/** TaggedPropertyValue: PropertyTag u32 (type in the low word), then the value ([MS-OXCDATA] 2.11.4). */
export function readTaggedPropertyValue(
  r: ByteReader,
  field: string,
  enc: ValueEncoding = ROP_ENCODING,
  depth = 0,
  opts: TaggedOptions = {},
): PropertyValue {
  const tag = r.u32(`${field}.PropertyTag`);
  let type = tag & 0xffff;
  if (opts.singleForMultiValued) type &= ~MV_FLAG;
  return valueOf(tag, type, r, `${field}[${hex8(tag)}]`, enc, depth);
}

/** A count (u16 in ROP buffers) of TaggedPropertyValues. */
export function readTaggedPropertyValues(r: ByteReader, field: string, enc: ValueEncoding = ROP_ENCODING, countWidth: 2 | 4 = 2): PropertyValue[] {
  const n = r.count(readCount(r, countWidth, `${field}Count`), 4, field);
  const out: PropertyValue[] = [];
  for (let i = 0; i < n; i++) out.push(readTaggedPropertyValue(r, field, enc));
  return out;
}

function valueOf(tag: number, type: number, r: ByteReader, field: string, enc: ValueEncoding, depth: number): PropertyValue {
  const value = readPropertyValue(r, type, field, enc, depth);
  if (type === PT.ErrorCode && (tag & 0xffff) !== PT.ErrorCode && typeof value === 'number') {
    return { tag, type, status: 'error', value, errorCode: value };
  }
  return { tag, type, status: 'ok', value };
}

/** FlaggedPropertyValue flag byte ([MS-OXCDATA] 2.11.5). */
export const FLAG_PRESENT = 0x00;
export const FLAG_ABSENT = 0x01;
export const FLAG_ERROR = 0x0a;

/**
 * FlaggedPropertyValue of a known type: 0x00 value, 0x01 absent, 0x0A PtypErrorCode follows.
 */
export function readFlaggedPropertyValue(r: ByteReader, tag: number, type: number, field: string, enc: ValueEncoding = ROP_ENCODING): PropertyValue {
  const at = r.offset;
  const flag = r.u8(`${field}.Flag`);
  if (flag === FLAG_PRESENT) return valueOf(tag, type, r, field, enc, 0);
  if (flag === FLAG_ABSENT) return { tag, type, status: 'absent', value: null };
  if (flag === FLAG_ERROR) {
    const code = r.u32(`${field}.ErrorCode`);
    return { tag, type: PT.ErrorCode, status: 'error', value: code, errorCode: code };
  }
  throw new Malformed(`${field}.Flag`, at, `flag 0x${flag.toString(16).padStart(2, '0')} is not 0x00, 0x01 or 0x0A`);
}

/** FlaggedPropertyValueWithType: PropertyType u16, Flag u8, then as FlaggedPropertyValue ([MS-OXCDATA] 2.11.6). */
export function readFlaggedPropertyValueWithType(r: ByteReader, tag: number, field: string, enc: ValueEncoding = ROP_ENCODING): PropertyValue {
  const type = r.u16(`${field}.PropertyType`);
  return readFlaggedPropertyValue(r, tag, type, field, enc);
}
