import type { ByteReader } from '../../../core/byte-reader.js';
import { readPropertyRow } from '../../oxcdata/property-row.js';
import { readTaggedPropertyValues } from '../../oxcdata/property-value.js';
import type { RopCodec } from '../codec.js';
import type { RopFields, RopRequest } from '../types.js';
import {
  blob16, bool, guid, otherRequest, otherResponse, readFields, responseHeader, rop, stateMissing, tags16, u8, u16, u32, u64,
  type FieldSpec,
} from './fields.js';
import { EC_DST_NULL_OBJECT } from './folder.js';
import { propertyIds16, propertyNames16, propertyProblems16, readPropertyName } from './structures.js';

/** Property and stream ROPs ([MS-OXCROPS] 2.2.8, 2.2.9; [MS-OXCPRPT]). */
export const EC_WARN_WITH_ERRORS = 0x00040380;

/** RopSetProperties and RopSetPropertiesNoReplicate: PropertyValueSize fences the values. */
function setPropertiesRequest(r: ByteReader, f: RopFields): void {
  const size = r.u16('PropertyValueSize');
  f.propertyValueSize = size;
  f.propertyValues = readTaggedPropertyValues(r.window(size, 'PropertyValues'), 'PropertyValues');
}

/** Copy responses: problems on success; ecDstNullObject carries a 4-byte DestHandleIndex. */
const copyResponse = otherResponse([['propertyProblems', propertyProblems16]], {
  failure: (r, f, _c, _p, header) => {
    if (header?.returnValue === EC_DST_NULL_OBJECT) f.destHandleIndex = r.u32('DestHandleIndex');
  },
});

const dataBlob: FieldSpec = [['data', blob16]];

export const PROPERTY_CODECS: readonly RopCodec[] = [
  rop(0x07, 'RopGetPropertiesSpecific', {
    request: otherRequest([['propertySizeLimit', u16], ['wantUnicode', u16], ['propertyTags', tags16]]),
    // The row's columns are the tags of the request it answers: without it the row cannot be sized.
    response: otherResponse((r, f, _c, paired) => {
      const tags = requestedTags(paired);
      if (!tags) throw stateMissing(r, 'RowData', 'the paired RopGetPropertiesSpecific request (its PropertyTags) is not in the capture');
      f.rowData = readPropertyRow(r, tags, 'RowData');
    }),
  }),
  rop(0x08, 'RopGetPropertiesAll', {
    request: otherRequest([['propertySizeLimit', u16], ['wantUnicode', u16]]),
    response: otherResponse((r, f) => {
      f.propertyValues = readTaggedPropertyValues(r, 'PropertyValues');
    }),
  }),
  rop(0x09, 'RopGetPropertiesList', { request: otherRequest([]), response: otherResponse([['propertyTags', tags16]]) }),
  rop(0x0a, 'RopSetProperties', { request: otherRequest(setPropertiesRequest), response: otherResponse([['propertyProblems', propertyProblems16]]) }),
  rop(0x79, 'RopSetPropertiesNoReplicate', { request: otherRequest(setPropertiesRequest), response: otherResponse([['propertyProblems', propertyProblems16]]) }),
  rop(0x0b, 'RopDeleteProperties', { request: otherRequest([['propertyTags', tags16]]), response: otherResponse([['propertyProblems', propertyProblems16]]) }),
  rop(0x7a, 'RopDeletePropertiesNoReplicate', {
    request: otherRequest([['propertyTags', tags16]]),
    response: otherResponse([['propertyProblems', propertyProblems16]]),
  }),
  rop(0x55, 'RopGetNamesFromPropertyIds', {
    request: otherRequest([['propertyIds', propertyIds16]]),
    response: otherResponse([['propertyNames', propertyNames16]]),
  }),
  rop(0x56, 'RopGetPropertyIdsFromNames', {
    request: otherRequest([['flags', u8], ['propertyNames', propertyNames16]]),
    /*
     * ecWarnWithErrors (some names unmapped) may still carry the ids (reference §1.4 [U]: OpenChange
     * reads them, the other implementations do not). Read them only when the count matches the
     * request's name count and fits, so that neither reading can derail the list.
     */
    response: (r, _c, paired) => {
      const h = responseHeader(r);
      const fields: RopFields = {};
      if (h.returnValue === 0) readFields(r, [['propertyIds', propertyIds16]], fields);
      else if (h.returnValue === EC_WARN_WITH_ERRORS) {
        const names = paired?.kind === 'other' ? paired.fields.propertyNames : undefined;
        const n = Array.isArray(names) ? names.length : -1;
        if (n >= 0 && r.remaining >= 2 + 2 * n && r.peekU8(0) === (n & 0xff) && r.peekU8(1) === n >> 8) {
          readFields(r, [['propertyIds', propertyIds16]], fields);
        }
      }
      return { kind: 'other', ...h, fields };
    },
  }),
  rop(0x5f, 'RopQueryNamedProperties', {
    request: otherRequest((r, f) => {
      f.queryFlags = r.u8('QueryFlags');
      const has = r.u8('HasGuid');
      f.hasGuid = has !== 0;
      if (has) f.propertyGuid = guid(r, 'PropertyGuid');
    }),
    response: otherResponse((r, f) => {
      const n = r.count(r.u16('IdCount'), 2 + 17, 'PropertyIds');
      const ids: number[] = [];
      for (let i = 0; i < n; i++) ids.push(r.u16('PropertyIds'));
      f.propertyIds = ids;
      f.propertyNames = ids.map(() => readPropertyName(r, 'PropertyNames'));
    }),
  }),
  rop(0x67, 'RopCopyProperties', {
    // InputHandleIndex is the source (SourceHandleIndex).
    request: otherRequest([['destHandleIndex', u8], ['wantAsynchronous', bool], ['copyFlags', u8], ['propertyTags', tags16]]),
    response: copyResponse,
  }),
  rop(0x39, 'RopCopyTo', {
    request: otherRequest([['destHandleIndex', u8], ['wantAsynchronous', bool], ['wantSubObjects', bool], ['copyFlags', u8], ['excludedTags', tags16]]),
    response: copyResponse,
  }),
  rop(0x2b, 'RopOpenStream', {
    request: otherRequest([['propertyTag', u32], ['openModeFlags', u8]], { output: true }),
    response: otherResponse([['streamSize', u32]]),
  }),
  rop(0x2c, 'RopReadStream', {
    // ByteCount 0xBABE means "use MaximumByteCount" (a u32 that follows only then).
    request: otherRequest((r, f) => {
      const n = r.u16('ByteCount');
      f.byteCount = n;
      if (n === 0xbabe) f.maximumByteCount = r.u32('MaximumByteCount');
    }),
    response: otherResponse(dataBlob, { failure: dataBlob }),
  }),
  rop(0x2d, 'RopWriteStream', { request: otherRequest(dataBlob), response: otherResponse([['writtenSize', u16]], { failure: [['writtenSize', u16]] }) }),
  rop(0x90, 'RopWriteAndCommitStream', {
    request: otherRequest(dataBlob),
    response: otherResponse([['writtenSize', u16]], { failure: [['writtenSize', u16]] }),
  }),
  rop(0xa3, 'RopWriteStreamExtended', {
    request: otherRequest(dataBlob),
    response: otherResponse([['writtenSize', u32]], { failure: [['writtenSize', u32]] }),
  }),
  rop(0x2e, 'RopSeekStream', { request: otherRequest([['origin', u8], ['offset', u64]]), response: otherResponse([['newPosition', u64]]) }),
  rop(0x2f, 'RopSetStreamSize', { request: otherRequest([['streamSize', u64]]), response: otherResponse() }),
  rop(0x3a, 'RopCopyToStream', {
    request: otherRequest([['destHandleIndex', u8], ['byteCount', u64]]),
    // Both byte counts are there whatever ReturnValue says; ecDstNullObject adds DestHandleIndex first.
    response: (r) => {
      const h = responseHeader(r);
      const fields: RopFields = {};
      if (h.returnValue === EC_DST_NULL_OBJECT) fields.destHandleIndex = r.u32('DestHandleIndex');
      readFields(r, [['readByteCount', u64], ['writtenByteCount', u64]], fields);
      return { kind: 'other', ...h, fields };
    },
  }),
  rop(0x3b, 'RopCloneStream', { request: otherRequest([], { output: true }), response: otherResponse() }),
  rop(0x5b, 'RopLockRegionStream', { request: otherRequest([['regionOffset', u64], ['regionSize', u64], ['lockFlags', u32]]), response: otherResponse() }),
  rop(0x5c, 'RopUnlockRegionStream', { request: otherRequest([['regionOffset', u64], ['regionSize', u64], ['lockFlags', u32]]), response: otherResponse() }),
  rop(0x5d, 'RopCommitStream', { request: otherRequest([]), response: otherResponse() }),
  rop(0x5e, 'RopGetStreamSize', { request: otherRequest([]), response: otherResponse([['streamSize', u32]]) }),
];

function requestedTags(paired: RopRequest | null): readonly number[] | null {
  if (!paired || paired.ropId !== 0x07 || paired.kind !== 'other') return null;
  const tags = paired.fields.propertyTags;
  return Array.isArray(tags) && tags.every((t) => typeof t === 'number') ? (tags as readonly number[]) : null;
}

