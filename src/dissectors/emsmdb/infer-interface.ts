import { tryDecode } from '../../core/damage.js';
import type { InterfaceName } from '../dcerpc/types.js';
import { NdrReader } from '../ndr/ndr-reader.js';
import { HEADER_EXT_COMPRESSED, HEADER_EXT_LAST, HEADER_EXT_XOR_MAGIC } from '../rpc-ext/types.js';
import { decodeEcDoRpcExt2Request } from './calls/ec-do-rpc-ext2.js';

const RPC_HEADER_EXT_LENGTH = 8;
const KNOWN_FLAGS = HEADER_EXT_COMPRESSED | HEADER_EXT_XOR_MAGIC | HEADER_EXT_LAST;

/**
 * For a request on a context whose bind the capture missed: names it EMSMDB only when it is clearly an
 * EcDoRpcExt2 — opnum 11, a stub that decodes completely with every IDL rule kept, and an rgbIn that
 * opens with a well-formed RPC_HEADER_EXT ([MS-OXCRPC] 2.2.2.1: Version 0, known flags, a Size that
 * fits). Anything less stays 'unknown': a wrong guess would be worse than none.
 */
export function inferEmsmdbInterface(opnum: number, stub: Uint8Array, littleEndian: boolean): InterfaceName | null {
  if (opnum !== 11) return null;
  const ndr = new NdrReader(stub, littleEndian);
  const res = tryDecode(() => decodeEcDoRpcExt2Request(ndr));
  if (!res.value || ndr.damage) return null;
  const b = res.value.rgbIn;
  if (b.length < RPC_HEADER_EXT_LENGTH) return null;
  // RPC_HEADER_EXT fields are little-endian whatever the NDR byte order.
  const version = b[0]! | (b[1]! << 8);
  const flags = b[2]! | (b[3]! << 8);
  const size = b[4]! | (b[5]! << 8);
  const sizeActual = b[6]! | (b[7]! << 8);
  if (version !== 0 || (flags & ~KNOWN_FLAGS) !== 0) return null;
  if (size > b.length - RPC_HEADER_EXT_LENGTH) return null;
  if (!(flags & HEADER_EXT_COMPRESSED) && size !== sizeActual) return null;
  return 'EMSMDB';
}
