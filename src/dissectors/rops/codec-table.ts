import type { RopCodec } from './codec.js';
import { FAST_TRANSFER_CODECS } from './codecs/fast-transfer.js';
import { FOLDER_CODECS } from './codecs/folder.js';
import { LOGON_CODECS } from './codecs/logon.js';
import { MESSAGE_CODECS } from './codecs/message.js';
import { NOTIFICATION_CODECS } from './codecs/notification.js';
import { PERMISSION_RULE_CODECS } from './codecs/permission-rule.js';
import { PROPERTY_CODECS } from './codecs/property.js';
import { SPECIAL_CODECS } from './codecs/special.js';
import { TABLE_CODECS } from './codecs/table.js';
import { TRANSPORT_CODECS } from './codecs/transport.js';

/**
 * The ROP codec table: RopId → how its request and response buffers are read. One family of
 * [MS-OXCROPS] 2.2 per file under codecs/. A RopId missing here (or a codec without the form
 * needed) ends the decoding of that buffer with 'unknown-rop': ROPs carry no length.
 */
export const CODEC_FAMILIES: readonly (readonly RopCodec[])[] = [
  SPECIAL_CODECS,
  NOTIFICATION_CODECS,
  LOGON_CODECS,
  FOLDER_CODECS,
  TABLE_CODECS,
  MESSAGE_CODECS,
  PROPERTY_CODECS,
  TRANSPORT_CODECS,
  PERMISSION_RULE_CODECS,
  FAST_TRANSFER_CODECS,
];

export const ROP_CODECS: ReadonlyMap<number, RopCodec> = new Map(CODEC_FAMILIES.flat().map((c) => [c.id, c] as const));

/** RopIds that answer no request: they may appear anywhere in a response buffer. */
export const UNSOLICITED_ROP_IDS: ReadonlySet<number> = new Set([0x2a /* RopNotify */, 0x6e /* RopPending */, 0xf9 /* RopBackoff */, 0xff /* RopBufferTooSmall */]);

/** RopIds after which the remaining requests of the buffer get no response. */
export const ENDS_PAIRING_ROP_IDS: ReadonlySet<number> = new Set([0xf9, 0xff]);

export const ROP_RELEASE = 0x01;
export const ROP_PROGRESS = 0x50;
