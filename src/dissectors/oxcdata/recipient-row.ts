import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import type { PropValue } from '../rops/types.js';
import { readPropertyRow, rowAsPropValue } from './property-row.js';
import { ROP_ENCODING, type ValueEncoding } from './property-value.js';

/**
 * RecipientRow ([MS-OXCDATA] 2.8.3.1; reference ROPS-OXCDATA §2.12). RecipientFlags (u16) say
 * which parts follow: Type (& 0x0007) picks the address form, E/D/I/T flag the strings, U makes
 * them UTF-16. Its RecipientProperties are a PropertyRow over the FIRST RecipientColumnCount of
 * the recipient columns that travel with it (RopModifyRecipients, RopOpenMessage…).
 */
export const RECIPIENT_FLAGS = {
  typeMask: 0x0007,
  E: 0x0008, // EmailAddress present
  D: 0x0010, // DisplayName present
  T: 0x0020, // TransmittableDisplayName present
  S: 0x0040, // SendNoRichInfo
  R: 0x0080, // reserved
  N: 0x0100, // non-rich
  U: 0x0200, // strings are UTF-16
  I: 0x0400, // SimpleDisplayName present
  O: 0x8000, // non-standard address type
} as const;

/** Address types of the Type field. */
export const RECIPIENT_ADDRESS_TYPES: readonly string[] = ['NoType', 'X500DN', 'MsMail', 'SMTP', 'Fax', 'PROFS', 'PersonalDistributionList1', 'PersonalDistributionList2'];

export function readRecipientRow(r: ByteReader, columns: readonly number[], field = 'RecipientRow', enc: ValueEncoding = ROP_ENCODING): { [name: string]: PropValue } {
  const flags = r.u16(`${field}.RecipientFlags`);
  const type = flags & RECIPIENT_FLAGS.typeMask;
  const unicode = (flags & RECIPIENT_FLAGS.U) !== 0;
  const str = (f: string): string => (unicode ? r.utf16z(`${field}.${f}`) : r.asciiz(`${field}.${f}`));
  const out: { [name: string]: PropValue } = { recipientFlags: flags, addressType: RECIPIENT_ADDRESS_TYPES[type] ?? type };

  if (type === 1) {
    out.addressPrefixUsed = r.u8(`${field}.AddressPrefixUsed`);
    out.displayType = r.u8(`${field}.DisplayType`);
    out.x500Dn = r.asciiz(`${field}.X500DN`);
  } else if (type === 6 || type === 7) {
    out.entryId = r.bytes(r.u16(`${field}.EntryIdSize`), `${field}.EntryId`).slice();
    out.searchKey = r.bytes(r.u16(`${field}.SearchKeySize`), `${field}.SearchKey`).slice();
  } else if (type === 0 && flags & RECIPIENT_FLAGS.O) {
    out.addressTypeString = r.asciiz(`${field}.AddressType`);
  }
  if (flags & RECIPIENT_FLAGS.E) out.emailAddress = str('EmailAddress');
  if (flags & RECIPIENT_FLAGS.D) out.displayName = str('DisplayName');
  if (flags & RECIPIENT_FLAGS.I) out.simpleDisplayName = str('SimpleDisplayName');
  if (flags & RECIPIENT_FLAGS.T) out.transmittableDisplayName = str('TransmittableDisplayName');
  const at = r.offset;
  const count = r.u16(`${field}.RecipientColumnCount`);
  if (count > columns.length) {
    throw new Malformed(`${field}.RecipientColumnCount`, at, `${count} columns, but only ${columns.length} recipient columns were given`);
  }
  out.recipientColumnCount = count;
  out.recipientProperties = rowAsPropValue(readPropertyRow(r, columns.slice(0, count), `${field}.RecipientProperties`, enc));
  return out;
}
