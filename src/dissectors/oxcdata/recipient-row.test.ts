import { ByteReader } from '../../core/byte-reader.js';
import { fromHex } from '../../core/hex.js';
import { readRecipientRow } from './recipient-row.js';

const COLUMNS = [0x0c150003, 0x3001001f];
const parse = (hex: string, columns = COLUMNS) => {
  const r = new ByteReader(fromHex(hex));
  const out = readRecipientRow(r, columns);
  expect(r.atEnd).toBe(true);
  return out;
};

describe('RecipientRow ([MS-OXCDATA] 2.8.3.1)', () => {
  it('SMTP with 8-bit EmailAddress and DisplayName (no U flag), one column', () => {
    // RecipientFlags 0x001B: Type SMTP (3) | E 0x08 | D 0x10.
    expect(parse('1b00 612e6200 4100 0100 00 01000000')).toEqual({
      recipientFlags: 0x001b,
      addressType: 'SMTP',
      emailAddress: 'a.b',
      displayName: 'A',
      recipientColumnCount: 1,
      recipientProperties: { flag: 0, values: [{ tag: 0x0c150003, type: 3, status: 'ok', value: 1 }] },
    });
  });

  it('X500DN: AddressPrefixUsed, DisplayType, X500DN; then I and T strings in Unicode', () => {
    expect(parse('2106 05 00 787900 41000000 42000000 0000 00')).toEqual({
      recipientFlags: 0x0621,
      addressType: 'X500DN',
      addressPrefixUsed: 5,
      displayType: 0,
      x500Dn: 'xy',
      simpleDisplayName: 'A',
      transmittableDisplayName: 'B',
      recipientColumnCount: 0,
      recipientProperties: { flag: 0, values: [] },
    });
  });

  it('personal distribution lists carry EntryId and SearchKey; NoType with O carries AddressType', () => {
    expect(parse('0600 0200 aabb 0100 cc 0000 00')).toMatchObject({ addressType: 'PersonalDistributionList1', entryId: fromHex('aabb'), searchKey: fromHex('cc') });
    expect(parse('0080 465800 0000 00')).toMatchObject({ addressType: 'NoType', addressTypeString: 'FX' });
  });

  it('more columns than were given is malformed', () => {
    expect(() => parse('0300 0300 00', COLUMNS)).toThrow(/3 columns/);
  });
});
