import type { NdrReader } from '../../ndr/ndr-reader.js';
import { checkSizeIs } from '../idl-ranges.js';
import type { EmsmdbRequest, EmsmdbResponse } from '../types.js';

type Req = Extract<EmsmdbRequest, { op: 'EcRRegisterPushNotification' }>;
type Resp = Extract<EmsmdbResponse, { op: 'EcRRegisterPushNotification' }>;

/**
 * EcRRegisterPushNotification, EMSMDB opnum 4 ([MS-OXCRPC] 3.1.4.5; reference §2.4). The u16 sizes
 * follow their conformant arrays. cbContext > 16 and a bad SOCKADDR are server-side checks (ecTooBig,
 * ecInvalidParam), left to the rules; only size_is disagreements are layout damage here.
 */
export function decodeEcRRegisterPushNotificationRequest(ndr: NdrReader): Req {
  const cxh = ndr.contextHandle('pcxh');
  const iRpc = ndr.u32('iRpc');
  const context = ndr.conformantBytes('rgbContext');
  const cbContextAt = ndr.offset;
  const cbContext = ndr.u16('cbContext');
  checkSizeIs(ndr, 'cbContext', cbContext, context.maxCount, 'rgbContext max_count', cbContextAt);
  const adviseBits = ndr.u32('grbitAdviseBits');
  const address = ndr.conformantBytes('rgbCallbackAddress');
  const cbAddrAt = ndr.offset;
  const cbCallbackAddress = ndr.u16('cbCallbackAddress');
  checkSizeIs(ndr, 'cbCallbackAddress', cbCallbackAddress, address.maxCount, 'rgbCallbackAddress max_count', cbAddrAt);
  ndr.expectEnd('EcRRegisterPushNotification request');
  return {
    op: 'EcRRegisterPushNotification',
    cxh,
    iRpc,
    context: context.bytes,
    cbContext,
    adviseBits,
    callbackAddress: address.bytes,
    cbCallbackAddress,
  };
}

export function decodeEcRRegisterPushNotificationResponse(ndr: NdrReader): Resp {
  const cxh = ndr.contextHandle('pcxh');
  const hNotification = ndr.u32('hNotification');
  const returnValue = ndr.u32('return value');
  ndr.expectEnd('EcRRegisterPushNotification response');
  return { op: 'EcRRegisterPushNotification', cxh, hNotification, returnValue };
}
