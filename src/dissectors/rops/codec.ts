import type { ByteReader } from '../../core/byte-reader.js';
import type { Limits } from '../../core/limits.js';
import type { RopContext, RopRequest, RopResponse } from './types.js';

/**
 * The shape of one entry of the ROP codec table (codec-table.ts): how one RopId's request and
 * response buffers are read. A codec gets a reader positioned just after the RopId byte and
 * returns the ROP without the fields the buffer walker fills in (id, name, offset, size).
 * Codecs throw ShortRead/Malformed; the walker turns that into Damage and stops the list.
 */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Framing = 'ropId' | 'name' | 'offset' | 'size';

export type RequestBody = DistributiveOmit<RopRequest, Framing>;
export type ResponseBody = DistributiveOmit<RopResponse, Framing>;

/** What a codec may know beyond its own bytes. Within one buffer, the walker keeps it current. */
export interface CodecContext {
  readonly ctx: RopContext;
  readonly limits: Limits;
  /** LogonFlags Private bit of a LogonId: a RopLogon request earlier in this buffer, else the session. */
  logonIsPrivate(logonId: number): boolean | undefined;
  /**
   * Columns of the table held in a handle slot at this point of the call: a RopSetColumns earlier
   * in the same request buffer on that slot, else the session's columns of the handle value in the
   * slot. `undefined` when neither is known.
   */
  columnsOfSlot(slot: number): readonly number[] | undefined;
  /** Columns of a table by its handle value (RopNotify's NotificationHandle). */
  columnsOfHandle(handle: number): readonly number[] | undefined;
  /** Handle value in a slot (response table first, then the request's), for damage details. */
  handleInSlot(slot: number): number | undefined;
}

export interface RopCodec {
  readonly id: number;
  readonly name: string;
  request?(r: ByteReader, c: CodecContext): RequestBody;
  /** `paired`: the request this response answers; null when the capture does not hold it. */
  response?(r: ByteReader, c: CodecContext, paired: RopRequest | null): ResponseBody;
}
