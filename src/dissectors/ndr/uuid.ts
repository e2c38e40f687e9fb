/**
 * UUIDs on the DCE/RPC wire are the struct {u32, u16, u16, u8[8]} of C706 Appendix A, so the first three
 * fields follow the PDU's drep byte order (little-endian on every Windows host: the familiar "GUID
 * byte-swapped" form) while the last eight bytes are in text order.
 */

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Canonical lower-case text of 16 wire bytes at `at`. */
export function uuidText(bytes: Uint8Array, at = 0, littleEndian = true): string {
  const b = (i: number): string => HEX[bytes[at + i]!]!;
  const first = littleEndian ? b(3) + b(2) + b(1) + b(0) : b(0) + b(1) + b(2) + b(3);
  const second = littleEndian ? b(5) + b(4) : b(4) + b(5);
  const third = littleEndian ? b(7) + b(6) : b(6) + b(7);
  return `${first}-${second}-${third}-${b(8)}${b(9)}-${b(10)}${b(11)}${b(12)}${b(13)}${b(14)}${b(15)}`;
}

/** Wire bytes of a UUID in text form (test and table helper; throws on bad text). */
export function uuidBytes(text: string, littleEndian = true): Uint8Array {
  const hex = text.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${text}`);
  const raw = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  if (!littleEndian) return raw;
  const out = raw.slice();
  out[0] = raw[3]!; out[1] = raw[2]!; out[2] = raw[1]!; out[3] = raw[0]!;
  out[4] = raw[5]!; out[5] = raw[4]!;
  out[6] = raw[7]!; out[7] = raw[6]!;
  return out;
}
