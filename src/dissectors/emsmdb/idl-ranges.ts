import type { NdrReader } from '../ndr/ndr-reader.js';

/** [MS-OXCRPC] IDL ranges (reference §2.3): servers reject larger values with RPC_X_BAD_STUB_DATA. */
export const BIG_RANGE_MAX = 0x40000;
export const SMALL_RANGE_MAX = 0x1008;

export function checkRange(ndr: NdrReader, field: string, value: number, max: number, offset: number): void {
  if (value > max) ndr.soft(field, `${value} (0x${value.toString(16)}) exceeds the IDL range maximum 0x${max.toString(16)}`, offset);
}

/** A size parameter must equal the count (max_count or actual_count, named by `what`) of the array it sizes. */
export function checkSizeIs(ndr: NdrReader, field: string, value: number, count: number, what: string, offset: number): void {
  if (value !== count) ndr.soft(field, `${field} ${value} differs from ${what} ${count}`, offset);
}

/** [out, size_is(*n), length_is(*n)]: both counts of the conformant-varying array equal *n. */
export function checkSizeAndLength(
  ndr: NdrReader,
  field: string,
  value: number,
  arr: { maxCount: number; actualCount: number },
  array: string,
  offset: number,
): void {
  checkSizeIs(ndr, field, value, arr.actualCount, `${array} actual_count`, offset);
  if (arr.maxCount !== arr.actualCount) checkSizeIs(ndr, field, value, arr.maxCount, `${array} max_count`, offset);
}
