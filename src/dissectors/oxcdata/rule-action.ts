import type { ByteReader } from '../../core/byte-reader.js';
import { Malformed } from '../../core/damage.js';
import type { PropValue } from '../rops/types.js';
import { readCount, type ValueEncoding } from './property-value.js';

/**
 * PtypRuleAction values ([MS-OXORULE] 2.2.5; reference ROPS-OXCDATA §3.2): NoOfActions, then
 * ActionBlocks, each ActionLength (bytes after that field) + ActionType u8, ActionFlavor u32,
 * ActionFlags u32, ActionData. Counts are u16 in standard rules (ROP buffers) and u32 in extended
 * rules — the binary COUNT width. ActionData is kept raw: its framing is ActionLength.
 */
export const ACTION_TYPES: ReadonlyMap<number, string> = new Map([
  [0x01, 'OP_MOVE'],
  [0x02, 'OP_COPY'],
  [0x03, 'OP_REPLY'],
  [0x04, 'OP_OOF_REPLY'],
  [0x05, 'OP_DEFER_ACTION'],
  [0x06, 'OP_BOUNCE'],
  [0x07, 'OP_FORWARD'],
  [0x08, 'OP_DELEGATE'],
  [0x09, 'OP_TAG'],
  [0x0a, 'OP_DELETE'],
  [0x0b, 'OP_MARK_AS_READ'],
]);

const ACTION_HEADER = 9;

export function readRuleAction(r: ByteReader, field: string, enc: ValueEncoding, _depth = 0): { readonly [name: string]: PropValue } {
  const n = r.count(readCount(r, enc.binaryCount, `${field}.NoOfActions`), enc.binaryCount + ACTION_HEADER, `${field}.NoOfActions`);
  const actions: PropValue[] = [];
  for (let i = 0; i < n; i++) {
    const at = r.offset;
    const length = readCount(r, enc.binaryCount, `${field}.ActionLength`);
    if (length < ACTION_HEADER) throw new Malformed(`${field}.ActionLength`, at, `ActionLength ${length} is shorter than the 9-byte action header`);
    const block = r.window(length, `${field}.ActionBlock`);
    actions.push({
      actionType: block.u8('ActionType'),
      actionFlavor: block.u32('ActionFlavor'),
      actionFlags: block.u32('ActionFlags'),
      actionData: block.rest().slice(),
    });
  }
  return { noOfActions: n, actions };
}
