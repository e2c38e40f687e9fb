import type { ByteReader } from '../../../core/byte-reader.js';
import type { RopCodec } from '../codec.js';
import type { RopFields } from '../types.js';
import { bool, id, ids16, otherRequest, otherResponse, readFields, requestHeader, responseHeader, restriction16, rop, u8, u32, type FieldSpec } from './fields.js';
import { readServers, readString } from './structures.js';

/** Folder ROPs ([MS-OXCROPS] 2.2.4; [MS-OXCFOLD]). */
export const EC_DST_NULL_OBJECT = 0x00000503;

/**
 * Move/copy responses ([MS-OXCROPS] 2.2.4.7.2 and kin; reference §1.4): PartialCompletion is there
 * whatever ReturnValue says, and ecDstNullObject puts a 4-byte DestHandleIndex before it.
 */
function moveCopyResponse(): NonNullable<RopCodec['response']> {
  return (r) => {
    const h = responseHeader(r);
    const fields: RopFields = {};
    if (h.returnValue === EC_DST_NULL_OBJECT) fields.destHandleIndex = r.u32('DestHandleIndex');
    fields.partialCompletion = r.u8('PartialCompletion') !== 0;
    return { kind: 'other', ...h, fields };
  };
}

/** Responses whose only field, PartialCompletion, is present on failure too. */
const partialCompletion = otherResponse([['partialCompletion', bool]], { failure: [['partialCompletion', bool]] });

/** HasRules, IsGhosted, then the servers when ghosted (RopOpenFolder, RopCreateFolder). */
function readFolderOpened(r: ByteReader, f: RopFields): void {
  f.hasRules = r.u8('HasRules') !== 0;
  const ghosted = r.u8('IsGhosted');
  f.isGhosted = ghosted !== 0;
  if (ghosted) readServers(r, f);
}

/** RopGetHierarchyTable / RopGetContentsTable: kind RopGetTable, RowCount on success. */
function getTable(withRowCount: boolean): Pick<RopCodec, 'request' | 'response'> {
  return {
    request: (r) => ({ kind: 'RopGetTable', ...requestHeader(r, true), tableFlags: r.u8('TableFlags') }),
    response: (r) => {
      const h = responseHeader(r);
      return { kind: 'RopGetTable', ...h, rowCount: withRowCount && h.returnValue === 0 ? r.u32('RowCount') : null };
    },
  };
}

const deleteMessages: FieldSpec = [['wantAsynchronous', bool], ['notifyNonRead', bool], ['messageIds', ids16]];

export const FOLDER_CODECS: readonly RopCodec[] = [
  rop(0x02, 'RopOpenFolder', {
    request: otherRequest([['folderId', id], ['openModeFlags', u8]], { output: true }),
    response: otherResponse(readFolderOpened),
  }),
  rop(0x1c, 'RopCreateFolder', {
    request: otherRequest(
      (r, f) => {
        readFields(r, [['folderType', u8], ['useUnicodeStrings', bool], ['openExisting', bool], ['reserved', u8]], f);
        f.displayName = readString(r, f.useUnicodeStrings === true, 'DisplayName');
        f.comment = readString(r, f.useUnicodeStrings === true, 'Comment');
      },
      { output: true },
    ),
    response: otherResponse((r, f) => {
      f.folderId = id(r, 'FolderId');
      const existing = r.u8('IsExistingFolder');
      f.isExistingFolder = existing !== 0;
      if (existing) readFolderOpened(r, f);
    }),
  }),
  rop(0x1d, 'RopDeleteFolder', { request: otherRequest([['deleteFolderFlags', u8], ['folderId', id]]), response: partialCompletion }),
  rop(0x30, 'RopSetSearchCriteria', {
    request: otherRequest([['restrictionData', restriction16], ['folderIds', ids16], ['searchFlags', u32]]),
    response: otherResponse(),
  }),
  rop(0x31, 'RopGetSearchCriteria', {
    request: otherRequest([['useUnicode', bool], ['includeRestriction', bool], ['includeFolders', bool]]),
    response: otherResponse([['restrictionData', restriction16], ['logonId', u8], ['folderIds', ids16], ['searchFlags', u32]]),
  }),
  rop(0x33, 'RopMoveCopyMessages', {
    // InputHandleIndex is the source (SourceHandleIndex in the specification).
    request: otherRequest([['destHandleIndex', u8], ['messageIds', ids16], ['wantAsynchronous', bool], ['wantCopy', bool]]),
    response: moveCopyResponse(),
  }),
  rop(0x35, 'RopMoveFolder', {
    request: otherRequest((r, f) => {
      readFields(r, [['destHandleIndex', u8], ['wantAsynchronous', bool], ['useUnicode', bool], ['folderId', id]], f);
      f.newFolderName = readString(r, f.useUnicode === true, 'NewFolderName');
    }),
    response: moveCopyResponse(),
  }),
  rop(0x36, 'RopCopyFolder', {
    request: otherRequest((r, f) => {
      readFields(r, [['destHandleIndex', u8], ['wantAsynchronous', bool], ['wantRecursive', bool], ['useUnicode', bool], ['folderId', id]], f);
      f.newFolderName = readString(r, f.useUnicode === true, 'NewFolderName');
    }),
    response: moveCopyResponse(),
  }),
  rop(0x58, 'RopEmptyFolder', { request: otherRequest([['wantAsynchronous', bool], ['wantDeleteAssociated', bool]]), response: partialCompletion }),
  rop(0x92, 'RopHardDeleteMessagesAndSubfolders', {
    request: otherRequest([['wantAsynchronous', bool], ['wantDeleteAssociated', bool]]),
    response: partialCompletion,
  }),
  rop(0x1e, 'RopDeleteMessages', { request: otherRequest(deleteMessages), response: partialCompletion }),
  rop(0x91, 'RopHardDeleteMessages', { request: otherRequest(deleteMessages), response: partialCompletion }),
  rop(0x04, 'RopGetHierarchyTable', getTable(true)),
  rop(0x05, 'RopGetContentsTable', getTable(true)),
];

export { getTable };
