/**
 * Hex builders for tests written from the specification's field tables: little-endian integers,
 * FIDs/MIDs, and whole ROP buffers. Test support only.
 */
import { fromHex } from '../../core/hex.js';

export const h8 = (v: number): string => (v & 0xff).toString(16).padStart(2, '0');
export const h16 = (v: number): string => h8(v) + h8(v >> 8);
export const h32 = (v: number): string => h16(v & 0xffff) + h16(v >>> 16);
/** FID/MID with ReplicaId 0x0001 and a big-endian 6-byte counter. */
export const hid = (counter: number): string => '0100' + counter.toString(16).padStart(12, '0');
export const utf16z = (s: string): string => [...s].map((c) => h16(c.charCodeAt(0))).join('') + '0000';
export const asciiz = (s: string): string => [...s].map((c) => h8(c.charCodeAt(0))).join('') + '00';

/** A ROP buffer: RopSize (2 + the ROPs), the ROPs, then the handle table. */
export function ropBuffer(rops: string, handles: readonly number[] = []): Uint8Array {
  const body = fromHex(rops);
  return fromHex(h16(2 + body.length) + rops + handles.map(h32).join(''));
}
