import { ByteReader } from '../../../core/byte-reader.js';
import { Malformed, tryDecode } from '../../../core/damage.js';
import { readGuid, readId, readLongTermId } from '../../oxcdata/ids.js';
import { readTaggedPropertyValues } from '../../oxcdata/property-value.js';
import { readRestriction } from '../../oxcdata/restrictions.js';
import type { CodecContext, RequestBody, ResponseBody, RopCodec } from '../codec.js';
import type { FieldValue, RopFields, RopRequest } from '../types.js';

/**
 * Building blocks for codecs: field readers named by wire type, a spec-as-table reader, and the
 * common request/response headers ([MS-OXCROPS] 2.2; reference ROPS-OXCDATA §1.2–1.4).
 * Field names are the specification's in lowerCamelCase.
 */
export type FieldReader = (r: ByteReader, field: string) => FieldValue;
export type FieldSpec = readonly (readonly [string, FieldReader])[];

export const u8: FieldReader = (r, f) => r.u8(f);
export const u16: FieldReader = (r, f) => r.u16(f);
export const u32: FieldReader = (r, f) => r.u32(f);
export const i32: FieldReader = (r, f) => r.i32(f);
export const u64: FieldReader = (r, f) => r.u64(f);
export const bool: FieldReader = (r, f) => r.u8(f) !== 0;
/** FID / MID: "RRRR-GGGGGGGGGGGG". */
export const id: FieldReader = (r, f) => readId(r, f);
export const guid: FieldReader = (r, f) => readGuid(r, f);
export const longTermId: FieldReader = (r, f) => readLongTermId(r, f);
export const asciiz: FieldReader = (r, f) => r.asciiz(f);
export const utf16z: FieldReader = (r, f) => r.utf16z(f);
export const bytes = (n: number): FieldReader => (r, f) => r.bytes(n, f).slice();

/** u16 count, then that many 4-byte property tags. */
export const tags16: FieldReader = (r, f) => readTags(r, f);
export function readTags(r: ByteReader, field: string): number[] {
  const n = r.count(r.u16(`${field}Count`), 4, field);
  const tags: number[] = [];
  for (let i = 0; i < n; i++) tags.push(r.u32(field));
  return tags;
}

/** u16 count, then that many FIDs/MIDs. */
export const ids16: FieldReader = (r, f) => {
  const n = r.count(r.u16(`${f}Count`), 8, f);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(readId(r, f));
  return out;
};

/** u16 byte count, then that many bytes. */
export const blob16: FieldReader = (r, f) => r.bytes(r.count(r.u16(`${f}Size`), 1, f), f).slice();
export const blob32: FieldReader = (r, f) => r.bytes(r.count(r.u32(`${f}Size`), 1, f), f).slice();

/** u16 count of TaggedPropertyValues. */
export const taggedValues16: FieldReader = (r, f) => readTaggedPropertyValues(r, f);

/**
 * RestrictionDataSize u16 + RestrictionData: the size fences the restriction, so a restriction
 * we cannot read is kept raw without losing the ROP list. Size 0 = no restriction (null).
 */
export const restriction16: FieldReader = (r, f) => {
  const size = r.u16(`${f}Size`);
  if (size === 0) return null;
  const at = r.offset;
  const raw = r.bytes(size, f);
  const w = new ByteReader(raw, at);
  const decoded = tryDecode(() => {
    const res = readRestriction(w, f);
    return w.atEnd ? res : null;
  });
  return decoded.value ?? raw.slice();
};

export function readFields(r: ByteReader, spec: FieldSpec, into: RopFields = {}): RopFields {
  for (const [name, read] of spec) into[name] = read(r, name);
  return into;
}

export interface RequestHeader {
  logonId: number;
  inputHandleIndex: number;
  outputHandleIndex: number | null;
}

/** LogonId, InputHandleIndex [, OutputHandleIndex] — the header of nearly every request. */
export function requestHeader(r: ByteReader, output: boolean): RequestHeader {
  const logonId = r.u8('LogonId');
  const inputHandleIndex = r.u8('InputHandleIndex');
  return { logonId, inputHandleIndex, outputHandleIndex: output ? r.u8('OutputHandleIndex') : null };
}

export interface ResponseHeader {
  handleIndex: number;
  returnValue: number;
}

export function responseHeader(r: ByteReader): ResponseHeader {
  return { handleIndex: r.u8('HandleIndex'), returnValue: r.u32('ReturnValue') };
}

type RequestFn = NonNullable<RopCodec['request']>;
type ResponseFn = NonNullable<RopCodec['response']>;
/** Reads part of a body into `fields`; response parts also get the response header. */
type BodyFn = (r: ByteReader, fields: RopFields, c: CodecContext, paired: RopRequest | null, header?: ResponseHeader) => void;

/** A request of kind 'other': the common header, then `spec` (a table) or a function. */
export function otherRequest(spec: FieldSpec | BodyFn, opts: { output?: boolean } = {}): RequestFn {
  return (r, c): RequestBody => {
    const h = requestHeader(r, opts.output ?? false);
    const fields: RopFields = {};
    if (typeof spec === 'function') spec(r, fields, c, null);
    else readFields(r, spec, fields);
    return { kind: 'other', ...h, fields };
  };
}

export interface OtherResponseOptions {
  /** Read whatever the ROP carries on failure ([MS-OXCROPS] failure exceptions, reference §1.4). */
  failure?: FieldSpec | BodyFn;
}

/**
 * A response of kind 'other': HandleIndex, ReturnValue, then `success` when ReturnValue is 0.
 * Failure responses end after ReturnValue unless `opts.failure` says otherwise.
 */
export function otherResponse(success: FieldSpec | BodyFn = [], opts: OtherResponseOptions = {}): ResponseFn {
  return (r, c, paired): ResponseBody => {
    const h = responseHeader(r);
    const fields: RopFields = {};
    const part = h.returnValue === 0 ? success : opts.failure;
    if (typeof part === 'function') part(r, fields, c, paired, h);
    else if (part) readFields(r, part, fields);
    return { kind: 'other', ...h, fields };
  };
}

/** A codec entry. */
export function rop(id: number, name: string, parts: { request?: RequestFn; response?: ResponseFn }): RopCodec {
  return { id, name, ...parts };
}

/** The layout depends on state the capture does not hold: stop here, never guess. */
export function stateMissing(r: ByteReader, field: string, detail: string): Malformed {
  return new Malformed(field, r.offset, detail, 'state-missing');
}

/** Some requests change shape with the kind of logon (private mailbox or public folders). */
export function logonUnknown(r: ByteReader, logonId: number, field: string): Malformed {
  return stateMissing(r, field, `logon ${logonId} unknown: its RopLogon (private or public) is not in the capture`);
}
