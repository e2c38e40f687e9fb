/**
 * Damage: everything a dissector could not decode, with where and why.
 * Nothing is dropped silently: every Damage becomes a `finding` event and a count in
 * `summary.undecoded` (keyed by `reason`).
 */
export type DamageReason =
  | 'truncated' // the bytes end before the structure does
  | 'malformed' // a field holds a value the specification forbids, or lengths disagree
  | 'unknown-rop' // a RopId without a codec: the rest of that ROP list cannot be sized
  | 'unsupported' // a valid construct we do not decode (yet): NDR64, unknown link type…
  | 'sealed' // encrypted stub (auth level privacy) or TLS
  | 'gap' // bytes lost in the capture (TCP segments missing)
  | 'limit' // a cap in core/limits.ts was reached
  | 'decompression-overrun' // a compressed payload expands past SizeActual
  | 'state-missing'; // needs earlier state that the capture does not hold (columns, request…)

export interface Damage {
  reason: DamageReason;
  /** Absolute byte offset where the damage starts (in the buffer, PDU or stream named by `where`). */
  offset: number;
  /** The structure or field being decoded, e.g. "RopNotify.NotificationData". */
  field?: string;
  /** One sentence with the specifics (a value, a length, a RopId). */
  detail: string;
}

/** Thrown by ByteReader when a read runs past the end of its window. Caught at codec boundaries. */
export class ShortRead extends Error {
  constructor(
    readonly field: string,
    readonly offset: number,
    readonly needed: number,
    readonly available: number,
  ) {
    super(`${field}: needs ${needed} bytes at offset ${offset}, ${available} available`);
    this.name = 'ShortRead';
  }
}

/** Thrown by decoders when bytes are present but contradict the specification. */
export class Malformed extends Error {
  constructor(
    readonly field: string,
    readonly offset: number,
    readonly detail: string,
    readonly reason: DamageReason = 'malformed',
  ) {
    super(`${field} at offset ${offset}: ${detail}`);
    this.name = 'Malformed';
  }
}

/** Converts what a codec threw into Damage; anything else (a bug) is rethrown. */
export function damageFrom(err: unknown): Damage {
  if (err instanceof ShortRead) {
    return {
      reason: 'truncated',
      offset: err.offset,
      field: err.field,
      detail: `needs ${err.needed} bytes, ${err.available} available`,
    };
  }
  if (err instanceof Malformed) {
    return { reason: err.reason, offset: err.offset, field: err.field, detail: err.detail };
  }
  throw err;
}

/** Runs a decode step; on ShortRead/Malformed returns the damage instead of throwing. */
export function tryDecode<T>(fn: () => T): { value: T; damage?: undefined } | { value?: undefined; damage: Damage } {
  try {
    return { value: fn() };
  } catch (err) {
    return { damage: damageFrom(err) };
  }
}
