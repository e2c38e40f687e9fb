import type { ByteReader } from '../../../core/byte-reader.js';
import { Malformed } from '../../../core/damage.js';
import { hex2 } from '../../../core/hex.js';
import { readGuid } from '../../oxcdata/ids.js';
import type { FieldValue, PropValue } from '../types.js';
import type { FieldReader } from './fields.js';

/**
 * Small structures several ROP families share ([MS-OXCROPS] 2.2, [MS-OXCDATA]; reference
 * ROPS-OXCDATA §2.12–2.13).
 */

/** TypedString: StringType u8, then nothing (0x00 absent, 0x01 empty), ASCIIZ (0x02, 0x03 "reduced Unicode"), or UTF16Z (0x04). */
export const typedString: FieldReader = (r, f) => {
  const at = r.offset;
  const type = r.u8(`${f}.StringType`);
  switch (type) {
    case 0x00:
      return null;
    case 0x01:
      return '';
    case 0x02:
    case 0x03:
      return r.asciiz(f);
    case 0x04:
      return r.utf16z(f);
    default:
      throw new Malformed(`${f}.StringType`, at, `StringType ${hex2(type)} is not defined`);
  }
};

/**
 * PropertyName ([MS-OXCDATA] 2.6.1): Kind u8, GUID, then LID u32 (Kind 0x00) or NameSize u8 +
 * UTF-16 Name of NameSize bytes (Kind 0x01). The specification's diagram has the GUID for every
 * Kind, including 0xFF (no name); the reference reads nothing after Kind 0xFF — we follow the spec.
 */
export function readPropertyName(r: ByteReader, f: string): PropValue {
  const at = r.offset;
  const kind = r.u8(`${f}.Kind`);
  if (kind !== 0x00 && kind !== 0x01 && kind !== 0xff) throw new Malformed(`${f}.Kind`, at, `Kind ${hex2(kind)} is not 0x00, 0x01 or 0xFF`);
  const guid = readGuid(r, `${f}.GUID`);
  if (kind === 0x00) return { kind, guid, lid: r.u32(`${f}.LID`) };
  if (kind === 0x01) {
    const size = r.u8(`${f}.NameSize`);
    const w = r.window(size, `${f}.Name`);
    const name = w.remaining >= 2 ? w.utf16z(`${f}.Name`) : '';
    return { kind, guid, name };
  }
  return { kind, guid };
}

/** u16 count of PropertyNames. */
export const propertyNames16: FieldReader = (r, f) => {
  const n = r.count(r.u16(`${f}Count`), 17, f);
  const out: PropValue[] = [];
  for (let i = 0; i < n; i++) out.push(readPropertyName(r, f));
  return out;
};

/** u16 count of PropertyProblems (Index u16, PropertyTag u32, ErrorCode u32). */
export const propertyProblems16: FieldReader = (r, f) => {
  const n = r.count(r.u16(`${f}Count`), 10, f);
  const out: PropValue[] = [];
  for (let i = 0; i < n; i++) out.push({ index: r.u16(`${f}.Index`), propertyTag: r.u32(`${f}.PropertyTag`), errorCode: r.u32(`${f}.ErrorCode`) });
  return out;
};

/** u16 count of 16-bit property ids. */
export const propertyIds16: FieldReader = (r, f) => {
  const n = r.count(r.u16(`${f}Count`), 2, f);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.u16(f));
  return out;
};

/** n NUL-terminated 8-bit strings (server lists of ghosted folders, owning servers). */
export function readAsciizList(r: ByteReader, n: number, f: string): string[] {
  const count = r.count(n, 1, f);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(r.asciiz(f));
  return out;
}

/** A server count, a cheap-server count, then the servers (ASCIIZ each) — RopOpenFolder and kin. */
export function readServers(r: ByteReader, fields: Record<string, FieldValue>, names: readonly [string, string, string] = ['serverCount', 'cheapServerCount', 'servers']): void {
  const [countName, cheapName, listName] = names;
  const count = r.u16(countName);
  fields[countName] = count;
  fields[cheapName] = r.u16(cheapName);
  fields[listName] = readAsciizList(r, count, listName);
}

/** Boolean-or-string: strings that are UTF-16 when a flag says so, else 8-bit. */
export function readString(r: ByteReader, unicode: boolean, f: string): string {
  return unicode ? r.utf16z(f) : r.asciiz(f);
}
