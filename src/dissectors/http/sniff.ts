import { CR, LF, trimLineEnd } from './chars.js';
import { walkStartLine } from './start-line.js';

/**
 * 'request' when the bytes start with a plausible request line (any token method, RPC_IN_DATA, RPC_OUT_DATA
 * and RPC_CONNECT included), 'response' for "HTTP/1.x NNN", else null. Works on a first segment that holds
 * only part of the line: null only when the bytes present already rule HTTP out ("POST /ma" is 'request',
 * "HTTP" is 'response'). Empty lines before the start line are skipped (RFC 9112 §2.2); a payload of
 * nothing but line ends gives null.
 */
export function sniffHttp(firstPayload: Uint8Array): 'request' | 'response' | null {
  const b = firstPayload;
  let i = 0;
  while (i < b.length && (b[i] === CR || b[i] === LF)) i++;
  if (i >= b.length) return null;
  const lf = b.indexOf(LF, i);
  const v = lf < 0 ? walkStartLine(b, i, b.length, false, false) : walkStartLine(b, i, trimLineEnd(b, i, lf), true, false);
  if (v === null) return null;
  if (v === 'prefix-request') return 'request';
  if (v === 'prefix-response') return 'response';
  return v.kind;
}
