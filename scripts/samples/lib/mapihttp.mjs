// MAPI over HTTP request/response bodies and the inner response stream (MAPIHTTP.md §2, §3).
// All integers little-endian; strings as the layouts say (ASCII NUL-terminated, UTF-16LE NUL-terminated).
import { Writer } from './bytes.mjs';

export const CONTENT_TYPE = 'application/mapi-http';
export const META = { PROCESSING: 'PROCESSING\r\n', PENDING: 'PENDING\r\n', DONE: 'DONE\r\n' };

/** "{GUID}:counter" (X-RequestId, X-ClientInfo); the GUID upper-case in braces as in the spec's examples. */
export const guidCounter = (guid, n) => `{${guid.toUpperCase()}}:${n}`;

/** The text after DONE: additional headers, then the blank line that ends the text part. */
export function doneText({ responseCode = 0, elapsedMs, startTime }) {
  return `${META.DONE}X-ResponseCode: ${responseCode}\r\nX-ElapsedTime: ${elapsedMs}\r\nX-StartTime: ${startTime}\r\n\r\n`;
}

function aux(w, buf = Buffer.alloc(0)) {
  w.u32(buf.length).bytes(buf);
}

// ------------------------------------------------------------------ Connect (§3.3)

export function connectRequest({ userDn, flags = 0, cpid = 1252, lcidSort = 0x409, lcidString = 0x409, auxIn }) {
  const w = new Writer().asciiz(userDn).u32(flags).u32(cpid).u32(lcidSort).u32(lcidString);
  aux(w, auxIn);
  return w.toBuffer();
}

export function connectResponse({ errorCode = 0, pollsMax, retryCount, retryDelay, dnPrefix, displayName, auxOut }) {
  const w = new Writer().u32(0).u32(errorCode).u32(pollsMax).u32(retryCount).u32(retryDelay);
  w.asciiz(dnPrefix).utf16z(displayName);
  aux(w, auxOut);
  return w.toBuffer();
}

// ------------------------------------------------------------------ Execute (§3.4)

export function executeRequest({ flags = 0, ropBuffer, maxRopOut = 0x8007, auxIn }) {
  const w = new Writer().u32(flags).u32(ropBuffer.length).bytes(ropBuffer).u32(maxRopOut);
  aux(w, auxIn);
  return w.toBuffer();
}

export function executeResponse({ errorCode = 0, flags = 0, ropBuffer, auxOut }) {
  const w = new Writer().u32(0).u32(errorCode).u32(flags).u32(ropBuffer.length).bytes(ropBuffer);
  aux(w, auxOut);
  return w.toBuffer();
}

// ------------------------------------------------------------------ Disconnect (§3.6), NotificationWait (§3.7)

export const disconnectRequest = ({ auxIn } = {}) => {
  const w = new Writer();
  aux(w, auxIn);
  return w.toBuffer();
};

export function disconnectResponse({ errorCode = 0, auxOut } = {}) {
  const w = new Writer().u32(0).u32(errorCode);
  aux(w, auxOut);
  return w.toBuffer();
}

export function notificationWaitRequest({ flags = 0, auxIn } = {}) {
  const w = new Writer().u32(flags);
  aux(w, auxIn);
  return w.toBuffer();
}

export function notificationWaitResponse({ errorCode = 0, eventPending, auxOut }) {
  const w = new Writer().u32(0).u32(errorCode).u32(eventPending);
  aux(w, auxOut);
  return w.toBuffer();
}

/** Failure body of any request type (§3.2): StatusCode ≠ 0, AuxiliaryBufferSize, AuxiliaryBuffer. */
export function failureBody({ statusCode, auxOut }) {
  const w = new Writer().u32(statusCode);
  aux(w, auxOut);
  return w.toBuffer();
}

/** RFC 1123 date as X-StartTime carries it. */
export const httpDate = (ms) => new Date(ms).toUTCString();
