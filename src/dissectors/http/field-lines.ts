import { latin1 } from '../../core/byte-reader.js';
import type { DamageReason } from '../../core/damage.js';
import { isBlank, isForbiddenCtl, isTchar, trimLineEnd } from './chars.js';
import type { HttpHeader } from './types.js';

/** What was wrong with a field line; `fatal` means the header block cannot be trusted any more. */
export interface FieldLineProblem {
  readonly reason: DamageReason;
  readonly detail: string;
  readonly fatal: boolean;
}

/**
 * Collects the field lines of one header or trailer block (RFC 9112 §5): names as sent, values without
 * surrounding blanks, obsolete line folding joined with one space (§5.2). Lenient about blanks before the
 * colon. A line with a control byte, without a colon or with a name that is not a token is fatal: after a
 * resync it means the "start line" was body bytes, and a real server does not send it.
 */
export class FieldCollector {
  private readonly fields: { name: string; value: string }[] = [];

  constructor(private readonly maxCount: number) {}

  get headers(): readonly HttpHeader[] {
    return this.fields;
  }

  /** One line, b[from, to) without its LF, not the empty line that ends the block. Null when it was taken. */
  add(b: Uint8Array, from: number, to: number): FieldLineProblem | null {
    const end = trimLineEnd(b, from, to);
    if (end > from && isBlank(b[from]!)) return this.fold(b, from, end);
    // One pass: the colon, a name of token characters before it, no control byte anywhere.
    let colon = -1;
    let nameOk = true;
    for (let i = from; i < end; i++) {
      const c = b[i]!;
      if (isForbiddenCtl(c)) return { reason: 'malformed', detail: `control byte 0x${c.toString(16).padStart(2, '0')} in a field line`, fatal: true };
      if (colon < 0) {
        if (c === 0x3a) colon = i;
        else if (!isTchar(c) && !isBlank(c)) nameOk = false;
      }
    }
    if (colon < 0) return { reason: 'malformed', detail: 'field line without a colon', fatal: true };
    let nameEnd = colon;
    while (nameEnd > from && isBlank(b[nameEnd - 1]!)) nameEnd--;
    if (nameEnd === from) return { reason: 'malformed', detail: 'field line with an empty name', fatal: true };
    for (let i = from; i < nameEnd && nameOk; i++) nameOk = isTchar(b[i]!);
    if (!nameOk) return { reason: 'malformed', detail: 'field name is not a token (RFC 9110 §5.1)', fatal: true };
    if (this.fields.length >= this.maxCount) {
      return { reason: 'limit', detail: `more than maxHttpHeaderCount (${this.maxCount}) fields in one block`, fatal: true };
    }
    let v = colon + 1;
    while (v < end && isBlank(b[v]!)) v++;
    this.fields.push({ name: latin1(b, from, nameEnd), value: latin1(b, v, end) });
    return null;
  }

  /** obs-fold: a line that starts with a blank continues the previous field's value (RFC 9112 §5.2). */
  private fold(b: Uint8Array, from: number, end: number): FieldLineProblem | null {
    for (let i = from; i < end; i++) {
      if (isForbiddenCtl(b[i]!)) return { reason: 'malformed', detail: `control byte 0x${b[i]!.toString(16).padStart(2, '0')} in a field line`, fatal: true };
    }
    const last = this.fields[this.fields.length - 1];
    if (!last) {
      // RFC 9112 §2.2: a blank-led line before the first field is consumed without further processing.
      return { reason: 'malformed', detail: 'whitespace-led line before the first field ignored (RFC 9112 §2.2)', fatal: false };
    }
    let v = from;
    while (v < end && isBlank(b[v]!)) v++;
    if (v === end) return null;
    const more = latin1(b, v, end);
    last.value = last.value === '' ? more : `${last.value} ${more}`;
    return null;
  }
}
