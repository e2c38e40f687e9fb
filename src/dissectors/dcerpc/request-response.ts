import { uuidText } from '../ndr/uuid.js';
import { PFC } from './constants.js';
import { bodyReader, type PduHeader } from './pdu-header.js';

/** Fixed part of a request PDU (PTYPE 0, reference §3.4): the stub follows at `stubStart`. */
export interface RequestFields {
  allocHint: number;
  contextId: number;
  opnum: number;
  /** Present only with PFC_OBJECT_UUID. */
  objectUuid: string | null;
  stubStart: number;
}

/** Fixed part of a response PDU (PTYPE 2). */
export interface ResponseFields {
  allocHint: number;
  contextId: number;
  cancelCount: number;
  stubStart: number;
}

export function decodeRequestFields(pdu: Uint8Array, hdr: PduHeader): RequestFields {
  const r = bodyReader(pdu, hdr);
  const allocHint = r.u32('alloc_hint');
  const contextId = r.u16('p_cont_id');
  const opnum = r.u16('opnum');
  const objectUuid = hdr.flags & PFC.OBJECT_UUID ? uuidText(r.bytes(16, 'object'), 0, hdr.littleEndian) : null;
  return { allocHint, contextId, opnum, objectUuid, stubStart: r.position };
}

export function decodeResponseFields(pdu: Uint8Array, hdr: PduHeader): ResponseFields {
  const r = bodyReader(pdu, hdr);
  const allocHint = r.u32('alloc_hint');
  const contextId = r.u16('p_cont_id');
  const cancelCount = r.u8('cancel_count');
  r.skip(1, 'reserved');
  return { allocHint, contextId, cancelCount, stubStart: r.position };
}
