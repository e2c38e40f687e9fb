import type { NdrReader } from '../../ndr/ndr-reader.js';
import type { EmsmdbRequest, EmsmdbResponse } from '../types.js';

/**
 * EcDoAsyncWaitEx, AsyncEMSMDB opnum 0 ([MS-OXCRPC] 3.3.4.1). An [async] call: its response may come
 * minutes later on the same call_id. pulFlagsOut 0x00000001 = NotificationPending.
 */
export function decodeEcDoAsyncWaitExRequest(ndr: NdrReader): Extract<EmsmdbRequest, { op: 'EcDoAsyncWaitEx' }> {
  const acxh = ndr.contextHandle('acxh');
  const flagsIn = ndr.u32('ulFlagsIn');
  ndr.expectEnd('EcDoAsyncWaitEx request');
  return { op: 'EcDoAsyncWaitEx', acxh, flagsIn };
}

export function decodeEcDoAsyncWaitExResponse(ndr: NdrReader): Extract<EmsmdbResponse, { op: 'EcDoAsyncWaitEx' }> {
  const flagsOut = ndr.u32('pulFlagsOut');
  const returnValue = ndr.u32('return value');
  ndr.expectEnd('EcDoAsyncWaitEx response');
  return { op: 'EcDoAsyncWaitEx', flagsOut, returnValue };
}
