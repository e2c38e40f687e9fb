import type { InterfaceName } from '../dcerpc/types.js';
import { EPM_OPNUMS } from '../epm/epm-interface.js';

/**
 * The interfaces of [MS-OXCRPC] (reference §2.1, §2.2). Recognition is by UUID and major version from
 * the bind, never by port. Beware A4F1DB00-CA47-1067-B31E-00DD010662DA (…B31E…): a different interface
 * (the store admin interface), which must not be taken for EMSMDB.
 */
export const EMSMDB_UUID = 'a4f1db00-ca47-1067-b31f-00dd010662da';
export const ASYNC_EMSMDB_UUID = '5261574a-4572-206e-b268-6b199213b4e4';

/** IDL version(0.81): on the wire the u32 if_version 0x00510000 (major = low 16 bits, minor = high 16). */
export const EMSMDB_VERSION = { major: 0, minor: 81 } as const;
export const ASYNC_EMSMDB_VERSION = { major: 0, minor: 1 } as const;

export type OpnumStatus = 'active' | 'reserved' | 'legacy';

export interface OpnumEntry {
  opnum: number;
  /** Name in the current [MS-OXCRPC] (OpnumNNotUsedOnWire for reserved slots). */
  name: string;
  /** Earlier name of a reserved slot (OpenChange / gromox / older spec revisions). */
  historical?: string;
  status: OpnumStatus;
}

/** [MS-OXCRPC] 3.1.4: EMSMDB opnums. EcDoConnectEx is 10 and EcDoRpcExt2 is 11 (not the reverse). */
export const EMSMDB_OPNUMS: readonly OpnumEntry[] = [
  { opnum: 0, name: 'Opnum0NotUsedOnWire', historical: 'EcDoConnect', status: 'reserved' },
  { opnum: 1, name: 'EcDoDisconnect', status: 'active' },
  { opnum: 2, name: 'Opnum2NotUsedOnWire', historical: 'EcDoRpc', status: 'reserved' },
  { opnum: 3, name: 'Opnum3NotUsedOnWire', historical: 'EcGetMoreRpc', status: 'reserved' },
  { opnum: 4, name: 'EcRRegisterPushNotification', status: 'active' },
  // Current spec: not used on wire; older revisions and OpenChange describe the unregister call (§2.2).
  { opnum: 5, name: 'Opnum5NotUsedOnWire', historical: 'EcRUnregisterPushNotification', status: 'legacy' },
  { opnum: 6, name: 'EcDummyRpc', status: 'active' },
  { opnum: 7, name: 'Opnum7NotUsedOnWire', historical: 'EcRGetDCName', status: 'reserved' },
  { opnum: 8, name: 'Opnum8NotUsedOnWire', historical: 'EcRNetGetDCName', status: 'reserved' },
  { opnum: 9, name: 'Opnum9NotUsedOnWire', historical: 'EcDoRpcExt', status: 'reserved' },
  { opnum: 10, name: 'EcDoConnectEx', status: 'active' },
  { opnum: 11, name: 'EcDoRpcExt2', status: 'active' },
  { opnum: 12, name: 'Opnum12NotUsedOnWire', historical: 'EcDoAsyncConnect', status: 'reserved' },
  { opnum: 13, name: 'Opnum13NotUsedOnWire', historical: 'EcDoAsyncWait', status: 'reserved' },
  { opnum: 14, name: 'EcDoAsyncConnectEx', status: 'active' },
];

/** [MS-OXCRPC] 3.3.4: AsyncEMSMDB has a single method. */
export const ASYNC_EMSMDB_OPNUMS: readonly OpnumEntry[] = [{ opnum: 0, name: 'EcDoAsyncWaitEx', status: 'active' }];


const TABLES: Record<InterfaceName, readonly OpnumEntry[]> = {
  EMSMDB: EMSMDB_OPNUMS,
  AsyncEMSMDB: ASYNC_EMSMDB_OPNUMS,
  EPM: EPM_OPNUMS,
  unknown: [],
};

export function opnumEntry(iface: InterfaceName, opnum: number): OpnumEntry | undefined {
  const e = TABLES[iface][opnum];
  return e && e.opnum === opnum ? e : undefined;
}

/**
 * Display name of an operation: the current name, the historical one in parentheses for reserved slots,
 * "(legacy)" for opnum 5; `opnum N` when the interface or the number is unknown.
 */
export function opnumName(iface: InterfaceName, opnum: number): string {
  const e = opnumEntry(iface, opnum);
  if (!e) return opnum < 0 ? 'unknown' : `opnum ${opnum}`;
  if (e.status === 'legacy') return `${e.historical ?? e.name} (legacy)`;
  if (e.historical) return `${e.name} (${e.historical})`;
  return e.name;
}

/** The opnum when the interface has only one method (a response whose request was lost is still named). */
export function soleOpnum(iface: InterfaceName): number | null {
  const t = TABLES[iface];
  return t.length === 1 ? t[0]!.opnum : null;
}
