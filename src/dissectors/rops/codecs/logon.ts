import type { ByteReader } from '../../../core/byte-reader.js';
import { readId } from '../../oxcdata/ids.js';
import { readPropertyRows } from '../../oxcdata/property-row.js';
import type { RopCodec } from '../codec.js';
import type { FieldValue, RopFields } from '../types.js';
import { asciiz, blob16, bool, guid, id, logonUnknown, longTermId, otherRequest, otherResponse, readFields, responseHeader, rop, u8, u16, u32 } from './fields.js';
import { readServers } from './structures.js';

/** Logon and store ROPs ([MS-OXCROPS] 2.2.3; [MS-OXCSTOR]). */
export const LOGON_PRIVATE = 0x01;
export const EC_WRONG_SERVER = 0x00000478;

const FOLDER_IDS = 13;

function readFolderIds(r: ByteReader): string[] {
  const ids: string[] = [];
  for (let i = 0; i < FOLDER_IDS; i++) ids.push(readId(r, 'FolderIds'));
  return ids;
}

/** LogonTime: Seconds, Minutes, Hour, DayOfWeek, Day, Month (1 byte each), Year u16. */
function readLogonTime(r: ByteReader): FieldValue {
  return {
    seconds: r.u8('LogonTime.Seconds'),
    minutes: r.u8('LogonTime.Minutes'),
    hour: r.u8('LogonTime.Hour'),
    dayOfWeek: r.u8('LogonTime.DayOfWeek'),
    day: r.u8('LogonTime.Day'),
    month: r.u8('LogonTime.Month'),
    year: r.u16('LogonTime.Year'),
  };
}

/** RopGetReceiveFolderTable rows have fixed columns ([MS-OXCROPS] 2.2.3.4.2). */
const RECEIVE_FOLDER_COLUMNS = [0x67480014 /* PidTagFolderId */, 0x001a001e /* PidTagMessageClass */, 0x30080040 /* PidTagLastModificationTime */];

export const LOGON_CODECS: readonly RopCodec[] = [
  rop(0xfe, 'RopLogon', {
    // No input handle: the third byte is OutputHandleIndex. EssdnSize counts the NUL.
    request: (r) => {
      const logonId = r.u8('LogonId');
      const outputHandleIndex = r.u8('OutputHandleIndex');
      const logonFlags = r.u8('LogonFlags');
      const openFlags = r.u32('OpenFlags');
      const storeState = r.u32('StoreState');
      const size = r.u16('EssdnSize');
      const essdn = size === 0 ? null : r.window(size, 'Essdn').asciiz('Essdn');
      return { kind: 'RopLogon', logonId, inputHandleIndex: null, outputHandleIndex, logonFlags, openFlags, storeState, essdn };
    },
    // The variant is chosen by the response's own LogonFlags byte (the request's agrees), so a
    // response decodes without its request. ecWrongServer carries the server to redirect to.
    response: (r) => {
      const h = responseHeader(r);
      const fields: RopFields = {};
      if (h.returnValue === EC_WRONG_SERVER) {
        fields.logonFlags = r.u8('LogonFlags');
        const size = r.u8('ServerNameSize');
        fields.serverNameSize = size;
        fields.serverName = size === 0 ? '' : r.window(size, 'ServerName').asciiz('ServerName');
      } else if (h.returnValue === 0) {
        const logonFlags = r.u8('LogonFlags');
        fields.logonFlags = logonFlags;
        fields.folderIds = readFolderIds(r);
        if (logonFlags & LOGON_PRIVATE) {
          fields.responseFlags = r.u8('ResponseFlags');
          fields.mailboxGuid = guid(r, 'MailboxGuid');
          fields.replId = r.u16('ReplId');
          fields.replGuid = guid(r, 'ReplGuid');
          fields.logonTime = readLogonTime(r);
          fields.gwartTime = r.u64('GwartTime');
          fields.storeState = r.u32('StoreState');
        } else {
          fields.replId = r.u16('ReplId');
          fields.replGuid = guid(r, 'ReplGuid');
          fields.perUserGuid = guid(r, 'PerUserGuid');
        }
      }
      return { kind: 'RopLogon', ...h, fields };
    },
  }),
  rop(0x27, 'RopGetReceiveFolder', {
    request: otherRequest([['messageClass', asciiz]]),
    response: otherResponse([['folderId', id], ['explicitMessageClass', asciiz]]),
  }),
  rop(0x26, 'RopSetReceiveFolder', {
    request: otherRequest([['folderId', id], ['messageClass', asciiz]]),
    response: otherResponse(),
  }),
  rop(0x68, 'RopGetReceiveFolderTable', {
    request: otherRequest([]),
    response: otherResponse((r, f) => {
      const n = r.u32('RowCount');
      f.rowCount = n;
      f.rows = readPropertyRows(r, n, RECEIVE_FOLDER_COLUMNS, 'Rows');
    }),
  }),
  rop(0x7b, 'RopGetStoreState', { request: otherRequest([]), response: otherResponse([['storeState', u32]]) }),
  rop(0x42, 'RopGetOwningServers', {
    request: otherRequest([['folderId', id]]),
    response: otherResponse((r, f) => readServers(r, f, ['owningServersCount', 'cheapServersCount', 'owningServers'])),
  }),
  rop(0x45, 'RopPublicFolderIsGhosted', {
    request: otherRequest([['folderId', id]]),
    response: otherResponse((r, f) => {
      const ghosted = r.u8('IsGhosted');
      f.isGhosted = ghosted !== 0;
      if (ghosted) readServers(r, f, ['serversCount', 'cheapServersCount', 'servers']);
    }),
  }),
  rop(0x43, 'RopLongTermIdFromId', { request: otherRequest([['objectId', id]]), response: otherResponse([['longTermId', longTermId]]) }),
  rop(0x44, 'RopIdFromLongTermId', { request: otherRequest([['longTermId', longTermId]]), response: otherResponse([['objectId', id]]) }),
  rop(0x60, 'RopGetPerUserLongTermIds', {
    request: otherRequest([['databaseGuid', guid]]),
    response: otherResponse((r, f) => {
      const n = r.count(r.u16('LongTermIdCount'), 24, 'LongTermIds');
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(longTermId(r, 'LongTermIds') as string);
      f.longTermIds = ids;
    }),
  }),
  rop(0x61, 'RopGetPerUserGuid', { request: otherRequest([['longTermId', longTermId]]), response: otherResponse([['databaseGuid', guid]]) }),
  rop(0x63, 'RopReadPerUserInformation', {
    request: otherRequest([['folderId', longTermId], ['reserved', u8], ['dataOffset', u32], ['maxDataSize', u16]]),
    response: otherResponse([['hasFinished', bool], ['data', blob16]]),
  }),
  rop(0x64, 'RopWritePerUserInformation', {
    // ReplGuid is present only when DataOffset is 0 AND the logon is a private mailbox: state.
    request: (r, c) => {
      const logonId = r.u8('LogonId');
      const inputHandleIndex = r.u8('InputHandleIndex');
      const fields = readFields(r, [['folderId', longTermId], ['hasFinished', bool], ['dataOffset', u32], ['data', blob16]]);
      if (fields.dataOffset === 0) {
        const priv = c.logonIsPrivate(logonId);
        if (priv === undefined) throw logonUnknown(r, logonId, 'ReplGuid');
        if (priv) fields.replGuid = guid(r, 'ReplGuid');
      }
      return { kind: 'other', logonId, inputHandleIndex, outputHandleIndex: null, fields };
    },
    response: otherResponse(),
  }),
];
