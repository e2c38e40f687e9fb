import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fromHex, toHex } from '../../core/hex.js';
import { DEFAULT_LIMITS, withLimits } from '../../core/limits.js';
import { decodeHeaderExtChain } from './header-ext.js';

// VECTORS-rpc V17: a ROP output buffer with RopNotify + RopPending.
const V17 = '2b002a4500000000028001000000000000120100000000000a340000000000495' + '04d2e4e6f7465006e0300';

function stub(file: string): Buffer {
  return readFileSync(join(process.cwd(), 'test/fixtures/outlook2007', file));
}

describe('decodeHeaderExtChain', () => {
  it('V18: one uncompressed payload marked Last', () => {
    const chain = decodeHeaderExtChain(fromHex('00000400 2b002b00' + V17), DEFAULT_LIMITS);
    expect(chain.damage).toEqual([]);
    expect(chain.payloads).toHaveLength(1);
    const p = chain.payloads[0]!;
    expect(p).toMatchObject({ offset: 0, version: 0, flags: 0x0004, size: 0x2b, sizeActual: 0x2b });
    expect(toHex(p.data)).toBe(V17);
    expect(p.damage).toBeUndefined();
  });

  it('V19: XorMagic is reverted', () => {
    const v19 =
      '000006002b002b00' +
      '8ea58fe0a5a5a5a5a725a4a5a5a5a5a5a5b7a4a5a5a5a5a5af91a5a5a5a5a5ecf5e88bebcad1c0a5cba6a5';
    const chain = decodeHeaderExtChain(fromHex(v19), DEFAULT_LIMITS);
    expect(chain.damage).toEqual([]);
    expect(toHex(chain.payloads[0]!.data)).toBe(V17);
  });

  it('V20: the empty poll', () => {
    const chain = decodeHeaderExtChain(fromHex('0000040002000200 0200'), DEFAULT_LIMITS);
    expect(chain.damage).toEqual([]);
    expect(toHex(chain.payloads[0]!.data)).toBe('0200');
  });

  it('V1 / V2 real rgbIn: compressed + Last; rgbAuxIn: XorMagic + Last (single)', () => {
    for (const [file, size, sizeActual, inLen, auxAt] of [
      ['001_Outlook_2007_in_ModifyRecipients_comp.dat', 325, 459, 333, 0x174],
      ['002_Outlook_2007_in_Tables_operations_comp.dat', 330, 380, 338, 0x178],
    ] as const) {
      const s = stub(file);
      const chain = decodeHeaderExtChain(new Uint8Array(s.subarray(0x1c, 0x1c + inLen)), DEFAULT_LIMITS);
      expect(chain.damage).toEqual([]);
      expect(chain.payloads[0]).toMatchObject({ version: 0, flags: 0x0005, size, sizeActual });
      expect(chain.payloads[0]!.data.length).toBe(sizeActual);
      expect(chain.payloads[0]!.damage).toBeUndefined();

      // rgbAuxIn: conformant array (max_count 48) at auxAt.
      expect(s.readUInt32LE(auxAt)).toBe(48);
      const aux = decodeHeaderExtChain(new Uint8Array(s.subarray(auxAt + 4, auxAt + 4 + 48)), DEFAULT_LIMITS, { single: true });
      expect(aux.damage).toEqual([]);
      expect(aux.payloads[0]).toMatchObject({ flags: 0x0006, size: 40, sizeActual: 40 });
    }
  });

  it('V1 aux payload reverts to the expected bytes', () => {
    const s = stub('001_Outlook_2007_in_ModifyRecipients_comp.dat');
    const aux = decodeHeaderExtChain(new Uint8Array(s.subarray(0x178, 0x178 + 48)), DEFAULT_LIMITS, { single: true });
    expect(toHex(aux.payloads[0]!.data)).toBe('080001010100a3001000010c4600000000000000a2000000100001' + '0c4e0000004e000000a2000000');
  });

  it('walks a packed chain until Last', () => {
    const chain = decodeHeaderExtChain(fromHex('0000000002000200 0200' + '0000040002000200 0200'), DEFAULT_LIMITS);
    expect(chain.damage).toEqual([]);
    expect(chain.payloads.map((p) => p.offset)).toEqual([0, 10]);
  });

  it('a chain without Last is damage; trailing bytes after Last are damage', () => {
    expect(decodeHeaderExtChain(fromHex('0000000002000200 0200'), DEFAULT_LIMITS).damage[0]?.reason).toBe('truncated');
    const trailing = decodeHeaderExtChain(fromHex('0000040002000200 0200 ffff'), DEFAULT_LIMITS);
    expect(trailing.payloads).toHaveLength(1);
    expect(trailing.damage).toMatchObject([{ reason: 'malformed', offset: 10 }]);
  });

  it('Version ≠ 0, Size past the end, Compressed with Size ≥ SizeActual: damage, keeping what can be kept', () => {
    const v = decodeHeaderExtChain(fromHex('0100040002000200 0200'), DEFAULT_LIMITS);
    expect(v.damage).toMatchObject([{ reason: 'malformed', offset: 0, field: 'RPC_HEADER_EXT.Version' }]);
    expect(toHex(v.payloads[0]!.data)).toBe('0200');

    const cut = decodeHeaderExtChain(fromHex('0000040010001000 0200'), DEFAULT_LIMITS);
    expect(cut.payloads[0]!.damage).toMatchObject({ reason: 'truncated', offset: 8 });
    expect(toHex(cut.payloads[0]!.data)).toBe('0200');

    const comp = decodeHeaderExtChain(fromHex('000005000c000900 00000011 414243 1000 444546'), DEFAULT_LIMITS);
    expect(comp.damage).toMatchObject([{ reason: 'malformed', field: 'RPC_HEADER_EXT.Size' }]);
    expect(new TextDecoder().decode(comp.payloads[0]!.data)).toBe('ABCABCDEF');
  });

  it('decompression damage belongs to the payload and carries the buffer offset', () => {
    // A match at distance 2 after one literal: offset of the match = 8 (header) + 4 (flags) + 1.
    const chain = decodeHeaderExtChain(fromHex('0000050007000a00 00000040 41 0800'), DEFAULT_LIMITS);
    expect(chain.payloads[0]!.damage).toMatchObject({ reason: 'malformed', offset: 13 });
  });

  it('an auxiliary buffer holds exactly one payload with Last', () => {
    const two = decodeHeaderExtChain(fromHex('0000000002000200 0200' + '0000040002000200 0200'), DEFAULT_LIMITS, { single: true });
    expect(two.payloads).toHaveLength(1);
    expect(two.damage.map((d) => d.reason)).toEqual(['malformed', 'malformed']);
  });

  it('stops at maxHeaderExtPayloads', () => {
    const many = decodeHeaderExtChain(fromHex('0000000000000000'.repeat(5)), withLimits({ maxHeaderExtPayloads: 3 }));
    expect(many.payloads).toHaveLength(3);
    expect(many.damage[0]?.reason).toBe('limit');
  });

  it('empty or short buffers are truncation', () => {
    expect(decodeHeaderExtChain(new Uint8Array(0), DEFAULT_LIMITS).damage[0]?.reason).toBe('truncated');
    expect(decodeHeaderExtChain(fromHex('000004'), DEFAULT_LIMITS).damage[0]?.reason).toBe('truncated');
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, single) => {
        const chain = decodeHeaderExtChain(bytes, DEFAULT_LIMITS, { single });
        for (const p of chain.payloads) expect(p.data.length).toBeLessThanOrEqual(65535);
      }),
      { numRuns: 500 },
    );
  });
});
