import type { RopCodec } from '../codec.js';
import { otherRequest, requestHeader, responseHeader, rop } from './fields.js';

/**
 * ROPs that frame the buffer rather than act on objects ([MS-OXCROPS] 2.2.15, 2.2.8.13;
 * reference ROPS-OXCDATA §1.5).
 */
export const SPECIAL_CODECS: readonly RopCodec[] = [
  // Releases a handle; the server answers with nothing, so response pairing skips it.
  rop(0x01, 'RopRelease', {
    request: (r) => ({ kind: 'RopRelease', ...requestHeader(r, false) }),
  }),

  // May answer any ROP that was issued with WantAsynchronous, in place of that ROP's response.
  rop(0x50, 'RopProgress', {
    request: otherRequest([['wantCancel', (r, f) => r.u8(f) !== 0]]),
    response: (r) => {
      const h = responseHeader(r);
      if (h.returnValue !== 0) return { kind: 'RopProgress', ...h, logonId: null, completedTaskCount: null, totalTaskCount: null };
      return {
        kind: 'RopProgress',
        ...h,
        logonId: r.u8('LogonId'),
        completedTaskCount: r.u32('CompletedTaskCount'),
        totalTaskCount: r.u32('TotalTaskCount'),
      };
    },
  }),

  // Always the last response: the rest of RopsList is a copy of the requests not executed.
  rop(0xff, 'RopBufferTooSmall', {
    response: (r) => ({
      kind: 'RopBufferTooSmall',
      handleIndex: null,
      returnValue: null,
      sizeNeeded: r.u16('SizeNeeded'),
      requestBuffers: r.rest().slice(),
    }),
  }),

  // Replaces the response of the delayed ROP; BackoffRopCount 0 delays every ROP of the logon.
  rop(0xf9, 'RopBackoff', {
    response: (r) => {
      const logonId = r.u8('LogonId');
      const duration = r.u32('Duration');
      const n = r.count(r.u8('BackoffRopCount'), 5, 'BackoffRopData');
      const backoffRops: { ropId: number; duration: number }[] = [];
      for (let i = 0; i < n; i++) backoffRops.push({ ropId: r.u8('RopIdBackoff'), duration: r.u32('Duration') });
      const additionalData = r.bytes(r.count(r.u16('AdditionalDataSize'), 1, 'AdditionalData'), 'AdditionalData').slice();
      return { kind: 'RopBackoff', handleIndex: null, returnValue: null, logonId, duration, backoffRops, additionalData };
    },
  }),
];

