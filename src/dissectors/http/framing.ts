import { headerValues } from './headers.js';
import type { StartLine } from './start-line.js';
import type { HttpHeader } from './types.js';

/** How a message's body is delimited (RFC 9112 §6.3). */
export type BodyPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  /** A response with neither Content-Length nor chunked: the body runs to the end of the connection. */
  | { readonly kind: 'until-close' }
  /** 101 Switching Protocols, or a 2xx answer to CONNECT: what follows the head is not HTTP any more. */
  | { readonly kind: 'tunnel' }
  /** Framing that cannot be trusted: the message is given up and the framer resynchronises. */
  | { readonly kind: 'invalid'; readonly field: string; readonly detail: string };

export interface BodyDecision {
  readonly plan: BodyPlan;
  /** A framing oddity that did not stop framing (both Transfer-Encoding and Content-Length). */
  readonly warning?: { readonly field: string; readonly detail: string };
}

/** Decimal digits in a Content-Length: 15 keeps every value a safe integer (RFC 9110 §8.6 sets no bound). */
const MAX_LENGTH_DIGITS = 15;

/**
 * The body framing of a message (RFC 9112 §6.3, in the order given there). `requestMethod` is the method of
 * the request a response answers, null when that request is unknown (then it is assumed not to be HEAD).
 */
export function planBody(start: StartLine, headers: readonly HttpHeader[], requestMethod: string | null): BodyDecision {
  if (start.kind === 'response') {
    const s = start.status;
    if (s === 101) return { plan: { kind: 'tunnel' } };
    if (requestMethod === 'HEAD' || (s >= 100 && s < 200) || s === 204 || s === 304) return { plan: { kind: 'none' } };
    if (requestMethod === 'CONNECT' && s >= 200 && s < 300) return { plan: { kind: 'tunnel' } };
  }
  const codings = transferCodings(headers);
  const length = contentLength(headers);
  if (codings.length > 0) {
    const warning =
      length !== null
        ? { field: 'Content-Length', detail: 'message has both Transfer-Encoding and Content-Length; Transfer-Encoding wins (RFC 9112 §6.3), a sign of request smuggling' }
        : undefined;
    if (codings[codings.length - 1] === 'chunked') return withWarning({ kind: 'chunked' }, warning);
    // RFC 9112 §6.3 item 4: a response reads until close; a request cannot be framed at all.
    if (start.kind === 'response') return withWarning({ kind: 'until-close' }, warning);
    return { plan: { kind: 'invalid', field: 'Transfer-Encoding', detail: `request Transfer-Encoding "${codings.join(', ')}" does not end in chunked (RFC 9112 §6.3)` } };
  }
  if (length !== null) {
    if ('error' in length) return { plan: { kind: 'invalid', field: 'Content-Length', detail: length.error } };
    return { plan: length.length === 0 ? { kind: 'none' } : { kind: 'length', length: length.length } };
  }
  return { plan: start.kind === 'request' ? { kind: 'none' } : { kind: 'until-close' } };
}

function withWarning(plan: BodyPlan, warning: BodyDecision['warning']): BodyDecision {
  return warning ? { plan, warning } : { plan };
}

/** Transfer codings in order, lower case, parameters dropped (RFC 9112 §6.1). */
function transferCodings(headers: readonly HttpHeader[]): string[] {
  const out: string[] = [];
  for (const v of headerValues(headers, 'transfer-encoding')) {
    for (const part of v.split(',')) {
      const coding = part.split(';')[0]!.trim().toLowerCase();
      if (coding) out.push(coding);
    }
  }
  return out;
}

/**
 * The Content-Length, when every value of every Content-Length field is the same decimal (RFC 9110 §8.6
 * allows "42, 42" and repeated fields with one value); an error otherwise (RFC 9112 §6.3 item 5).
 */
function contentLength(headers: readonly HttpHeader[]): { length: number } | { error: string } | null {
  let value: number | null = null;
  for (const v of headerValues(headers, 'content-length')) {
    for (const part of v.split(',')) {
      const t = part.trim();
      const digits = t.replace(/^0+(?=[0-9])/, '');
      if (!/^[0-9]+$/.test(digits) || digits.length > MAX_LENGTH_DIGITS) return { error: `Content-Length "${v}" is not a decimal length` };
      const n = Number(digits);
      if (value !== null && n !== value) return { error: `conflicting Content-Length values ${value} and ${n}` };
      value = n;
    }
  }
  return value === null ? null : { length: value };
}
