import type { NdrReader } from '../../ndr/ndr-reader.js';
import type { EmsmdbRequest, EmsmdbResponse } from '../types.js';

/** EcDoAsyncConnectEx, EMSMDB opnum 14 ([MS-OXCRPC] 3.1.4.1): CXH by value in, ACXH and return out. */
export function decodeEcDoAsyncConnectExRequest(ndr: NdrReader): Extract<EmsmdbRequest, { op: 'EcDoAsyncConnectEx' }> {
  const cxh = ndr.contextHandle('cxh');
  ndr.expectEnd('EcDoAsyncConnectEx request');
  return { op: 'EcDoAsyncConnectEx', cxh };
}

/** ecRejected (0x7EE) here means the server has asynchronous notifications disabled. */
export function decodeEcDoAsyncConnectExResponse(ndr: NdrReader): Extract<EmsmdbResponse, { op: 'EcDoAsyncConnectEx' }> {
  const acxh = ndr.contextHandle('pacxh');
  const returnValue = ndr.u32('return value');
  ndr.expectEnd('EcDoAsyncConnectEx response');
  return { op: 'EcDoAsyncConnectEx', acxh, returnValue };
}
