import type { NdrReader } from '../../ndr/ndr-reader.js';
import type { EmsmdbRequest, EmsmdbResponse } from '../types.js';

/** EcDoDisconnect, EMSMDB opnum 1 ([MS-OXCRPC] 3.1.4.3): CXH in, CXH (zeroed on success) and return out. */
export function decodeEcDoDisconnectRequest(ndr: NdrReader): Extract<EmsmdbRequest, { op: 'EcDoDisconnect' }> {
  const cxh = ndr.contextHandle('pcxh');
  ndr.expectEnd('EcDoDisconnect request');
  return { op: 'EcDoDisconnect', cxh };
}

export function decodeEcDoDisconnectResponse(ndr: NdrReader): Extract<EmsmdbResponse, { op: 'EcDoDisconnect' }> {
  const cxh = ndr.contextHandle('pcxh');
  const returnValue = ndr.u32('return value');
  ndr.expectEnd('EcDoDisconnect response');
  return { op: 'EcDoDisconnect', cxh, returnValue };
}
