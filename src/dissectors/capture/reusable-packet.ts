import type { FrameRef } from '../../core/frame-ref.js';
import type { MutableTime } from './timestamp-scale.js';
import type { RawPacket } from './types.js';

/**
 * The one RawPacket a reader hands out, with its time object, both rewritten in place for
 * every record so the per-packet path allocates nothing. Because `time` is reused as well,
 * anything that outlives the callback (a FrameRef in a table) must copy it: `frameRefOf`.
 */
export interface ReusablePacket extends RawPacket {
  time: MutableTime;
}

const EMPTY = new Uint8Array(0);

export function reusablePacket(): ReusablePacket {
  return { frame: 0, time: { sec: 0, nsec: 0 }, linkType: 0, interfaceId: 0, data: EMPTY, origLen: 0 };
}

/** A FrameRef that stays true after the packet object has moved on to the next record. */
export function frameRefOf(pkt: RawPacket): FrameRef {
  return { frame: pkt.frame, time: { sec: pkt.time.sec, nsec: pkt.time.nsec } };
}
