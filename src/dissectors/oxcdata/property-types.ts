/**
 * Property types of [MS-OXCDATA] 2.11.1 (reference ROPS-OXCDATA §3.2), as a table: code → name and
 * the fixed wire size in a ROP buffer (null when the value sizes itself: strings, counted blobs,
 * restrictions, rule actions, multi-values).
 */
export const PT = {
  Unspecified: 0x0000,
  Null: 0x0001,
  Integer16: 0x0002,
  Integer32: 0x0003,
  Floating32: 0x0004,
  Floating64: 0x0005,
  Currency: 0x0006,
  FloatingTime: 0x0007,
  ErrorCode: 0x000a,
  Boolean: 0x000b,
  Object: 0x000d,
  Integer64: 0x0014,
  String8: 0x001e,
  String: 0x001f,
  Time: 0x0040,
  Guid: 0x0048,
  ServerId: 0x00fb,
  Restriction: 0x00fd,
  RuleAction: 0x00fe,
  Binary: 0x0102,
} as const;

/** Multi-valued flag of a property type; MultivalueInstance (columns only) asks for one value per row. */
export const MV_FLAG = 0x1000;
export const MVI_FLAG = 0x2000;

export interface PropertyTypeInfo {
  readonly name: string;
  /** Bytes of one value in a ROP buffer; null when the value carries its own length. */
  readonly fixedSize: number | null;
}

const SINGLE: readonly (readonly [number, string, number | null])[] = [
  [PT.Unspecified, 'PtypUnspecified', null],
  // [MS-OXCDATA]: "None: this property is a placeholder" — no value bytes (reference [U]: OC reads 4).
  [PT.Null, 'PtypNull', 0],
  [PT.Integer16, 'PtypInteger16', 2],
  [PT.Integer32, 'PtypInteger32', 4],
  [PT.Floating32, 'PtypFloating32', 4],
  [PT.Floating64, 'PtypFloating64', 8],
  [PT.Currency, 'PtypCurrency', 8],
  [PT.FloatingTime, 'PtypFloatingTime', 8],
  [PT.ErrorCode, 'PtypErrorCode', 4],
  [PT.Boolean, 'PtypBoolean', 1],
  // Never transmitted as a value ([MS-OXCDATA] 2.11.1.5: opened as a stream or object instead).
  [PT.Object, 'PtypObject', null],
  [PT.Integer64, 'PtypInteger64', 8],
  [PT.String8, 'PtypString8', null],
  [PT.String, 'PtypString', null],
  [PT.Time, 'PtypTime', 8],
  [PT.Guid, 'PtypGuid', 16],
  [PT.ServerId, 'PtypServerId', null],
  [PT.Restriction, 'PtypRestriction', null],
  [PT.RuleAction, 'PtypRuleAction', null],
  [PT.Binary, 'PtypBinary', null],
];

/** The multi-valued types [MS-OXCDATA] defines (a value count, then that many base values). */
const MULTIPLE: readonly (readonly [number, string])[] = [
  [0x1002, 'PtypMultipleInteger16'],
  [0x1003, 'PtypMultipleInteger32'],
  [0x1004, 'PtypMultipleFloating32'],
  [0x1005, 'PtypMultipleFloating64'],
  [0x1006, 'PtypMultipleCurrency'],
  [0x1007, 'PtypMultipleFloatingTime'],
  [0x1014, 'PtypMultipleInteger64'],
  [0x101e, 'PtypMultipleString8'],
  [0x101f, 'PtypMultipleString'],
  [0x1040, 'PtypMultipleTime'],
  [0x1048, 'PtypMultipleGuid'],
  [0x1102, 'PtypMultipleBinary'],
];

export const PROPERTY_TYPES: ReadonlyMap<number, PropertyTypeInfo> = new Map<number, PropertyTypeInfo>([
  ...SINGLE.map(([code, name, fixedSize]) => [code, { name, fixedSize }] as const),
  ...MULTIPLE.map(([code, name]) => [code, { name, fixedSize: null }] as const),
]);

export function propertyTypeName(type: number): string | null {
  return PROPERTY_TYPES.get(type)?.name ?? null;
}

export function isMultiValued(type: number): boolean {
  return (type & MV_FLAG) !== 0;
}
