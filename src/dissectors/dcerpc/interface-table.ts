import { ASYNC_EMSMDB_UUID, ASYNC_EMSMDB_VERSION, EMSMDB_UUID, EMSMDB_VERSION } from '../emsmdb/interfaces.js';
import { EPM_UUID, EPM_VERSION } from '../epm/epm-interface.js';
import type { InterfaceName } from './types.js';

/**
 * Abstract syntaxes we recognise in a bind (by UUID and major version; a minor version differs only
 * compatibly under DCE rules). EMSMDB's 0.81 is u32 0x00510000 on the wire: major 0, minor 81.
 */
const KNOWN: readonly { uuid: string; major: number; name: InterfaceName }[] = [
  { uuid: EMSMDB_UUID, major: EMSMDB_VERSION.major, name: 'EMSMDB' },
  { uuid: ASYNC_EMSMDB_UUID, major: ASYNC_EMSMDB_VERSION.major, name: 'AsyncEMSMDB' },
  { uuid: EPM_UUID, major: EPM_VERSION.major, name: 'EPM' },
];

export function identifyInterface(uuid: string, major: number): InterfaceName {
  for (const k of KNOWN) if (k.uuid === uuid && k.major === major) return k.name;
  return 'unknown';
}
