import { ByteReader } from '../../core/byte-reader.js';
import { damageFrom, type Damage } from '../../core/damage.js';
import { toHex } from '../../core/hex.js';
import { readGuid } from '../oxcdata/ids.js';
import { AUX_TYPES, type AuxLayout } from './aux-layouts.js';
import type { AuxBlock } from './types.js';

/**
 * The auxiliary buffer payload ([MS-OXCRPC] 2.2.2.2; reference §2.9): blocks of AUX_HEADER
 * (Size u16 = header + body, Version u8, Type u8) + body, walked by Size. Unknown types or
 * versions keep offset/size/type with name null. A Size below 4 or past the end makes that block
 * damaged and ends the walk, since the next block cannot be found.
 *
 * `base` is the absolute offset of payload[0] for damage reports (e.g. in the aux buffer).
 */
const AUX_HEADER_SIZE = 4;

export function decodeAuxBlocks(payload: Uint8Array, base = 0): AuxBlock[] {
  const blocks: AuxBlock[] = [];
  const r = new ByteReader(payload, base);
  while (!r.atEnd) {
    const offset = r.offset;
    if (r.remaining < AUX_HEADER_SIZE) {
      const size = r.remaining;
      r.rest();
      blocks.push({
        offset, size, version: 0, type: 0, name: null, fields: {},
        damage: { reason: 'truncated', offset, field: 'AUX_HEADER', detail: `${size} bytes left, an AUX_HEADER needs 4` },
      });
      break;
    }
    const size = r.u16('AUX_HEADER.Size');
    const version = r.u8('AUX_HEADER.Version');
    const type = r.u8('AUX_HEADER.Type');
    const entry = AUX_TYPES.get(type);
    const layout = version === 1 ? entry?.v1 : version === 2 ? entry?.v2 : undefined;
    const block: AuxBlock = { offset, size, version, type, name: layout?.name ?? null, fields: {} };
    blocks.push(block);
    if (size < AUX_HEADER_SIZE || size - AUX_HEADER_SIZE > r.remaining) {
      block.damage = {
        reason: size < AUX_HEADER_SIZE ? 'malformed' : 'truncated',
        offset,
        field: 'AUX_HEADER.Size',
        detail: size < AUX_HEADER_SIZE ? `Size ${size} is smaller than the 4-byte header` : `Size ${size}, only ${r.remaining + AUX_HEADER_SIZE} bytes left`,
      };
      break;
    }
    // The block as its own reader, starting at the AUX_HEADER: variable parts are addressed from there.
    const whole = payload.subarray(offset - base, offset - base + size);
    r.skip(size - AUX_HEADER_SIZE, 'aux block body');
    if (layout) {
      const damage = decodeBody(whole, offset, layout, block.fields);
      if (damage) block.damage = damage;
    }
  }
  return blocks;
}

function decodeBody(whole: Uint8Array, offset: number, layout: AuxLayout, fields: AuxBlock['fields']): Damage | undefined {
  const body = new ByteReader(whole, offset);
  body.skip(AUX_HEADER_SIZE, 'AUX_HEADER');
  try {
    for (const [name, kind] of layout.fields) {
      if (kind === 'u8') fields[name] = body.u8(name);
      else if (kind === 'u16') fields[name] = body.u16(name);
      else if (kind === 'u32') fields[name] = body.u32(name);
      else if (kind === 'guid') fields[name] = readGuid(body, name);
      else body.skip(kind.skip, name);
    }
    for (const v of layout.variable ?? []) {
      const at = fields[v.offsetField];
      if (typeof at !== 'number' || at === 0) continue;
      const size = v.sizeField !== undefined ? fields[v.sizeField] : undefined;
      body.seek(at, v.name);
      if (v.kind === 'bytes') fields[v.name] = toHex(body.bytes(typeof size === 'number' ? size : 0, v.name));
      else fields[v.name] = body.utf16z(v.name);
    }
  } catch (err) {
    return damageFrom(err);
  }
  return undefined;
}
