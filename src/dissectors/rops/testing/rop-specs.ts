import fc from 'fast-check';
import type { RequestBody, ResponseBody } from '../codec.js';
import type { PropValue, RopFields } from '../types.js';
import { K } from './kinds.js';
import { openedMessageArb, recipientRowArb, writeRecipientRow } from './recipients.js';
import {
  always, built, copyProperties, DST_NULL, echo, flaggedBlocks, flaggedString, folderOpenedArb, getTable, headerArb, logonResponseArb, moveCopy, moveFolder, OK, onSuccess, partial, problems, progressArb, RECEIVE_FOLDER_COLUMNS, request, requestNames, requestTags, response, responseHandleFirst, returnValueArb, rowsArb, serversArb, serversOf, setProperties, tableStatus, writeFlaggedString, writeHeader, writeServers,
  type RopSpec,
} from './spec-kit.js';
import { blob, columnsArb, guidText, idText, propertyNameArb, rowArb, string8, u8, u16, u32, writePropertyName, writeRow, writeTaggedValues } from './values.js';
import { Writer } from './writer.js';

/**
 * The ROP catalog again, as generators of random valid ROPs in the decoded form plus the bytes
 * they encode to — written from ROPS-OXCDATA §2 and §1.4, independently of the codecs, so that a
 * round trip (generate → encode → decode → compare) checks one against the other. One entry per
 * RopId with a request or a solicited response; unsolicited.ts has the others. Test support only.
 */
export const ROP_SPECS: ReadonlyMap<number, RopSpec> = new Map<number, RopSpec>([
  [
    0x01,
    {
      request: () =>
        headerArb(false).map((h) => ({ model: { kind: 'RopRelease', ...h } as RequestBody, write: (w: Writer) => writeHeader(w, 0x01, h) })),
    },
  ],
  [0x02, { request: request(0x02, [['folderId', 'id'], ['openModeFlags', 'u8']], { out: true }), response: response(0x02, (_e, _q, rv) => (rv === OK ? folderOpenedArb : null)) }],
  [0x03, { request: request(0x03, [['codePageId', 'u16'], ['folderId', 'id'], ['openModeFlags', 'u8'], ['messageId', 'id']], { out: true }), response: response(0x03, (_e, _q, rv) => (rv === OK ? openedMessageArb : null)) }],
  [0x04, getTable(0x04, true)],
  [0x05, getTable(0x05, true)],
  [
    0x06,
    {
      request: request(0x06, [['codePageId', 'u16'], ['folderId', 'id'], ['associatedFlag', 'bool']], { out: true }),
      response: response(0x06, (_e, _q, rv) =>
        rv === OK
          ? fc.option(idText, { nil: null }).map((mid) =>
              built(mid === null ? { hasMessageId: false } : { hasMessageId: true, messageId: mid }, (w) => {
                w.u8(mid === null ? 0 : 1);
                if (mid !== null) w.id(mid);
              }),
            )
          : null,
      ),
    },
  ],
  [
    0x07,
    {
      request: request(0x07, () =>
        fc.tuple(u16, u16, columnsArb).map(([limit, unicode, tags]) =>
          built({ propertySizeLimit: limit, wantUnicode: unicode, propertyTags: tags }, (w) => {
            w.u16(limit).u16(unicode).u16(tags.length);
            for (const t of tags) w.u32(t);
          }),
        ),
      ),
      // The row's columns are the paired request's tags.
      response: response(0x07, (_e, req, rv) =>
        rv === OK ? rowArb(requestTags(req)).map((row) => built({ rowData: row }, (w) => writeRow(w, row, requestTags(req)))) : null,
      ),
    },
  ],
  [0x08, { request: request(0x08, [['propertySizeLimit', 'u16'], ['wantUnicode', 'u16']]), response: response(0x08, onSuccess([['propertyValues', 'tpvs16']])) }],
  [0x09, { request: request(0x09, []), response: response(0x09, onSuccess([['propertyTags', 'tags16']])) }],
  [0x0a, { request: request(0x0a, setProperties()), response: response(0x0a, onSuccess(problems)) }],
  [0x79, { request: request(0x79, setProperties()), response: response(0x79, onSuccess(problems)) }],
  [0x0b, { request: request(0x0b, [['propertyTags', 'tags16']]), response: response(0x0b, onSuccess(problems)) }],
  [0x7a, { request: request(0x7a, [['propertyTags', 'tags16']]), response: response(0x7a, onSuccess(problems)) }],
  [
    0x0c,
    {
      request: responseHandleFirst(0x0c, () => u8.map((saveFlags) => built({ saveFlags }, (w) => w.u8(saveFlags)))),
      response: response(0x0c, onSuccess([['inputHandleIndex', 'u8'], ['messageId', 'id']])),
    },
  ],
  [0x0d, { request: request(0x0d, [['reserved', 'u32']]), response: response(0x0d, () => null) }],
  [
    0x0e,
    {
      request: request(0x0e, () =>
        columnsArb.chain((columns) =>
          fc.array(fc.tuple(u32, u8, fc.option(recipientRowArb(columns), { nil: null })), { maxLength: 3 }).map((rows) =>
            built(
              {
                recipientColumns: columns,
                recipientRows: rows.map(([rowId, recipientType, row]): PropValue =>
                  row === null ? { rowId, recipientType, recipientRowSize: 0 } : { rowId, recipientType, recipientRowSize: row.size, recipientRow: row.model },
                ),
              },
              (w) => {
                w.u16(columns.length);
                for (const c of columns) w.u32(c);
                w.u16(rows.length);
                for (const [rowId, recipientType, row] of rows) {
                  w.u32(rowId).u8(recipientType);
                  if (row === null) w.u16(0);
                  else writeRecipientRow(w, row);
                }
              },
            ),
          ),
        ),
      ),
      response: response(0x0e, () => null),
    },
  ],
  [
    0x0f,
    {
      request: request(0x0f, [['rowId', 'u32'], ['reserved', 'u16']]),
      // Without the message's recipient columns the rows stay raw, framed by their sizes.
      response: response(0x0f, (_e, _q, rv) =>
        rv === OK
          ? fc.array(fc.tuple(u32, u8, u16, u16, blob(10)), { maxLength: 3 }).map((rows) =>
              built(
                {
                  recipientRows: rows.map(([rowId, recipientType, codePageId, reserved, raw]) => ({
                    rowId, recipientType, codePageId, reserved, recipientRowSize: raw.length, recipientRow: raw,
                  })),
                },
                (w) => {
                  w.u8(rows.length);
                  for (const [rowId, type, cp, reserved, raw] of rows) w.u32(rowId).u8(type).u16(cp).u16(reserved).u16(raw.length).bytes(raw);
                },
              ),
            )
          : null,
      ),
    },
  ],
  [0x10, { request: request(0x10, [['reserved', 'u16']]), response: response(0x10, (_e, _q, rv) => (rv === OK ? openedMessageArb : null)) }],
  [
    0x11,
    {
      // ClientData (24 bytes) only when the logon is a public-folders logon.
      request: responseHandleFirst(0x11, (env, logonId) =>
        fc.tuple(u8, K.bytes24.arb).map(([readFlags, clientData]) => {
          const pub = !env.logonIsPrivate(logonId);
          return built(pub ? { readFlags, clientData } : { readFlags }, (w) => {
            w.u8(readFlags);
            if (pub) w.bytes(clientData as Uint8Array);
          });
        }),
      ),
      response: response(0x11, (_e, _q, rv) =>
        rv === OK
          ? fc.option(fc.tuple(u8, K.bytes24.arb), { nil: null }).map((changed) =>
              built(changed ? { readStatusChanged: true, logonId: changed[0], clientData: changed[1] } : { readStatusChanged: false }, (w) => {
                w.u8(changed ? 1 : 0);
                if (changed) w.u8(changed[0]).bytes(changed[1] as Uint8Array);
              }),
            )
          : null,
      ),
    },
  ],
  [
    0x12,
    {
      request: () =>
        fc.tuple(headerArb(false), u8, fc.array(u32, { maxLength: 4 })).map(([h, setColumnsFlags, propertyTags]) => ({
          model: { kind: 'RopSetColumns', ...h, setColumnsFlags, propertyTags } as RequestBody,
          write: (w: Writer) => {
            writeHeader(w, 0x12, h);
            w.u8(setColumnsFlags).u16(propertyTags.length);
            for (const t of propertyTags) w.u32(t);
          },
        })),
      response: (_env, req) =>
        fc.tuple(returnValueArb(), u8).map(([returnValue, status]) => {
          const tableStatus = returnValue === OK ? status : null;
          return {
            model: { kind: 'RopSetColumns', handleIndex: echo(req), returnValue, tableStatus } as ResponseBody,
            write: (w: Writer) => {
              w.u8(0x12).u8(echo(req)).u32(returnValue);
              if (tableStatus !== null) w.u8(tableStatus);
            },
          };
        }),
    },
  ],
  [
    0x13,
    {
      request: request(0x13, () =>
        fc.tuple(u8, u16, u16, fc.array(fc.record({ propertyType: u16, propertyId: u16, order: u8 }), { maxLength: 3 })).map(([flags, cat, exp, orders]) =>
          built({ sortTableFlags: flags, sortOrderCount: orders.length, categoryCount: cat, expandedCount: exp, sortOrders: orders }, (w) => {
            w.u8(flags).u16(orders.length).u16(cat).u16(exp);
            for (const o of orders) w.u16(o.propertyType).u16(o.propertyId).u8(o.order);
          }),
        ),
      ),
      response: response(0x13, onSuccess(tableStatus)),
    },
  ],
  [0x14, { request: request(0x14, [['restrictFlags', 'u8'], ['restrictionData', 'restriction16']]), response: response(0x14, onSuccess(tableStatus)) }],
  [
    0x15,
    {
      request: () =>
        fc.tuple(headerArb(false, true), u8, fc.boolean(), u16).map(([h, queryRowsFlags, forwardRead, rowCount]) => ({
          model: { kind: 'RopQueryRows', ...h, queryRowsFlags, forwardRead, rowCount } as RequestBody,
          write: (w: Writer) => {
            writeHeader(w, 0x15, h);
            w.u8(queryRowsFlags).u8(forwardRead ? 1 : 0).u16(rowCount);
          },
        })),
      response: (env, req) =>
        fc.tuple(returnValueArb(), u8, rowsArb(env)).map(([returnValue, origin, rows]) => {
          const ok = returnValue === OK;
          return {
            model: { kind: 'RopQueryRows', handleIndex: echo(req), returnValue, origin: ok ? origin : null, rowCount: ok ? rows.length : null, rows: ok ? rows : null } as ResponseBody,
            write: (w: Writer) => {
              w.u8(0x15).u8(echo(req)).u32(returnValue);
              if (!ok) return;
              w.u8(origin).u16(rows.length);
              for (const row of rows) writeRow(w, row, env.columns);
            },
          };
        }),
    },
  ],
  [0x16, { request: request(0x16, []), response: response(0x16, onSuccess(tableStatus)) }],
  [0x17, { request: request(0x17, []), response: response(0x17, onSuccess([['numerator', 'u32'], ['denominator', 'u32']])) }],
  [0x18, { request: request(0x18, [['origin', 'u8'], ['rowCount', 'i32'], ['wantRowMovedCount', 'bool']]), response: response(0x18, onSuccess([['hasSoughtLess', 'bool'], ['rowsSought', 'i32']])) }],
  [
    0x19,
    {
      request: request(0x19, [['bookmark', 'blob16'], ['rowCount', 'i32'], ['wantRowMovedCount', 'bool']]),
      response: response(0x19, onSuccess([['rowNoLongerVisible', 'bool'], ['hasSoughtLess', 'bool'], ['rowsSought', 'i32']])),
    },
  ],
  [0x1a, { request: request(0x1a, [['numerator', 'u32'], ['denominator', 'u32']]), response: response(0x1a, () => null) }],
  [0x1b, { request: request(0x1b, []), response: response(0x1b, onSuccess([['bookmark', 'blob16']])) }],
  [
    0x1c,
    {
      request: request(
        0x1c,
        () =>
          fc.tuple(u8, fc.boolean(), fc.boolean(), u8).chain(([folderType, unicode, openExisting, reserved]) =>
            fc.tuple(flaggedString(unicode), flaggedString(unicode)).map(([displayName, comment]) =>
              built({ folderType, useUnicodeStrings: unicode, openExisting, reserved, displayName, comment }, (w) => {
                w.u8(folderType).u8(unicode ? 1 : 0).u8(openExisting ? 1 : 0).u8(reserved);
                writeFlaggedString(w, unicode, displayName);
                writeFlaggedString(w, unicode, comment);
              }),
            ),
          ),
        { out: true },
      ),
      response: response(0x1c, (_e, _q, rv) =>
        rv === OK
          ? fc.tuple(idText, fc.option(folderOpenedArb, { nil: null })).map(([folderId, existing]) =>
              built({ folderId, isExistingFolder: existing !== null, ...(existing?.model ?? {}) }, (w) => {
                w.id(folderId).u8(existing ? 1 : 0);
                existing?.write(w);
              }),
            )
          : null,
      ),
    },
  ],
  [0x1d, { request: request(0x1d, [['deleteFolderFlags', 'u8'], ['folderId', 'id']]), response: response(0x1d, always(partial)) }],
  [0x1e, { request: request(0x1e, [['wantAsynchronous', 'bool'], ['notifyNonRead', 'bool'], ['messageIds', 'ids16']]), response: response(0x1e, always(partial)) }],
  [0x91, { request: request(0x91, [['wantAsynchronous', 'bool'], ['notifyNonRead', 'bool'], ['messageIds', 'ids16']]), response: response(0x91, always(partial)) }],
  [0x58, { request: request(0x58, [['wantAsynchronous', 'bool'], ['wantDeleteAssociated', 'bool']]), response: response(0x58, always(partial)) }],
  [0x92, { request: request(0x92, [['wantAsynchronous', 'bool'], ['wantDeleteAssociated', 'bool']]), response: response(0x92, always(partial)) }],
  [0x1f, { request: request(0x1f, [['messageId', 'id']]), response: response(0x1f, onSuccess([['messageStatusFlags', 'u32']])) }],
  [0x20, { request: request(0x20, [['messageId', 'id'], ['messageStatusFlags', 'u32'], ['messageStatusMask', 'u32']]), response: response(0x20, onSuccess([['messageStatusFlags', 'u32']])) }],
  [0x21, getTable(0x21, false)],
  [0x22, { request: request(0x22, [['openAttachmentFlags', 'u8'], ['attachmentId', 'u32']], { out: true }), response: response(0x22, () => null) }],
  [0x23, { request: request(0x23, [], { out: true }), response: response(0x23, onSuccess([['attachmentId', 'u32']])) }],
  [0x24, { request: request(0x24, [['attachmentId', 'u32']]), response: response(0x24, () => null) }],
  [0x25, { request: responseHandleFirst(0x25, () => u8.map((saveFlags) => built({ saveFlags }, (w) => w.u8(saveFlags)))), response: response(0x25, () => null) }],
  [0x26, { request: request(0x26, [['folderId', 'id'], ['messageClass', 'asciiz']]), response: response(0x26, () => null) }],
  [0x27, { request: request(0x27, [['messageClass', 'asciiz']]), response: response(0x27, onSuccess([['folderId', 'id'], ['explicitMessageClass', 'asciiz']])) }],
  [
    0x29,
    {
      request: () =>
        fc.tuple(headerArb(true), u16, u8, fc.option(fc.tuple(idText, idText), { nil: null })).map(([h, types, reservedByte, scope]) => {
          // Reserved is there only with the Extended bit ([MS-OXCNOTIF] 2.2.1.2.1.1).
          const reserved = types & 0x0400 ? reservedByte : null;
          return {
            model: { kind: 'RopRegisterNotification', ...h, notificationTypes: types, reserved, wantWholeStore: scope === null, folderId: scope?.[0] ?? null, messageId: scope?.[1] ?? null } as RequestBody,
            write: (w: Writer) => {
              writeHeader(w, 0x29, h);
              w.u16(types);
              if (reserved !== null) w.u8(reserved);
              w.u8(scope === null ? 1 : 0);
              if (scope) w.id(scope[0]).id(scope[1]);
            },
          };
        }),
      response: (_env, req) =>
        returnValueArb().map((returnValue) => ({
          model: { kind: 'RopRegisterNotification', handleIndex: echo(req), returnValue } as ResponseBody,
          write: (w: Writer) => void w.u8(0x29).u8(echo(req)).u32(returnValue),
        })),
    },
  ],
  [0x2b, { request: request(0x2b, [['propertyTag', 'u32'], ['openModeFlags', 'u8']], { out: true }), response: response(0x2b, onSuccess([['streamSize', 'u32']])) }],
  [
    0x2c,
    {
      request: request(0x2c, () =>
        fc.oneof(u16.filter((n) => n !== 0xbabe).map((n) => built({ byteCount: n }, (w) => w.u16(n))), u32.map((max) => built({ byteCount: 0xbabe, maximumByteCount: max }, (w) => w.u16(0xbabe).u32(max)))),
      ),
      response: response(0x2c, always([['data', 'blob16']])),
    },
  ],
  [0x2d, { request: request(0x2d, [['data', 'blob16']]), response: response(0x2d, always([['writtenSize', 'u16']])) }],
  [0x90, { request: request(0x90, [['data', 'blob16']]), response: response(0x90, always([['writtenSize', 'u16']])) }],
  [0xa3, { request: request(0xa3, [['data', 'blob16']]), response: response(0xa3, always([['writtenSize', 'u32']])) }],
  [0x2e, { request: request(0x2e, [['origin', 'u8'], ['offset', 'u64']]), response: response(0x2e, onSuccess([['newPosition', 'u64']])) }],
  [0x2f, { request: request(0x2f, [['streamSize', 'u64']]), response: response(0x2f, () => null) }],
  [0x30, { request: request(0x30, [['restrictionData', 'restriction16'], ['folderIds', 'ids16'], ['searchFlags', 'u32']]), response: response(0x30, () => null) }],
  [
    0x31,
    {
      request: request(0x31, [['useUnicode', 'bool'], ['includeRestriction', 'bool'], ['includeFolders', 'bool']]),
      response: response(0x31, onSuccess([['restrictionData', 'restriction16'], ['logonId', 'u8'], ['folderIds', 'ids16'], ['searchFlags', 'u32']])),
    },
  ],
  [0x32, { request: request(0x32, [['submitFlags', 'u8']]), response: response(0x32, () => null) }],
  [0x33, { request: request(0x33, [['destHandleIndex', 'u8'], ['messageIds', 'ids16'], ['wantAsynchronous', 'bool'], ['wantCopy', 'bool']]), response: response(0x33, moveCopy, [DST_NULL]) }],
  [0x34, { request: request(0x34, [['folderId', 'id'], ['messageId', 'id']]), response: response(0x34, () => null) }],
  [0x35, { request: request(0x35, moveFolder(false)), response: response(0x35, moveCopy, [DST_NULL]) }],
  [0x36, { request: request(0x36, moveFolder(true)), response: response(0x36, moveCopy, [DST_NULL]) }],
  [0x37, { request: request(0x37, []), response: response(0x37, onSuccess([['propertyTags', 'tags16']])) }],
  [0x38, { request: request(0x38, []), response: response(0x38, onSuccess(tableStatus)) }],
  [
    0x39,
    {
      request: request(0x39, [['destHandleIndex', 'u8'], ['wantAsynchronous', 'bool'], ['wantSubObjects', 'bool'], ['copyFlags', 'u8'], ['excludedTags', 'tags16']]),
      response: response(0x39, copyProperties, [DST_NULL]),
    },
  ],
  [0x67, { request: request(0x67, [['destHandleIndex', 'u8'], ['wantAsynchronous', 'bool'], ['copyFlags', 'u8'], ['propertyTags', 'tags16']]), response: response(0x67, copyProperties, [DST_NULL]) }],
  [
    0x3a,
    {
      request: request(0x3a, [['destHandleIndex', 'u8'], ['byteCount', 'u64']]),
      response: response(0x3a, (_e, _q, rv) => (rv === DST_NULL ? [['destHandleIndex', 'u32'], ['readByteCount', 'u64'], ['writtenByteCount', 'u64']] : [['readByteCount', 'u64'], ['writtenByteCount', 'u64']]), [DST_NULL]),
    },
  ],
  [0x3b, { request: request(0x3b, [], { out: true }), response: response(0x3b, () => null) }],
  [0x3e, getTable(0x3e, false)],
  [0x3f, getTable(0x3f, false)],
  [0x40, { request: request(0x40, flaggedBlocks('modifyFlags', 'permissionsData', 'permissionDataFlags')), response: response(0x40, () => null) }],
  [0x41, { request: request(0x41, flaggedBlocks('modifyRulesFlags', 'rulesData', 'ruleDataFlags')), response: response(0x41, () => null) }],
  [
    0x42,
    {
      request: request(0x42, [['folderId', 'id']]),
      response: response(0x42, (_e, _q, rv) =>
        rv === OK ? serversArb.map((s) => built(serversOf(['owningServersCount', 'cheapServersCount', 'owningServers'], s), (w) => writeServers(w, s))) : null,
      ),
    },
  ],
  [0x43, { request: request(0x43, [['objectId', 'id']]), response: response(0x43, onSuccess([['longTermId', 'ltid']])) }],
  [0x44, { request: request(0x44, [['longTermId', 'ltid']]), response: response(0x44, onSuccess([['objectId', 'id']])) }],
  [
    0x45,
    {
      request: request(0x45, [['folderId', 'id']]),
      response: response(0x45, (_e, _q, rv) =>
        rv === OK
          ? fc.option(serversArb, { nil: null }).map((s) =>
              built({ isGhosted: s !== null, ...(s ? serversOf(['serversCount', 'cheapServersCount', 'servers'], s) : {}) }, (w) => {
                w.u8(s ? 1 : 0);
                if (s) writeServers(w, s);
              }),
            )
          : null,
      ),
    },
  ],
  [
    0x46,
    {
      request: request(0x46, [['codePageId', 'u16'], ['openModeFlags', 'u8']], { out: true }),
      response: response(0x46, (_e, _q, rv) =>
        rv === OK
          ? fc.tuple(u8, idText, openedMessageArb).map(([reserved, messageId, body]) =>
              built({ reserved, messageId, ...body.model }, (w) => {
                w.u8(reserved).id(messageId);
                body.write(w);
              }),
            )
          : null,
      ),
    },
  ],
  [0x47, { request: request(0x47, []), response: response(0x47, () => null) }],
  [0x48, { request: request(0x48, [['messageId', 'id'], ['lockState', 'u8']]), response: response(0x48, () => null) }],
  [
    0x49,
    {
      request: request(0x49, []),
      response: response(0x49, (_e, _q, rv) =>
        rv === OK
          ? fc.array(string8, { maxLength: 3 }).map((types) => {
              const inner = new Writer();
              for (const t of types) inner.asciiz(t);
              return built({ addressTypeCount: types.length, addressTypeSize: inner.length, addressTypes: types }, (w) => w.u16(types.length).u16(inner.length).bytes(inner.finish()));
            })
          : null,
      ),
    },
  ],
  [0x4a, { request: request(0x4a, []), response: response(0x4a, onSuccess([['noPropertiesReturned', 'bool'], ['propertyValues', 'tpvs16']])) }],
  [0x4b, { request: request(0x4b, [['messageIds', 'ids16'], ['copyFlags', 'u8'], ['sendOptions', 'u8']], { out: true }), response: response(0x4b, () => null) }],
  [0x4c, { request: request(0x4c, [['copyFlags', 'u8'], ['sendOptions', 'u8']], { out: true }), response: response(0x4c, () => null) }],
  [0x4d, { request: request(0x4d, [['level', 'u8'], ['copyFlags', 'u32'], ['sendOptions', 'u8'], ['propertyTags', 'tags16']], { out: true }), response: response(0x4d, () => null) }],
  [0x69, { request: request(0x69, [['level', 'u8'], ['copyFlags', 'u8'], ['sendOptions', 'u8'], ['propertyTags', 'tags16']], { out: true }), response: response(0x69, () => null) }],
  [
    0x4e,
    {
      request: request(0x4e, () =>
        fc.oneof(u16.filter((n) => n !== 0xbabe).map((n) => built({ bufferSize: n }, (w) => w.u16(n))), u16.map((max) => built({ bufferSize: 0xbabe, maximumBufferSize: max }, (w) => w.u16(0xbabe).u16(max)))),
      ),
      // The status fields and the buffer come back on any ReturnValue; ecServerBusy adds BackoffTime.
      response: response(
        0x4e,
        (_e, _q, rv) => [
          ['transferStatus', 'u16'], ['inProgressCount', 'u16'], ['totalStepCount', 'u16'], ['reserved', 'u8'], ['transferBuffer', 'blob16'],
          ...(rv === 0x480 ? ([['backoffTime', 'u32']] as const) : []),
        ],
        [0x480],
      ),
    },
  ],
  [0x53, { request: request(0x53, [['sourceOperation', 'u8'], ['copyFlags', 'u8']], { out: true }), response: response(0x53, () => null) }],
  [0x54, { request: request(0x54, [['transferData', 'blob16']]), response: response(0x54, always([['transferStatus', 'u16'], ['inProgressCount', 'u16'], ['totalStepCount', 'u16'], ['reserved', 'u8'], ['bufferUsedSize', 'u16']])) }],
  [0x9d, { request: request(0x9d, [['transferData', 'blob16']]), response: response(0x9d, always([['transferStatus', 'u16'], ['inProgressCount', 'u32'], ['totalStepCount', 'u32'], ['reserved', 'u8'], ['bufferUsedSize', 'u16']])) }],
  [0x86, { request: request(0x86, () => fc.tuple(u16, u16, u16).map((v) => built({ version: v }, (w) => w.u16(v[0]).u16(v[1]).u16(v[2])))), response: response(0x86, () => null) }],
  [
    0x4f,
    {
      request: request(0x4f, [['findRowFlags', 'u8'], ['restrictionData', 'restriction16'], ['origin', 'u8'], ['bookmark', 'blob16']], { table: true }),
      response: response(0x4f, (env, _q, rv) =>
        rv === OK
          ? fc.tuple(fc.boolean(), fc.option(rowArb(env.columns), { nil: null })).map(([gone, row]) =>
              built({ rowNoLongerVisible: gone, hasRowData: row !== null, ...(row ? { rowData: row } : {}) }, (w) => {
                w.u8(gone ? 1 : 0).u8(row ? 1 : 0);
                if (row) writeRow(w, row, env.columns);
              }),
            )
          : null,
      ),
    },
  ],
  [
    0x50,
    {
      request: request(0x50, [['wantCancel', 'bool']]),
      response: (_env, req) => progressArb(req),
    },
  ],
  [0x51, { request: request(0x51, [['messageId', 'id'], ['folderId', 'id'], ['messageClass', 'asciiz'], ['messageFlags', 'u32']]), response: response(0x51, () => null) }],
  [
    0x52,
    {
      request: request(0x52, []),
      response: response(0x52, (_e, _q, rv) =>
        rv === OK
          ? fc.array(u32, { maxLength: 4 }).map((ids) =>
              built({ attachmentIdArray: ids }, (w) => {
                w.u16(ids.length);
                for (const x of ids) w.u32(x);
              }),
            )
          : null,
      ),
    },
  ],
  [0x55, { request: request(0x55, [['propertyIds', 'propIds16']]), response: response(0x55, onSuccess([['propertyNames', 'propNames16']])) }],
  [
    0x56,
    {
      request: request(0x56, [['flags', 'u8'], ['propertyNames', 'propNames16']]),
      // ecWarnWithErrors carries the ids too (reference §1.4 [U]); their count is the request's names.
      response: response(
        0x56,
        (_e, req, rv) =>
          rv === OK
            ? [['propertyIds', 'propIds16']]
            : rv === 0x40380
              ? fc.array(u16, { minLength: requestNames(req), maxLength: requestNames(req) }).map((ids) =>
                  built({ propertyIds: ids }, (w) => {
                    w.u16(ids.length);
                    for (const x of ids) w.u16(x);
                  }),
                )
              : null,
        [0x40380],
      ),
    },
  ],
  [0x57, { request: request(0x57, [['serverEntryId', 'blob16'], ['clientEntryId', 'blob16']]), response: response(0x57, () => null) }],
  [
    0x59,
    {
      request: request(0x59, [['maxRowCount', 'u16'], ['categoryId', 'u64']], { table: true }),
      response: response(0x59, (env, _q, rv) =>
        rv === OK
          ? fc.tuple(u32, rowsArb(env)).map(([expanded, rows]) =>
              built({ expandedRowCount: expanded, rowCount: rows.length, rowData: rows }, (w) => {
                w.u32(expanded).u16(rows.length);
                for (const row of rows) writeRow(w, row, env.columns);
              }),
            )
          : null,
      ),
    },
  ],
  [0x5a, { request: request(0x5a, [['categoryId', 'u64']]), response: response(0x5a, onSuccess([['collapsedRowCount', 'u32']])) }],
  [0x5b, { request: request(0x5b, [['regionOffset', 'u64'], ['regionSize', 'u64'], ['lockFlags', 'u32']]), response: response(0x5b, () => null) }],
  [0x5c, { request: request(0x5c, [['regionOffset', 'u64'], ['regionSize', 'u64'], ['lockFlags', 'u32']]), response: response(0x5c, () => null) }],
  [0x5d, { request: request(0x5d, []), response: response(0x5d, () => null) }],
  [0x5e, { request: request(0x5e, []), response: response(0x5e, onSuccess([['streamSize', 'u32']])) }],
  [
    0x5f,
    {
      request: request(0x5f, () =>
        fc.tuple(u8, fc.option(guidText, { nil: null })).map(([queryFlags, g]) =>
          built(g === null ? { queryFlags, hasGuid: false } : { queryFlags, hasGuid: true, propertyGuid: g }, (w) => {
            w.u8(queryFlags).u8(g === null ? 0 : 1);
            if (g !== null) w.guid(g);
          }),
        ),
      ),
      response: response(0x5f, (_e, _q, rv) =>
        rv === OK
          ? fc.array(fc.tuple(u16, propertyNameArb), { maxLength: 3 }).map((pairs) =>
              built({ propertyIds: pairs.map((p) => p[0]), propertyNames: pairs.map((p) => p[1]) }, (w) => {
                w.u16(pairs.length);
                for (const [id] of pairs) w.u16(id);
                for (const [, name] of pairs) writePropertyName(w, name);
              }),
            )
          : null,
      ),
    },
  ],
  [
    0x60,
    {
      request: request(0x60, [['databaseGuid', 'guid']]),
      response: response(0x60, (_e, _q, rv) =>
        rv === OK
          ? fc.array(K.ltid.arb, { maxLength: 3 }).map((ids) =>
              built({ longTermIds: ids }, (w) => {
                w.u16(ids.length);
                for (const x of ids) w.longTermId(x as string);
              }),
            )
          : null,
      ),
    },
  ],
  [0x61, { request: request(0x61, [['longTermId', 'ltid']]), response: response(0x61, onSuccess([['databaseGuid', 'guid']])) }],
  [0x63, { request: request(0x63, [['folderId', 'ltid'], ['reserved', 'u8'], ['dataOffset', 'u32'], ['maxDataSize', 'u16']]), response: response(0x63, onSuccess([['hasFinished', 'bool'], ['data', 'blob16']])) }],
  [
    0x64,
    {
      // ReplGuid only when DataOffset is 0 and the logon is a private mailbox.
      request: (env) =>
        headerArb(false).chain((h) =>
          fc.tuple(K.ltid.arb, fc.boolean(), fc.oneof(fc.constant(0), u32), blob(), guidText).map(([folderId, hasFinished, dataOffset, data, replGuid]) => {
            const withGuid = dataOffset === 0 && env.logonIsPrivate(h.logonId);
            const fields: RopFields = { folderId, hasFinished, dataOffset, data, ...(withGuid ? { replGuid } : {}) };
            return {
              model: { kind: 'other', ...h, fields } as RequestBody,
              write: (w: Writer) => {
                writeHeader(w, 0x64, h);
                w.longTermId(folderId as string).u8(hasFinished ? 1 : 0).u32(dataOffset).u16(data.length).bytes(data);
                if (withGuid) w.guid(replGuid);
              },
            };
          }),
        ),
      response: response(0x64, () => null),
    },
  ],
  [0x66, { request: request(0x66, [['wantAsynchronous', 'bool'], ['readFlags', 'u8'], ['messageIds', 'ids16']]), response: response(0x66, always(partial)) }],
  [
    0x68,
    {
      request: request(0x68, []),
      response: response(0x68, (_e, _q, rv) =>
        rv === OK
          ? fc.array(rowArb(RECEIVE_FOLDER_COLUMNS), { maxLength: 2 }).map((rows) =>
              built({ rowCount: rows.length, rows }, (w) => {
                w.u32(rows.length);
                for (const row of rows) writeRow(w, row, RECEIVE_FOLDER_COLUMNS);
              }),
            )
          : null,
      ),
    },
  ],
  [0x6b, { request: request(0x6b, [['rowId', 'u64'], ['rowInstanceNumber', 'u32']]), response: response(0x6b, onSuccess([['collapseState', 'blob16']])) }],
  [0x6c, { request: request(0x6c, [['collapseState', 'blob16']]), response: response(0x6c, onSuccess([['bookmark', 'blob16']])) }],
  [0x6d, { request: request(0x6d, []), response: response(0x6d, onSuccess([['folderId', 'id']])) }],
  [
    0x6f,
    {
      request: request(0x6f, [['addressType', 'asciiz'], ['wantWin32', 'bool']]),
      // HelpFileName follows only when HelpFileSize is not 0.
      response: response(0x6f, (_e, _q, rv) =>
        rv === OK
          ? fc.tuple(u8, blob(), blob(), string8).map(([reserved, info, help, name]) =>
              built({ reserved, optionsInfo: info, helpFile: help, ...(help.length > 0 ? { helpFileName: name } : {}) }, (w) => {
                w.u8(reserved).u16(info.length).bytes(info).u16(help.length).bytes(help);
                if (help.length > 0) w.asciiz(name);
              }),
            )
          : null,
      ),
    },
  ],
  [
    0x70,
    {
      request: request(
        0x70,
        [['synchronizationType', 'u8'], ['sendOptions', 'u8'], ['synchronizationFlags', 'u16'], ['restrictionData', 'restriction16'], ['synchronizationExtraFlags', 'u32'], ['propertyTags', 'tags16']],
        { out: true },
      ),
      response: response(0x70, () => null),
    },
  ],
  [0x72, { request: request(0x72, [['importFlag', 'u8'], ['propertyValues', 'tpvs16']], { out: true }), response: response(0x72, onSuccess([['messageId', 'id']])) }],
  [0x73, { request: request(0x73, [['hierarchyValues', 'tpvs16'], ['propertyValues', 'tpvs16']]), response: response(0x73, onSuccess([['folderId', 'id']])) }],
  [0x74, { request: request(0x74, [['importDeleteFlags', 'u8'], ['propertyValues', 'tpvs16']]), response: response(0x74, () => null) }],
  [0x75, { request: request(0x75, [['stateProperty', 'u32'], ['transferBufferSize', 'u32']]), response: response(0x75, () => null) }],
  [0x76, { request: request(0x76, [['streamData', 'blob32']]), response: response(0x76, () => null) }],
  [0x77, { request: request(0x77, []), response: response(0x77, () => null) }],
  [
    0x78,
    {
      request: request(0x78, [['sourceFolderId', 'blob32'], ['sourceMessageId', 'blob32'], ['predecessorChangeList', 'blob32'], ['destinationMessageId', 'blob32'], ['changeNumber', 'blob32']]),
      response: response(0x78, onSuccess([['messageId', 'id']])),
    },
  ],
  [0x7b, { request: request(0x7b, []), response: response(0x7b, onSuccess([['storeState', 'u32']])) }],
  [0x7e, { request: request(0x7e, [['isContentsCollector', 'u8']], { out: true }), response: response(0x7e, () => null) }],
  [0x7f, { request: request(0x7f, [['idCount', 'u32']]), response: response(0x7f, onSuccess([['replGuid', 'guid'], ['globalCount', 'bytes6']])) }],
  [
    0x80,
    {
      request: request(0x80, () =>
        fc.array(fc.tuple(blob(8), fc.boolean()), { maxLength: 3 }).map((states) => {
          const inner = new Writer();
          for (const [mid, read] of states) inner.u16(mid.length).bytes(mid).u8(read ? 1 : 0);
          return built({ messageReadStates: states.map(([messageId, markAsRead]) => ({ messageId, markAsRead })) }, (w) => w.u16(inner.length).bytes(inner.finish()));
        }),
      ),
      response: response(0x80, () => null),
    },
  ],
  [
    0x81,
    {
      request: () => headerArb(false).map((h) => ({ model: { kind: 'RopResetTable', ...h } as RequestBody, write: (w: Writer) => writeHeader(w, 0x81, h) })),
      response: (_env, req) =>
        returnValueArb().map((returnValue) => ({
          model: { kind: 'RopResetTable', handleIndex: echo(req), returnValue } as ResponseBody,
          write: (w: Writer) => void w.u8(0x81).u8(echo(req)).u32(returnValue),
        })),
    },
  ],
  [0x82, { request: request(0x82, [], { out: true }), response: response(0x82, () => null) }],
  [0x89, { request: request(0x89, [['bookmark', 'blob16']]), response: response(0x89, () => null) }],
  [
    0x93,
    {
      request: request(0x93, () =>
        fc.array(fc.tuple(K.ltid.arb, K.ltid.arb), { maxLength: 2 }).map((ranges) => {
          const inner = new Writer().u32(ranges.length);
          for (const [a, b] of ranges) inner.longTermId(a as string).longTermId(b as string);
          return built({ longTermIdRanges: ranges.map(([a, b]) => ({ minLongTermId: a, maxLongTermId: b })) }, (w) => w.u16(inner.length).bytes(inner.finish()));
        }),
      ),
      response: response(0x93, () => null),
    },
  ],
  [
    0xfe,
    {
      request: () =>
        fc.tuple(fc.integer({ min: 8, max: 15 }), fc.constantFrom(2, 3, 4, 5), u8, u32, u32, fc.option(string8, { nil: null })).map(([logonId, out, logonFlags, openFlags, storeState, essdn]) => ({
          model: { kind: 'RopLogon', logonId, inputHandleIndex: null, outputHandleIndex: out, logonFlags, openFlags, storeState, essdn } as RequestBody,
          write: (w: Writer) => {
            w.u8(0xfe).u8(logonId).u8(out).u8(logonFlags).u32(openFlags).u32(storeState);
            if (essdn === null) w.u16(0);
            else w.u16(essdn.length + 1).asciiz(essdn);
          },
        })),
      response: (_env, req) => logonResponseArb(req),
    },
  ],
]);
