import type { OpnumEntry } from '../emsmdb/interfaces.js';

/** The endpoint mapper (C706 Appendix O, [MS-RPCE] 2.2.1.2), reached on port 135. */
export const EPM_UUID = 'e1af8308-5d1f-11c9-91a4-08002b14a0fa';
export const EPM_VERSION = { major: 3, minor: 0 } as const;

/**
 * Methods in opnum order (C706 Appendix O; the reference marks ept_map = 3 UNCONFIRMED: the ept manager
 * entry-point vector of the DCE reference implementation lists insert, delete, lookup, map,
 * lookup_handle_free, inq_object, mgmt_delete, which confirms it).
 */
export const EPM_OPNUMS: readonly OpnumEntry[] = [
  { opnum: 0, name: 'ept_insert', status: 'active' },
  { opnum: 1, name: 'ept_delete', status: 'active' },
  { opnum: 2, name: 'ept_lookup', status: 'active' },
  { opnum: 3, name: 'ept_map', status: 'active' },
  { opnum: 4, name: 'ept_lookup_handle_free', status: 'active' },
  { opnum: 5, name: 'ept_inq_object', status: 'active' },
  { opnum: 6, name: 'ept_mgmt_delete', status: 'active' },
];

export const EPT_MAP_OPNUM = 3;

/** ept_map status when no endpoint is registered for the interface (EPT_S_NOT_REGISTERED). */
export const EPT_S_NOT_REGISTERED = 0x16c9a0d6;
