import { damageFrom, type Damage } from '../../core/damage.js';
import type { ContextHandle } from '../emsmdb/types.js';
import { NdrReader } from '../ndr/ndr-reader.js';
import { decodeTower, type Tower } from './tower.js';

export type { Tower } from './tower.js';

export interface EptMapResponse {
  entryHandle: ContextHandle | null;
  /** Towers decoded before any damage (an undecodable tower is skipped by its length). */
  towers: Tower[];
  /** 0 ok, 0x16C9A0D6 EPT_S_NOT_REGISTERED…; null when the stub ended before it. */
  status: number | null;
  damage?: Damage;
}

export interface EptMapRequest {
  /** Object UUID, or null for a NULL pointer. */
  object: string | null;
  tower: Tower | null;
  entryHandle: ContextHandle | null;
  maxTowers: number | null;
  damage?: Damage;
}

/** twr_t is a conformant struct: the array's max_count is hoisted before tower_length (both equal). */
function readTower(ndr: NdrReader, field: string, base: number): Tower | undefined {
  const maxCount = ndr.u32(`${field} max_count`);
  const length = ndr.u32(`${field} tower_length`);
  if (length > maxCount) ndr.soft(`${field} tower_length`, `tower_length ${length} exceeds max_count ${maxCount}`);
  ndr.r.count(maxCount, 1, `${field} max_count`);
  const at = ndr.offset;
  const bytes = ndr.r.bytes(maxCount, `${field} tower_octet_string`);
  ndr.align(4);
  try {
    return decodeTower(bytes.subarray(0, Math.min(length, maxCount)), base + at);
  } catch (err) {
    const d = damageFrom(err);
    ndr.soft(d.field ?? field, d.detail, d.offset);
    return undefined;
  }
}

/**
 * ept_map response stub (EPM opnum 3; C706 Appendix O, reference §5): entry_handle, num_towers, then
 * ITowers as a conformant-varying array of tower pointers whose towers follow in order, then status.
 * Returns what decoded; never throws.
 */
export function decodeEptMapResponse(stub: Uint8Array, littleEndian: boolean): EptMapResponse {
  const ndr = new NdrReader(stub, littleEndian);
  const out: EptMapResponse = { entryHandle: null, towers: [], status: null };
  try {
    out.entryHandle = ndr.contextHandle('entry_handle');
    const numTowers = ndr.u32('num_towers');
    const maxCount = ndr.u32('ITowers max_count');
    ndr.u32('ITowers offset');
    const actual = ndr.u32('ITowers actual_count');
    if (actual > maxCount) ndr.soft('ITowers actual_count', `actual_count ${actual} exceeds max_count ${maxCount}`);
    if (actual !== numTowers) ndr.soft('num_towers', `num_towers ${numTowers} differs from ITowers actual_count ${actual}`);
    ndr.r.count(actual, 4, 'ITowers actual_count');
    const referents: number[] = [];
    for (let i = 0; i < actual; i++) referents.push(ndr.uniquePointer('ITowers[]'));
    for (const ref of referents) {
      if (ref === 0) continue;
      const t = readTower(ndr, 'twr_t', 0);
      if (t) out.towers.push(t);
    }
    out.status = ndr.u32('status');
  } catch (err) {
    out.damage = damageFrom(err);
    return out;
  }
  const d = ndr.damage;
  if (d) out.damage = d;
  return out;
}

/** ept_map request stub: [ptr] object UUID, [ptr] map_tower, entry_handle, max_towers. Never throws. */
export function decodeEptMapRequest(stub: Uint8Array, littleEndian: boolean): EptMapRequest {
  const ndr = new NdrReader(stub, littleEndian);
  const out: EptMapRequest = { object: null, tower: null, entryHandle: null, maxTowers: null };
  try {
    if (ndr.uniquePointer('object') !== 0) out.object = ndr.uuid('object');
    if (ndr.uniquePointer('map_tower') !== 0) out.tower = readTower(ndr, 'map_tower', 0) ?? null;
    out.entryHandle = ndr.contextHandle('entry_handle');
    out.maxTowers = ndr.u32('max_towers');
  } catch (err) {
    out.damage = damageFrom(err);
    return out;
  }
  const d = ndr.damage;
  if (d) out.damage = d;
  return out;
}
