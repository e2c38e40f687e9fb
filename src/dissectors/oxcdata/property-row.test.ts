import { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { columnValueType, readPropertyRow, readPropertyRows } from './property-row.js';

const rd = (hex: string): ByteReader => new ByteReader(fromHex(hex));

describe('PropertyRow ([MS-OXCDATA] 2.8.1)', () => {
  it('StandardPropertyRow: one value per column in column order', () => {
    const r = rd('00 0700 0000 41000000 01');
    expect(readPropertyRow(r, [0x00170003, 0x0037001f, 0x0e1b000b])).toEqual({
      flag: 0,
      values: [
        { tag: 0x00170003, type: 3, status: 'ok', value: 7 },
        { tag: 0x0037001f, type: 0x1f, status: 'ok', value: 'A' },
        { tag: 0x0e1b000b, type: 0x0b, status: 'ok', value: true },
      ],
    });
    expect(r.atEnd).toBe(true);
  });

  it('FlaggedPropertyRow: a flag per column, absent and error values', () => {
    const r = rd('01 00 07000000 01 0a 0f010480');
    expect(readPropertyRow(r, [0x00170003, 0x0037001f, 0x0e1d001f]).values.map((v) => [v.status, v.value])).toEqual([
      ['ok', 7],
      ['absent', null],
      ['error', 0x8004010f],
    ]);
    expect(r.atEnd).toBe(true);
  });

  it('PtypUnspecified columns carry their type (standard: TypedPropertyValue; flagged: FlaggedPropertyValueWithType)', () => {
    expect(readPropertyRow(rd('00 0300 05000000'), [0x0e080000]).values[0]).toEqual({ tag: 0x0e080000, type: 3, status: 'ok', value: 5 });
    expect(readPropertyRow(rd('01 1f00 00 4100 0000'), [0x0e080000]).values[0]).toEqual({ tag: 0x0e080000, type: 0x1f, status: 'ok', value: 'A' });
    expect(readPropertyRow(rd('00 0a00 0f010480'), [0x0e080000]).values[0]).toMatchObject({ status: 'error', errorCode: 0x8004010f });
  });

  it('MultivalueInstance columns (0x2000) hold one value of the base type', () => {
    expect(columnValueType(0x8000301f)).toBe(0x001f);
    expect(columnValueType(0x8000101f)).toBe(0x101f);
    expect(readPropertyRow(rd('00 41000000'), [0x8000301f]).values[0]).toEqual({ tag: 0x8000301f, type: 0x1f, status: 'ok', value: 'A' });
    expect(readPropertyRow(rd('00 01000000 41000000'), [0x8000101f]).values[0]?.value).toEqual(['A']);
  });

  it('a row flag other than 0x00/0x01 is malformed', () => {
    expect(() => readPropertyRow(rd('02'), [])).toThrow(Malformed);
  });

  it('RowCount rows, bounded by what is left', () => {
    expect(readPropertyRows(rd('00 01000000 00 02000000'), 2, [0x0e070003]).map((row) => row.values[0]?.value)).toEqual([1, 2]);
    expect(() => readPropertyRows(rd('00'), 5, [0x0e070003])).toThrow(Malformed);
  });
});
