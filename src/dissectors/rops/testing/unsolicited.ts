import fc from 'fast-check';
import type { ResponseBody } from '../codec.js';
import { notificationArb, writeNotification } from './notifications.js';
import type { Built, Env } from './spec-kit.js';
import { blob, u8, u16, u32 } from './values.js';
import type { Writer } from './writer.js';

/** Unsolicited responses: RopNotify (any NotificationData) and RopPending. */
export function unsolicitedArb(env: Env): fc.Arbitrary<Built<ResponseBody>> {
  return fc.oneof(
    fc.tuple(fc.oneof(u32, fc.constant(env.tableHandle)), u8).chain(([handle, logonId]) =>
      notificationArb(handle === env.tableHandle ? env.columns : null).map((n) => ({
        model: { kind: 'RopNotify', handleIndex: null, returnValue: null, notificationHandle: handle, logonId, data: n.model } as ResponseBody,
        write: (w: Writer) => {
          w.u8(0x2a).u32(handle).u8(logonId);
          writeNotification(w, n);
        },
      })),
    ),
    u16.map((sessionIndex) => ({
      model: { kind: 'RopPending', handleIndex: null, returnValue: null, sessionIndex } as ResponseBody,
      write: (w: Writer) => void w.u8(0x6e).u16(sessionIndex),
    })),
  );
}

/** ROPs that end the list: RopBackoff (then only unsolicited ROPs) and RopBufferTooSmall (the rest of RopsList). */
export const backoffArb: fc.Arbitrary<Built<ResponseBody>> = fc
  .tuple(u8, u32, fc.array(fc.tuple(u8, u32), { maxLength: 3 }), blob(8))
  .map(([logonId, duration, rops, extra]) => ({
    model: { kind: 'RopBackoff', handleIndex: null, returnValue: null, logonId, duration, backoffRops: rops.map(([ropId, d]) => ({ ropId, duration: d })), additionalData: extra } as ResponseBody,
    write: (w: Writer) => {
      w.u8(0xf9).u8(logonId).u32(duration).u8(rops.length);
      for (const [ropId, d] of rops) w.u8(ropId).u32(d);
      w.u16(extra.length).bytes(extra);
    },
  }));

export const bufferTooSmallArb: fc.Arbitrary<Built<ResponseBody>> = fc.tuple(u16, blob(24)).map(([sizeNeeded, rest]) => ({
  model: { kind: 'RopBufferTooSmall', handleIndex: null, returnValue: null, sizeNeeded, requestBuffers: rest } as ResponseBody,
  write: (w: Writer) => void w.u8(0xff).u16(sizeNeeded).bytes(rest),
}));
