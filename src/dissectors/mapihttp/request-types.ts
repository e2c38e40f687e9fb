import { headerValue } from './headers.js';
import type { HttpHeaders, MapiEmsmdbRequestType, MapiEndpoint, MapiNspiRequestType, MapiRequestType } from './types.js';

export const EMSMDB_REQUEST_TYPES: readonly MapiEmsmdbRequestType[] = ['Connect', 'Execute', 'Disconnect', 'NotificationWait', 'PING'];

/** [MS-OXCMAPIHTTP] 2.2.3.3.1 / reference §3.1, in wire spelling. */
export const NSPI_REQUEST_TYPES: readonly MapiNspiRequestType[] = [
  'Bind',
  'Unbind',
  'CompareMIds',
  'DNToMId',
  'GetMatches',
  'GetPropList',
  'GetProps',
  'GetSpecialTable',
  'GetTemplateInfo',
  'ModLinkAtt',
  'ModProps',
  'QueryColumns',
  'QueryRows',
  'ResolveNames',
  'ResortRestriction',
  'SeekEntries',
  'UpdateStat',
  'GetMailboxUrl',
  'GetAddressBookUrl',
];

const BY_LOWER: ReadonlyMap<string, MapiRequestType> = new Map(
  [...EMSMDB_REQUEST_TYPES, ...NSPI_REQUEST_TYPES].map((t) => [t.toLowerCase(), t]),
);

export function isEmsmdbRequestType(t: MapiRequestType): t is MapiEmsmdbRequestType {
  return (EMSMDB_REQUEST_TYPES as readonly string[]).includes(t);
}

/** X-RequestType, matched case-insensitively as gromox does (reference §3.1), in its canonical spelling. */
export function requestTypeOf(headers: HttpHeaders): MapiRequestType | null {
  const v = headerValue(headers, 'X-RequestType');
  return v === undefined ? null : (BY_LOWER.get(v.trim().toLowerCase()) ?? null);
}

const ENDPOINT = /^\/mapi\/(emsmdb|nspi)(?:\/|$)/;

/**
 * The endpoint of a request-target: origin-form (`/mapi/emsmdb/?MailboxId=…`) or absolute-form
 * (`https://host/mapi/nspi/?…`), case-insensitive, query and fragment ignored (reference §1.1).
 */
export function endpointOf(target: string): MapiEndpoint | null {
  let path = target.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  const cut = path.search(/[?#]/);
  if (cut >= 0) path = path.slice(0, cut);
  const m = ENDPOINT.exec(path.toLowerCase());
  return m ? (m[1] as MapiEndpoint) : null;
}
