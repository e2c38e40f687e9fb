import { readId } from '../../oxcdata/ids.js';
import type { RopCodec } from '../codec.js';
import { readNotificationData } from '../notification-data.js';
import { requestHeader, responseHeader, rop } from './fields.js';

/** Subscriptions and notification delivery ([MS-OXCROPS] 2.2.14; [MS-OXCNOTIF] 2.2.1). */
const EXTENDED = 0x0400;

export const NOTIFICATION_CODECS: readonly RopCodec[] = [
  rop(0x29, 'RopRegisterNotification', {
    /*
     * Layout per [MS-OXCNOTIF] 2.2.1.2.1.1, which MS-OXCROPS 2.2.14.1.1 defers to for the fields'
     * syntax: NotificationTypes is 2 bytes (requirement MS-OXCNOTIF_R133), and the 1-byte Reserved
     * field is present only when the Extended flag 0x0400 is set (R49001/R49002), before
     * WantWholeStore. The ROPS reference reads NotificationTypes u8 + Reserved u8 always (the
     * Microsoft test client's struct); both readings take the same bytes whenever 0x0400 is clear,
     * which is every capture we know of.
     */
    request: (r) => {
      const h = requestHeader(r, true);
      const notificationTypes = r.u16('NotificationTypes');
      const reserved = notificationTypes & EXTENDED ? r.u8('Reserved') : null;
      // FolderId and MessageId follow only when WantWholeStore is FALSE (0x00).
      const wantWholeStore = r.u8('WantWholeStore') !== 0;
      const folderId = wantWholeStore ? null : readId(r, 'FolderId');
      const messageId = wantWholeStore ? null : readId(r, 'MessageId');
      return { kind: 'RopRegisterNotification', ...h, notificationTypes, reserved, wantWholeStore, folderId, messageId };
    },
    // Success or failure, the response is the header alone; the subscription handle is in the
    // response's handle table at OutputHandleIndex.
    response: (r) => ({ kind: 'RopRegisterNotification', ...responseHeader(r) }),
  }),

  rop(0x2a, 'RopNotify', {
    response: (r, c) => {
      const notificationHandle = r.u32('NotificationHandle');
      const logonId = r.u8('LogonId');
      const data = readNotificationData(r, notificationHandle, (h) => c.columnsOfHandle(h));
      return { kind: 'RopNotify', handleIndex: null, returnValue: null, notificationHandle, logonId, data };
    },
  }),

  rop(0x6e, 'RopPending', {
    response: (r) => ({ kind: 'RopPending', handleIndex: null, returnValue: null, sessionIndex: r.u16('SessionIndex') }),
  }),
];

