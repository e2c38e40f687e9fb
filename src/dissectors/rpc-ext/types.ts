import type { Damage } from '../../core/damage.js';

/** RPC_HEADER_EXT flags ([MS-OXCRPC] 2.2.2.1). */
export const HEADER_EXT_COMPRESSED = 0x0001;
export const HEADER_EXT_XOR_MAGIC = 0x0002;
export const HEADER_EXT_LAST = 0x0004;

export interface HeaderExtPayload {
  /** Offset of the RPC_HEADER_EXT in the buffer. */
  offset: number;
  version: number;
  flags: number;
  size: number;
  sizeActual: number;
  /** The payload after XOR revert and decompression (owned). On damage: what could be decoded. */
  data: Uint8Array;
  damage?: Damage;
}

export interface HeaderExtChain {
  payloads: HeaderExtPayload[];
  /** Damage of the chain itself (no Last flag before the end, trailing bytes, too many payloads). */
  damage: Damage[];
}

export interface AuxBlock {
  offset: number;
  size: number;
  version: number;
  type: number;
  /** AUX_PERF_REQUESTID, AUX_PERF_DEFMDB_SUCCESS…, or null when the type is unknown. */
  name: string | null;
  /** Decoded body fields by their specification names (numbers, strings, hex for GUIDs/blobs). */
  fields: Record<string, number | string | boolean>;
  damage?: Damage;
}
