import { ShortRead } from '../../core/damage.js';
import { fromHex } from '../../core/hex.js';
import { NdrReader } from './ndr-reader.js';
import { uuidBytes, uuidText } from './uuid.js';

describe('uuid', () => {
  it('reads the GUID little-endian form and writes it back', () => {
    const wire = fromHex('00 db f1 a4 47 ca 67 10 b3 1f 00 dd 01 06 62 da');
    expect(uuidText(wire)).toBe('a4f1db00-ca47-1067-b31f-00dd010662da');
    expect(uuidBytes('a4f1db00-ca47-1067-b31f-00dd010662da')).toEqual(wire);
    expect(uuidText(fromHex('a4 f1 db 00 ca 47 10 67 b3 1f 00 dd 01 06 62 da'), 0, false)).toBe('a4f1db00-ca47-1067-b31f-00dd010662da');
  });
});

describe('NdrReader', () => {
  it('aligns relative to the stub start and ignores padding content', () => {
    const n = new NdrReader(fromHex('01 bf bf bf 02 00 00 00 03 00 bf bf 04 00 00 00'), true);
    expect(n.u8('a')).toBe(1);
    expect(n.u32('b')).toBe(2);
    expect(n.u16('c')).toBe(3);
    expect(n.u32('d')).toBe(4);
  });

  it('reads a context handle with its key and NULL flag', () => {
    const h = new NdrReader(fromHex('02 00 00 00 a1 44 dc d5 c4 25 f6 47 8b 91 ef 5a 11 eb 21 80'), true).contextHandle('h');
    expect(h).toEqual({ attributes: 2, uuid: 'd5dc44a1-25c4-47f6-8b91-ef5a11eb2180', key: '02000000a144dcd5c425f6478b91ef5a11eb2180', isNull: false });
    expect(new NdrReader(new Uint8Array(20), true).contextHandle('h').isNull).toBe(true);
  });

  it('reads conformant arrays only when the count fits', () => {
    expect(new NdrReader(fromHex('03 00 00 00 aa bb cc'), true).conformantBytes('x').bytes).toEqual(fromHex('aa bb cc'));
    expect(() => new NdrReader(fromHex('ff ff ff 7f aa'), true).conformantBytes('x')).toThrow(/exceeds/);
  });

  it('reads conformant-varying arrays: actual ≤ max, offset 0 expected', () => {
    const ok = new NdrReader(fromHex('04 00 00 00 00 00 00 00 02 00 00 00 aa bb'), true).conformantVaryingBytes('x');
    expect(ok).toMatchObject({ maxCount: 4, offset: 0, actualCount: 2, bytes: fromHex('aa bb') });
    expect(() => new NdrReader(fromHex('01 00 00 00 00 00 00 00 02 00 00 00 aa bb'), true).conformantVaryingBytes('x')).toThrow(/exceeds max_count/);
    const off = new NdrReader(fromHex('04 00 00 00 01 00 00 00 01 00 00 00 aa'), true);
    off.conformantVaryingBytes('x');
    expect(off.damage).toMatchObject({ field: 'x offset', detail: 'offset 1, 0 expected' });
  });

  it('reads [string] char* with the NUL counted', () => {
    const n = new NdrReader(fromHex('04 00 00 00 00 00 00 00 04 00 00 00 2f 6f 3d 00'), true);
    expect(n.string8('s')).toBe('/o=');
    expect(n.damage).toBeUndefined();
    const noNul = new NdrReader(fromHex('02 00 00 00 00 00 00 00 02 00 00 00 41 42'), true);
    expect(noNul.string8('s')).toBe('AB');
    expect(noNul.damage?.detail).toBe('string without its terminating NUL');
  });

  it('reads unique pointers as referent ids and throws ShortRead past the end', () => {
    const n = new NdrReader(fromHex('00 00 02 00 00 00'), true);
    expect(n.uniquePointer('p')).toBe(0x20000);
    expect(() => n.u32('q')).toThrow(ShortRead);
  });

  it('accepts up to 7 trailing zero bytes as padding, flags anything else', () => {
    const pad = new NdrReader(new Uint8Array(3), true);
    pad.expectEnd('x');
    expect(pad.damage).toBeUndefined();
    const junk = new NdrReader(fromHex('01'), true);
    junk.expectEnd('x');
    expect(junk.damage?.detail).toBe('1 unexpected bytes after the last parameter');
  });
});
