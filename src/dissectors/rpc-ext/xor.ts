/**
 * XorMagic obfuscation of an RPC_HEADER_EXT payload ([MS-OXCRPC] 3.1.4.1.1.3; reference §2.8):
 * every byte XOR 0xA5. Not a security feature; the receiver reverts it before decompressing.
 */
export const XOR_MAGIC = 0xa5;

/** A new array with every byte XOR 0xA5 (the input, often a view into a PDU, is left alone). */
export function xorMagic(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ XOR_MAGIC;
  return out;
}
