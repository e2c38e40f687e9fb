import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fromHex, toHex } from '../../core/hex.js';
import { DEFAULT_LIMITS, withLimits } from '../../core/limits.js';
import { lz77Decompress } from './lz77.js';

/** A flag word from its bits, most significant first (0 literal, 1 match), as little-endian hex. */
function flagWord(bits: string): string {
  const v = parseInt(bits.padEnd(32, '0'), 2);
  return [0, 8, 16, 24].map((s) => ((v >>> s) & 0xff).toString(16).padStart(2, '0')).join('');
}

/** rgbIn of an Outlook 2007 EcDoRpcExt2 stub: NDR conformant array at 0x18 (VECTORS-rpc V1/V2). */
function rgbIn(file: string): Uint8Array {
  const stub = readFileSync(join(process.cwd(), 'test/fixtures/outlook2007', file));
  const maxCount = stub.readUInt32LE(0x18);
  return new Uint8Array(stub.subarray(0x1c, 0x1c + maxCount));
}

// Expected decompressed ROP input buffers, from VECTORS-rpc.md V1 and V2.
const V1_DECOMPRESSED =
  'c7010d0000010000000e00000c000300fe0f030000391f00ff391f00fe390300713a1f00003a0300ff5f0300de5f0300fd5f1f00f65f0201f75f0300df5f010000000000015401510645004a6b6572696875656c004a0075006c00690065006e0020004b006500720069006800750065006c0000006a006b006500720069006800750065006c0000000c000006000000000000006a006b006500720069006800750065006c0000006a006b006500720069006800750065006c0040006f00700065006e006300680061006e006700650032003000300033002e006c006f00630061006c000000000000006a006b006500720069006800750065006c0000000000000000000000010000004a0075006c00690065006e0020004b006500720069006800750065006c0000006b0000000000dca740c8c042101ab4b908002b2fe18201000000000000002f6f3d4669727374204f7267616e697a6174696f6e2f6f753d46697273742041646d696e6973747261746976652047726f75702f636e3d526563697069656e74732f636e3d6a6b6572696875656c00000000000a0000160002001f003d0000001f001d0e74006500730074000000320000000700000000000001000201e26545000000';
const V2_DECOMPRESSED =
  '64010500000102120001000d001400486714004a6714004d6703004e671f00370003003468480033681f00067003003a68030007700300416802014268400008304f000100980000050004041f001a001f001a00490050004d002e004d006900630072006f0073006f00660074002e0046006f006c00640065007200440065007300690067006e002e004e0061006d00650064005600690065007700000006000300346801000000040403003a6803003a68080000000601030034680002000003000000001f0037001f0037004d00650073007300610067006500730000000000000200020301000000003351090002000204010000000000273b0029000205780000010000000000273b0000000000000000070004000001001200140049670300f40f020172661f00e5361f00e6361f0001300300013603000236030003360b000a361f001336020116360300de360201df360201e0360300e1360201da3603002d6775000000ffffffff71000000ffffffffffffffffffffffff';

describe('lz77Decompress: real Outlook 2007 payloads (VECTORS-rpc V1, V2)', () => {
  it.each([
    ['001_Outlook_2007_in_ModifyRecipients_comp.dat', 325, 459, V1_DECOMPRESSED],
    ['002_Outlook_2007_in_Tables_operations_comp.dat', 330, 380, V2_DECOMPRESSED],
  ])('%s decompresses byte for byte', (file, size, sizeActual, expected) => {
    const buf = rgbIn(file);
    // RPC_HEADER_EXT: Version 0, Flags 0x0005, Size, SizeActual.
    expect(toHex(buf.subarray(0, 4))).toBe('00000500');
    const payload = buf.subarray(8, 8 + size);
    const out = lz77Decompress(payload, sizeActual, DEFAULT_LIMITS);
    expect(out.damage).toBeUndefined();
    expect(out.data.length).toBe(sizeActual);
    expect(toHex(out.data)).toBe(expected);
  });
});

describe('lz77Decompress: constructed vectors (VECTORS-rpc V3)', () => {
  it('V3a: literals, a 3-byte match at distance 3, end marker', () => {
    const out = lz77Decompress(fromHex('00000011 414243 1000 444546'), 9, DEFAULT_LIMITS);
    expect(out.damage).toBeUndefined();
    expect(new TextDecoder().decode(out.data)).toBe('ABCABCDEF');
  });

  it('V3b: two long matches share one nibble byte (low nibble, then high nibble)', () => {
    const out = lz77Decompress(fromHex('00002c00 6162636465666768696a 4f00 2a 58 a700'), 43, DEFAULT_LIMITS);
    expect(out.damage).toBeUndefined();
    expect(new TextDecoder().decode(out.data)).toBe('abcdefghij' + 'abcdefghij'.repeat(2) + 'X' + 'abcdefghijab');
  });

  it('V3c: nibble 15 + byte, and byte 255 + u16 lengths (25 and 280), overlapping copies', () => {
    const out = lz77Decompress(fromHex('00000060 5a 0700 ff 00 0700 ff 1501'), 306, DEFAULT_LIMITS);
    expect(out.damage).toBeUndefined();
    expect(toHex(out.data)).toBe('5a'.repeat(306));
  });

  it('spec example: metadata 0x0018 copies 3 bytes from distance 4', () => {
    // flags 0x0C000000 (bits 0000 11…): 4 literals "wxyz", one match (0x0018), then the end marker.
    const out = lz77Decompress(fromHex(`${flagWord('000011')} 7778797a 1800`), 7, DEFAULT_LIMITS);
    expect(out.damage).toBeUndefined();
    expect(new TextDecoder().decode(out.data)).toBe('wxyzwxy');
  });
});

describe('lz77Decompress: hostile input', () => {
  it('a decompression bomb stops at SizeActual, bounded and without hanging', () => {
    // One literal, then a match of the longest u16 length (0xFFFF + 3) at distance 1:
    // meta 0x0007, nibble byte 0xFF (low nibble 15), length byte 255, length word 0xFFFF.
    const input = fromHex(`${flagWord('01')} 00 0700 ff ff ffff`);
    const out = lz77Decompress(input, 65535, DEFAULT_LIMITS);
    expect(out.data.length).toBe(65535);
    expect(out.damage?.reason).toBe('decompression-overrun');
  });

  it('honours maxDecompressedBytes below SizeActual', () => {
    const input = fromHex(`${flagWord('01')} 00 0700 ff ff ffff`);
    const out = lz77Decompress(input, 60000, withLimits({ maxDecompressedBytes: 1000 }));
    expect(out.data.length).toBe(1000);
    expect(out.damage?.reason).toBe('decompression-overrun');
  });

  it('reports a limit when SizeActual is above the cap and the payload is otherwise well-formed', () => {
    const out = lz77Decompress(fromHex('00000011 414243 1000 444546'), 9, withLimits({ maxDecompressedBytes: 4 }));
    expect(out.data.length).toBe(4);
    expect(out.damage?.reason).toBe('limit');
  });

  it('a match distance before the start of the output is damage at the match offset', () => {
    // One literal then a match at distance 2 (meta 0x0008).
    const out = lz77Decompress(fromHex(`${flagWord('01')} 41 0800`), 10, DEFAULT_LIMITS, 100);
    expect(toHex(out.data)).toBe('41');
    expect(out.damage).toMatchObject({ reason: 'malformed', offset: 105 });
  });

  it('input ending mid-token is truncation with the input offset', () => {
    const out = lz77Decompress(fromHex(`${flagWord('01')} 41 08`), 10, DEFAULT_LIMITS);
    expect(out.damage).toMatchObject({ reason: 'truncated', offset: 5 });
    expect(lz77Decompress(fromHex('0000'), 10, DEFAULT_LIMITS).damage?.reason).toBe('truncated');
  });

  it('output shorter than SizeActual is truncation', () => {
    const out = lz77Decompress(fromHex('00000011 414243 1000 444546'), 12, DEFAULT_LIMITS);
    expect(out.data.length).toBe(9);
    expect(out.damage?.reason).toBe('truncated');
  });

  it('input continuing after SizeActual is an overrun', () => {
    const out = lz77Decompress(fromHex('00000011 414243 1000 444546'), 5, DEFAULT_LIMITS);
    expect(out.damage?.reason).toBe('decompression-overrun');
    expect(out.data.length).toBe(5);
  });

  it('never throws and always terminates on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: 65535 }), (bytes, sizeActual) => {
        const out = lz77Decompress(bytes, sizeActual, DEFAULT_LIMITS);
        expect(out.data.length).toBeLessThanOrEqual(sizeActual);
      }),
      { numRuns: 500 },
    );
  });
});
