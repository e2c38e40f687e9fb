import type { JsonValue, NotificationEvent, SubscriptionEvent } from '../model/events.js';
import type { NotificationFields, NotificationRecord, SubscriptionRecord } from './records.js';

/** Fields that identify a notification: what happened to which object. */
const IDENTITY_FIELDS = ['notificationType', 'tableEventType', 'folderId', 'messageId', 'tableRowFolderId', 'tableRowMessageId'] as const;
/** The alignment key adds the flags and the row data to the identity. */
const KEY_FIELDS = [...IDENTITY_FIELDS, 'notificationFlags', 'tableRowData'] as const;
/** Compared on aligned pairs; a difference makes the pair "changed". */
const OTHER_FIELDS = [
  'logonId',
  'parentFolderId',
  'oldFolderId',
  'oldMessageId',
  'oldParentFolderId',
  'tags',
  'totalMessageCount',
  'unreadMessageCount',
  'messageFlags',
  'messageClass',
  'unicodeFlag',
  'tableRowInstance',
  'insertAfterTableRowFolderId',
  'insertAfterTableRowId',
  'insertAfterTableRowInstance',
] as const;

/**
 * Names handles by role and order instead of value ("subscription 1", "table 1", "unknown 1"):
 * two captures of the same scenario get different handle values, not different roles.
 */
export class HandleLabels {
  private readonly names = new Map<string, string>();
  private readonly counts = new Map<string, number>();

  subscribed(handle: string): void {
    this.names.set(handle, this.next('subscription'));
  }

  label(handle: string, target: NotificationEvent['target']): string {
    let name = this.names.get(handle);
    if (name === undefined) {
      name = this.next(target);
      this.names.set(handle, name);
    }
    return name;
  }

  private next(role: string): string {
    const n = (this.counts.get(role) ?? 0) + 1;
    this.counts.set(role, n);
    return `${role} ${n}`;
  }
}

export function notificationRecord(e: NotificationEvent, handle: string): NotificationRecord {
  const fields: NotificationFields = {};
  const src = e as unknown as Record<string, JsonValue | undefined>;
  for (const f of [...KEY_FIELDS, ...OTHER_FIELDS]) {
    const v = src[f];
    if (v !== undefined) fields[f] = f === 'tableRowData' ? rowValues(v) : v;
  }
  fields.handle = handle;
  fields.signalled = e.pendingFrame !== null;
  return {
    frame: e.frame,
    key: canonical(KEY_FIELDS.map((f) => fields[f] ?? null)),
    identity: canonical(IDENTITY_FIELDS.map((f) => fields[f] ?? null)),
    fields,
    latencyMs: e.latencyMs,
  };
}

/** Fields whose values differ between two notifications, in a stable order. */
export function changedFields(a: NotificationFields, b: NotificationFields): { field: string; a: JsonValue; b: JsonValue }[] {
  const names = [...new Set([...KEY_FIELDS, 'handle', 'signalled', ...OTHER_FIELDS, ...Object.keys(a), ...Object.keys(b)])];
  return names
    .filter((f) => canonical(a[f] ?? null) !== canonical(b[f] ?? null))
    .map((f) => ({ field: f, a: a[f] ?? null, b: b[f] ?? null }));
}

export function subscriptionRecord(e: SubscriptionEvent): SubscriptionRecord {
  const scope = e.wantWholeStore ? 'whole store' : `folder ${e.folderId ?? '?'}${e.messageId && !/^0+-0+$/.test(e.messageId) ? ` message ${e.messageId}` : ''}`;
  const ok = e.returnValue === '0x00000000';
  return {
    frame: e.frame,
    key: canonical([e.notificationTypesBits, e.wantWholeStore, e.folderId, e.messageId, e.returnValue]),
    label: `${e.notificationTypes.join('|') || e.notificationTypesBits} — ${scope}${ok ? '' : ` (failed ${e.returnValue})`}`,
  };
}

/** "TableModified/TableRowAdded" or "NewMail". */
export function notificationLabel(fields: NotificationFields): string {
  const type = String(fields.notificationType ?? '?');
  return fields.tableEventType ? `${type}/${String(fields.tableEventType)}` : type;
}

/** Row data without the readable names (they follow from the tags) or the decoder's reason text. */
function rowValues(v: JsonValue): JsonValue {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  if ('undecoded' in v) return { undecoded: v.undecoded ?? null };
  const out: Record<string, JsonValue> = {};
  for (const [tag, cell] of Object.entries(v)) {
    if (cell !== null && typeof cell === 'object' && !Array.isArray(cell)) {
      const { name: _name, ...rest } = cell;
      out[tag] = 'value' in rest && Object.keys(rest).length === 1 ? rest.value ?? null : rest;
    } else out[tag] = cell;
  }
  return out;
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function canonical(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k] ?? null)}`)
    .join(',')}}`;
}
