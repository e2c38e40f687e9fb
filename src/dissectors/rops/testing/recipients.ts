import fc from 'fast-check';
import type { PropValue, RopFields } from '../types.js';
import type { Built } from './spec-kit.js';
import { blob, columnsArb, rowArb, string8, string16, u8, u16, writeRow } from './values.js';
import { Writer } from './writer.js';

/**
 * Recipient rows ([MS-OXCDATA] 2.8.3.1; ROPS-OXCDATA §2.12) and the body RopOpenMessage,
 * RopReloadCachedInformation and RopOpenEmbeddedMessage share (§2.4). Test support only.
 */
const ADDRESS_TYPES = ['NoType', 'X500DN', 'MsMail', 'SMTP', 'Fax', 'PROFS', 'PersonalDistributionList1', 'PersonalDistributionList2'];
const E = 0x0008, D = 0x0010, T = 0x0020, U = 0x0200, I = 0x0400, O = 0x8000;

export interface RecipientRow {
  model: { [k: string]: PropValue };
  size: number;
  bytes: Uint8Array;
}

export function recipientRowArb(columns: readonly number[]): fc.Arbitrary<RecipientRow> {
  return fc
    .record({
      type: fc.integer({ min: 0, max: 7 }),
      other: fc.integer({ min: 0, max: 0xffff }).map((f) => f & ~0x0007),
      prefix: u8,
      displayType: u8,
      x500: string8,
      entryId: blob(),
      searchKey: blob(),
      addressType: string8,
      count: fc.integer({ min: 0, max: columns.length }),
    })
    .chain((r) => {
      const unicode = (r.other & U) !== 0;
      const str = unicode ? string16 : string8;
      return fc.tuple(str, str, str, str, rowArb(columns.slice(0, r.count))).map(([email, display, simple, transmittable, row]) => {
        const flags = r.other | r.type;
        const w = new Writer().u16(flags);
        const model: { [k: string]: PropValue } = { recipientFlags: flags, addressType: ADDRESS_TYPES[r.type]! };
        if (r.type === 1) {
          Object.assign(model, { addressPrefixUsed: r.prefix, displayType: r.displayType, x500Dn: r.x500 });
          w.u8(r.prefix).u8(r.displayType).asciiz(r.x500);
        } else if (r.type === 6 || r.type === 7) {
          Object.assign(model, { entryId: r.entryId, searchKey: r.searchKey });
          w.u16(r.entryId.length).bytes(r.entryId).u16(r.searchKey.length).bytes(r.searchKey);
        } else if (r.type === 0 && flags & O) {
          model.addressTypeString = r.addressType;
          w.asciiz(r.addressType);
        }
        const text = (bit: number, key: string, s: string): void => {
          if (!(flags & bit)) return;
          model[key] = s;
          if (unicode) w.utf16z(s);
          else w.asciiz(s);
        };
        text(E, 'emailAddress', email);
        text(D, 'displayName', display);
        text(I, 'simpleDisplayName', simple);
        text(T, 'transmittableDisplayName', transmittable);
        model.recipientColumnCount = r.count;
        model.recipientProperties = { flag: row.flag, values: row.values as unknown as PropValue[] };
        w.u16(r.count);
        writeRow(w, row, columns.slice(0, r.count));
        const bytes = w.finish();
        return { model, size: bytes.length, bytes };
      });
    });
}

export function writeRecipientRow(w: Writer, row: RecipientRow): void {
  w.u16(row.size).bytes(row.bytes);
}

/** TypedString ([MS-OXCROPS] 2.2.6.1.2): 0x00 absent, 0x01 empty, 0x02/0x03 8-bit, 0x04 UTF-16. */
const typedStringArb: fc.Arbitrary<{ type: number; value: string | null }> = fc.oneof(
  fc.constant({ type: 0, value: null }),
  fc.constant({ type: 1, value: '' }),
  fc.tuple(fc.constantFrom(2, 3), string8).map(([type, value]) => ({ type, value })),
  string16.map((value) => ({ type: 4, value })),
);

function writeTypedString(w: Writer, s: { type: number; value: string | null }): void {
  w.u8(s.type);
  if (s.type === 2 || s.type === 3) w.asciiz(s.value!);
  else if (s.type === 4) w.utf16z(s.value!);
}

export const openedMessageArb: fc.Arbitrary<Built<RopFields>> = fc
  .tuple(fc.boolean(), typedStringArb, typedStringArb, u16, columnsArb)
  .chain(([named, prefix, subject, recipientCount, columns]) =>
    fc.array(fc.tuple(u8, u16, u16, recipientRowArb(columns)), { maxLength: 2 }).map((rows) => ({
      model: {
        hasNamedProperties: named,
        subjectPrefix: prefix.value,
        normalizedSubject: subject.value,
        recipientCount,
        recipientColumns: columns,
        recipientRows: rows.map(([recipientType, codePageId, reserved, row]) => ({ recipientType, codePageId, reserved, recipientRowSize: row.size, recipientRow: row.model })),
      },
      write: (w: Writer) => writeOpenedMessage(w, named, prefix, subject, recipientCount, columns, rows),
    })),
  );

export function writeOpenedMessage(
  w: Writer,
  named: boolean,
  prefix: { type: number; value: string | null },
  subject: { type: number; value: string | null },
  recipientCount: number,
  columns: readonly number[],
  rows: readonly [number, number, number, RecipientRow][],
): void {
  w.u8(named ? 1 : 0);
  writeTypedString(w, prefix);
  writeTypedString(w, subject);
  w.u16(recipientCount).u16(columns.length);
  for (const c of columns) w.u32(c);
  w.u8(rows.length);
  for (const [type, cp, reserved, row] of rows) {
    w.u8(type).u16(cp).u16(reserved);
    writeRecipientRow(w, row);
  }
}
