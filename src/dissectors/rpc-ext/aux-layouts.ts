/**
 * Auxiliary block types and body layouts ([MS-OXCRPC] 2.2.2.2; reference §2.9), as data.
 * A layout lists fixed fields in wire order, then variable parts that sit at an offset measured
 * from the start of the AUX_HEADER (an offset of 0 means "absent").
 */
export type AuxFieldKind = 'u8' | 'u16' | 'u32' | 'guid' | { skip: number };

export interface AuxVariable {
  name: string;
  /** Fixed field that holds the offset from the AUX_HEADER start. */
  offsetField: string;
  /** 'utf16z' strings end at a 0x0000; 'bytes' take their size from `sizeField`. */
  kind: 'utf16z' | 'bytes';
  sizeField?: string;
}

export interface AuxLayout {
  /** Structure name, e.g. AUX_PERF_DEFMDB_SUCCESS (BG/FG types reuse the plain structures). */
  name: string;
  fields: readonly (readonly [string, AuxFieldKind])[];
  variable?: readonly AuxVariable[];
}

export interface AuxTypeEntry {
  /** AUX_TYPE_… name of the type value. */
  typeName: string;
  v1?: AuxLayout;
  v2?: AuxLayout;
}

const REQUESTID: AuxLayout = { name: 'AUX_PERF_REQUESTID', fields: [['SessionID', 'u16'], ['RequestID', 'u16']] };

const CLIENTINFO: AuxLayout = {
  name: 'AUX_PERF_CLIENTINFO',
  fields: [
    ['AdapterSpeed', 'u32'], ['ClientID', 'u16'], ['MachineNameOffset', 'u16'], ['UserNameOffset', 'u16'],
    ['ClientIPSize', 'u16'], ['ClientIPOffset', 'u16'], ['ClientIPMaskSize', 'u16'], ['ClientIPMaskOffset', 'u16'],
    ['AdapterNameOffset', 'u16'], ['MacAddressSize', 'u16'], ['MacAddressOffset', 'u16'], ['ClientMode', 'u16'],
    ['Reserved', 'u16'],
  ],
  variable: [
    { name: 'MachineName', offsetField: 'MachineNameOffset', kind: 'utf16z' },
    { name: 'UserName', offsetField: 'UserNameOffset', kind: 'utf16z' },
    { name: 'ClientIP', offsetField: 'ClientIPOffset', kind: 'bytes', sizeField: 'ClientIPSize' },
    { name: 'ClientIPMask', offsetField: 'ClientIPMaskOffset', kind: 'bytes', sizeField: 'ClientIPMaskSize' },
    { name: 'AdapterName', offsetField: 'AdapterNameOffset', kind: 'utf16z' },
    { name: 'MacAddress', offsetField: 'MacAddressOffset', kind: 'bytes', sizeField: 'MacAddressSize' },
  ],
};

const SERVERINFO: AuxLayout = {
  name: 'AUX_PERF_SERVERINFO',
  fields: [['ServerID', 'u16'], ['ServerType', 'u16'], ['ServerDNOffset', 'u16'], ['ServerNameOffset', 'u16']],
  variable: [
    { name: 'ServerDN', offsetField: 'ServerDNOffset', kind: 'utf16z' },
    { name: 'ServerName', offsetField: 'ServerNameOffset', kind: 'utf16z' },
  ],
};

const SESSIONINFO: AuxLayout = { name: 'AUX_PERF_SESSIONINFO', fields: [['SessionID', 'u16'], ['Reserved', 'u16'], ['SessionGuid', 'guid']] };
const SESSIONINFO_V2: AuxLayout = { name: 'AUX_PERF_SESSIONINFO_V2', fields: [...SESSIONINFO.fields, ['ConnectionID', 'u32']] };

const DEFMDB_SUCCESS: AuxLayout = {
  name: 'AUX_PERF_DEFMDB_SUCCESS',
  fields: [['TimeSinceRequest', 'u32'], ['TimeToCompleteRequest', 'u32'], ['RequestID', 'u16'], ['Reserved', 'u16']],
};

const DEFGC_SUCCESS: AuxLayout = {
  name: 'AUX_PERF_DEFGC_SUCCESS',
  fields: [
    ['ServerID', 'u16'], ['SessionID', 'u16'], ['TimeSinceRequest', 'u32'], ['TimeToCompleteRequest', 'u32'],
    ['RequestOperation', 'u8'], ['Reserved', { skip: 3 }],
  ],
};

const MDB_SUCCESS: AuxLayout = {
  name: 'AUX_PERF_MDB_SUCCESS',
  fields: [
    ['ClientID', 'u16'], ['ServerID', 'u16'], ['SessionID', 'u16'], ['RequestID', 'u16'],
    ['TimeSinceRequest', 'u32'], ['TimeToCompleteRequest', 'u32'],
  ],
};
const MDB_SUCCESS_V2: AuxLayout = {
  name: 'AUX_PERF_MDB_SUCCESS_V2',
  fields: [
    ['ProcessID', 'u16'], ['ClientID', 'u16'], ['ServerID', 'u16'], ['SessionID', 'u16'], ['RequestID', 'u16'],
    ['Reserved', 'u16'], ['TimeSinceRequest', 'u32'], ['TimeToCompleteRequest', 'u32'],
  ],
};

const GC_SUCCESS: AuxLayout = {
  name: 'AUX_PERF_GC_SUCCESS',
  fields: [
    ['ClientID', 'u16'], ['ServerID', 'u16'], ['SessionID', 'u16'], ['Reserved_1', 'u16'],
    ['TimeSinceRequest', 'u32'], ['TimeToCompleteRequest', 'u32'], ['RequestOperation', 'u8'], ['Reserved_2', { skip: 3 }],
  ],
};
const GC_SUCCESS_V2: AuxLayout = {
  name: 'AUX_PERF_GC_SUCCESS_V2',
  fields: [
    ['ProcessID', 'u16'], ['ClientID', 'u16'], ['ServerID', 'u16'], ['SessionID', 'u16'],
    ['TimeSinceRequest', 'u32'], ['TimeToCompleteRequest', 'u32'], ['RequestOperation', 'u8'], ['Reserved', { skip: 3 }],
  ],
};

const FAILURE: AuxLayout = {
  name: 'AUX_PERF_FAILURE',
  fields: [
    ['ClientID', 'u16'], ['ServerID', 'u16'], ['SessionID', 'u16'], ['RequestID', 'u16'],
    ['TimeSinceRequest', 'u32'], ['TimeToFailRequest', 'u32'], ['ResultCode', 'u32'],
    ['RequestOperation', 'u8'], ['Reserved', { skip: 3 }],
  ],
};
const FAILURE_V2: AuxLayout = {
  name: 'AUX_PERF_FAILURE_V2',
  fields: [
    ['ProcessID', 'u16'], ['ClientID', 'u16'], ['ServerID', 'u16'], ['SessionID', 'u16'], ['RequestID', 'u16'],
    ['Reserved_1', 'u16'], ['TimeSinceRequest', 'u32'], ['TimeToFailRequest', 'u32'], ['ResultCode', 'u32'],
    ['RequestOperation', 'u8'], ['Reserved_2', { skip: 3 }],
  ],
};

const PROCESSINFO: AuxLayout = {
  name: 'AUX_PERF_PROCESSINFO',
  fields: [['ProcessID', 'u16'], ['Reserved_1', 'u16'], ['ProcessGuid', 'guid'], ['ProcessNameOffset', 'u16'], ['Reserved_2', 'u16']],
  variable: [{ name: 'ProcessName', offsetField: 'ProcessNameOffset', kind: 'utf16z' }],
};

const one = (name: string, field: string): AuxLayout => ({ name, fields: [[field, 'u32']] });

/** Keyed by the AUX_HEADER Type byte. */
export const AUX_TYPES: ReadonlyMap<number, AuxTypeEntry> = new Map<number, AuxTypeEntry>([
  [0x01, { typeName: 'AUX_TYPE_PERF_REQUESTID', v1: REQUESTID }],
  [0x02, { typeName: 'AUX_TYPE_PERF_CLIENTINFO', v1: CLIENTINFO }],
  [0x03, { typeName: 'AUX_TYPE_PERF_SERVERINFO', v1: SERVERINFO }],
  [0x04, { typeName: 'AUX_TYPE_PERF_SESSIONINFO', v1: SESSIONINFO, v2: SESSIONINFO_V2 }],
  [0x05, { typeName: 'AUX_TYPE_PERF_DEFMDB_SUCCESS', v1: DEFMDB_SUCCESS }],
  [0x06, { typeName: 'AUX_TYPE_PERF_DEFGC_SUCCESS', v1: DEFGC_SUCCESS }],
  [0x07, { typeName: 'AUX_TYPE_PERF_MDB_SUCCESS', v1: MDB_SUCCESS, v2: MDB_SUCCESS_V2 }],
  [0x08, { typeName: 'AUX_TYPE_PERF_GC_SUCCESS', v1: GC_SUCCESS, v2: GC_SUCCESS_V2 }],
  [0x09, { typeName: 'AUX_TYPE_PERF_FAILURE', v1: FAILURE, v2: FAILURE_V2 }],
  [0x0a, { typeName: 'AUX_TYPE_CLIENT_CONTROL', v1: { name: 'AUX_CLIENT_CONTROL', fields: [['EnableFlags', 'u32'], ['ExpiryTime', 'u32']] } }],
  [0x0b, { typeName: 'AUX_TYPE_PERF_PROCESSINFO', v1: PROCESSINFO, v2: PROCESSINFO }],
  [0x0c, { typeName: 'AUX_TYPE_PERF_BG_DEFMDB_SUCCESS', v1: DEFMDB_SUCCESS }],
  [0x0d, { typeName: 'AUX_TYPE_PERF_BG_DEFGC_SUCCESS', v1: DEFGC_SUCCESS }],
  [0x0e, { typeName: 'AUX_TYPE_PERF_BG_MDB_SUCCESS', v1: MDB_SUCCESS, v2: MDB_SUCCESS_V2 }],
  [0x0f, { typeName: 'AUX_TYPE_PERF_BG_GC_SUCCESS', v1: GC_SUCCESS, v2: GC_SUCCESS_V2 }],
  [0x10, { typeName: 'AUX_TYPE_PERF_BG_FAILURE', v1: FAILURE, v2: FAILURE_V2 }],
  [0x11, { typeName: 'AUX_TYPE_PERF_FG_DEFMDB_SUCCESS', v1: DEFMDB_SUCCESS }],
  [0x12, { typeName: 'AUX_TYPE_PERF_FG_DEFGC_SUCCESS', v1: DEFGC_SUCCESS }],
  [0x13, { typeName: 'AUX_TYPE_PERF_FG_MDB_SUCCESS', v1: MDB_SUCCESS, v2: MDB_SUCCESS_V2 }],
  [0x14, { typeName: 'AUX_TYPE_PERF_FG_GC_SUCCESS', v1: GC_SUCCESS, v2: GC_SUCCESS_V2 }],
  [0x15, { typeName: 'AUX_TYPE_PERF_FG_FAILURE', v1: FAILURE, v2: FAILURE_V2 }],
  [
    0x16,
    {
      typeName: 'AUX_TYPE_OSVERSIONINFO',
      v1: {
        name: 'AUX_OSVERSIONINFO',
        fields: [
          ['OSVersionInfoSize', 'u32'], ['MajorVersion', 'u32'], ['MinorVersion', 'u32'], ['BuildNumber', 'u32'],
          ['Reserved1', { skip: 132 }], ['ServicePackMajor', 'u16'], ['ServicePackMinor', 'u16'], ['Reserved2', 'u32'],
        ],
      },
    },
  ],
  [0x17, { typeName: 'AUX_TYPE_EXORGINFO', v1: one('AUX_EXORGINFO', 'OrgFlags') }],
  [0x18, { typeName: 'AUX_TYPE_PERF_ACCOUNTINFO', v1: { name: 'AUX_PERF_ACCOUNTINFO', fields: [['ClientID', 'u16'], ['Reserved', 'u16'], ['Account', 'guid']] } }],
  [0x46, { typeName: 'AUX_TYPE_SERVER_CAPABILITIES', v1: one('AUX_SERVER_CAPABILITIES', 'ServerCapabilityFlags') }],
  [0x48, { typeName: 'AUX_TYPE_ENDPOINT_CAPABILITIES', v1: one('AUX_ENDPOINT_CAPABILITIES', 'EndpointCapabilityFlag') }],
  [
    0x4a,
    {
      typeName: 'AUX_TYPE_CLIENT_CONNECTION_INFO',
      v1: {
        name: 'AUX_CLIENT_CONNECTION_INFO',
        // ConnectionAttempts is 4 bytes in the specification's diagram; the reference marks the width
        // UNCONFIRMED (§9 item 4). The variable part is found by its offset either way.
        fields: [
          ['ConnectionGUID', 'guid'], ['OffsetConnectionContextInfo', 'u16'], ['Reserved', 'u16'],
          ['ConnectionAttempts', 'u32'], ['ConnectionFlags', 'u32'],
        ],
        variable: [{ name: 'ConnectionContextInfo', offsetField: 'OffsetConnectionContextInfo', kind: 'utf16z' }],
      },
    },
  ],
  [
    0x4b,
    {
      typeName: 'AUX_TYPE_SERVER_SESSION_INFO',
      v1: {
        name: 'AUX_SERVER_SESSION_INFO',
        fields: [['OffsetServerSessionContextInfo', 'u16']],
        variable: [{ name: 'ServerSessionContextInfo', offsetField: 'OffsetServerSessionContextInfo', kind: 'utf16z' }],
      },
    },
  ],
  [
    0x4e,
    {
      typeName: 'AUX_TYPE_PROTOCOL_DEVICE_IDENTIFICATION',
      v1: {
        name: 'AUX_PROTOCOL_DEVICE_IDENTIFICATION',
        fields: [
          ['DeviceManufacturerOffset', 'u16'], ['DeviceModelOffset', 'u16'], ['DeviceSerialNumberOffset', 'u16'],
          ['DeviceVersionOffset', 'u16'], ['DeviceFirmwareVersionOffset', 'u16'],
        ],
        variable: [
          { name: 'DeviceManufacturer', offsetField: 'DeviceManufacturerOffset', kind: 'utf16z' },
          { name: 'DeviceModel', offsetField: 'DeviceModelOffset', kind: 'utf16z' },
          { name: 'DeviceSerialNumber', offsetField: 'DeviceSerialNumberOffset', kind: 'utf16z' },
          { name: 'DeviceVersion', offsetField: 'DeviceVersionOffset', kind: 'utf16z' },
          { name: 'DeviceFirmwareVersion', offsetField: 'DeviceFirmwareVersionOffset', kind: 'utf16z' },
        ],
      },
    },
  ],
]);

/** AUX_TYPE_… name of a Type byte, or null. */
export function auxTypeName(type: number): string | null {
  return AUX_TYPES.get(type)?.typeName ?? null;
}
