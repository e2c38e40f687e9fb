import { ByteReader } from '../../../core/byte-reader.js';
import { tryDecode } from '../../../core/damage.js';
import { readRecipientRow } from '../../oxcdata/recipient-row.js';
import type { RopCodec } from '../codec.js';
import type { PropValue, RopFields } from '../types.js';
import { getTable } from './folder.js';
import { bool, bytes, id, ids16, logonUnknown, otherRequest, otherResponse, readFields, readTags, rop, u8, u16, u32 } from './fields.js';
import { typedString } from './structures.js';

/** Message and attachment ROPs ([MS-OXCROPS] 2.2.6; [MS-OXCMSG]). */

/**
 * A RecipientRow framed by its size: decoded with the recipient columns when it holds together,
 * else kept raw with the reason — the size keeps the ROP list in step either way.
 */
function framedRecipientRow(r: ByteReader, size: number, columns: readonly number[] | null, out: { [name: string]: PropValue }): void {
  const at = r.offset;
  const raw = r.bytes(size, 'RecipientRow');
  if (!columns || size === 0) {
    out.recipientRow = raw.slice();
    return;
  }
  const inner = new ByteReader(raw, at);
  const decoded = tryDecode(() => {
    const row = readRecipientRow(inner, columns);
    return inner.atEnd ? row : null;
  });
  if (decoded.value) {
    out.recipientRow = decoded.value;
  } else {
    out.recipientRow = raw.slice();
    out.recipientRowError = decoded.damage?.detail ?? `${inner.remaining} bytes left after the row`;
  }
}

/**
 * The body RopOpenMessage and RopReloadCachedInformation share: the recipient columns travel in
 * the same response, so the OpenRecipientRows decode without outside state.
 */
function readOpenedMessage(r: ByteReader, f: RopFields): void {
  f.hasNamedProperties = r.u8('HasNamedProperties') !== 0;
  f.subjectPrefix = typedString(r, 'SubjectPrefix');
  f.normalizedSubject = typedString(r, 'NormalizedSubject');
  f.recipientCount = r.u16('RecipientCount');
  const columns = readTags(r, 'RecipientColumns');
  f.recipientColumns = columns;
  const n = r.count(r.u8('RowCount'), 7, 'RecipientRows');
  const rows: PropValue[] = [];
  for (let i = 0; i < n; i++) {
    const row: { [name: string]: PropValue } = {
      recipientType: r.u8('RecipientType'),
      codePageId: r.u16('CodePageId'),
      reserved: r.u16('Reserved'),
    };
    const size = r.u16('RecipientRowSize');
    row.recipientRowSize = size;
    framedRecipientRow(r, size, columns, row);
    rows.push(row);
  }
  f.recipientRows = rows;
}

/** RopSaveChangesMessage / RopSaveChangesAttachment / RopSetMessageReadFlag put ResponseHandleIndex first. */
function responseHandleFirst(rest: (r: ByteReader, f: RopFields, logonId: number) => void): NonNullable<RopCodec['request']> {
  return (r) => {
    const logonId = r.u8('LogonId');
    const responseHandleIndex = r.u8('ResponseHandleIndex');
    const inputHandleIndex = r.u8('InputHandleIndex');
    const fields: RopFields = { responseHandleIndex };
    rest(r, fields, logonId);
    return { kind: 'other', logonId, inputHandleIndex, outputHandleIndex: null, fields };
  };
}

export const MESSAGE_CODECS: readonly RopCodec[] = [
  rop(0x03, 'RopOpenMessage', {
    request: otherRequest([['codePageId', u16], ['folderId', id], ['openModeFlags', u8], ['messageId', id]], { output: true }),
    response: otherResponse(readOpenedMessage),
  }),
  rop(0x10, 'RopReloadCachedInformation', { request: otherRequest([['reserved', u16]]), response: otherResponse(readOpenedMessage) }),
  rop(0x46, 'RopOpenEmbeddedMessage', {
    request: otherRequest([['codePageId', u16], ['openModeFlags', u8]], { output: true }),
    response: otherResponse((r, f) => {
      f.reserved = r.u8('Reserved');
      f.messageId = id(r, 'MessageId');
      readOpenedMessage(r, f);
    }),
  }),
  rop(0x06, 'RopCreateMessage', {
    request: otherRequest([['codePageId', u16], ['folderId', id], ['associatedFlag', bool]], { output: true }),
    response: otherResponse((r, f) => {
      const has = r.u8('HasMessageId');
      f.hasMessageId = has !== 0;
      if (has) f.messageId = id(r, 'MessageId');
    }),
  }),
  rop(0x0c, 'RopSaveChangesMessage', {
    request: responseHandleFirst((r, f) => readFields(r, [['saveFlags', u8]], f)),
    // The echoed index is ResponseHandleIndex; the body repeats InputHandleIndex.
    response: otherResponse([['inputHandleIndex', u8], ['messageId', id]]),
  }),
  rop(0x0d, 'RopRemoveAllRecipients', { request: otherRequest([['reserved', u32]]), response: otherResponse() }),
  rop(0x0e, 'RopModifyRecipients', {
    request: otherRequest((r, f) => {
      const columns = readTags(r, 'RecipientColumns');
      f.recipientColumns = columns;
      const n = r.count(r.u16('RowCount'), 7, 'RecipientRows');
      const rows: PropValue[] = [];
      for (let i = 0; i < n; i++) {
        const row: { [name: string]: PropValue } = { rowId: r.u32('RowId'), recipientType: r.u8('RecipientType') };
        const size = r.u16('RecipientRowSize');
        row.recipientRowSize = size;
        // Size 0: the row is deleted and carries no RecipientRow.
        if (size > 0) framedRecipientRow(r, size, columns, row);
        rows.push(row);
      }
      f.recipientRows = rows;
    }),
    response: otherResponse(),
  }),
  rop(0x0f, 'RopReadRecipients', {
    request: otherRequest([['rowId', u32], ['reserved', u16]]),
    // The recipient columns live with the message (its RopOpenMessage); rows stay raw.
    response: otherResponse((r, f) => {
      const n = r.count(r.u8('RowCount'), 11, 'RecipientRows');
      const rows: PropValue[] = [];
      for (let i = 0; i < n; i++) {
        const row: { [name: string]: PropValue } = {
          rowId: r.u32('RowId'),
          recipientType: r.u8('RecipientType'),
          codePageId: r.u16('CodePageId'),
          reserved: r.u16('Reserved'),
        };
        const size = r.u16('RecipientRowSize');
        row.recipientRowSize = size;
        framedRecipientRow(r, size, null, row);
        rows.push(row);
      }
      f.recipientRows = rows;
    }),
  }),
  rop(0x11, 'RopSetMessageReadFlag', {
    // ClientData (24 bytes) is present when the logon is a public-folders logon ([MS-OXCROPS]
    // 2.2.6.11.1): the layout depends on the logon, which may be in another call.
    request: (r, c) => {
      const logonId = r.u8('LogonId');
      const responseHandleIndex = r.u8('ResponseHandleIndex');
      const inputHandleIndex = r.u8('InputHandleIndex');
      const fields: RopFields = { responseHandleIndex, readFlags: r.u8('ReadFlags') };
      const priv = c.logonIsPrivate(logonId);
      if (priv === undefined) throw logonUnknown(r, logonId, 'ClientData');
      if (!priv) fields.clientData = r.bytes(24, 'ClientData').slice();
      return { kind: 'other', logonId, inputHandleIndex, outputHandleIndex: null, fields };
    },
    response: otherResponse((r, f) => {
      const changed = r.u8('ReadStatusChanged');
      f.readStatusChanged = changed !== 0;
      if (changed) readFields(r, [['logonId', u8], ['clientData', bytes(24)]], f);
    }),
  }),
  rop(0x1f, 'RopGetMessageStatus', { request: otherRequest([['messageId', id]]), response: otherResponse([['messageStatusFlags', u32]]) }),
  rop(0x20, 'RopSetMessageStatus', {
    request: otherRequest([['messageId', id], ['messageStatusFlags', u32], ['messageStatusMask', u32]]),
    response: otherResponse([['messageStatusFlags', u32]]),
  }),
  rop(0x21, 'RopGetAttachmentTable', getTable(false)),
  rop(0x22, 'RopOpenAttachment', {
    request: otherRequest([['openAttachmentFlags', u8], ['attachmentId', u32]], { output: true }),
    response: otherResponse(),
  }),
  rop(0x23, 'RopCreateAttachment', { request: otherRequest([], { output: true }), response: otherResponse([['attachmentId', u32]]) }),
  rop(0x24, 'RopDeleteAttachment', { request: otherRequest([['attachmentId', u32]]), response: otherResponse() }),
  rop(0x25, 'RopSaveChangesAttachment', {
    request: responseHandleFirst((r, f) => readFields(r, [['saveFlags', u8]], f)),
    response: otherResponse(),
  }),
  rop(0x52, 'RopGetValidAttachments', {
    request: otherRequest([]),
    response: otherResponse((r, f) => {
      const n = r.count(r.u16('AttachmentIdCount'), 4, 'AttachmentIdArray');
      const ids: number[] = [];
      for (let i = 0; i < n; i++) ids.push(r.u32('AttachmentIdArray'));
      f.attachmentIdArray = ids;
    }),
  }),
  rop(0x66, 'RopSetReadFlags', {
    request: otherRequest([['wantAsynchronous', bool], ['readFlags', u8], ['messageIds', ids16]]),
    response: otherResponse([['partialCompletion', bool]], { failure: [['partialCompletion', bool]] }),
  }),
];
