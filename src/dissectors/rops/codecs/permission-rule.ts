import { readTaggedPropertyValues } from '../../oxcdata/property-value.js';
import type { RopCodec } from '../codec.js';
import type { PropValue } from '../types.js';
import { getTable } from './folder.js';
import { blob16, otherRequest, otherResponse, rop } from './fields.js';

/** Permission and rule ROPs ([MS-OXCROPS] 2.2.10, 2.2.11; [MS-OXCPERM], [MS-OXORULE]). */

/**
 * A flags byte, then Count × { per-block flags u8, PropertyValueCount u16, TaggedPropertyValues }.
 * Standard rules use the ROP-buffer COUNT widths (reference §2.7: the inspector's 32-bit reading
 * is suspect).
 */
function flaggedBlocks(flagsField: string, countField: string, listField: string, blockFlagField: string): NonNullable<RopCodec['request']> {
  return otherRequest((r, f) => {
    f[flagsField] = r.u8(flagsField);
    const n = r.count(r.u16(countField), 3, listField);
    const blocks: PropValue[] = [];
    for (let i = 0; i < n; i++) {
      const flags = r.u8(blockFlagField);
      const values = readTaggedPropertyValues(r, 'PropertyValues').map((v): PropValue => ({ tag: v.tag, type: v.type, status: v.status, value: v.value }));
      blocks.push({ [blockFlagField]: flags, propertyValues: values });
    }
    f[listField] = blocks;
  });
}

export const PERMISSION_RULE_CODECS: readonly RopCodec[] = [
  rop(0x3e, 'RopGetPermissionsTable', getTable(false)),
  rop(0x3f, 'RopGetRulesTable', getTable(false)),
  rop(0x40, 'RopModifyPermissions', {
    request: flaggedBlocks('modifyFlags', 'ModifyCount', 'permissionsData', 'permissionDataFlags'),
    response: otherResponse(),
  }),
  rop(0x41, 'RopModifyRules', {
    request: flaggedBlocks('modifyRulesFlags', 'RulesCount', 'rulesData', 'ruleDataFlags'),
    response: otherResponse(),
  }),
  rop(0x57, 'RopUpdateDeferredActionMessages', {
    request: otherRequest([['serverEntryId', blob16], ['clientEntryId', blob16]]),
    response: otherResponse(),
  }),
];
