/** EMSMDB / AsyncEMSMDB call structures ([MS-OXCRPC] 3.1.4, 3.3.4). Field names follow the IDL. */

/** ndr_context_handle: attributes + GUID. `key` is the 40-hex-digit identity of the 20 bytes. */
export interface ContextHandle {
  attributes: number;
  uuid: string;
  key: string;
  isNull: boolean;
}

export interface SockAddr {
  family: 'AF_INET' | 'AF_INET6';
  address: string;
  port: number;
  /** AF_INET6 only. */
  flowInfo?: number;
  scopeId?: number;
}

export type EmsmdbRequest =
  | {
      op: 'EcDoConnectEx';
      userDN: string | null;
      flags: number;
      conMod: number;
      cbLimit: number;
      cpid: number;
      lcidString: number;
      lcidSort: number;
      icxrLink: number;
      canConvertCodePages: number;
      clientVersion: [number, number, number];
      timeStamp: number;
      auxIn: Uint8Array;
      cbAuxIn: number;
      maxAuxOut: number;
    }
  | { op: 'EcDoDisconnect'; cxh: ContextHandle }
  | {
      op: 'EcDoRpcExt2';
      cxh: ContextHandle;
      flags: number;
      rgbIn: Uint8Array;
      cbIn: number;
      maxOut: number;
      auxIn: Uint8Array;
      cbAuxIn: number;
      maxAuxOut: number;
    }
  | {
      op: 'EcRRegisterPushNotification';
      cxh: ContextHandle;
      iRpc: number;
      context: Uint8Array;
      cbContext: number;
      adviseBits: number;
      callbackAddress: Uint8Array;
      cbCallbackAddress: number;
    }
  | { op: 'EcRUnregisterPushNotification'; legacy: true; cxh: ContextHandle; hNotification: number | null }
  | { op: 'EcDummyRpc' }
  | { op: 'EcDoAsyncConnectEx'; cxh: ContextHandle }
  | { op: 'EcDoAsyncWaitEx'; acxh: ContextHandle; flagsIn: number }
  | { op: 'unused'; opnum: number; name: string };

export type EmsmdbResponse =
  | {
      op: 'EcDoConnectEx';
      cxh: ContextHandle;
      pollsMax: number;
      retry: number;
      retryDelay: number;
      icxr: number;
      dnPrefix: string | null;
      displayName: string | null;
      serverVersion: [number, number, number];
      bestVersion: [number, number, number];
      timeStamp: number;
      auxOut: Uint8Array;
      cbAuxOut: number;
      returnValue: number;
    }
  | { op: 'EcDoDisconnect'; cxh: ContextHandle; returnValue: number }
  | {
      op: 'EcDoRpcExt2';
      cxh: ContextHandle;
      flags: number;
      rgbOut: Uint8Array;
      cbOut: number;
      auxOut: Uint8Array;
      cbAuxOut: number;
      transTime: number;
      returnValue: number;
    }
  | { op: 'EcRRegisterPushNotification'; cxh: ContextHandle; hNotification: number; returnValue: number }
  | { op: 'EcRUnregisterPushNotification'; legacy: true; cxh: ContextHandle; returnValue: number }
  | { op: 'EcDummyRpc'; returnValue: number }
  | { op: 'EcDoAsyncConnectEx'; acxh: ContextHandle; returnValue: number }
  | { op: 'EcDoAsyncWaitEx'; flagsOut: number; returnValue: number }
  | { op: 'unused'; opnum: number; name: string };
