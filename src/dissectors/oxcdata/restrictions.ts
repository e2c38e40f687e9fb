import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import { hex2 } from '../../core/hex.js';
import type { PropValue } from '../rops/types.js';
import { MAX_NESTING, readCount, readTaggedPropertyValue, ROP_ENCODING, type ValueEncoding } from './property-value.js';

/**
 * Restrictions of [MS-OXCDATA] 2.12 (reference ROPS-OXCDATA §3.8): RestrictType u8, then a body per
 * type; And/Or counts are u16 in ROP buffers and u32 in extended rules (the binary COUNT width).
 * Restrictions nest; MAX_NESTING stops hostile depth before the stack does.
 *
 * Decoded as plain objects named by the specification's fields, `restrictType` first.
 */
export type Restriction = { readonly [name: string]: PropValue };

export const RESTRICTION_TYPES: ReadonlyMap<number, string> = new Map([
  [0x00, 'And'],
  [0x01, 'Or'],
  [0x02, 'Not'],
  [0x03, 'Content'],
  [0x04, 'Property'],
  [0x05, 'CompareProperties'],
  [0x06, 'BitMask'],
  [0x07, 'Size'],
  [0x08, 'Exist'],
  [0x09, 'SubObject'],
  [0x0a, 'Comment'],
  [0x0b, 'Count'],
]);

/** RelOp of Property/CompareProperties/Size restrictions. */
export const REL_OPS: ReadonlyMap<number, string> = new Map([
  [0x00, 'RELOP_LT'],
  [0x01, 'RELOP_LE'],
  [0x02, 'RELOP_GT'],
  [0x03, 'RELOP_GE'],
  [0x04, 'RELOP_EQ'],
  [0x05, 'RELOP_NE'],
  [0x64, 'RELOP_MEMBER_OF_DL'],
]);

export function readRestriction(r: ByteReader, field: string, enc: ValueEncoding = ROP_ENCODING, depth = 0): Restriction {
  if (depth > MAX_NESTING) throw new Malformed(field, r.offset, `restrictions nest deeper than ${MAX_NESTING}`, 'limit');
  const at = r.offset;
  const type = r.u8(`${field}.RestrictType`);
  const name = RESTRICTION_TYPES.get(type);
  const tagged = (f: string): PropValue => {
    const v = readTaggedPropertyValue(r, f, enc, depth + 1, { singleForMultiValued: true });
    return { tag: v.tag, type: v.type, value: v.value };
  };
  switch (type) {
    case 0x00:
    case 0x01: {
      const n = r.count(readCount(r, enc.binaryCount, `${field}.RestrictCount`), 1, `${field}.RestrictCount`);
      const restricts: Restriction[] = [];
      for (let i = 0; i < n; i++) restricts.push(readRestriction(r, `${field}.Restricts`, enc, depth + 1));
      return { restrictType: name!, restricts };
    }
    case 0x02:
      return { restrictType: name!, restriction: readRestriction(r, `${field}.Restriction`, enc, depth + 1) };
    case 0x03:
      return {
        restrictType: name!,
        fuzzyLevelLow: r.u16(`${field}.FuzzyLevelLow`),
        fuzzyLevelHigh: r.u16(`${field}.FuzzyLevelHigh`),
        propertyTag: r.u32(`${field}.PropertyTag`),
        taggedValue: tagged(`${field}.TaggedValue`),
      };
    case 0x04:
      return { restrictType: name!, relOp: r.u8(`${field}.RelOp`), propTag: r.u32(`${field}.PropTag`), taggedValue: tagged(`${field}.TaggedValue`) };
    case 0x05:
      return { restrictType: name!, relOp: r.u8(`${field}.RelOp`), propTag1: r.u32(`${field}.PropTag1`), propTag2: r.u32(`${field}.PropTag2`) };
    case 0x06:
      return { restrictType: name!, bitmapRelOp: r.u8(`${field}.BitmapRelOp`), propTag: r.u32(`${field}.PropTag`), mask: r.u32(`${field}.Mask`) };
    case 0x07:
      return { restrictType: name!, relOp: r.u8(`${field}.RelOp`), propTag: r.u32(`${field}.PropTag`), size: r.u32(`${field}.Size`) };
    case 0x08:
      return { restrictType: name!, propTag: r.u32(`${field}.PropTag`) };
    case 0x09:
      return { restrictType: name!, subobject: r.u32(`${field}.Subobject`), restriction: readRestriction(r, `${field}.Restriction`, enc, depth + 1) };
    case 0x0a: {
      const n = r.count(r.u8(`${field}.TaggedValuesCount`), 4, `${field}.TaggedValuesCount`);
      const taggedValues: PropValue[] = [];
      for (let i = 0; i < n; i++) taggedValues.push(tagged(`${field}.TaggedValues`));
      const present = r.u8(`${field}.RestrictionPresent`);
      return present !== 0
        ? { restrictType: name!, taggedValues, restrictionPresent: present, restriction: readRestriction(r, `${field}.Restriction`, enc, depth + 1) }
        : { restrictType: name!, taggedValues, restrictionPresent: present };
    }
    case 0x0b:
      return { restrictType: name!, count: r.u32(`${field}.Count`), subRestriction: readRestriction(r, `${field}.SubRestriction`, enc, depth + 1) };
    default:
      throw new Malformed(`${field}.RestrictType`, at, `RestrictType ${hex2(type)} is not defined`);
  }
}
