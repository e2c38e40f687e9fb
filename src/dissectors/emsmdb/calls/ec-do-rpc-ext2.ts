import type { NdrReader } from '../../ndr/ndr-reader.js';
import { BIG_RANGE_MAX, SMALL_RANGE_MAX, checkRange, checkSizeAndLength, checkSizeIs } from '../idl-ranges.js';
import type { EmsmdbRequest, EmsmdbResponse } from '../types.js';

type Req = Extract<EmsmdbRequest, { op: 'EcDoRpcExt2' }>;
type Resp = Extract<EmsmdbResponse, { op: 'EcDoRpcExt2' }>;

/**
 * EcDoRpcExt2, EMSMDB opnum 11 ([MS-OXCRPC] 3.1.4.2; reference §2.4). rgbIn/rgbAuxIn are conformant
 * arrays sized by cbIn/cbAuxIn, which follow them on the wire.
 */
export function decodeEcDoRpcExt2Request(ndr: NdrReader): Req {
  const cxh = ndr.contextHandle('pcxh');
  const flags = ndr.u32('pulFlags');
  const rgbIn = ndr.conformantBytes('rgbIn');
  const cbInAt = ndr.offset;
  const cbIn = ndr.u32('cbIn');
  checkSizeIs(ndr, 'cbIn', cbIn, rgbIn.maxCount, 'rgbIn max_count', cbInAt);
  checkRange(ndr, 'cbIn', cbIn, BIG_RANGE_MAX, cbInAt);
  const maxOutAt = ndr.offset;
  const maxOut = ndr.u32('pcbOut');
  checkRange(ndr, 'pcbOut', maxOut, BIG_RANGE_MAX, maxOutAt);
  const aux = ndr.conformantBytes('rgbAuxIn');
  const cbAuxAt = ndr.offset;
  const cbAuxIn = ndr.u32('cbAuxIn');
  checkSizeIs(ndr, 'cbAuxIn', cbAuxIn, aux.maxCount, 'rgbAuxIn max_count', cbAuxAt);
  checkRange(ndr, 'cbAuxIn', cbAuxIn, SMALL_RANGE_MAX, cbAuxAt);
  const maxAuxAt = ndr.offset;
  const maxAuxOut = ndr.u32('pcbAuxOut');
  checkRange(ndr, 'pcbAuxOut', maxAuxOut, SMALL_RANGE_MAX, maxAuxAt);
  ndr.expectEnd('EcDoRpcExt2 request');
  return { op: 'EcDoRpcExt2', cxh, flags, rgbIn: rgbIn.bytes, cbIn, maxOut, auxIn: aux.bytes, cbAuxIn, maxAuxOut };
}

/** rgbOut/rgbAuxOut are conformant-varying ([out, length_is, size_is]); a zero CXH means the session ended. */
export function decodeEcDoRpcExt2Response(ndr: NdrReader): Resp {
  const cxh = ndr.contextHandle('pcxh');
  const flags = ndr.u32('pulFlags');
  const out = ndr.conformantVaryingBytes('rgbOut');
  const cbOutAt = ndr.offset;
  const cbOut = ndr.u32('pcbOut');
  checkSizeAndLength(ndr, 'pcbOut', cbOut, out, 'rgbOut', cbOutAt);
  checkRange(ndr, 'pcbOut', cbOut, BIG_RANGE_MAX, cbOutAt);
  const aux = ndr.conformantVaryingBytes('rgbAuxOut');
  const cbAuxAt = ndr.offset;
  const cbAuxOut = ndr.u32('pcbAuxOut');
  checkSizeAndLength(ndr, 'pcbAuxOut', cbAuxOut, aux, 'rgbAuxOut', cbAuxAt);
  checkRange(ndr, 'pcbAuxOut', cbAuxOut, SMALL_RANGE_MAX, cbAuxAt);
  const transTime = ndr.u32('pulTransTime');
  const returnValue = ndr.u32('return value');
  ndr.expectEnd('EcDoRpcExt2 response');
  return { op: 'EcDoRpcExt2', cxh, flags, rgbOut: out.bytes, cbOut, auxOut: aux.bytes, cbAuxOut, transTime, returnValue };
}
