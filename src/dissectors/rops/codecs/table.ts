import type { ByteReader } from '../../../core/byte-reader.js';
import { hex8 } from '../../../core/hex.js';
import { readPropertyRow, readPropertyRows } from '../../oxcdata/property-row.js';
import type { CodecContext, RopCodec } from '../codec.js';
import type { RopRequest } from '../types.js';
import {
  blob16, bool, i32, otherRequest, otherResponse, readTags, requestHeader, responseHeader, restriction16, rop, stateMissing, u8, u16, u32, u64,
} from './fields.js';

/** Table ROPs ([MS-OXCROPS] 2.2.5; [MS-OXCTABL]). */

/**
 * Rows are sized by the table's columns (reference ROPS-OXCDATA §2.14): the last RopSetColumns on
 * the table, possibly in an earlier call. Unknown columns stop the list with 'state-missing'
 * rather than guess at the row bytes.
 */
function columnsFor(r: ByteReader, c: CodecContext, slot: number, field: string): readonly number[] {
  const cols = c.columnsOfSlot(slot);
  if (cols) return cols;
  const handle = c.handleInSlot(slot);
  const which = handle === undefined ? `in handle slot ${slot}` : hex8(handle);
  throw stateMissing(r, field, `columns unknown: RopSetColumns for handle ${which} not in capture`);
}

/** The slot of the table: the request's InputHandleIndex, else the index the response echoes. */
function tableSlot(paired: RopRequest | null, echoed: number): number {
  return paired && paired.inputHandleIndex !== null ? paired.inputHandleIndex : echoed;
}

const tableStatus = otherResponse([['tableStatus', u8]]);

export const TABLE_CODECS: readonly RopCodec[] = [
  rop(0x12, 'RopSetColumns', {
    request: (r) => {
      const h = requestHeader(r, false);
      const setColumnsFlags = r.u8('SetColumnsFlags');
      return { kind: 'RopSetColumns', ...h, setColumnsFlags, propertyTags: readTags(r, 'PropertyTags') };
    },
    response: (r) => {
      const h = responseHeader(r);
      return { kind: 'RopSetColumns', ...h, tableStatus: h.returnValue === 0 ? r.u8('TableStatus') : null };
    },
  }),
  rop(0x13, 'RopSortTable', {
    request: otherRequest((r, f) => {
      f.sortTableFlags = r.u8('SortTableFlags');
      const n = r.u16('SortOrderCount');
      f.sortOrderCount = n;
      f.categoryCount = r.u16('CategoryCount');
      f.expandedCount = r.u16('ExpandedCount');
      const count = r.count(n, 5, 'SortOrders');
      const orders = [];
      for (let i = 0; i < count; i++) {
        orders.push({ propertyType: r.u16('PropertyType'), propertyId: r.u16('PropertyId'), order: r.u8('Order') });
      }
      f.sortOrders = orders;
    }),
    response: tableStatus,
  }),
  rop(0x14, 'RopRestrict', { request: otherRequest([['restrictFlags', u8], ['restrictionData', restriction16]]), response: tableStatus }),
  rop(0x15, 'RopQueryRows', {
    request: (r) => {
      const h = requestHeader(r, false);
      const queryRowsFlags = r.u8('QueryRowsFlags');
      const forward = r.u8('ForwardRead');
      return { kind: 'RopQueryRows', ...h, queryRowsFlags, forwardRead: forward !== 0, rowCount: r.u16('RowCount') };
    },
    response: (r, c, paired) => {
      const h = responseHeader(r);
      if (h.returnValue !== 0) return { kind: 'RopQueryRows', ...h, origin: null, rowCount: null, rows: null };
      const origin = r.u8('Origin');
      const rowCount = r.u16('RowCount');
      const columns = rowCount === 0 ? [] : columnsFor(r, c, tableSlot(paired, h.handleIndex), 'RowData');
      return { kind: 'RopQueryRows', ...h, origin, rowCount, rows: readPropertyRows(r, rowCount, columns, 'RowData') };
    },
  }),
  rop(0x16, 'RopGetStatus', { request: otherRequest([]), response: tableStatus }),
  rop(0x17, 'RopQueryPosition', { request: otherRequest([]), response: otherResponse([['numerator', u32], ['denominator', u32]]) }),
  rop(0x18, 'RopSeekRow', {
    request: otherRequest([['origin', u8], ['rowCount', i32], ['wantRowMovedCount', bool]]),
    response: otherResponse([['hasSoughtLess', bool], ['rowsSought', i32]]),
  }),
  rop(0x19, 'RopSeekRowBookmark', {
    request: otherRequest([['bookmark', blob16], ['rowCount', i32], ['wantRowMovedCount', bool]]),
    response: otherResponse([['rowNoLongerVisible', bool], ['hasSoughtLess', bool], ['rowsSought', i32]]),
  }),
  rop(0x1a, 'RopSeekRowFractional', { request: otherRequest([['numerator', u32], ['denominator', u32]]), response: otherResponse() }),
  rop(0x1b, 'RopCreateBookmark', { request: otherRequest([]), response: otherResponse([['bookmark', blob16]]) }),
  rop(0x37, 'RopQueryColumnsAll', { request: otherRequest([]), response: otherResponse((r, f) => { f.propertyTags = readTags(r, 'PropertyTags'); }) }),
  rop(0x38, 'RopAbort', { request: otherRequest([]), response: tableStatus }),
  rop(0x4f, 'RopFindRow', {
    request: otherRequest([['findRowFlags', u8], ['restrictionData', restriction16], ['origin', u8], ['bookmark', blob16]]),
    response: otherResponse((r, f, c, paired, header) => {
      f.rowNoLongerVisible = r.u8('RowNoLongerVisible') !== 0;
      const has = r.u8('HasRowData');
      f.hasRowData = has !== 0;
      if (has) f.rowData = readPropertyRow(r, columnsFor(r, c, tableSlot(paired, header?.handleIndex ?? -1), 'RowData'), 'RowData');
    }),
  }),
  rop(0x59, 'RopExpandRow', {
    request: otherRequest([['maxRowCount', u16], ['categoryId', u64]]),
    response: otherResponse((r, f, c, paired, header) => {
      f.expandedRowCount = r.u32('ExpandedRowCount');
      const n = r.u16('RowCount');
      f.rowCount = n;
      const columns = n === 0 ? [] : columnsFor(r, c, tableSlot(paired, header?.handleIndex ?? -1), 'RowData');
      f.rowData = readPropertyRows(r, n, columns, 'RowData');
    }),
  }),
  rop(0x5a, 'RopCollapseRow', { request: otherRequest([['categoryId', u64]]), response: otherResponse([['collapsedRowCount', u32]]) }),
  rop(0x6b, 'RopGetCollapseState', {
    request: otherRequest([['rowId', u64], ['rowInstanceNumber', u32]]),
    response: otherResponse([['collapseState', blob16]]),
  }),
  rop(0x6c, 'RopSetCollapseState', { request: otherRequest([['collapseState', blob16]]), response: otherResponse([['bookmark', blob16]]) }),
  rop(0x81, 'RopResetTable', {
    request: (r) => ({ kind: 'RopResetTable', ...requestHeader(r, false) }),
    response: (r) => ({ kind: 'RopResetTable', ...responseHeader(r) }),
  }),
  rop(0x89, 'RopFreeBookmark', { request: otherRequest([['bookmark', blob16]]), response: otherResponse() }),
];
