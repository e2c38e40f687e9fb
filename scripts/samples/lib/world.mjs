// The mailbox the sample scenarios talk about: one definition shared by the encoders and expected.json.
import { IFACE, NDR20, BTFN } from './dcerpc.mjs';
import { OPNAME, contextHandle } from './emsmdb.mjs';
import { PROP } from './rops.mjs';
import { Writer } from './bytes.mjs';
import { auxExOrgInfo, auxClientControl, auxEndpointCapabilities, auxPerfRequestId, auxPerfClientInfo, auxServerCapabilities, extBlock } from './rpcext.mjs';

export const ORG_DN = '/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)';
export const USER_DN = `${ORG_DN}/cn=Recipients/cn=alice`;
export const DISPLAY_NAME = 'Alice Wong';

export const EMSMDB_PORT = 60001;
export const SERVER_UDP_PORT = 60010;

/** Interfaces as the harness wants them (name, uuid, version, opnames). */
export const EMSMDB = { ...IFACE.EMSMDB, opnames: OPNAME.EMSMDB };
export const ASYNC = { ...IFACE.ASYNCEMSMDB, opnames: OPNAME.AsyncEMSMDB };
export const EPM = { ...IFACE.EPM, opnames: OPNAME.EPM };

/** bind contexts: 0 = EMSMDB/NDR20, 1 = EMSMDB/bind-time feature negotiation. */
export const EMSMDB_CONTEXTS = [
  { id: 0, abstract: EMSMDB, transfer: [NDR20] },
  { id: 1, abstract: EMSMDB, transfer: [BTFN] },
];
export const EMSMDB_RESULTS = [
  { result: 0, reason: 0, transfer: NDR20 },
  { result: 3, reason: 0x0003, transfer: null }, // negotiate_ack: both features
];

export const FOLDER = {
  Root: '0001-000000000001',
  DeferredAction: '0001-000000000002',
  SpoolerQueue: '0001-000000000003',
  IpmSubtree: '0001-000000000004',
  Inbox: '0001-00000000000D',
  Outbox: '0001-00000000000E',
  SentItems: '0001-00000000000F',
  DeletedItems: '0001-000000000010',
  CommonViews: '0001-000000000005',
  Schedule: '0001-000000000006',
  Search: '0001-000000000007',
  Views: '0001-000000000008',
  Shortcuts: '0001-000000000009',
  Archive: '0001-000000000011',
  Projects: '0001-000000000012',
  ProjectsCopy: '0001-000000000013',
  SearchResults: '0001-000000000014',
};
/** RopLogon (private) FolderIds order. */
export const LOGON_FOLDERS = [
  FOLDER.Root, FOLDER.DeferredAction, FOLDER.SpoolerQueue, FOLDER.IpmSubtree, FOLDER.Inbox, FOLDER.Outbox, FOLDER.SentItems,
  FOLDER.DeletedItems, FOLDER.CommonViews, FOLDER.Schedule, FOLDER.Search, FOLDER.Views, FOLDER.Shortcuts,
];

export const COLUMNS = [PROP.PidTagMid, PROP.PidTagSubject, PROP.PidTagMessageFlags, PROP.PidTagMessageDeliveryTime];

/** Server object handle values (per session; sessions of the same user reuse them, as real servers do). */
export const H = {
  LOGON: 0x00000011,
  SUB_STORE: 0x00000012,
  SUB_INBOX: 0x00000013,
  FOLDER_INBOX: 0x00000014,
  TABLE_INBOX: 0x00000015,
};

export const ALL_TYPES = 0x00fe; // NewMail|ObjectCreated|ObjectDeleted|ObjectModified|ObjectMoved|ObjectCopied|SearchCompleted
export const INBOX_TYPES = 0x001c; // ObjectCreated|ObjectDeleted|ObjectModified

export const CLIENT_VERSION = [0x1000, 0x8000 | 4266, 1001]; // 16.0.4266.1001
export const SERVER_VERSION = [0x0f01, 0x8000 | 2375, 7]; // 15.1.2375.7
export const SERVER_VERSION_TEXT = '15.1.2375.7';

export function connectExParams(conMod) {
  return {
    userDN: USER_DN,
    flags: 0,
    conMod,
    cbLimit: 0,
    cpid: 1252,
    lcidString: 0x409,
    lcidSort: 0x409,
    icxrLink: 0xffffffff,
    canConvertCodePages: 1,
    clientVersion: CLIENT_VERSION,
    timeStamp: 0,
    auxIn: Buffer.alloc(0),
    cbAuxOut: 0x1008,
  };
}

export function connectExResult(cxh, icxr) {
  return {
    cxh,
    pollsMax: 60000,
    retry: 6,
    retryDelay: 10000,
    icxr,
    dnPrefix: ORG_DN,
    displayName: DISPLAY_NAME,
    serverVersion: SERVER_VERSION,
    bestVersion: CLIENT_VERSION,
    timeStamp: 0x5f3759df,
    // EXORGINFO + CLIENT_CONTROL + ENDPOINT_CAPABILITIES behind RPC_HEADER_EXT flags 0x0004
    auxOut: extBlock(Buffer.concat([auxExOrgInfo(0x00000001), auxClientControl(0x00000001, 600000), auxEndpointCapabilities(0x00000001)])).bytes,
    ret: 0,
  };
}

/** Aux input of an EcDoRpcExt2: AUX_PERF_REQUESTID + AUX_PERF_CLIENTINFO, XorMagic'd like Outlook does. */
export function auxInPerf(requestId) {
  const body = Buffer.concat([
    auxPerfRequestId(1, requestId),
    auxPerfClientInfo({
      adapterSpeed: 1000000,
      clientId: 1,
      machineName: 'WS01',
      userName: 'alice',
      clientIp: Buffer.from([127, 0, 0, 1]),
      clientIpMask: Buffer.from([255, 0, 0, 0]),
      adapterName: 'lo',
      mac: Buffer.alloc(6),
      clientMode: 1,
    }),
  ]);
  return { ...extBlock(body, { xor: true }), blockNames: ['AUX_PERF_REQUESTID', 'AUX_PERF_CLIENTINFO'] };
}

/** Aux output: SERVER_CAPABILITIES + EXORGINFO, plain. */
export function auxOutCaps() {
  return { ...extBlock(Buffer.concat([auxServerCapabilities(0x00000001), auxExOrgInfo(0x00000001)])), blockNames: ['AUX_SERVER_CAPABILITIES', 'AUX_EXORGINFO'] };
}

export const cxhFor = (n) => contextHandle(`6f1c0a2e-3b4d-4e5f-8a9b-${(0x0c0d0e0f1000 + n).toString(16).padStart(12, '0')}`);
export const acxhFor = (n) => contextHandle(`9a7e51d2-8c34-4f1b-b6e0-${(0x5d3c2b1a0000 + n).toString(16).padStart(12, '0')}`);

export const MAILBOX_GUID = 'a1b2c3d4-0001-4e6f-9a0b-1c2d3e4f5a6b';
export const REPL_GUID = 'b7c8d9e0-0002-4f10-8213-243546576879';

export const LOGON_RESPONSE = {
  outIdx: 0,
  folderIds: LOGON_FOLDERS,
  responseFlags: 0x07,
  mailboxGuid: MAILBOX_GUID,
  replId: 0x0001,
  replGuid: REPL_GUID,
  logonTime: '2025-03-14T09:26:53Z',
  gwart: '2025-03-14T08:00:00Z',
  storeState: 0,
};

export const pad4 = (w) => new Writer().bytes(w).align(4).toBuffer();
