import { hex8 } from '../../core/hex.js';
import { PROPERTY_TAG_NAMES, type PropertyTagEntry } from './property-tag-names.js';
import { MV_FLAG, MVI_FLAG, PT } from './property-types.js';

/**
 * Names of property tags ([MS-OXPROPS]), looked up by property id: the same id is named whatever
 * type it travels with (PtypString8 or PtypString, a MultivalueInstance column, PtypUnspecified
 * in a request). Where [MS-OXPROPS] gives one id several names by type (PidTagHtml is 0x1013
 * PtypBinary, PidTagBodyHtml 0x1013 PtypString), the entry of the tag's type wins; otherwise the
 * first entry of the id. Named properties (0x8000–0xFFFE) are mapped per mailbox: no static name.
 */
const BY_ID: ReadonlyMap<number, readonly PropertyTagEntry[]> = (() => {
  const m = new Map<number, PropertyTagEntry[]>();
  for (const e of PROPERTY_TAG_NAMES) {
    const list = m.get(e[0]);
    if (list) list.push(e);
    else m.set(e[0], [e]);
  }
  return m;
})();

/** 8-bit and UTF-16 strings name the same property; a MultivalueInstance column is its MV type. */
function comparableType(type: number): number {
  let t = type & ~MVI_FLAG;
  if ((t & ~MV_FLAG) === PT.String8) t = (t & MV_FLAG) | PT.String;
  return t;
}

/** The canonical entry of a 32-bit tag (PropId << 16 | PropType), or undefined. */
export function tagEntry(tag: number): PropertyTagEntry | undefined {
  const entries = BY_ID.get((tag >>> 16) & 0xffff);
  if (!entries) return undefined;
  const type = comparableType(tag & 0xffff);
  return entries.find((e) => e[2] === type) ?? entries[0];
}

/** The canonical name of a 32-bit property tag, or null. */
export function tagName(tag: number): string | null {
  return tagEntry(tag)?.[1] ?? null;
}

/** `PidTagSubject (0x0037001F)`, or the raw tag alone when it has no name. */
export function formatTag(tag: number): string {
  const name = tagName(tag);
  return name ? `${name} (${hex8(tag)})` : hex8(tag);
}

/** Number of distinct property ids the table names (for documentation and tests). */
export const NAMED_PROPERTY_IDS = BY_ID.size;
