/** MAPI over HTTP ([MS-OXCMAPIHTTP]; reference MAPIHTTP.md). Field names follow the specification's, camelCased. */
import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';

import type { HttpHeader } from '../http/types.js';

/** Headers as the HTTP framer hands them over, in wire order. */
export type { HttpHeader };
export type HttpHeaders = readonly HttpHeader[];

/** X-RequestType tokens of the mailbox endpoint (reference §3.1). PING is valid on both endpoints. */
export type MapiEmsmdbRequestType = 'Connect' | 'Execute' | 'Disconnect' | 'NotificationWait' | 'PING';

/** X-RequestType tokens of the address book endpoint (reference §3.1; wire spellings, e.g. CompareMIds). */
export type MapiNspiRequestType =
  | 'Bind'
  | 'Unbind'
  | 'CompareMIds'
  | 'DNToMId'
  | 'GetMatches'
  | 'GetPropList'
  | 'GetProps'
  | 'GetSpecialTable'
  | 'GetTemplateInfo'
  | 'ModLinkAtt'
  | 'ModProps'
  | 'QueryColumns'
  | 'QueryRows'
  | 'ResolveNames'
  | 'ResortRestriction'
  | 'SeekEntries'
  | 'UpdateStat'
  | 'GetMailboxUrl'
  | 'GetAddressBookUrl';

export type MapiRequestType = MapiEmsmdbRequestType | MapiNspiRequestType;

export type MapiEndpoint = 'emsmdb' | 'nspi';

/** The auxiliary buffer that ends every body: RPC_HEADER_EXT + AUX blocks, handed back undecoded (rpc-ext decodes it). */
export interface AuxiliaryPart {
  auxiliaryBufferSize: number;
  /** Owned copy. */
  auxiliaryBuffer: Uint8Array;
}

/** Request bodies ([MS-OXCMAPIHTTP] 2.2.4.x.1; reference §3.3–3.8). */
export type MapiRequest =
  /** Mirrors EcDoConnectEx: UserDn is the szUserDN, Flags ulFlags, DefaultCodePage ulCpid. */
  | ({ type: 'Connect'; userDn: string; flags: number; defaultCodePage: number; lcidSort: number; lcidString: number } & AuxiliaryPart)
  /** Mirrors EcDoRpcExt2: Flags = pulFlags, RopBuffer = rgbIn (RPC_HEADER_EXT chain, not decoded here), MaxRopOut = pcbOut. */
  | ({
      type: 'Execute';
      flags: number;
      /** Names of the Flags bits ([MS-OXCRPC] 3.1.4.2): NoCompression, NoXorMagic, Chain; others in hex. */
      flagNames: string[];
      ropBufferSize: number;
      /** Owned copy. */
      ropBuffer: Uint8Array;
      maxRopOut: number;
    } & AuxiliaryPart)
  | ({ type: 'Disconnect' } & AuxiliaryPart)
  /** Mirrors EcDoAsyncWaitEx: Flags is reserved (0). */
  | ({ type: 'NotificationWait'; flags: number } & AuxiliaryPart)
  | { type: 'PING' }
  | { type: MapiNspiRequestType; undecoded: true };

/** StatusCode ≠ 0: the body is StatusCode + AuxiliaryBufferSize + AuxiliaryBuffer only (reference §3.2). */
export type MapiFailureResponse = {
  type: Exclude<MapiEmsmdbRequestType, 'PING'>;
  failed: true;
  statusCode: number;
} & AuxiliaryPart;

/** Success response bodies (StatusCode 0) and the failure form ([MS-OXCMAPIHTTP] 2.2.4.x.2/3). */
export type MapiResponse =
  | ({
      type: 'Connect';
      failed: false;
      statusCode: number;
      /** EcDoConnectEx return value. */
      errorCode: number;
      /** PollsMax in the specification (ms). */
      maxPollingInterval: number;
      retryCount: number;
      /** ms */
      retryDelay: number;
      /** ASCII, NUL-terminated on the wire. */
      dnPrefix: string;
      /** UTF-16LE, NUL-terminated on the wire. */
      displayName: string;
    } & AuxiliaryPart)
  | ({
      type: 'Execute';
      failed: false;
      statusCode: number;
      errorCode: number;
      /** Reserved: servers send 0. */
      flags: number;
      ropBufferSize: number;
      /** rgbOut: RPC_HEADER_EXT chain, owned copy, not decoded here. */
      ropBuffer: Uint8Array;
    } & AuxiliaryPart)
  | ({ type: 'Disconnect'; failed: false; statusCode: number; errorCode: number } & AuxiliaryPart)
  | ({
      type: 'NotificationWait';
      failed: false;
      statusCode: number;
      errorCode: number;
      /** The EventPending field as sent (pulFlagsOut of EcDoAsyncWaitEx). */
      eventPendingFlags: number;
      /** Bit 0x00000001: an event is pending on the Session Context, an Execute should follow (rule N10). */
      eventPending: boolean;
    } & AuxiliaryPart)
  | { type: 'PING' }
  | MapiFailureResponse
  | { type: MapiNspiRequestType; undecoded: true };

/** What a body decoder returns: the value when one could be built, the first problem by offset, and the others. */
export interface MapiDecodeResult<T> {
  value?: T;
  damage?: Damage;
  otherDamage?: Damage[];
}

/** A meta-tag line of the inner response stream (reference §2) and when it completed. */
export interface MapiStatusLine {
  kind: 'PROCESSING' | 'PENDING' | 'DONE' | string;
  at: FrameRef;
}

export interface MapiResponseStreamOptions {
  /** Bytes kept of one response (status lines, additional headers and body together); the rest is counted, not kept. */
  maxBodyBytes: number;
  /** Called as each status line completes (a PENDING keep-alive as its frame arrives). */
  onLine?: (kind: string, at: FrameRef) => void;
}

export interface MapiResponseStreamResult {
  /** False when the body is not the PROCESSING/PENDING/DONE inner stream (an error page, a 401…): `body` holds it as is. */
  framed: boolean;
  lines: MapiStatusLine[];
  /** Additional headers after DONE (X-ResponseCode, X-ElapsedTime, X-StartTime…), in order, values trimmed. */
  meta: HttpHeader[];
  /** Bytes after the blank line (framed), or the whole stream (not framed); null when there are none. */
  body: Uint8Array | null;
  /** Offsets are stream offsets: bytes from the start of the (de-chunked) body. */
  damage: Damage[];
}

/** Cookies of one exchange ([MS-OXCMAPIHTTP] 2.2.3.2.3/2.2.3.2.4; reference §1.5). */
export interface MapiSessionCookies {
  /**
   * The Session Context: `MapiContext=<value>` (Exchange) or `sid=<value>` (gromox), from the request's
   * Cookie headers, else from the response's Set-Cookie (a first Connect); null when neither has one.
   * Never the per-request sequence cookie.
   */
  key: string | null;
  /** Request Cookie values. */
  context?: string;
  /** MapiSequence, or gromox's `sequence`. */
  sequence?: string;
  sid?: string;
  /** Response Set-Cookie values. */
  setContext?: string;
  setSequence?: string;
  setSid?: string;
}

/** `{GUID}:counter` of X-RequestId and X-ClientInfo ([MS-OXCMAPIHTTP] 2.2.3.3.2, 2.2.3.3.4). */
export interface RequestIdParts {
  /** Lower-case, without braces. */
  guid: string;
  /** null when the value has no `:counter` suffix (ruler's X-ClientInfo, reference §1.2). */
  counter: number | null;
}
