import { tryDecode, type Damage } from '../../core/damage.js';
import type { InterfaceName } from '../dcerpc/types.js';
import { NdrReader } from '../ndr/ndr-reader.js';
import { decodeEcDoAsyncConnectExRequest, decodeEcDoAsyncConnectExResponse } from './calls/ec-do-async-connect-ex.js';
import { decodeEcDoAsyncWaitExRequest, decodeEcDoAsyncWaitExResponse } from './calls/ec-do-async-wait-ex.js';
import { decodeEcDoConnectExRequest, decodeEcDoConnectExResponse } from './calls/ec-do-connect-ex.js';
import { decodeEcDoDisconnectRequest, decodeEcDoDisconnectResponse } from './calls/ec-do-disconnect.js';
import { decodeEcDoRpcExt2Request, decodeEcDoRpcExt2Response } from './calls/ec-do-rpc-ext2.js';
import { decodeEcDummyRpcRequest, decodeEcDummyRpcResponse } from './calls/ec-dummy-rpc.js';
import { decodeEcRRegisterPushNotificationRequest, decodeEcRRegisterPushNotificationResponse } from './calls/ec-r-register-push-notification.js';
import { decodeEcRUnregisterPushNotificationRequest, decodeEcRUnregisterPushNotificationResponse } from './calls/ec-r-unregister-push-notification.js';
import { opnumEntry, opnumName } from './interfaces.js';
import type { EmsmdbRequest, EmsmdbResponse } from './types.js';

interface CallCodec {
  request(ndr: NdrReader): EmsmdbRequest;
  response(ndr: NdrReader): EmsmdbResponse;
}

/** Opnum → codec, per interface ([MS-OXCRPC] 3.1.4 and 3.3.4; reference §2.2). */
const CODECS: Partial<Record<InterfaceName, Readonly<Record<number, CallCodec>>>> = {
  EMSMDB: {
    1: { request: decodeEcDoDisconnectRequest, response: decodeEcDoDisconnectResponse },
    4: { request: decodeEcRRegisterPushNotificationRequest, response: decodeEcRRegisterPushNotificationResponse },
    5: { request: decodeEcRUnregisterPushNotificationRequest, response: decodeEcRUnregisterPushNotificationResponse },
    6: { request: decodeEcDummyRpcRequest, response: decodeEcDummyRpcResponse },
    10: { request: decodeEcDoConnectExRequest, response: decodeEcDoConnectExResponse },
    11: { request: decodeEcDoRpcExt2Request, response: decodeEcDoRpcExt2Response },
    14: { request: decodeEcDoAsyncConnectExRequest, response: decodeEcDoAsyncConnectExResponse },
  },
  AsyncEMSMDB: {
    0: { request: decodeEcDoAsyncWaitExRequest, response: decodeEcDoAsyncWaitExResponse },
  },
};

export interface DecodedCall<T> {
  value?: T;
  /** Set alongside `value` when the stub decoded but broke an IDL rule (range, size_is…). */
  damage?: Damage;
}

export function decodeEmsmdbRequest(iface: InterfaceName, opnum: number, stub: Uint8Array, littleEndian: boolean): DecodedCall<EmsmdbRequest> {
  return decode(iface, opnum, stub, littleEndian, 'request');
}

export function decodeEmsmdbResponse(iface: InterfaceName, opnum: number, stub: Uint8Array, littleEndian: boolean): DecodedCall<EmsmdbResponse> {
  return decode(iface, opnum, stub, littleEndian, 'response');
}

function decode<K extends 'request' | 'response'>(
  iface: InterfaceName,
  opnum: number,
  stub: Uint8Array,
  littleEndian: boolean,
  kind: K,
): DecodedCall<K extends 'request' ? EmsmdbRequest : EmsmdbResponse> {
  type T = K extends 'request' ? EmsmdbRequest : EmsmdbResponse;
  const table = CODECS[iface];
  if (!table) {
    return { damage: { reason: 'unsupported', offset: 0, field: 'interface', detail: `${iface} ${kind} stubs are not EMSMDB calls` } };
  }
  const codec = table[opnum];
  if (!codec) {
    const entry = opnumEntry(iface, opnum);
    const name = opnumName(iface, opnum);
    const unused = { op: 'unused', opnum, name } as T;
    const detail = entry
      ? `${name} is reserved (not used on the wire); its ${kind} is not decoded`
      : `opnum ${opnum} is not defined by ${iface}`;
    return { value: unused, damage: { reason: entry ? 'unsupported' : 'malformed', offset: 0, field: 'opnum', detail } };
  }
  const ndr = new NdrReader(stub, littleEndian);
  const res = tryDecode(() => (kind === 'request' ? codec.request(ndr) : codec.response(ndr)) as T);
  if (res.damage) return { damage: res.damage };
  const soft = ndr.damage;
  return soft ? { value: res.value, damage: soft } : { value: res.value };
}
