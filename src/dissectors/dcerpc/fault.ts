import { faultStatusName } from './constants.js';
import { bodyReader, type PduHeader } from './pdu-header.js';

/** fault PDU body (PTYPE 3, reference §3.4; [MS-RPCE] 2.2.2.8 for the extended-error bit). */
export interface FaultBody {
  allocHint: number;
  contextId: number;
  cancelCount: number;
  /** reserved bit 0: extended error information follows as stub data. */
  extendedError: boolean;
  status: number;
  statusName: string | null;
}

export function decodeFault(pdu: Uint8Array, hdr: PduHeader): FaultBody {
  const r = bodyReader(pdu, hdr);
  const allocHint = r.u32('alloc_hint');
  const contextId = r.u16('p_cont_id');
  const cancelCount = r.u8('cancel_count');
  const extendedError = (r.u8('reserved') & 0x01) !== 0;
  const status = r.u32('status');
  return { allocHint, contextId, cancelCount, extendedError, status, statusName: faultStatusName(status) };
}
