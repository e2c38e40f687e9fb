import type { NdrReader } from '../../ndr/ndr-reader.js';
import type { EmsmdbRequest, EmsmdbResponse } from '../types.js';

/** EcDummyRpc, EMSMDB opnum 6 ([MS-OXCRPC] 3.1.4.4): only a binding handle in (no stub), a return value out. */
export function decodeEcDummyRpcRequest(ndr: NdrReader): Extract<EmsmdbRequest, { op: 'EcDummyRpc' }> {
  ndr.expectEnd('EcDummyRpc request');
  return { op: 'EcDummyRpc' };
}

export function decodeEcDummyRpcResponse(ndr: NdrReader): Extract<EmsmdbResponse, { op: 'EcDummyRpc' }> {
  const returnValue = ndr.u32('return value');
  ndr.expectEnd('EcDummyRpc response');
  return { op: 'EcDummyRpc', returnValue };
}
