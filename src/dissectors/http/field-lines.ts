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

  /** One line without its LF, not the empty line that ends the block. Null when it was taken. */
  add(line: Uint8Array): FieldLineProblem | null {
    const end = trimLineEnd(line, 0, line.length);
    for (let i = 0; i < end; i++) {
      if (isForbiddenCtl(line[i]!)) return { reason: 'malformed', detail: `control byte 0x${line[i]!.toString(16).padStart(2, '0')} in a field line`, fatal: true };
    }
    if (end > 0 && isBlank(line[0]!)) return this.fold(line, end);
    const colon = line.indexOf(0x3a);
    if (colon < 0 || colon >= end) return { reason: 'malformed', detail: 'field line without a colon', fatal: true };
    let nameEnd = colon;
    while (nameEnd > 0 && isBlank(line[nameEnd - 1]!)) nameEnd--;
    if (nameEnd === 0) return { reason: 'malformed', detail: 'field line with an empty name', fatal: true };
    for (let i = 0; i < nameEnd; i++) {
      if (!isTchar(line[i]!)) return { reason: 'malformed', detail: 'field name is not a token (RFC 9110 §5.1)', fatal: true };
    }
    if (this.fields.length >= this.maxCount) {
      return { reason: 'limit', detail: `more than maxHttpHeaderCount (${this.maxCount}) fields in one block`, fatal: true };
    }
    let v = colon + 1;
    while (v < end && isBlank(line[v]!)) v++;
    this.fields.push({ name: latin1(line, 0, nameEnd), value: latin1(line, v, end) });
    return null;
  }

  /** obs-fold: a line that starts with a blank continues the previous field's value (RFC 9112 §5.2). */
  private fold(line: Uint8Array, end: number): FieldLineProblem | null {
    const last = this.fields[this.fields.length - 1];
    if (!last) {
      // RFC 9112 §2.2: a blank-led line before the first field is consumed without further processing.
      return { reason: 'malformed', detail: 'whitespace-led line before the first field ignored (RFC 9112 §2.2)', fatal: false };
    }
    let v = 0;
    while (v < end && isBlank(line[v]!)) v++;
    if (v === end) return null;
    const more = latin1(line, v, end);
    last.value = last.value === '' ? more : `${last.value} ${more}`;
    return null;
  }
}
