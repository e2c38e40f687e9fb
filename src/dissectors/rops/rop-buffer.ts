import { ByteReader } from '../../core/byte-reader.js';
import { damageFrom, type Damage } from '../../core/damage.js';
import { hex2 } from '../../core/hex.js';
import type { Limits } from '../../core/limits.js';
import type { CodecContext, RequestBody, ResponseBody, RopCodec } from './codec.js';
import { ENDS_PAIRING_ROP_IDS, ROP_CODECS, ROP_PROGRESS, ROP_RELEASE, UNSOLICITED_ROP_IDS } from './codec-table.js';
import { ropName } from './rop-names.js';
import type { RopBuffer, RopContext, RopRequest, RopRequestSide, RopResponse } from './types.js';

/**
 * ROP input/output buffers ([MS-OXCROPS] 2.2.1; reference ROPS-OXCDATA §1.1): RopSize u16 (it
 * counts itself), RopsList (RopSize − 2 bytes of ROPs without delimiters), then the
 * ServerObjectHandleTable (the rest, u32 each). Offsets are relative to the payload.
 *
 * Nothing throws out of here: a ROP that cannot be read ends the list with damage, and the ROPs
 * before it are kept. `damage` holds why the list stopped early; when it did not, a framing fault
 * (RopSize past the end, a ragged handle table) if there was one.
 */
const NO_HANDLE = 0xffffffff;

interface Framing {
  ropSize: number;
  list: ByteReader;
  handles: number[];
  damage: Damage | null;
}

function frame(payload: Uint8Array): Framing {
  const r = new ByteReader(payload);
  if (payload.length < 2) {
    return {
      ropSize: 0,
      list: new ByteReader(new Uint8Array(0), 0),
      handles: [],
      damage: { reason: 'truncated', offset: 0, field: 'RopSize', detail: `a ROP buffer needs 2 bytes, ${payload.length} present` },
    };
  }
  const ropSize = r.u16('RopSize');
  let damage: Damage | null = null;
  if (ropSize < 2) {
    damage = { reason: 'malformed', offset: 0, field: 'RopSize', detail: `RopSize ${ropSize} is smaller than the field itself` };
    return { ropSize, list: new ByteReader(new Uint8Array(0), 2), handles: [], damage };
  }
  if (ropSize > payload.length) {
    damage = { reason: 'truncated', offset: 0, field: 'RopSize', detail: `RopSize ${ropSize} exceeds the ${payload.length}-byte buffer` };
  }
  const listEnd = Math.min(ropSize, payload.length);
  const list = r.window(listEnd - 2, 'RopsList');
  const handles: number[] = [];
  const remainder = payload.length - listEnd;
  const count = Math.floor(remainder / 4);
  for (let i = 0; i < count; i++) handles.push(r.u32('ServerObjectHandleTable'));
  if (remainder % 4 !== 0) {
    damage ??= {
      reason: 'malformed',
      offset: r.offset,
      field: 'ServerObjectHandleTable',
      detail: `${remainder} bytes after RopsList is not a whole number of 4-byte handles`,
    };
  }
  return { ropSize, list, handles, damage };
}

function unknownRop(offset: number, ropId: number, form: 'request' | 'response'): Damage {
  const name = ropName(ropId);
  const detail = name
    ? `RopId ${hex2(ropId)} (${name}) has no ${form} form here; the rest of RopsList cannot be sized`
    : `RopId ${hex2(ropId)} is reserved or unknown; the rest of RopsList cannot be sized`;
  return { reason: 'unknown-rop', offset, field: 'RopsList', detail };
}

function limitReached(offset: number, limits: Limits): Damage {
  return { reason: 'limit', offset, field: 'RopsList', detail: `more than maxRopsPerBuffer (${limits.maxRopsPerBuffer}) ROPs` };
}

/** Shared walk: read RopId, find the codec form, decode, frame; every ROP goes to `rops`. */
function walk<T>(
  f: Framing,
  limits: Limits,
  form: 'request' | 'response',
  rops: T[],
  decode: (codec: RopCodec, r: ByteReader, ropId: number) => RequestBody | ResponseBody | null,
  accepted: (rop: T, ropId: number) => void = () => undefined,
): Damage | null {
  const r = f.list;
  while (!r.atEnd) {
    const offset = r.offset;
    if (rops.length >= limits.maxRopsPerBuffer) return limitReached(offset, limits);
    const ropId = r.u8('RopId');
    const codec = ROP_CODECS.get(ropId);
    let body: RequestBody | ResponseBody | null;
    try {
      body = codec ? decode(codec, r, ropId) : null;
    } catch (err) {
      return damageFrom(err);
    }
    if (!codec || !body) return unknownRop(offset, ropId, form);
    const rop = { ...body, ropId, name: codec.name, offset, size: r.offset - offset } as T;
    rops.push(rop);
    accepted(rop, ropId);
  }
  return null;
}

/** Decodes a ROP input buffer (the client's requests). */
export function decodeRopRequestBuffer(payload: Uint8Array, ctx: RopContext, limits: Limits): RopBuffer<RopRequest> {
  const f = frame(payload);
  const rops: RopRequest[] = [];
  const state = new CallState(ctx, limits, f.handles, null, rops);
  const damage = walk<RopRequest>(f, limits, 'request', rops, (codec, r) => (codec.request ? codec.request(r, state) : null));
  return { ropSize: f.ropSize, rops, handles: f.handles, damage: damage ?? f.damage };
}

/**
 * Decodes a ROP output buffer (the server's responses). `request` is the input buffer of the same
 * call, or null when the capture does not hold it: then what describes itself is decoded, and a
 * ROP whose layout needs the request stops the list with 'state-missing'.
 */
export function decodeRopResponseBuffer(payload: Uint8Array, request: RopRequestSide | null, ctx: RopContext, limits: Limits): RopBuffer<RopResponse> {
  const f = frame(payload);
  const rops: RopResponse[] = [];
  const requests = request?.rops ?? null;
  const state = new CallState(ctx, limits, f.handles, request, requests ?? []);
  let next = 0;
  let pairing = requests !== null;
  const damage = walk<RopResponse>(
    f,
    limits,
    'response',
    rops,
    (codec, r, ropId) => {
      if (!codec.response) return null;
      let paired: RopRequest | null = null;
      state.pairedIndex = -1;
      if (!UNSOLICITED_ROP_IDS.has(ropId) && pairing && requests) {
        // Requests are answered in order; RopRelease gets no response.
        while (next < requests.length && requests[next]!.ropId === ROP_RELEASE) next++;
        const candidate = requests[next];
        if (candidate) {
          state.pairedIndex = next++;
          // Dispatch is on the RopId present: RopProgress may stand in for any ROP, but any other
          // mismatch means the request's layout does not describe this response.
          if (candidate.ropId === ropId || ropId === ROP_PROGRESS) paired = candidate;
        }
      }
      return codec.response(r, state, paired);
    },
    (rop, ropId) => {
      if (state.pairedIndex >= 0) state.responded.set(state.pairedIndex, rop);
      if (ENDS_PAIRING_ROP_IDS.has(ropId)) pairing = false;
    },
  );
  return { ropSize: f.ropSize, rops, handles: f.handles, damage: damage ?? f.damage };
}

/** What a slot's table columns are within this call, from the requests alone. */
type LocalColumns = { known: true; columns: readonly number[] | undefined } | { known: false };

/**
 * Per-call state offered to codecs. Columns set by a RopSetColumns earlier in the same request
 * buffer win over the session's (the table may even have been created in this call, its handle
 * only in the response's handle table); a table created or reset in this call has no columns
 * until it is given some.
 */
class CallState implements CodecContext {
  /** Index in `requests` of the request the response being decoded answers, or -1. */
  pairedIndex = -1;
  readonly responded = new Map<number, RopResponse>();

  constructor(
    readonly ctx: RopContext,
    readonly limits: Limits,
    private readonly handles: readonly number[],
    private readonly request: RopRequestSide | null,
    private readonly requests: readonly RopRequest[],
  ) {}

  logonIsPrivate(logonId: number): boolean | undefined {
    for (let i = this.requests.length - 1; i >= 0; i--) {
      const q = this.requests[i]!;
      if (q.kind === 'RopLogon' && q.logonId === logonId) return (q.logonFlags & 0x01) !== 0;
    }
    return this.ctx.logonIsPrivate(logonId);
  }

  handleInSlot(slot: number): number | undefined {
    const own = this.handles[slot];
    if (own !== undefined && own !== NO_HANDLE) return own;
    const theirs = this.request?.handles[slot];
    return theirs !== undefined && theirs !== NO_HANDLE ? theirs : undefined;
  }

  columnsOfSlot(slot: number): readonly number[] | undefined {
    const end = this.pairedIndex >= 0 ? this.pairedIndex : this.requests.length;
    const local = this.localColumns(slot, end);
    if (local.known) return local.columns;
    const handle = this.handleInSlot(slot);
    return handle === undefined ? undefined : this.ctx.columnsOf(handle);
  }

  columnsOfHandle(handle: number): readonly number[] | undefined {
    for (let slot = 0; slot < Math.max(this.handles.length, this.request?.handles.length ?? 0); slot++) {
      if (this.handleInSlot(slot) !== handle) continue;
      const local = this.localColumns(slot, this.requests.length);
      if (local.known) return local.columns;
    }
    return this.ctx.columnsOf(handle);
  }

  private localColumns(slot: number, end: number): LocalColumns {
    for (let i = Math.min(end, this.requests.length) - 1; i >= 0; i--) {
      const q = this.requests[i]!;
      if (q.kind === 'RopSetColumns' && q.inputHandleIndex === slot) {
        const answer = this.responded.get(i);
        if (answer && answer.returnValue !== null && answer.returnValue !== 0 && answer.ropId === q.ropId) continue;
        return { known: true, columns: q.propertyTags };
      }
      if (q.kind === 'RopResetTable' && q.inputHandleIndex === slot) return { known: true, columns: undefined };
      if (q.outputHandleIndex === slot) return { known: true, columns: undefined };
    }
    return { known: false };
  }
}
