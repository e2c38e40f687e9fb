import { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import {
  EXTENDED_ENCODING,
  readFlaggedPropertyValue,
  readFlaggedPropertyValueWithType,
  readPropertyValue,
  readTaggedPropertyValue,
  readTypedPropertyValue,
} from './property-value.js';

const rd = (hex: string): ByteReader => new ByteReader(fromHex(hex));
const value = (type: number, hex: string) => {
  const r = rd(hex);
  const v = readPropertyValue(r, type, 'v');
  expect(r.atEnd).toBe(true);
  return v;
};

describe('PropertyValue encodings in ROP buffers ([MS-OXCDATA] 2.11.1)', () => {
  it.each<[string, number, string, unknown]>([
    ['PtypInteger16 (signed)', 0x0002, 'feff', -2],
    ['PtypInteger32 (signed)', 0x0003, 'ffffffff', -1],
    ['PtypFloating32', 0x0004, '0000803f', 1],
    ['PtypFloating64', 0x0005, '000000000000f03f', 1],
    ['PtypCurrency (signed 64-bit)', 0x0006, 'ffffffffffffffff', -1n],
    ['PtypFloatingTime', 0x0007, '0000000000000040', 2],
    ['PtypErrorCode', 0x000a, '0f010480', 0x8004010f],
    ['PtypBoolean', 0x000b, '01', true],
    ['PtypInteger64', 0x0014, '0100000000000080', -0x7fffffffffffffffn],
    ['PtypString8', 0x001e, '414200', 'AB'],
    ['PtypString', 0x001f, '410042000000', 'AB'],
    ['PtypTime (FILETIME, unsigned)', 0x0040, '00a0e6e1a3cbdd01', 0x01ddcba3e1e6a000n],
    ['PtypGuid', 0x0048, '00112233445566778899aabbccddeeff', '33221100-5544-7766-8899-aabbccddeeff'],
    ['PtypBinary (u16 count)', 0x0102, '0300 aabbcc', fromHex('aabbcc')],
    ['PtypServerId (u16 count)', 0x00fb, '0200 0102', fromHex('0102')],
    ['PtypNull (no bytes)', 0x0001, '', null],
    ['PtypMultipleInteger32 (u32 count)', 0x1003, '02000000 01000000 02000000', [1, 2]],
    ['PtypMultipleString', 0x101f, '02000000 410000004200 0000', ['A', 'B']],
    ['PtypMultipleString8', 0x101e, '01000000 6100', ['a']],
    ['PtypMultipleBinary (u32 count of u16-counted blobs)', 0x1102, '02000000 0100aa 0000', [fromHex('aa'), new Uint8Array(0)]],
    ['PtypMultipleGuid', 0x1048, '01000000 00112233445566778899aabbccddeeff', ['33221100-5544-7766-8899-aabbccddeeff']],
  ])('%s', (_name, type, hex, expected) => {
    expect(value(type, hex)).toEqual(expected);
  });

  it('extended-rule encoding: u32 binary counts', () => {
    const r = rd('03000000 aabbcc');
    expect(readPropertyValue(r, 0x0102, 'v', EXTENDED_ENCODING)).toEqual(fromHex('aabbcc'));
  });

  it('a restriction value and a rule action value size themselves', () => {
    expect(value(0x00fd, '08 1f003700')).toEqual({ restrictType: 'Exist', propTag: 0x0037001f });
    expect(value(0x00fe, '0100 0a00 0a 00000000 00000000 ff')).toEqual({
      noOfActions: 1,
      actions: [{ actionType: 0x0a, actionFlavor: 0, actionFlags: 0, actionData: fromHex('ff') }],
    });
  });

  it('refuses counts that cannot fit before allocating', () => {
    expect(() => value(0x1003, 'ffffff7f 01000000')).toThrow(Malformed);
    expect(() => value(0x0102, 'ffff 00')).toThrow(Malformed);
    expect(() => value(0x101f, 'ffffffff')).toThrow(/exceeds/);
  });

  it('an undefined type cannot be sized; PtypObject has no wire value', () => {
    expect(() => value(0x0009, '00')).toThrow(/not defined/);
    expect(() => value(0x100b, '00')).toThrow(/not defined/);
    try {
      value(0x000d, '00000000');
    } catch (e) {
      expect((e as Malformed).reason).toBe('unsupported');
    }
  });
});

describe('value wrappers ([MS-OXCDATA] 2.11.2–2.11.6)', () => {
  it('TypedPropertyValue', () => {
    expect(readTypedPropertyValue(rd('0300 05000000'), 'v')).toEqual({ type: 3, value: 5 });
  });

  it('TaggedPropertyValue, and a PtypErrorCode standing in for a value', () => {
    expect(readTaggedPropertyValue(rd('1f003700 41000000'), 'v')).toEqual({ tag: 0x0037001f, type: 0x1f, status: 'ok', value: 'A' });
    expect(readTaggedPropertyValue(rd('0a003700 0f010480'), 'v')).toEqual({ tag: 0x0037000a, type: 0x0a, status: 'ok', value: 0x8004010f });
  });

  it('TaggedPropertyValue inside a restriction: a multi-valued tag carries one base value', () => {
    expect(readTaggedPropertyValue(rd('1f101a00 41000000'), 'v', undefined, 0, { singleForMultiValued: true })).toEqual({
      tag: 0x001a101f,
      type: 0x1f,
      status: 'ok',
      value: 'A',
    });
  });

  it('FlaggedPropertyValue: 0x00 value, 0x01 absent, 0x0A error, anything else malformed', () => {
    expect(readFlaggedPropertyValue(rd('00 07000000'), 0x0e070003, 3, 'v')).toEqual({ tag: 0x0e070003, type: 3, status: 'ok', value: 7 });
    expect(readFlaggedPropertyValue(rd('01'), 0x0e070003, 3, 'v')).toEqual({ tag: 0x0e070003, type: 3, status: 'absent', value: null });
    expect(readFlaggedPropertyValue(rd('0a 0f010480'), 0x0e070003, 3, 'v')).toEqual({
      tag: 0x0e070003, type: 0x0a, status: 'error', value: 0x8004010f, errorCode: 0x8004010f,
    });
    expect(() => readFlaggedPropertyValue(rd('02'), 0x0e070003, 3, 'v')).toThrow(Malformed);
  });

  it('FlaggedPropertyValueWithType', () => {
    expect(readFlaggedPropertyValueWithType(rd('0b00 00 01'), 0x0e1b0000, 'v')).toEqual({ tag: 0x0e1b0000, type: 0x0b, status: 'ok', value: true });
  });
});
