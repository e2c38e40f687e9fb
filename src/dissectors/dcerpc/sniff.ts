import { COMMON_HEADER_LENGTH, LEGACY_HTTP_PREFIX } from './constants.js';
import { findPduStart, plausibleHeaderAt } from './resync.js';

export { findPduStart } from './resync.js';

/** How far into a first payload a mid-stream header is looked for. */
const MID_STREAM_WINDOW = 4096;

const PREFIX = Uint8Array.from(LEGACY_HTTP_PREFIX, (c) => c.charCodeAt(0));

/**
 * Cheap first-payload test for the connection factory: 'yes' for a plausible PDU header at offset 0
 * (after an optional "ncacn_http/1.0" prefix), 'maybe' for data too short to judge or a plausible header
 * within the first 4 KiB (a capture that starts mid-stream), 'no' otherwise.
 */
export function sniffDceRpc(payload: Uint8Array): 'yes' | 'no' | 'maybe' {
  let start = 0;
  const prefixBytes = Math.min(payload.length, PREFIX.length);
  let prefixMatch = prefixBytes > 0;
  for (let i = 0; i < prefixBytes && prefixMatch; i++) if (payload[i] !== PREFIX[i]) prefixMatch = false;
  if (prefixMatch) {
    if (payload.length <= PREFIX.length) return 'maybe';
    start = PREFIX.length;
  }
  if (payload.length - start < COMMON_HEADER_LENGTH) return 'maybe';
  if (plausibleHeaderAt(payload, start, payload.length, 0xffff) > 0) return 'yes';
  const window = payload.subarray(0, Math.min(payload.length, MID_STREAM_WINDOW + COMMON_HEADER_LENGTH));
  const at = findPduStart(window, start);
  return at >= 0 && at < MID_STREAM_WINDOW ? 'maybe' : 'no';
}
