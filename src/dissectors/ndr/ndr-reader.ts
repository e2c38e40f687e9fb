import { ByteReader, latin1 } from '../../core/byte-reader.js';
import { Malformed, type Damage } from '../../core/damage.js';
import { toHex } from '../../core/hex.js';
import type { ContextHandle } from '../emsmdb/types.js';
import { uuidText } from './uuid.js';

export interface ConformantBytes {
  maxCount: number;
  /** A view into the stub (valid as long as the stub is). */
  bytes: Uint8Array;
}

export interface ConformantVaryingBytes extends ConformantBytes {
  offset: number;
  actualCount: number;
}

/**
 * NDR20 primitives over one stub (C706 ch. 14; reference §3.8). Alignment is relative to the stub start,
 * which is where the reader's window begins. Violations that leave the layout intact (a count that
 * disagrees with its twin parameter, a range the IDL forbids) are collected with `soft` so the caller can
 * return both the decoded value and the damage; violations that make the rest unreadable throw Malformed.
 */
export class NdrReader {
  readonly r: ByteReader;
  private readonly issues: Damage[] = [];

  constructor(stub: Uint8Array, littleEndian: boolean, base = 0) {
    this.r = new ByteReader(stub, base, littleEndian);
  }

  get littleEndian(): boolean {
    return this.r.littleEndian;
  }
  get remaining(): number {
    return this.r.remaining;
  }
  get offset(): number {
    return this.r.offset;
  }

  align(n: 2 | 4 | 8): void {
    // Padding content is not checked: real clients fill it with non-zero bytes (gromox sends 0xBF).
    this.r.align(n);
  }
  u8(field: string): number {
    return this.r.u8(field);
  }
  u16(field: string): number {
    this.r.align(2, `${field} alignment`);
    return this.r.u16(field);
  }
  u32(field: string): number {
    this.r.align(4, `${field} alignment`);
    return this.r.u32(field);
  }
  /** Fixed array of u16 (e.g. rgwClientVersion[3]): aligned once, elements back to back. */
  u16Array3(field: string): [number, number, number] {
    this.r.align(2, `${field} alignment`);
    return [this.r.u16(field), this.r.u16(field), this.r.u16(field)];
  }

  /** ndr_context_handle: u32 attributes + UUID, 4-byte aligned, 20 bytes; all zero is the NULL handle. */
  contextHandle(field: string): ContextHandle {
    this.r.align(4, `${field} alignment`);
    const raw = this.r.bytes(20, field);
    const attributes = this.r.littleEndian
      ? (raw[0]! | (raw[1]! << 8) | (raw[2]! << 16) | (raw[3]! << 24)) >>> 0
      : ((raw[0]! << 24) | (raw[1]! << 16) | (raw[2]! << 8) | raw[3]!) >>> 0;
    let isNull = true;
    for (let i = 0; i < 20; i++) if (raw[i] !== 0) { isNull = false; break; }
    return { attributes, uuid: uuidText(raw, 4, this.r.littleEndian), key: toHex(raw), isNull };
  }

  uuid(field: string): string {
    this.r.align(4, `${field} alignment`);
    return uuidText(this.r.bytes(16, field), 0, this.r.littleEndian);
  }

  /** [unique]/[ptr] pointer: the referent id (0 = NULL). The pointee, if any, is the caller's next read. */
  uniquePointer(field: string): number {
    return this.u32(`${field} referent id`);
  }

  /** Conformant byte array [size_is(n)]: u32 max_count then max_count bytes. */
  conformantBytes(field: string): ConformantBytes {
    const maxCount = this.u32(`${field} max_count`);
    this.r.count(maxCount, 1, `${field} max_count`);
    return { maxCount, bytes: this.r.bytes(maxCount, field) };
  }

  /** Conformant-varying byte array [size_is(s), length_is(l)]: max_count, offset, actual_count, bytes. */
  conformantVaryingBytes(field: string): ConformantVaryingBytes {
    const maxCount = this.u32(`${field} max_count`);
    const offsetAt = this.r.offset;
    const offset = this.r.u32(`${field} offset`);
    const actualAt = this.r.offset;
    const actualCount = this.r.u32(`${field} actual_count`);
    if (actualCount > maxCount) {
      throw new Malformed(`${field} actual_count`, actualAt, `actual_count ${actualCount} exceeds max_count ${maxCount}`);
    }
    if (offset !== 0) this.soft(`${field} offset`, `offset ${offset}, 0 expected`, offsetAt);
    this.r.count(actualCount, 1, `${field} actual_count`);
    return { maxCount, offset, actualCount, bytes: this.r.bytes(actualCount, field) };
  }

  /** [string] unsigned char*: conformant-varying, actual_count includes the terminating NUL. */
  string8(field: string): string {
    const at = this.r.offset;
    const { bytes } = this.conformantVaryingBytes(field);
    if (bytes.length === 0) {
      this.soft(field, 'empty [string] (no terminating NUL)', at);
      return '';
    }
    let end = bytes.indexOf(0);
    if (end < 0) {
      this.soft(field, 'string without its terminating NUL', at);
      end = bytes.length;
    } else if (end !== bytes.length - 1) {
      this.soft(field, `NUL at ${end} before the end of the ${bytes.length}-byte string`, at);
    }
    return latin1(bytes, 0, end);
  }

  /** Records a violation that does not stop decoding. */
  soft(field: string, detail: string, offset = this.r.offset): void {
    this.issues.push({ reason: 'malformed', offset, field, detail });
  }

  /** Trailing bytes after the last parameter: up to 7 zero bytes are stub padding, anything else is flagged. */
  expectEnd(what: string): void {
    const left = this.r.remaining;
    if (left === 0) return;
    const at = this.r.offset;
    const rest = this.r.rest();
    if (left < 8 && rest.every((b) => b === 0)) return;
    this.soft(what, `${left} unexpected bytes after the last parameter`, at);
  }

  /** True when every byte was consumed and no violation was recorded. */
  get clean(): boolean {
    return this.issues.length === 0 && this.r.atEnd;
  }

  /** The first violation, with a count of the others; undefined when none. */
  get damage(): Damage | undefined {
    const first = this.issues[0];
    if (!first) return undefined;
    if (this.issues.length === 1) return first;
    return { ...first, detail: `${first.detail} (+${this.issues.length - 1} more)` };
  }

  get allDamage(): readonly Damage[] {
    return this.issues;
  }
}
