import { fromHex, toHex } from '../../core/hex.js';
import { decodeEptMapRequest, decodeEptMapResponse } from './ept-map.js';
import { decodeTower } from './tower.js';

// VECTORS-rpc.md V38: EMSMDB over TCP 10.0.0.5:4660.
const V38 = fromHex(`
05 00 13 00 0d 00 db f1 a4 47 ca 67 10 b3 1f 00
dd 01 06 62 da 00 00 02 00 51 00 13 00 0d 04 5d
88 8a eb 1c c9 11 9f e8 08 00 2b 10 48 60 02 00
02 00 00 00 01 00 0b 02 00 00 00 01 00 07 02 00
12 34 01 00 09 04 00 0a 00 00 05`);

const le32 = (v: number): string => toHex(Uint8Array.of(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24));
const pad4 = (n: number): string => '00 '.repeat((4 - (n % 4)) % 4);

describe('tower (V38)', () => {
  it('names EMSMDB 0.81 over TCP port 4660 at 10.0.0.5', () => {
    expect(decodeTower(V38)).toEqual({ uuid: 'a4f1db00-ca47-1067-b31f-00dd010662da', major: 0, minor: 81, protocol: 'tcp', port: 4660, address: '10.0.0.5' });
  });

  it('rejects a tower whose first floor is not an interface', () => {
    const bad = V38.slice();
    bad[4] = 0x07;
    expect(() => decodeTower(bad)).toThrow(/first floor/);
    expect(() => decodeTower(V38.subarray(0, 30))).toThrow();
  });
});

describe('ept_map (EPM opnum 3)', () => {
  const handle = '00 00 00 00 11 11 11 11 22 22 33 33 44 44 55 55 55 55 55 55';
  const towerPart = `${le32(V38.length)} ${le32(V38.length)} ${toHex(V38)} ${pad4(V38.length)}`;

  it('decodes the towers and status of a response', () => {
    const stub = fromHex(`${handle} 01 00 00 00  04 00 00 00 00 00 00 00 01 00 00 00  03 00 00 00  ${towerPart} 00 00 00 00`);
    const r = decodeEptMapResponse(stub, true);
    expect(r.damage).toBeUndefined();
    expect(r.status).toBe(0);
    expect(r.entryHandle?.uuid).toBe('11111111-2222-3333-4444-555555555555');
    expect(r.towers).toEqual([{ uuid: 'a4f1db00-ca47-1067-b31f-00dd010662da', major: 0, minor: 81, protocol: 'tcp', port: 4660, address: '10.0.0.5' }]);
  });

  it('decodes "not registered" with no towers', () => {
    const stub = fromHex(`${handle} 00 00 00 00  04 00 00 00 00 00 00 00 00 00 00 00  d6 a0 c9 16`);
    expect(decodeEptMapResponse(stub, true)).toMatchObject({ towers: [], status: 0x16c9a0d6 });
  });

  it('keeps the towers decoded before a truncation, without throwing', () => {
    const stub = fromHex(`${handle} 02 00 00 00  04 00 00 00 00 00 00 00 02 00 00 00  03 00 00 00 04 00 00 00 ${towerPart} ${towerPart}`).subarray(0, 150);
    const r = decodeEptMapResponse(stub, true);
    expect(r.towers).toHaveLength(1);
    expect(r.status).toBeNull();
    expect(r.damage?.reason).toBe('truncated');
  });

  it('decodes the request: object, tower, entry handle and max_towers', () => {
    const stub = fromHex(`01 00 00 00 ${'00 '.repeat(16)} 02 00 00 00 ${towerPart} ${'00 '.repeat(20)} 04 00 00 00`);
    const r = decodeEptMapRequest(stub, true);
    expect(r.damage).toBeUndefined();
    expect(r.object).toBe('00000000-0000-0000-0000-000000000000');
    expect(r.tower?.port).toBe(4660);
    expect(r.entryHandle?.isNull).toBe(true);
    expect(r.maxTowers).toBe(4);
  });
});
