import type { ByteReader } from '../../core/byte-reader.js';
import { toHex } from '../../core/hex.js';

/**
 * Identifiers of [MS-OXCDATA] 2.2.1 (reference ROPS-OXCDATA §3.6).
 *
 * A Folder ID or Message ID is 8 bytes: ReplicaId (u16, little-endian) then GlobalCounter (6 bytes,
 * big-endian). CONTRACT spelling: "RRRR-GGGGGGGGGGGG", upper-case hex, e.g. bytes
 * 01 00 00 00 0E 8E DF 36 → "0001-00000E8EDF36".
 */
export function readId(r: ByteReader, field: string): string {
  const replica = r.u16(field);
  const counter = r.bytes(6, field);
  return formatId(replica, counter);
}

export function formatId(replicaId: number, globalCounter: Uint8Array): string {
  return `${replicaId.toString(16).toUpperCase().padStart(4, '0')}-${toHex(globalCounter).toUpperCase()}`;
}

/** A GUID in its usual text form (first three groups stored little-endian), lower-case. */
export function readGuid(r: ByteReader, field: string): string {
  const d1 = r.u32(field);
  const d2 = r.u16(field);
  const d3 = r.u16(field);
  const rest = toHex(r.bytes(8, field));
  return `${hexPad(d1, 8)}-${hexPad(d2, 4)}-${hexPad(d3, 4)}-${rest.slice(0, 4)}-${rest.slice(4)}`;
}

/** GID ([MS-OXCDATA] 2.2.1.3): DatabaseGuid then a 6-byte GlobalCounter, as "guid:GGGGGGGGGGGG". */
export function readGid(r: ByteReader, field: string): string {
  const guid = readGuid(r, field);
  return `${guid}:${toHex(r.bytes(6, field)).toUpperCase()}`;
}

/** LongTermID ([MS-OXCDATA] 2.2.1.3.1): GID then a 2-byte pad. */
export function readLongTermId(r: ByteReader, field: string): string {
  const gid = readGid(r, field);
  r.skip(2, field);
  return gid;
}

function hexPad(v: number, width: number): string {
  return (v >>> 0).toString(16).padStart(width, '0');
}

/**
 * A Folder ID or Message ID that travelled as a PtypInteger64 property value (PidTagFolderId,
 * PidTagMid…): the little-endian u64 is the same 8 wire bytes, so it is spelled like every id.
 */
export function idFromU64(v: bigint): string {
  const bytes = new Uint8Array(8);
  for (let i = 0; i < 8; i++) bytes[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return formatId(bytes[0]! | (bytes[1]! << 8), bytes.subarray(2));
}
