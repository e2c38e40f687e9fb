import type { NdrReader } from '../../ndr/ndr-reader.js';
import type { EmsmdbRequest, EmsmdbResponse } from '../types.js';

type Req = Extract<EmsmdbRequest, { op: 'EcRUnregisterPushNotification' }>;
type Resp = Extract<EmsmdbResponse, { op: 'EcRUnregisterPushNotification' }>;

/**
 * EMSMDB opnum 5: "Opnum5NotUsedOnWire" in the current [MS-OXCRPC]; older revisions described
 * EcRUnregisterPushNotification([in,out,ref] CXH *pcxh, [in] unsigned long hNotification) and OpenChange
 * declares a second u32 (reference §2.2, UNCONFIRMED). Decoded as CXH + u32 (+ an optional u32) and labelled legacy.
 */
export function decodeEcRUnregisterPushNotificationRequest(ndr: NdrReader): Req {
  const cxh = ndr.contextHandle('pcxh');
  const hNotification = ndr.remaining >= 4 ? ndr.u32('hNotification') : null;
  if (ndr.remaining >= 4) ndr.u32('second parameter (OpenChange unknown[1])');
  ndr.expectEnd('EcRUnregisterPushNotification request');
  return { op: 'EcRUnregisterPushNotification', legacy: true, cxh, hNotification };
}

export function decodeEcRUnregisterPushNotificationResponse(ndr: NdrReader): Resp {
  const cxh = ndr.contextHandle('pcxh');
  const returnValue = ndr.u32('return value');
  ndr.expectEnd('EcRUnregisterPushNotification response');
  return { op: 'EcRUnregisterPushNotification', legacy: true, cxh, returnValue };
}
