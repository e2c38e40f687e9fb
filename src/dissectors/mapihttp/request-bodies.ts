import type { ByteReader } from '../../core/byte-reader.js';
import { hex8 } from '../../core/hex.js';
import { type Note, decodeBody, readAux, readSized } from './body-reader.js';
import { isEmsmdbRequestType } from './request-types.js';
import type { MapiDecodeResult, MapiEmsmdbRequestType, MapiRequest, MapiRequestType } from './types.js';

type Decoder = (r: ByteReader, note: Note) => MapiRequest;

/** Execute Flags = EcDoRpcExt2 pulFlags ([MS-OXCRPC] 3.1.4.2; the value 0x3 of its example 4.2 asks for neither). */
const EXECUTE_FLAGS: readonly [number, string][] = [
  [0x00000001, 'NoCompression'],
  [0x00000002, 'NoXorMagic'],
  [0x00000004, 'Chain'],
];

export function executeFlagNames(flags: number): string[] {
  const names = EXECUTE_FLAGS.filter(([bit]) => flags & bit).map(([, name]) => name);
  const rest = flags & ~EXECUTE_FLAGS.reduce((m, [bit]) => m | bit, 0);
  if (rest) names.push(hex8(rest));
  return names;
}

/** Request bodies of the mailbox endpoint ([MS-OXCMAPIHTTP] 2.2.4.1.1–2.2.4.4.1; reference §3.3–3.8). */
const REQUEST_DECODERS: Readonly<Record<Exclude<MapiEmsmdbRequestType, 'PING'>, Decoder>> = {
  Connect: (r, note) => ({
    type: 'Connect',
    userDn: r.asciiz('UserDn'),
    flags: r.u32('Flags'),
    defaultCodePage: r.u32('DefaultCodePage'),
    lcidSort: r.u32('LcidSort'),
    lcidString: r.u32('LcidString'),
    ...readAux(r, note),
  }),
  Execute: (r, note) => {
    const flags = r.u32('Flags');
    const rop = readSized(r, 'RopBufferSize', 'RopBuffer');
    return {
      type: 'Execute',
      flags,
      flagNames: executeFlagNames(flags),
      ropBufferSize: rop.size,
      ropBuffer: rop.bytes,
      maxRopOut: r.u32('MaxRopOut'),
      ...readAux(r, note),
    };
  },
  Disconnect: (r, note) => ({ type: 'Disconnect', ...readAux(r, note) }),
  NotificationWait: (r, note) => ({ type: 'NotificationWait', flags: r.u32('Flags'), ...readAux(r, note) }),
};

/**
 * Decodes a request body by its X-RequestType. PING has no body (2.2.6); the address book types are
 * recognised but not decoded (`undecoded: true`, no damage). Never throws.
 */
export function decodeMapiRequestBody(type: MapiRequestType, body: Uint8Array): MapiDecodeResult<MapiRequest> {
  if (!isEmsmdbRequestType(type)) return { value: { type, undecoded: true } };
  if (type === 'PING') return decodeBody(body, 'PING request', () => ({ type: 'PING' }));
  return decodeBody(body, `${type} request body`, REQUEST_DECODERS[type]);
}
