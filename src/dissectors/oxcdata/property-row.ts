import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import { hex8 } from '../../core/hex.js';
import type { PropertyRow, PropertyValue, PropValue } from '../rops/types.js';
import { MV_FLAG, MVI_FLAG, PT } from './property-types.js';
import {
  readFlaggedPropertyValue,
  readFlaggedPropertyValueWithType,
  readPropertyValue,
  ROP_ENCODING,
  type ValueEncoding,
} from './property-value.js';

/**
 * PropertyRow over a column set ([MS-OXCDATA] 2.8.1; reference ROPS-OXCDATA §3.3). The row is not
 * self-delimiting: its size follows from the columns (the last RopSetColumns of the table, the tags
 * of a RopGetPropertiesSpecific request…).
 *
 * Flag 0x00 StandardPropertyRow: one value per column. Flag 0x01 FlaggedPropertyRow: one
 * FlaggedPropertyValue per column. A PtypUnspecified column carries its type on the wire. A
 * column tagged MultivalueInstance (0x2000) yields one value of the base type per row, so both
 * 0x2000 and 0x1000 are stripped.
 */
export const STANDARD_ROW = 0x00;
export const FLAGGED_ROW = 0x01;

/** The type a column's values are encoded with. */
export function columnValueType(tag: number): number {
  const type = tag & 0xffff;
  return type & MVI_FLAG ? type & ~(MVI_FLAG | MV_FLAG) : type;
}

export function readPropertyRow(r: ByteReader, columns: readonly number[], field = 'PropertyRow', enc: ValueEncoding = ROP_ENCODING): PropertyRow {
  const at = r.offset;
  const flag = r.u8(`${field}.Flag`);
  if (flag !== STANDARD_ROW && flag !== FLAGGED_ROW) {
    throw new Malformed(`${field}.Flag`, at, `row flag 0x${flag.toString(16).padStart(2, '0')} is neither 0x00 (standard) nor 0x01 (flagged)`);
  }
  const values: PropertyValue[] = [];
  for (const tag of columns) {
    const type = columnValueType(tag);
    const f = `${field}[${hex8(tag)}]`;
    if (flag === FLAGGED_ROW) {
      values.push(type === PT.Unspecified ? readFlaggedPropertyValueWithType(r, tag, f, enc) : readFlaggedPropertyValue(r, tag, type, f, enc));
    } else if (type === PT.Unspecified) {
      const actual = r.u16(`${f}.PropertyType`);
      values.push(standardValue(tag, actual, readPropertyValue(r, actual, f, enc)));
    } else {
      values.push(standardValue(tag, type, readPropertyValue(r, type, f, enc)));
    }
  }
  return { flag, values };
}

function standardValue(tag: number, type: number, value: PropertyValue['value']): PropertyValue {
  // A typed value may report an error for its column (PtypUnspecified columns only).
  if (type === PT.ErrorCode && (tag & 0xffff) !== PT.ErrorCode && typeof value === 'number') {
    return { tag, type, status: 'error', value, errorCode: value };
  }
  return { tag, type, status: 'ok', value };
}

/** RowCount × PropertyRow (RopQueryRows, RopExpandRow: the count is the ROP's own field). */
export function readPropertyRows(r: ByteReader, count: number, columns: readonly number[], field = 'RowData', enc: ValueEncoding = ROP_ENCODING): PropertyRow[] {
  const n = r.count(count, 1, field);
  const rows: PropertyRow[] = [];
  for (let i = 0; i < n; i++) rows.push(readPropertyRow(r, columns, field, enc));
  return rows;
}

/**
 * A row as a plain PropValue object, for places where a row sits inside another decoded value
 * (a RecipientRow's RecipientProperties): { flag, values: [{ tag, type, status, value[, errorCode] }] }.
 */
export function rowAsPropValue(row: PropertyRow): PropValue {
  return {
    flag: row.flag,
    values: row.values.map((v): PropValue =>
      v.errorCode === undefined
        ? { tag: v.tag, type: v.type, status: v.status, value: v.value }
        : { tag: v.tag, type: v.type, status: v.status, value: v.value, errorCode: v.errorCode },
    ),
  };
}
