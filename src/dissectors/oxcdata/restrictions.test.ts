import { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { readRestriction } from './restrictions.js';

const parse = (hex: string) => {
  const r = new ByteReader(fromHex(hex));
  const out = readRestriction(r, 'Restriction');
  expect(r.atEnd).toBe(true);
  return out;
};

describe('restrictions ([MS-OXCDATA] 2.12, ROP encoding)', () => {
  it('And / Or with u16 counts, Not, Exist', () => {
    expect(parse('00 0200 08 1f003700 02 08 03000e0e')).toEqual({
      restrictType: 'And',
      restricts: [{ restrictType: 'Exist', propTag: 0x0037001f }, { restrictType: 'Not', restriction: { restrictType: 'Exist', propTag: 0x0e0e0003 } }],
    });
    expect(parse('01 0000')).toEqual({ restrictType: 'Or', restricts: [] });
  });

  it('Content, Property, CompareProperties, BitMask, Size', () => {
    expect(parse('03 0100 0100 1f003700 1f003700 410000 00')).toMatchObject({
      restrictType: 'Content', fuzzyLevelLow: 1, fuzzyLevelHigh: 1, propertyTag: 0x0037001f, taggedValue: { tag: 0x0037001f, value: 'A' },
    });
    expect(parse('04 04 03000e0e 03000e0e 05000000')).toMatchObject({ restrictType: 'Property', relOp: 4, taggedValue: { value: 5 } });
    expect(parse('05 02 03000e0e 03000810')).toEqual({ restrictType: 'CompareProperties', relOp: 2, propTag1: 0x0e0e0003, propTag2: 0x10080003 });
    expect(parse('06 01 03000e0e 02000000')).toEqual({ restrictType: 'BitMask', bitmapRelOp: 1, propTag: 0x0e0e0003, mask: 2 });
    expect(parse('07 00 03000810 00100000')).toEqual({ restrictType: 'Size', relOp: 0, propTag: 0x10080003, size: 0x1000 });
  });

  it('SubObject, Comment (with and without a restriction), Count', () => {
    expect(parse('09 0d00120e 08 1f000130')).toEqual({ restrictType: 'SubObject', subobject: 0x0e12000d, restriction: { restrictType: 'Exist', propTag: 0x3001001f } });
    expect(parse('0a 01 03000e0e 01000000 01 08 1f003700')).toMatchObject({
      restrictType: 'Comment', taggedValues: [{ tag: 0x0e0e0003, value: 1 }], restrictionPresent: 1, restriction: { restrictType: 'Exist' },
    });
    expect(parse('0a 00 00')).toEqual({ restrictType: 'Comment', taggedValues: [], restrictionPresent: 0 });
    expect(parse('0b 05000000 08 1f003700')).toEqual({ restrictType: 'Count', count: 5, subRestriction: { restrictType: 'Exist', propTag: 0x0037001f } });
  });

  it('an undefined RestrictType is malformed; hostile nesting stops at the limit', () => {
    expect(() => parse('0c')).toThrow(/not defined/);
    try {
      parse('02'.repeat(1000) + '08 1f003700');
      throw new Error('no throw');
    } catch (e) {
      expect(e).toBeInstanceOf(Malformed);
      expect((e as Malformed).reason).toBe('limit');
    }
  });
});
