import fc from 'fast-check';
import type { PropertyRow, PropertyValue, PropValue } from '../types.js';
import { bytesHex, sized, Writer } from './writer.js';

/**
 * Random valid MS-OXCDATA values in the form the decoders produce, and their ROP-buffer encoding
 * (ROPS-OXCDATA §3.2–3.3, §3.8, §2.12: binary counts u16, multi-value counts u32, restriction
 * And/Or counts u16, rule-action counts u16). Test support only.
 */
export const TYPES = {
  Null: 0x0001, I16: 0x0002, I32: 0x0003, F32: 0x0004, F64: 0x0005, Currency: 0x0006, FloatingTime: 0x0007, ErrorCode: 0x000a,
  Boolean: 0x000b, I64: 0x0014, String8: 0x001e, String: 0x001f, Time: 0x0040, Guid: 0x0048, ServerId: 0x00fb, Restriction: 0x00fd,
  RuleAction: 0x00fe, Binary: 0x0102,
} as const;
const MV = 0x1000;
const MVI = 0x2000;

/** Base types that have a multi-valued form. */
const MV_BASES = [TYPES.I16, TYPES.I32, TYPES.F32, TYPES.F64, TYPES.Currency, TYPES.FloatingTime, TYPES.I64, TYPES.String8, TYPES.String, TYPES.Time, TYPES.Guid, TYPES.Binary];
const SINGLE_TYPES = Object.values(TYPES) as number[];
/** Every type a value can be written with in a ROP buffer. */
export const VALUE_TYPES: readonly number[] = [...SINGLE_TYPES, ...MV_BASES.map((t) => t | MV)];
/** Types whose values are plain data (no nested restriction or rule action): columns of rows. */
const FLAT_TYPES: readonly number[] = VALUE_TYPES.filter((t) => t !== TYPES.Restriction && t !== TYPES.RuleAction);

const MAX_DEPTH = 3;

export const string8 = fc.array(fc.integer({ min: 1, max: 255 }), { maxLength: 12 }).map((c) => String.fromCharCode(...c));
export const string16 = fc
  .array(fc.oneof(fc.integer({ min: 1, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0xffff }), fc.integer({ min: 0x10000, max: 0x10ffff }), fc.constant(0xfeff)), { maxLength: 8 })
  .map((cps) => String.fromCodePoint(...cps));
export const blob = (max = 16): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength: max });
export const u8 = fc.integer({ min: 0, max: 0xff });
export const u16 = fc.integer({ min: 0, max: 0xffff });
export const u32 = fc.integer({ min: 0, max: 0xffffffff });
export const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
export const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });

/** GUID text as the decoders write it: the first three groups read little-endian. */
export const guidText = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => {
  const le = (from: number, n: number): string => bytesHex(b.slice(from, from + n).reverse());
  const rest = bytesHex(b.slice(8));
  return `${le(0, 4)}-${le(4, 2)}-${le(6, 2)}-${rest.slice(0, 4)}-${rest.slice(4)}`;
});
const counterText = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => bytesHex(b).toUpperCase());
/** FID/MID text "RRRR-GGGGGGGGGGGG". */
export const idText = fc.tuple(u16, counterText).map(([r, c]) => `${r.toString(16).toUpperCase().padStart(4, '0')}-${c}`);
/** LongTermID text "guid:GGGGGGGGGGGG" (the pad is not kept). */
export const longTermIdText = fc.tuple(guidText, counterText).map(([g, c]) => `${g}:${c}`);
/** A property id outside the named range, with a given type. */
export const tagOf = (type: number): fc.Arbitrary<number> => fc.integer({ min: 0x0001, max: 0x7fff }).map((id) => ((id << 16) | type) >>> 0);

export function valueArb(type: number, depth = 0): fc.Arbitrary<PropValue> {
  if (type & MV) return fc.array(valueArb(type & ~MV, depth), { maxLength: 4 });
  switch (type) {
    case TYPES.Null: return fc.constant(null);
    case TYPES.I16: return fc.integer({ min: -0x8000, max: 0x7fff });
    case TYPES.I32: return i32;
    case TYPES.F32: return fc.float();
    case TYPES.F64:
    case TYPES.FloatingTime: return fc.double();
    case TYPES.Currency:
    case TYPES.I64: return i64;
    case TYPES.ErrorCode: return u32;
    case TYPES.Boolean: return fc.boolean();
    case TYPES.String8: return string8;
    case TYPES.String: return string16;
    case TYPES.Time: return u64;
    case TYPES.Guid: return guidText;
    case TYPES.ServerId:
    case TYPES.Binary: return blob();
    case TYPES.Restriction: return restrictionArb(depth + 1);
    case TYPES.RuleAction: return ruleActionArb;
    default: throw new Error(`no arbitrary for type ${type}`);
  }
}

export function writeValue(w: Writer, type: number, v: PropValue): void {
  if (type & MV) {
    const list = v as readonly PropValue[];
    w.u32(list.length);
    for (const x of list) writeValue(w, type & ~MV, x);
    return;
  }
  switch (type) {
    case TYPES.Null: return;
    case TYPES.I16: w.u16(v as number); return;
    case TYPES.I32:
    case TYPES.ErrorCode: w.u32(v as number); return;
    case TYPES.F32: w.f32(v as number); return;
    case TYPES.F64:
    case TYPES.FloatingTime: w.f64(v as number); return;
    case TYPES.Currency:
    case TYPES.I64:
    case TYPES.Time: w.u64(v as bigint); return;
    case TYPES.Boolean: w.u8(v ? 1 : 0); return;
    case TYPES.String8: w.asciiz(v as string); return;
    case TYPES.String: w.utf16z(v as string); return;
    case TYPES.Guid: w.guid(v as string); return;
    case TYPES.ServerId:
    case TYPES.Binary: w.u16((v as Uint8Array).length).bytes(v as Uint8Array); return;
    case TYPES.Restriction: writeRestriction(w, v as { [k: string]: PropValue }); return;
    case TYPES.RuleAction: writeRuleAction(w, v as { [k: string]: PropValue }); return;
    default: throw new Error(`cannot write type ${type}`);
  }
}

/** A TaggedPropertyValue as a list decodes it. */
export const taggedValueArb = (depth = 0): fc.Arbitrary<PropertyValue> =>
  fc.constantFrom(...(depth >= MAX_DEPTH ? FLAT_TYPES : VALUE_TYPES)).chain((type) =>
    fc.tuple(tagOf(type), valueArb(type, depth)).map(([tag, value]): PropertyValue => ({ tag, type, status: 'ok', value })),
  );

export function writeTaggedValue(w: Writer, v: PropertyValue): void {
  w.u32(v.tag);
  writeValue(w, v.type, v.value);
}

export function writeTaggedValues(w: Writer, list: readonly PropertyValue[]): void {
  w.u16(list.length);
  for (const v of list) writeTaggedValue(w, v);
}

/** Inside a restriction a multi-valued tag carries one value of the base type (ROPS-OXCDATA §3.3). */
const restrictionValueArb = (depth: number): fc.Arbitrary<{ [k: string]: PropValue }> =>
  fc.constantFrom(...(depth >= MAX_DEPTH ? FLAT_TYPES : VALUE_TYPES)).chain((tagType) => {
    const type = tagType & ~MV;
    return fc.tuple(tagOf(tagType), valueArb(type, depth)).map(([tag, value]) => ({ tag, type, value }));
  });

function writeRestrictionValue(w: Writer, v: { [k: string]: PropValue }): void {
  w.u32(v.tag as number);
  writeValue(w, v.type as number, v.value as PropValue);
}

const relOp = fc.constantFrom(0, 1, 2, 3, 4, 5, 0x64);
const anyTag = tagOf(TYPES.I32);

export function restrictionArb(depth = 0): fc.Arbitrary<{ [k: string]: PropValue }> {
  const leaves: fc.Arbitrary<{ [k: string]: PropValue }>[] = [
    fc.record({ restrictType: fc.constant('Content'), fuzzyLevelLow: u16, fuzzyLevelHigh: u16, propertyTag: anyTag, taggedValue: restrictionValueArb(depth) }),
    fc.record({ restrictType: fc.constant('Property'), relOp, propTag: anyTag, taggedValue: restrictionValueArb(depth) }),
    fc.record({ restrictType: fc.constant('CompareProperties'), relOp, propTag1: anyTag, propTag2: anyTag }),
    fc.record({ restrictType: fc.constant('BitMask'), bitmapRelOp: fc.constantFrom(0, 1), propTag: anyTag, mask: u32 }),
    fc.record({ restrictType: fc.constant('Size'), relOp, propTag: anyTag, size: u32 }),
    fc.record({ restrictType: fc.constant('Exist'), propTag: anyTag }),
  ];
  if (depth >= MAX_DEPTH) return fc.oneof(...leaves);
  const sub = fc.constant(null).chain(() => restrictionArb(depth + 1));
  return fc.oneof(
    ...leaves,
    fc.record({ restrictType: fc.constantFrom('And', 'Or'), restricts: fc.array(sub, { maxLength: 3 }) }),
    fc.record({ restrictType: fc.constant('Not'), restriction: sub }),
    fc.record({ restrictType: fc.constant('SubObject'), subobject: anyTag, restriction: sub }),
    fc.record({ restrictType: fc.constant('Count'), count: u32, subRestriction: sub }),
    fc
      .tuple(fc.array(restrictionValueArb(depth), { maxLength: 2 }), fc.option(sub, { nil: undefined }))
      .map(([taggedValues, restriction]): { [k: string]: PropValue } =>
        restriction === undefined
          ? { restrictType: 'Comment', taggedValues, restrictionPresent: 0 }
          : { restrictType: 'Comment', taggedValues, restrictionPresent: 1, restriction },
      ),
  );
}

const RESTRICT_TYPES: Readonly<Record<string, number>> = {
  And: 0x00, Or: 0x01, Not: 0x02, Content: 0x03, Property: 0x04, CompareProperties: 0x05, BitMask: 0x06, Size: 0x07, Exist: 0x08, SubObject: 0x09,
  Comment: 0x0a, Count: 0x0b,
};

export function writeRestriction(w: Writer, r: { [k: string]: PropValue }): void {
  const type = r.restrictType as string;
  w.u8(RESTRICT_TYPES[type]!);
  const n = (k: string): number => r[k] as number;
  const sub = (k: string): void => writeRestriction(w, r[k] as { [k: string]: PropValue });
  switch (type) {
    case 'And':
    case 'Or': {
      const list = r.restricts as { [k: string]: PropValue }[];
      w.u16(list.length);
      for (const x of list) writeRestriction(w, x);
      return;
    }
    case 'Not': sub('restriction'); return;
    case 'Content':
      w.u16(n('fuzzyLevelLow')).u16(n('fuzzyLevelHigh')).u32(n('propertyTag'));
      writeRestrictionValue(w, r.taggedValue as { [k: string]: PropValue });
      return;
    case 'Property':
      w.u8(n('relOp')).u32(n('propTag'));
      writeRestrictionValue(w, r.taggedValue as { [k: string]: PropValue });
      return;
    case 'CompareProperties': w.u8(n('relOp')).u32(n('propTag1')).u32(n('propTag2')); return;
    case 'BitMask': w.u8(n('bitmapRelOp')).u32(n('propTag')).u32(n('mask')); return;
    case 'Size': w.u8(n('relOp')).u32(n('propTag')).u32(n('size')); return;
    case 'Exist': w.u32(n('propTag')); return;
    case 'SubObject': w.u32(n('subobject')); sub('restriction'); return;
    case 'Comment': {
      const list = r.taggedValues as { [k: string]: PropValue }[];
      w.u8(list.length);
      for (const x of list) writeRestrictionValue(w, x);
      w.u8(n('restrictionPresent'));
      if (r.restriction) sub('restriction');
      return;
    }
    case 'Count': w.u32(n('count')); sub('subRestriction'); return;
    default: throw new Error(`restriction ${type}`);
  }
}

const ruleActionArb = fc
  .array(fc.record({ actionType: fc.integer({ min: 1, max: 11 }), actionFlavor: u32, actionFlags: u32, actionData: blob(12) }), { maxLength: 3 })
  .map((actions) => ({ noOfActions: actions.length, actions }));

function writeRuleAction(w: Writer, v: { [k: string]: PropValue }): void {
  const actions = v.actions as { [k: string]: PropValue }[];
  w.u16(actions.length);
  for (const a of actions) {
    sized(w, 2, (b) => b.u8(a.actionType as number).u32(a.actionFlavor as number).u32(a.actionFlags as number).bytes(a.actionData as Uint8Array));
  }
}

/** PropertyName ([MS-OXCDATA] 2.6.1): Kind, GUID, then LID or NameSize + Name (none for 0xFF). */
export const propertyNameArb: fc.Arbitrary<{ [k: string]: PropValue }> = fc.oneof(
  fc.record({ kind: fc.constant(0), guid: guidText, lid: u32 }),
  fc.record({ kind: fc.constant(1), guid: guidText, name: string16.filter((s) => (s.length + 1) * 2 <= 255) }),
  fc.record({ kind: fc.constant(0xff), guid: guidText }),
);

export function writePropertyName(w: Writer, p: { [k: string]: PropValue }): void {
  w.u8(p.kind as number).guid(p.guid as string);
  if (p.kind === 0) w.u32(p.lid as number);
  else if (p.kind === 1) {
    const inner = new Writer().utf16z(p.name as string);
    w.u8(inner.length).bytes(inner.finish());
  }
}

/** Column tags of a table: any type a row can carry, PtypUnspecified, and MultivalueInstance columns. */
export const columnsArb: fc.Arbitrary<number[]> = fc.array(
  fc.oneof(
    fc.constantFrom(...FLAT_TYPES).chain(tagOf),
    tagOf(0x0000),
    fc.constantFrom(...MV_BASES).chain((t) => tagOf(t | MV | MVI)),
  ),
  { minLength: 1, maxLength: 5 },
);

/** The type a column's values travel with (MultivalueInstance: one base value). */
function columnType(tag: number): number {
  const t = tag & 0xffff;
  return t & MVI ? t & ~(MV | MVI) : t;
}

const errorCode = fc.constantFrom(0x8004010f, 0x8007000e, 0x80040302);

/** One cell of a row, in the decoded form. */
function cellArb(tag: number, flagged: boolean): fc.Arbitrary<PropertyValue> {
  const ct = columnType(tag);
  const typed = ct === 0;
  const present: fc.Arbitrary<PropertyValue> = (typed ? fc.constantFrom(...FLAT_TYPES) : fc.constant(ct)).chain((type) =>
    valueArb(type).map((value): PropertyValue => {
      // A typed value of PtypErrorCode in a PtypUnspecified column reports an error for the column.
      if (typed && type === TYPES.ErrorCode) return { tag, type, status: 'error', value, errorCode: value as number };
      return { tag, type, status: 'ok', value };
    }),
  );
  if (!flagged) return present;
  const absentType = typed ? fc.constantFrom(...FLAT_TYPES) : fc.constant(ct);
  return fc.oneof(
    present,
    absentType.map((type): PropertyValue => ({ tag, type, status: 'absent', value: null })),
    errorCode.map((code): PropertyValue => ({ tag, type: TYPES.ErrorCode, status: 'error', value: code, errorCode: code })),
  );
}

export function rowArb(columns: readonly number[]): fc.Arbitrary<PropertyRow> {
  return fc.boolean().chain((flagged) =>
    fc.tuple(...columns.map((c) => cellArb(c, flagged))).map((values): PropertyRow => ({ flag: flagged ? 1 : 0, values })),
  );
}

export function writeRow(w: Writer, row: PropertyRow, columns: readonly number[]): void {
  w.u8(row.flag);
  row.values.forEach((v, i) => {
    // PtypUnspecified columns carry their type (TypedPropertyValue / FlaggedPropertyValueWithType).
    if (columnType(columns[i]!) === 0) w.u16(v.type);
    if (row.flag === 1) {
      // A 0x0A error decodes as a PtypErrorCode value; so does a typed PtypErrorCode value.
      if (v.status === 'absent') w.u8(0x01);
      else if (v.status === 'error') w.u8(0x0a).u32(v.errorCode!);
      else w.u8(0x00);
      if (v.status !== 'ok') return;
    }
    writeValue(w, v.type, v.value);
  });
}
