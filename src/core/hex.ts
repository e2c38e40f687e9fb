/** Lowercase hex of a byte string (CONTRACT: BLOBs and payloads). */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX_BYTE[b[i]!];
  return s;
}

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `0x` + upper-case hex at a fixed width (CONTRACT: handles, flags, return values). */
export function hexN(value: number, width: 2 | 4 | 8): string {
  return '0x' + (value >>> 0).toString(16).toUpperCase().padStart(width, '0');
}
export const hex8 = (v: number): string => hexN(v, 8);
export const hex4 = (v: number): string => hexN(v & 0xffff, 4);
export const hex2 = (v: number): string => hexN(v & 0xff, 2);

/** Parses "de ad be ef", "deadbeef" or "0xdeadbeef" into bytes; throws on odd length or non-hex. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, '').replace(/[\s:,-]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error('not a hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Byte-wise equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
