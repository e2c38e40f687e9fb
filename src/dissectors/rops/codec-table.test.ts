import { CODEC_FAMILIES, ROP_CODECS, UNSOLICITED_ROP_IDS } from './codec-table.js';
import { ROP_NAMES } from './rop-names.js';

describe('the ROP codec table', () => {
  it('has one codec per RopId, named as [MS-OXCROPS] 2.2.2 names it', () => {
    const ids = CODEC_FAMILIES.flat().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const codec of ROP_CODECS.values()) expect([codec.id, codec.name]).toEqual([codec.id, ROP_NAMES.get(codec.id)]);
  });

  it('covers the whole RopId table', () => {
    const missing = [...ROP_NAMES].filter(([id]) => !ROP_CODECS.has(id)).map(([, name]) => name);
    expect(missing).toEqual([]);
  });

  it('gives each ROP the forms it has: no response for RopRelease, no request for the unsolicited ROPs', () => {
    for (const codec of ROP_CODECS.values()) {
      expect([codec.name, codec.request !== undefined]).toEqual([codec.name, !UNSOLICITED_ROP_IDS.has(codec.id)]);
      expect([codec.name, codec.response !== undefined]).toEqual([codec.name, codec.id !== 0x01]);
    }
  });
});
