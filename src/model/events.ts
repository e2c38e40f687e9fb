/**
 * The decoded model: the contract between analysis and renderers. Every event is plain
 * JSON-ready data (strings, numbers, booleans, arrays, objects) already encoded per
 * /CONTRACT (hex widths, "RRRR-GGGGGGGGGGGG" ids, "ip:port" endpoints), so the NDJSON
 * renderer writes it as is and the timeline renderer never sees bytes.
 *
 * docs/events.md documents every type and field; docs/event-schema.json is the JSON Schema.
 */

export type Transport = 'rpc-tcp' | 'rpc-http' | 'mapi-http';

export const NOTIFICATION_TYPE_NAMES = [
  'NewMail',
  'ObjectCreated',
  'ObjectDeleted',
  'ObjectModified',
  'ObjectMoved',
  'ObjectCopied',
  'SearchCompleted',
  'TableModified',
  'Extended',
] as const;
export type NotificationTypeName = (typeof NOTIFICATION_TYPE_NAMES)[number];

export type TableEventName =
  | 'TableChanged'
  | 'TableRowAdded'
  | 'TableRowDeleted'
  | 'TableRowModified'
  | 'TableRestrictionChanged';

export type Severity = 'error' | 'warning' | 'info';

export type PendingVia = 'RopPending' | 'EcDoAsyncWaitEx' | 'NotificationWait' | 'push';

export type PushVerdict = 'valid' | 'mismatch' | 'unregistered' | 'before-registration' | 'after-unregister';

/** Fields every event carries (CONTRACT "Common fields"). */
export interface EventBase {
  /** 1-based frame that completed the event, as Wireshark counts. */
  frame: number;
  /** RFC 3339 UTC of that frame, full capture precision. */
  time: string;
  /** Stable session id ("S1"…) or null. */
  session: string | null;
}

/** First line; frame and time of the first frame (frame 0 and the epoch for a capture without frames). */
export interface CaptureEvent extends EventBase {
  type: 'capture';
  file: string;
  format: 'pcap' | 'pcapng';
  linkTypes: number[];
}

export interface SessionEvent extends EventBase {
  type: 'session';
  transport: Transport;
  client: string;
  server: string;
  userDN: string | null;
  /** How the session became known: its connect call, or inferred from a later call (capture began mid-session). */
  origin: 'connect' | 'inferred';
  /** picxr from EcDoConnectEx: the SessionIndex RopPending names. */
  sessionIndex: number | null;
  /** pcmsPollsMax (ms) from EcDoConnectEx. */
  pollsMaxMs: number | null;
  /** "15.1.2375.7" style, from rgwServerVersion. */
  serverVersion: string | null;
  displayName: string | null;
  /** The session context handle (hex of its 20 bytes) or null when not an RPC session. */
  contextHandle: string | null;
  returnValue: string | null;
  /** MAPI over HTTP: the session cookie's value (MapiContext, or sid on servers that name it so). */
  cookie?: string;
}

export interface SessionEndEvent extends EventBase {
  type: 'session-end';
  /**
   * disconnect: EcDoDisconnect or MAPI/HTTP Disconnect; server-destroyed: a call returned a null
   * context handle; reconnect: a MAPI/HTTP Connect carried this session's cookies
   * ([MS-OXCMAPIHTTP] 3.2.5.6); evicted: more live sessions than --limit maxSessions; capture-end.
   */
  reason: 'disconnect' | 'server-destroyed' | 'reconnect' | 'evicted' | 'capture-end';
  /** Seconds from the session event to this one. */
  durationSec: number;
}

export interface SubscriptionEvent extends EventBase {
  type: 'subscription';
  handle: string;
  logonId: number;
  notificationTypes: NotificationTypeName[];
  /** The raw NotificationTypes bits. */
  notificationTypesBits: string;
  wantWholeStore: boolean;
  folderId: string | null;
  messageId: string | null;
  returnValue: string;
  /** Frame of the request that asked for it. */
  requestFrame: number;
}

export interface SubscriptionEndEvent extends EventBase {
  type: 'subscription-end';
  handle: string;
  /** RopRelease, or the session ending. */
  reason: 'RopRelease' | 'session-end';
  subscriptionFrame: number | null;
}

export interface NotificationEvent extends EventBase {
  type: 'notification';
  transport: Transport;
  handle: string;
  subscriptionFrame: number | null;
  /** What the handle is: a subscription, a table (implicit subscription), or unknown. */
  target: 'subscription' | 'table' | 'unknown';
  logonId: number;
  notificationType: NotificationTypeName | string;
  notificationFlags: string;
  /** Flag names present besides the type: TotalMessageCount, UnreadMessageCount, SearchFolder, Message. */
  flagNames: string[];
  /** Frame of the pending signal this notification answers (the latest one before the fetch), or null. */
  pendingFrame: number | null;
  /** Milliseconds from that pending signal to this delivery. */
  latencyMs: number | null;
  /** Frame of the request of the call that fetched it. */
  fetchFrame: number;
  /** Milliseconds from the pending signal to the request that fetched (the client's reaction), or null. */
  signalToFetchMs: number | null;
  /** Milliseconds from that request to the response that delivered (the server's part). */
  fetchToDeliveryMs: number;
  folderId?: string;
  messageId?: string;
  parentFolderId?: string;
  oldFolderId?: string;
  oldMessageId?: string;
  oldParentFolderId?: string;
  tags?: string[];
  tagNames?: (string | null)[];
  totalMessageCount?: number;
  unreadMessageCount?: number;
  messageFlags?: string;
  messageClass?: string;
  unicodeFlag?: boolean;
  tableEventType?: TableEventName | string;
  tableRowFolderId?: string;
  tableRowMessageId?: string;
  tableRowInstance?: number;
  insertAfterTableRowFolderId?: string;
  insertAfterTableRowId?: string;
  insertAfterTableRowInstance?: number;
  tableRowData?: Record<string, JsonValue> | { undecoded: string; reason: string };
}

export interface PendingEvent extends EventBase {
  type: 'pending';
  via: PendingVia;
  /** RopPending: the SessionIndex it names. */
  sessionIndex?: number;
  /** RopPending: the session that index belongs to (may differ from the session of the call). */
  targetSession?: string | null;
  /** EcDoAsyncWaitEx: request frame, how long the call was parked, and its result. */
  requestFrame?: number;
  heldMs?: number;
  flagsOut?: string;
  returnValue?: string;
  /** push: the datagram's frame (same as frame) and the verdict. */
  verdict?: PushVerdict;
}

export interface PushRegistrationEvent extends EventBase {
  type: 'push-registration';
  callback: { family: 'AF_INET' | 'AF_INET6'; address: string; port: number } | null;
  /** Raw SOCKADDR bytes when they could not be decoded. */
  callbackRaw?: string;
  context: string;
  adviseBits: string;
  hNotification: string;
  returnValue: string;
  returnName: string | null;
  requestFrame: number;
}

export interface PushDatagramEvent extends EventBase {
  type: 'push-datagram';
  from: string;
  to: string;
  payload: string;
  verdict: PushVerdict;
  registrationFrame: number | null;
}

/** An EMSMDB/AsyncEMSMDB call (for the timeline: what the client did and how long it took). */
export interface CallEvent extends EventBase {
  type: 'call';
  transport: Transport;
  connection: number;
  interface: string;
  operation: string;
  callId: number;
  requestFrame: number | null;
  durationMs: number | null;
  returnValue: string | null;
  returnName: string | null;
  fate: string;
  /** EcDoRpcExt2: ROP names of the request and response, in order. */
  ropsIn?: string[];
  ropsOut?: string[];
  /** EcDoRpcExt2 / Execute with no ROP in its request buffer: a poll. */
  poll?: boolean;
  /** RPC over HTTP: the virtual connection cookie. */
  virtualConnection?: string;
  /** MAPI over HTTP: X-RequestId as sent. */
  requestId?: string;
  /** MAPI over HTTP: the HTTP status of the response (200 unless auth, redirect or a server failure). */
  httpStatus?: number;
  /** MAPI over HTTP: the effective X-ResponseCode (the one after DONE overrides the header). */
  responseCode?: number;
  /** Its name in [MS-OXCMAPIHTTP] 2.2.3.3.3 when not 0 ("Context Not Found"…). */
  responseCodeName?: string;
  /** MAPI over HTTP: X-PendingPeriod (ms) announced by the response. */
  pendingPeriodMs?: number;
  /** MAPI over HTTP: PENDING keep-alives received while the request was processed. */
  keepAlives?: number;
  /** MAPI over HTTP: the longest silence (ms) between the response start, keep-alives and DONE. */
  keepAliveMaxGapMs?: number;
  /** NotificationWait: EventPending of the response. */
  eventPending?: boolean;
}

/** An RTS PDU of RPC over HTTP v2 ([MS-RPCH] 2.2.4): channel set-up, flow control, keep-alives. */
export interface RtsEvent extends EventBase {
  type: 'rts';
  /** The virtual connection cookie, or null while the channel is not paired. */
  virtualConnection: string | null;
  channel: 'in' | 'out' | 'unknown';
  /** to-server: sent by the client (or the proxy for it); to-client: sent towards the client. */
  direction: 'to-server' | 'to-client';
  /** CONN/A1, CONN/B1, CONN/C2, FlowControlAck, Ping… ('RTS' when no documented sequence matches). */
  name: string;
  /** RTS Flags, "0x" + 4 hex digits. */
  flags: string;
  /** Each command as "Name value", in wire order. */
  commands: string[];
}

/**
 * One decoded ROP, with --rops only ([MS-OXCROPS] 2.2): every request and response of every
 * ROP buffer, not only notifications. `fields` holds the ROP's fields beyond its header, by their
 * specification names, JSON-ready (docs/events.md, docs/decode.md).
 */
export interface RopEvent extends EventBase {
  type: 'rop';
  transport: Transport;
  direction: 'request' | 'response';
  /** The RopId byte ([MS-OXCROPS] 2.2.2). */
  ropId: number;
  name: string;
  /** The request's LogonId (a response carries none but RopNotify's, RopProgress's and RopBackoff's). */
  logonId: number | null;
  /** Request: InputHandleIndex; response: the handle index it echoes; null when the ROP has none. */
  inputHandleIndex: number | null;
  /** The server object handle in that slot (RopNotify: NotificationHandle), when the handle tables hold it. */
  handle?: string;
  /** Responses with a ReturnValue. */
  returnValue?: string;
  returnName?: string | null;
  fields: { [k: string]: JsonValue };
}

export interface FindingEvent extends EventBase {
  type: 'finding';
  rule: string;
  severity: Severity;
  message: string;
  /** Frames involved, the event's own frame first. */
  frames: number[];
  /** Damage details when the finding is about undecodable bytes. */
  reason?: string;
  offset?: number;
  field?: string;
  /** Findings of the same rule on the same flow beyond the print cap are counted here, not printed. */
  suppressed?: number;
}

/** Last line; frame and time of the last frame read. */
export interface SummaryEvent extends EventBase {
  type: 'summary';
  frames: number;
  bytes: number;
  sessions: number;
  subscriptions: number;
  notifications: number;
  pushDatagrams: number;
  findings: number;
  undecoded: Record<string, number>;
  /** Everything else we counted: connections, calls by fate, notifications by type… */
  counts: Record<string, number>;
  /** Streams we could not read (sealed RPC, TLS): one line each. */
  encrypted: string[];
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export type OxEvent =
  | RopEvent
  | CaptureEvent
  | SessionEvent
  | SessionEndEvent
  | SubscriptionEvent
  | SubscriptionEndEvent
  | NotificationEvent
  | PendingEvent
  | PushRegistrationEvent
  | PushDatagramEvent
  | CallEvent
  | RtsEvent
  | FindingEvent
  | SummaryEvent;

export type EventType = OxEvent['type'];

/** Renderers implement this; they know nothing about bytes. */
export interface EventSink {
  emit(event: OxEvent): void;
  /** Resolves when the sink can take more (output backpressure); awaited between input chunks. */
  flush?(): Promise<void>;
  /** Called once after the summary; resolves when output is flushed. */
  close(): Promise<void>;
}
