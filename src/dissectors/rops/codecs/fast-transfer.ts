import { readLongTermId } from '../../oxcdata/ids.js';
import { readTaggedPropertyValues } from '../../oxcdata/property-value.js';
import type { RopCodec } from '../codec.js';
import type { RopFields } from '../types.js';
import {
  blob16, blob32, guid, id, ids16, otherRequest, otherResponse, readFields, responseHeader, restriction16, rop, tags16, u8, u16, u32,
  type FieldSpec,
} from './fields.js';

/**
 * Bulk data transfer and incremental change synchronization ([MS-OXCROPS] 2.2.12, 2.2.13;
 * [MS-OXCFXICS]). Transfer buffers are framed by their sizes and kept raw: their contents are a
 * FastTransfer stream that spans calls.
 */
export const EC_SERVER_BUSY = 0x00000480;

/** Size fields that come back whatever ReturnValue says (reference §1.4). */
const PUT_BUFFER: FieldSpec = [['transferStatus', u16], ['inProgressCount', u16], ['totalStepCount', u16], ['reserved', u8], ['bufferUsedSize', u16]];
const PUT_BUFFER_EXTENDED: FieldSpec = [['transferStatus', u16], ['inProgressCount', u32], ['totalStepCount', u32], ['reserved', u8], ['bufferUsedSize', u16]];

export const FAST_TRANSFER_CODECS: readonly RopCodec[] = [
  rop(0x4b, 'RopFastTransferSourceCopyMessages', {
    request: otherRequest([['messageIds', ids16], ['copyFlags', u8], ['sendOptions', u8]], { output: true }),
    response: otherResponse(),
  }),
  rop(0x4c, 'RopFastTransferSourceCopyFolder', { request: otherRequest([['copyFlags', u8], ['sendOptions', u8]], { output: true }), response: otherResponse() }),
  rop(0x4d, 'RopFastTransferSourceCopyTo', {
    request: otherRequest([['level', u8], ['copyFlags', u32], ['sendOptions', u8], ['propertyTags', tags16]], { output: true }),
    response: otherResponse(),
  }),
  rop(0x69, 'RopFastTransferSourceCopyProperties', {
    request: otherRequest([['level', u8], ['copyFlags', u8], ['sendOptions', u8], ['propertyTags', tags16]], { output: true }),
    response: otherResponse(),
  }),
  rop(0x4e, 'RopFastTransferSourceGetBuffer', {
    // BufferSize 0xBABE: a MaximumBufferSize u16 follows.
    request: otherRequest((r, f) => {
      const n = r.u16('BufferSize');
      f.bufferSize = n;
      if (n === 0xbabe) f.maximumBufferSize = r.u16('MaximumBufferSize');
    }),
    /*
     * Reference §1.4 [U]: the 9 status bytes come back on any ReturnValue (the two readings agree
     * when TransferBufferSize is 0 on failure), then the buffer, then BackoffTime for ecServerBusy.
     */
    response: (r) => {
      const h = responseHeader(r);
      const fields: RopFields = readFields(r, [['transferStatus', u16], ['inProgressCount', u16], ['totalStepCount', u16], ['reserved', u8], ['transferBuffer', blob16]]);
      if (h.returnValue === EC_SERVER_BUSY) fields.backoffTime = r.u32('BackoffTime');
      return { kind: 'other', ...h, fields };
    },
  }),
  rop(0x53, 'RopFastTransferDestinationConfigure', {
    request: otherRequest([['sourceOperation', u8], ['copyFlags', u8]], { output: true }),
    response: otherResponse(),
  }),
  rop(0x54, 'RopFastTransferDestinationPutBuffer', {
    request: otherRequest([['transferData', blob16]]),
    response: otherResponse(PUT_BUFFER, { failure: PUT_BUFFER }),
  }),
  rop(0x9d, 'RopFastTransferDestinationPutBufferExtended', {
    request: otherRequest([['transferData', blob16]]),
    response: otherResponse(PUT_BUFFER_EXTENDED, { failure: PUT_BUFFER_EXTENDED }),
  }),
  rop(0x86, 'RopTellVersion', {
    request: otherRequest((r, f) => {
      f.version = [r.u16('Version'), r.u16('Version'), r.u16('Version')];
    }),
    response: otherResponse(),
  }),
  rop(0x70, 'RopSynchronizationConfigure', {
    request: otherRequest(
      [
        ['synchronizationType', u8], ['sendOptions', u8], ['synchronizationFlags', u16], ['restrictionData', restriction16],
        ['synchronizationExtraFlags', u32], ['propertyTags', tags16],
      ],
      { output: true },
    ),
    response: otherResponse(),
  }),
  rop(0x72, 'RopSynchronizationImportMessageChange', {
    request: otherRequest((r, f) => {
      f.importFlag = r.u8('ImportFlag');
      f.propertyValues = readTaggedPropertyValues(r, 'PropertyValues');
    }, { output: true }),
    response: otherResponse([['messageId', id]]),
  }),
  rop(0x73, 'RopSynchronizationImportHierarchyChange', {
    request: otherRequest((r, f) => {
      f.hierarchyValues = readTaggedPropertyValues(r, 'HierarchyValues');
      f.propertyValues = readTaggedPropertyValues(r, 'PropertyValues');
    }),
    response: otherResponse([['folderId', id]]),
  }),
  rop(0x74, 'RopSynchronizationImportDeletes', {
    request: otherRequest((r, f) => {
      f.importDeleteFlags = r.u8('ImportDeleteFlags');
      f.propertyValues = readTaggedPropertyValues(r, 'PropertyValues');
    }),
    response: otherResponse(),
  }),
  rop(0x75, 'RopSynchronizationUploadStateStreamBegin', {
    request: otherRequest([['stateProperty', u32], ['transferBufferSize', u32]]),
    response: otherResponse(),
  }),
  rop(0x76, 'RopSynchronizationUploadStateStreamContinue', { request: otherRequest([['streamData', blob32]]), response: otherResponse() }),
  rop(0x77, 'RopSynchronizationUploadStateStreamEnd', { request: otherRequest([]), response: otherResponse() }),
  rop(0x78, 'RopSynchronizationImportMessageMove', {
    request: otherRequest([
      ['sourceFolderId', blob32], ['sourceMessageId', blob32], ['predecessorChangeList', blob32],
      ['destinationMessageId', blob32], ['changeNumber', blob32],
    ]),
    response: otherResponse([['messageId', id]]),
  }),
  rop(0x7e, 'RopSynchronizationOpenCollector', { request: otherRequest([['isContentsCollector', u8]], { output: true }), response: otherResponse() }),
  rop(0x7f, 'RopGetLocalReplicaIds', {
    request: otherRequest([['idCount', u32]]),
    response: otherResponse((r, f) => {
      f.replGuid = guid(r, 'ReplGuid');
      f.globalCount = r.bytes(6, 'GlobalCount').slice();
    }),
  }),
  rop(0x80, 'RopSynchronizationImportReadStateChanges', {
    // MessageReadStatesSize bytes of { MessageIdSize u16, MessageId, MarkAsRead u8 }.
    request: otherRequest((r, f) => {
      const w = r.window(r.u16('MessageReadStatesSize'), 'MessageReadStates');
      const states = [];
      while (!w.atEnd) states.push({ messageId: w.bytes(w.u16('MessageIdSize'), 'MessageId').slice(), markAsRead: w.u8('MarkAsRead') !== 0 });
      f.messageReadStates = states;
    }),
    response: otherResponse(),
  }),
  rop(0x82, 'RopSynchronizationGetTransferState', { request: otherRequest([], { output: true }), response: otherResponse() }),
  rop(0x93, 'RopSetLocalReplicaMidsetDeleted', {
    // DataSize fences LongTermIdRangeCount and the 48-byte ranges.
    request: otherRequest((r, f) => {
      const w = r.window(r.u16('DataSize'), 'Data');
      const n = w.count(w.u32('LongTermIdRangeCount'), 48, 'LongTermIdRanges');
      const ranges = [];
      for (let i = 0; i < n; i++) ranges.push({ minLongTermId: readLongTermId(w, 'MinLongTermId'), maxLongTermId: readLongTermId(w, 'MaxLongTermId') });
      f.longTermIdRanges = ranges;
    }),
    response: otherResponse(),
  }),
];
