import type { NdrReader } from '../../ndr/ndr-reader.js';
import { SMALL_RANGE_MAX, checkRange, checkSizeAndLength, checkSizeIs } from '../idl-ranges.js';
import type { EmsmdbRequest, EmsmdbResponse } from '../types.js';

type Req = Extract<EmsmdbRequest, { op: 'EcDoConnectEx' }>;
type Resp = Extract<EmsmdbResponse, { op: 'EcDoConnectEx' }>;

/**
 * EcDoConnectEx, EMSMDB opnum 10 ([MS-OXCRPC] 3.1.4.11; reference §2.4). szUserDN is a top-level
 * [in,string] pointer (ref: no referent id); rgbAuxIn is conformant.
 */
export function decodeEcDoConnectExRequest(ndr: NdrReader): Req {
  const userDN = ndr.string8('szUserDN');
  const flags = ndr.u32('ulFlags');
  const conMod = ndr.u32('ulConMod');
  const cbLimit = ndr.u32('cbLimit');
  const cpid = ndr.u32('ulCpid');
  const lcidString = ndr.u32('ulLcidString');
  const lcidSort = ndr.u32('ulLcidSort');
  const icxrLink = ndr.u32('ulIcxrLink');
  const canConvertCodePages = ndr.u16('usFCanConvertCodePages');
  const clientVersion = ndr.u16Array3('rgwClientVersion');
  const timeStamp = ndr.u32('pulTimeStamp');
  const auxAt = ndr.offset;
  const aux = ndr.conformantBytes('rgbAuxIn');
  const cbAt = ndr.offset;
  const cbAuxIn = ndr.u32('cbAuxIn');
  checkSizeIs(ndr, 'cbAuxIn', cbAuxIn, aux.maxCount, 'rgbAuxIn max_count', cbAt);
  checkRange(ndr, 'cbAuxIn', cbAuxIn, SMALL_RANGE_MAX, auxAt);
  const outAt = ndr.offset;
  const maxAuxOut = ndr.u32('pcbAuxOut');
  checkRange(ndr, 'pcbAuxOut', maxAuxOut, SMALL_RANGE_MAX, outAt);
  ndr.expectEnd('EcDoConnectEx request');
  return {
    op: 'EcDoConnectEx',
    userDN,
    flags,
    conMod,
    cbLimit,
    cpid,
    lcidString,
    lcidSort,
    icxrLink,
    canConvertCodePages,
    clientVersion,
    timeStamp,
    auxIn: aux.bytes,
    cbAuxIn,
    maxAuxOut,
  };
}

/**
 * The [out,string] char** strings are ref-to-unique pointers: a referent id (0 = NULL) and then the
 * conformant-varying string (confirmed on a real server, REAL-SERVER-NOTES).
 */
export function decodeEcDoConnectExResponse(ndr: NdrReader): Resp {
  const cxh = ndr.contextHandle('pcxh');
  const pollsMax = ndr.u32('pcmsPollsMax');
  const retry = ndr.u32('pcRetry');
  const retryDelay = ndr.u32('pcmsRetryDelay');
  const icxr = ndr.u16('picxr');
  const dnPrefix = ndr.uniquePointer('szDNPrefix') !== 0 ? ndr.string8('szDNPrefix') : null;
  const displayName = ndr.uniquePointer('szDisplayName') !== 0 ? ndr.string8('szDisplayName') : null;
  const serverVersion = ndr.u16Array3('rgwServerVersion');
  const bestVersion = ndr.u16Array3('rgwBestVersion');
  const timeStamp = ndr.u32('pulTimeStamp');
  const aux = ndr.conformantVaryingBytes('rgbAuxOut');
  const cbAt = ndr.offset;
  const cbAuxOut = ndr.u32('pcbAuxOut');
  checkSizeAndLength(ndr, 'pcbAuxOut', cbAuxOut, aux, 'rgbAuxOut', cbAt);
  checkRange(ndr, 'pcbAuxOut', cbAuxOut, SMALL_RANGE_MAX, cbAt);
  const returnValue = ndr.u32('return value');
  ndr.expectEnd('EcDoConnectEx response');
  return {
    op: 'EcDoConnectEx',
    cxh,
    pollsMax,
    retry,
    retryDelay,
    icxr,
    dnPrefix,
    displayName,
    serverVersion,
    bestVersion,
    timeStamp,
    auxOut: aux.bytes,
    cbAuxOut,
    returnValue,
  };
}
