import type { ByteReader } from '../../core/byte-reader.js';
import { type Note, decodeBody, readAux, readSized } from './body-reader.js';
import { isEmsmdbRequestType } from './request-types.js';
import type { MapiDecodeResult, MapiEmsmdbRequestType, MapiRequestType, MapiResponse } from './types.js';

type BodyType = Exclude<MapiEmsmdbRequestType, 'PING'>;
/** Reads what follows StatusCode (0) in a success body. */
type SuccessDecoder = (r: ByteReader, note: Note, statusCode: number) => MapiResponse;

const EVENT_PENDING = 0x00000001;

/** Success bodies of the mailbox endpoint ([MS-OXCMAPIHTTP] 2.2.4.1.2–2.2.4.4.2; reference §3.3–3.7). */
const SUCCESS_DECODERS: Readonly<Record<BodyType, SuccessDecoder>> = {
  Connect: (r, note, statusCode) => ({
    type: 'Connect',
    failed: false,
    statusCode,
    errorCode: r.u32('ErrorCode'),
    maxPollingInterval: r.u32('PollsMax'),
    retryCount: r.u32('RetryCount'),
    retryDelay: r.u32('RetryDelay'),
    dnPrefix: r.asciiz('DnPrefix'),
    displayName: r.utf16z('DisplayName'),
    ...readAux(r, note),
  }),
  Execute: (r, note, statusCode) => {
    const errorCode = r.u32('ErrorCode');
    const flags = r.u32('Flags');
    const rop = readSized(r, 'RopBufferSize', 'RopBuffer');
    return { type: 'Execute', failed: false, statusCode, errorCode, flags, ropBufferSize: rop.size, ropBuffer: rop.bytes, ...readAux(r, note) };
  },
  Disconnect: (r, note, statusCode) => ({ type: 'Disconnect', failed: false, statusCode, errorCode: r.u32('ErrorCode'), ...readAux(r, note) }),
  NotificationWait: (r, note, statusCode) => {
    const errorCode = r.u32('ErrorCode');
    const eventPendingFlags = r.u32('EventPending');
    return {
      type: 'NotificationWait',
      failed: false,
      statusCode,
      errorCode,
      eventPendingFlags,
      eventPending: (eventPendingFlags & EVENT_PENDING) !== 0,
      ...readAux(r, note),
    };
  },
};

/**
 * Decodes the binary body of a response (what follows the blank line of the inner stream) by the REQUEST's
 * X-RequestType. StatusCode ≠ 0 selects the failure form: StatusCode, AuxiliaryBufferSize, AuxiliaryBuffer
 * (reference §3.2). PING has no body; address book types come back `undecoded: true`. Never throws.
 */
export function decodeMapiResponseBody(type: MapiRequestType, body: Uint8Array): MapiDecodeResult<MapiResponse> {
  if (!isEmsmdbRequestType(type)) return { value: { type, undecoded: true } };
  if (type === 'PING') return decodeBody(body, 'PING response', () => ({ type: 'PING' }));
  return decodeBody(body, `${type} response body`, (r, note): MapiResponse => {
    const statusCode = r.u32('StatusCode');
    if (statusCode !== 0) return { type, failed: true, statusCode, ...readAux(r, note) };
    return SUCCESS_DECODERS[type](r, note, statusCode);
  });
}
