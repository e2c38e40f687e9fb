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
  tags16: {
    arb: list(u32, 4),
    write: (w, v) => {
      const tags = v as number[];
      w.u16(tags.length);
      for (const t of tags) w.u32(t);
    },
  },
  ids16: {
    arb: list(idText),
    write: (w, v) => {
      const ids = v as string[];
      w.u16(ids.length);
      for (const x of ids) w.id(x);
    },
  },
  tpvs16: { arb: list(taggedValueArb(), 3) as fc.Arbitrary<FieldValue>, write: (w, v) => writeTaggedValues(w, v as PropertyValue[]) },
  restriction16: {
    arb: fc.option(restrictionArb(), { nil: null }),
    write: (w, v) => {
      if (v === null) w.u16(0);
      else sized(w, 2, (inner) => writeRestriction(inner, v as { [k: string]: PropValue }));
    },
  },
  problems16: {
    arb: list(fc.record({ index: u16, propertyTag: u32, errorCode: u32 })),
    write: (w, v) => {
      const problems = v as { index: number; propertyTag: number; errorCode: number }[];
      w.u16(problems.length);
      for (const p of problems) w.u16(p.index).u32(p.propertyTag).u32(p.errorCode);
    },
  },
  propIds16: {
    arb: list(u16, 4),
    write: (w, v) => {
      const ids = v as number[];
      w.u16(ids.length);
      for (const x of ids) w.u16(x);
    },
  },
  propNames16: {
    arb: list(propertyNameArb) as fc.Arbitrary<FieldValue>,
    write: (w, v) => {
      const names = v as { [k: string]: PropValue }[];
      w.u16(names.length);
      for (const p of names) writePropertyName(w, p);
    },
  },
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
