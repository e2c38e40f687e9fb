import fc from 'fast-check';
import type { FieldValue, PropertyValue, PropValue, RopFields } from '../types.js';
import {
  blob, guidText, i32, idText, longTermIdText, propertyNameArb, restrictionArb, string8, string16, taggedValueArb, u8, u16, u32, u64,
  writePropertyName, writeRestriction, writeTaggedValues,
} from './values.js';
import { sized, Writer } from './writer.js';

/**
 * Wire kinds of ROP fields (ROPS-OXCDATA §2.13): how a random value of the decoded form is made,
 * and how it is written. A field spec is the ordered list of a ROP part's fields, as in the
 * reference tables. Test support only.
 */
export interface Kind {
  arb: fc.Arbitrary<FieldValue>;
  write(w: Writer, v: FieldValue): void;
}

const list = <T extends FieldValue>(item: fc.Arbitrary<T>, max = 3): fc.Arbitrary<T[]> => fc.array(item, { maxLength: max });

/** A u16 count, then the items (the counted lists of ROPS-OXCDATA §2.13). */
function counted16<T>(item: fc.Arbitrary<T>, writeItem: (w: Writer, x: T) => void, max = 3): Kind {
  return {
    arb: fc.array(item, { maxLength: max }) as unknown as fc.Arbitrary<FieldValue>,
    write: (w, v) => {
      const items = v as unknown as T[];
      w.u16(items.length);
      for (const x of items) writeItem(w, x);
    },
  };
}

export const K = {
  u8: { arb: u8, write: (w, v) => w.u8(v as number) },
  bool: { arb: fc.boolean(), write: (w, v) => w.u8(v ? 1 : 0) },
  u16: { arb: u16, write: (w, v) => w.u16(v as number) },
  u32: { arb: u32, write: (w, v) => w.u32(v as number) },
  i32: { arb: i32, write: (w, v) => w.u32(v as number) },
  u64: { arb: u64, write: (w, v) => w.u64(v as bigint) },
  id: { arb: idText, write: (w, v) => w.id(v as string) },
  guid: { arb: guidText, write: (w, v) => w.guid(v as string) },
  ltid: { arb: longTermIdText, write: (w, v) => w.longTermId(v as string) },
  asciiz: { arb: string8, write: (w, v) => w.asciiz(v as string) },
  utf16z: { arb: string16, write: (w, v) => w.utf16z(v as string) },
  blob16: { arb: blob(), write: (w, v) => w.u16((v as Uint8Array).length).bytes(v as Uint8Array) },
  blob32: { arb: blob(), write: (w, v) => w.u32((v as Uint8Array).length).bytes(v as Uint8Array) },
  bytes6: { arb: fc.uint8Array({ minLength: 6, maxLength: 6 }), write: (w, v) => w.bytes(v as Uint8Array) },
  bytes24: { arb: fc.uint8Array({ minLength: 24, maxLength: 24 }), write: (w, v) => w.bytes(v as Uint8Array) },
  tags16: counted16(u32, (w, t) => w.u32(t), 4),
  ids16: counted16(idText, (w, x) => w.id(x)),
  tpvs16: { arb: list(taggedValueArb(), 3) as fc.Arbitrary<FieldValue>, write: (w, v) => writeTaggedValues(w, v as PropertyValue[]) },
  restriction16: {
    arb: fc.option(restrictionArb(), { nil: null }),
    write: (w, v) => {
      if (v === null) w.u16(0);
      else sized(w, 2, (inner) => writeRestriction(inner, v as { [k: string]: PropValue }));
    },
  },
  problems16: counted16(fc.record({ index: u16, propertyTag: u32, errorCode: u32 }), (w, p) => w.u16(p.index).u32(p.propertyTag).u32(p.errorCode)),
  propIds16: counted16(u16, (w, x) => w.u16(x), 4),
  propNames16: counted16(propertyNameArb, writePropertyName),
} satisfies Record<string, Kind>;

export type KindName = keyof typeof K;
export type FieldSpec = readonly (readonly [string, KindName])[];

/** Random fields for a spec, in the decoded form. */
export function fieldsArb(spec: FieldSpec): fc.Arbitrary<RopFields> {
  return fc.tuple(...spec.map(([, kind]) => K[kind].arb)).map((values) => {
    const out: RopFields = {};
    spec.forEach(([name], i) => {
      out[name] = values[i]!;
    });
    return out;
  });
}

export function writeFields(w: Writer, spec: FieldSpec, fields: RopFields): void {
  for (const [name, kind] of spec) K[kind].write(w, fields[name]!);
}
