import { ByteReader } from '../../core/byte-reader.js';
import { fromHex } from '../../core/hex.js';
import { readGid, readGuid, readId, readLongTermId } from './ids.js';

describe('identifiers ([MS-OXCDATA] 2.2.1)', () => {
  it('FID/MID: ReplicaId little-endian, GlobalCounter big-endian, upper-case (VECTORS-rops V1)', () => {
    expect(readId(new ByteReader(fromHex('010000000E8EDF36')), 'FolderId')).toBe('0001-00000E8EDF36');
    expect(readId(new ByteReader(fromHex('3412abcdef012345')), 'FolderId')).toBe('1234-ABCDEF012345');
  });

  it('GUID text form, GID and LongTermID', () => {
    const guid = '00112233445566778899aabbccddeeff';
    expect(readGuid(new ByteReader(fromHex(guid)), 'g')).toBe('33221100-5544-7766-8899-aabbccddeeff');
    expect(readGid(new ByteReader(fromHex(guid + '0000000000ff')), 'g')).toBe('33221100-5544-7766-8899-aabbccddeeff:0000000000FF');
    const r = new ByteReader(fromHex(guid + '000000000001' + '0000'));
    expect(readLongTermId(r, 'l')).toBe('33221100-5544-7766-8899-aabbccddeeff:000000000001');
    expect(r.atEnd).toBe(true);
  });
});
