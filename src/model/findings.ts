import type { Severity } from './events.js';

/**
 * Every finding oxnotif-dump can emit: a stable id, a severity, the source of the rule and one
 * sentence a person can act on. `oxnotif-dump rules` prints this table.
 *
 * Ids are `<layer>.<what>`; damage from the dissectors maps to `<layer>.<reason>`.
 */
export interface RuleInfo {
  id: string;
  severity: Severity;
  source: string;
  /** What it means and what to do. */
  explanation: string;
}

const RULES: RuleInfo[] = [
  // Undecodable input, by layer (damage reasons).
  { id: 'capture.truncated', severity: 'warning', source: 'pcap/pcapng', explanation: 'The capture file ends inside a record or a block; the packets before it were read. Recapture or check the copy of the file.' },
  { id: 'capture.malformed', severity: 'error', source: 'pcap/pcapng', explanation: 'A record or block header is inconsistent; reading resumed where the format allowed it.' },
  { id: 'capture.limit', severity: 'warning', source: 'oxnotif-dump limits', explanation: 'A record is larger than the configured cap and was skipped.' },
  { id: 'link.unsupported', severity: 'warning', source: 'link layer', explanation: 'Packets on an interface whose link type oxnotif-dump does not decode were counted and skipped.' },
  { id: 'link.malformed', severity: 'warning', source: 'link layer', explanation: 'A link-layer header is too short or inconsistent; the packet was skipped.' },
  { id: 'link.truncated', severity: 'warning', source: 'link layer', explanation: 'A link-layer header is cut short by the snap length; the packet was skipped.' },
  { id: 'ip.malformed', severity: 'warning', source: 'IPv4/IPv6', explanation: 'An IP header is inconsistent (length, version, header length); the packet was skipped.' },
  { id: 'ip.truncated', severity: 'warning', source: 'IPv4/IPv6', explanation: 'An IP packet is cut short; capture with a larger snap length (tcpdump -s 0).' },
  { id: 'ip.limit', severity: 'warning', source: 'IP reassembly', explanation: 'An IP datagram could not be reassembled within the fragment caps or timeout; its fragments were dropped.' },
  { id: 'tcp.gap', severity: 'warning', source: 'TCP reassembly', explanation: 'Bytes of a TCP stream are missing from the capture (lost or not captured); decoding resynchronised after the gap and the calls that lost bytes are marked.' },
  { id: 'tcp.limit', severity: 'warning', source: 'TCP reassembly', explanation: 'A TCP reassembly cap was reached (buffered bytes or connections); data was skipped as a gap.' },
  { id: 'tcp.malformed', severity: 'warning', source: 'TCP', explanation: 'A TCP header is inconsistent; the segment was skipped.' },
  { id: 'tcp.truncated', severity: 'warning', source: 'TCP', explanation: 'TCP payload was cut by the snap length; capture with tcpdump -s 0.' },
  { id: 'http.malformed', severity: 'warning', source: 'RFC 9112', explanation: 'HTTP/1.1 framing is inconsistent (a start line, a header, a chunk size, conflicting lengths); the framer skipped to the next message start.' },
  { id: 'http.gap', severity: 'warning', source: 'RFC 9112', explanation: 'An HTTP message lost bytes to a capture gap; the message is marked and framing resynchronised on the next message.' },
  { id: 'http.limit', severity: 'warning', source: 'oxnotif-dump limits', explanation: 'An HTTP header block or line exceeded a cap; the framer skipped to the next message start.' },
  { id: 'http.truncated', severity: 'warning', source: 'RFC 9112', explanation: 'An HTTP message ends before its declared length.' },
  { id: 'mapihttp.malformed', severity: 'warning', source: 'MS-OXCMAPIHTTP 2.2.4', explanation: 'A MAPI over HTTP request or response body is inconsistent with its layout; what could be decoded was kept.' },
  { id: 'mapihttp.truncated', severity: 'warning', source: 'MS-OXCMAPIHTTP 2.2.4', explanation: 'A MAPI over HTTP body ends before its fields do.' },
  { id: 'mapihttp.gap', severity: 'warning', source: 'MS-OXCMAPIHTTP 2.2.4', explanation: 'A MAPI over HTTP body lost bytes to a capture gap or ended with its connection; it was not decoded.' },
  { id: 'mapihttp.limit', severity: 'warning', source: 'oxnotif-dump limits', explanation: 'A MAPI over HTTP body is larger than the cap (maxDcerpcCallBytes) and was not decoded.' },
  { id: 'mapihttp.request-id-mismatch', severity: 'warning', source: 'MS-OXCMAPIHTTP 2.2.3.3.2', explanation: 'A response echoes a different X-RequestId than the request it pairs with on the connection: messages are missing from the capture, or the server does not echo the header as it must.' },
  { id: 'rpch.malformed', severity: 'warning', source: 'MS-RPCH 2.2.3.5', explanation: 'An RTS PDU of RPC over HTTP is inconsistent (command count, command type, lengths).' },
  { id: 'rpch.truncated', severity: 'warning', source: 'MS-RPCH 2.2.3.5', explanation: 'An RTS PDU ends before its commands do.' },
  { id: 'rpch.gap', severity: 'warning', source: 'MS-RPCH 3.2', explanation: 'An RPC over HTTP channel lost bytes to a capture gap; calls in progress are marked and the channel resynchronised on the next PDU.' },
  { id: 'dcerpc.malformed', severity: 'warning', source: 'C706 / MS-RPCE 2.2.2', explanation: 'A DCE/RPC PDU is inconsistent; it was skipped and the stream resynchronised on the next valid header.' },
  { id: 'dcerpc.truncated', severity: 'warning', source: 'C706 / MS-RPCE 2.2.2', explanation: 'A DCE/RPC PDU or call ends before its declared length.' },
  { id: 'dcerpc.gap', severity: 'warning', source: 'C706 / MS-RPCE 2.2.2', explanation: 'A call lost bytes to a capture gap and could not be decoded completely.' },
  { id: 'dcerpc.limit', severity: 'warning', source: 'oxnotif-dump limits', explanation: 'A DCE/RPC reassembly cap was reached; the call was dropped. Raise the cap if the capture is trustworthy.' },
  { id: 'dcerpc.unsupported', severity: 'info', source: 'MS-RPCE 2.2.5', explanation: 'A DCE/RPC feature oxnotif-dump does not decode (for example NDR64) is in use on this connection.' },
  { id: 'dcerpc.sealed', severity: 'info', source: 'MS-RPCE 2.2.2.11', explanation: 'The connection uses RPC auth level privacy: stubs are encrypted and cannot be decoded without the session keys. Capture with encryption disabled in a lab, or use MAPI over HTTP with TLS keys.' },
  { id: 'dcerpc.state-missing', severity: 'info', source: 'C706', explanation: 'A call whose request or bind was not captured; what describes itself was decoded.' },
  { id: 'emsmdb.malformed', severity: 'warning', source: 'MS-OXCRPC 3.1.4', explanation: 'An EMSMDB call stub is inconsistent with the IDL (lengths, ranges); what could be decoded was kept.' },
  { id: 'emsmdb.truncated', severity: 'warning', source: 'MS-OXCRPC 3.1.4', explanation: 'An EMSMDB call stub ends before its fields do.' },
  { id: 'emsmdb.unsupported', severity: 'info', source: 'MS-OXCRPC 3.1.4', explanation: 'A call oxnotif-dump does not decode.' },
  { id: 'rpcext.malformed', severity: 'warning', source: 'MS-OXCRPC 2.2.2.1', explanation: 'An RPC_HEADER_EXT chain is inconsistent (version, sizes, Last flag); the payloads before the damage were decoded.' },
  { id: 'rpcext.truncated', severity: 'warning', source: 'MS-OXCRPC 2.2.2.1', explanation: 'A compressed or framed rgbIn/rgbOut payload ends early.' },
  { id: 'rpcext.decompression-overrun', severity: 'error', source: 'MS-OXCRPC 3.1.4.1.1.2', explanation: 'A compressed payload expands past its declared SizeActual; decompression stopped there.' },
  { id: 'rpcext.limit', severity: 'warning', source: 'oxnotif-dump limits', explanation: 'An rgbIn/rgbOut buffer exceeds a cap (payload count or decompressed size).' },
  { id: 'rop.unknown-rop', severity: 'warning', source: 'MS-OXCROPS 2.2.2', explanation: 'A ROP buffer holds a RopId oxnotif-dump cannot size; the ROPs after it in that buffer were not decoded.' },
  { id: 'rop.malformed', severity: 'warning', source: 'MS-OXCROPS 2.2.1', explanation: 'A ROP buffer is inconsistent (RopSize, a ROP field); the ROPs before the damage were kept.' },
  { id: 'rop.truncated', severity: 'warning', source: 'MS-OXCROPS 2.2.1', explanation: 'A ROP buffer ends inside a ROP.' },
  { id: 'rop.state-missing', severity: 'info', source: 'MS-OXCROPS 2.2.1', explanation: 'A ROP needs state from earlier in the session (table columns, the paired request) that the capture does not hold; it was left undecoded.' },
  { id: 'rop.limit', severity: 'warning', source: 'oxnotif-dump limits', explanation: 'A ROP buffer holds more ROPs than the cap.' },
  { id: 'analysis.limit', severity: 'warning', source: 'oxnotif-dump limits', explanation: 'A session, handle or registration table reached its cap; the oldest entries were dropped.' },
  { id: 'tls.encrypted', severity: 'info', source: 'RFC 8446', explanation: 'A TLS stream: its content cannot be decoded without keys.' },

  // Rules of the specification (S = server, C = client, A = analyzer checks of the reference §1.8–1.9).
  { id: 'notify.unknown-handle', severity: 'warning', source: 'MS-OXCNOTIF 3.2.5.7 (C11, A1)', explanation: 'A RopNotify names a handle that is neither a live subscription nor a table of this session; the client must ignore it. If the subscription was made before the capture began, this is expected.' },
  { id: 'notify.pre-capture-handle', severity: 'info', source: 'MS-OXCNOTIF 3.2.5.7', explanation: 'A RopNotify names a handle created before the capture began (the session was inferred mid-stream); its subscription cannot be checked.' },
  { id: 'notify.released-handle', severity: 'error', source: 'MS-OXCNOTIF 3.1.5.1, 3.2.5.7 (C1, C11)', explanation: 'A RopNotify arrived for a subscription the client already released with RopRelease; the server should have stopped notifying.' },
  { id: 'notify.flags', severity: 'warning', source: 'MS-OXCNOTIF 2.2.1.4.1.2 (A10)', explanation: 'NotificationFlags combine bits the specification forbids (T/U without ObjectModified, S without M, Extended sent by a server, unknown type bits).' },
  { id: 'notify.newmail-without-m', severity: 'warning', source: 'MS-OXCNOTIF 2.2.1.4.1.2', explanation: 'A NewMail notification without the M (message) flag carries no MessageId by the specification; some implementations still send one.' },
  { id: 'pending.unknown-session', severity: 'warning', source: 'MS-OXCNOTIF 3.2.5.5.3 (C9, A8)', explanation: 'A RopPending names a SessionIndex that matches no session seen in the capture; the client must take no action.' },
  { id: 'push.context-mismatch', severity: 'error', source: 'MS-OXCNOTIF 3.2.5.5.2 (C8, A2)', explanation: 'A UDP datagram reached a registered callback address but its payload is not the registered opaque context; the client must ignore it. Look for a spoofed sender or a stale registration.' },
  { id: 'push.unregistered', severity: 'warning', source: 'MS-OXCNOTIF 3.1.5.4 (S10)', explanation: 'A UDP datagram from a known server went to an address nobody registered with EcRRegisterPushNotification.' },
  { id: 'push.before-registration', severity: 'warning', source: 'MS-OXCNOTIF 3.1.5.4 (S10)', explanation: 'A UDP datagram reached a callback address before its registration completed.' },
  { id: 'push.after-unregister', severity: 'warning', source: 'MS-OXCNOTIF 3.1.5.4 (S10)', explanation: 'A UDP datagram reached a callback address after its session disconnected or unregistered; the server kept a stale registration.' },
  { id: 'push.registration-refused', severity: 'info', source: 'MS-OXCNOTIF 3.1.5.4, Appendix A', explanation: 'The server refused EcRRegisterPushNotification (Exchange 2010 and later do): the client must fall back to polling or asynchronous wait.' },
  { id: 'push.registration-params', severity: 'warning', source: 'MS-OXCRPC 3.1.4.5 (A11)', explanation: 'EcRRegisterPushNotification parameters break the specification (iRpc ≠ 0, grbitAdviseBits ≠ 0xFFFFFFFF, cbContext > 16, a callback address of the wrong size).' },
  { id: 'async.wait-flags', severity: 'warning', source: 'MS-OXCRPC 3.3.4.1 (A12)', explanation: 'EcDoAsyncWaitEx was called with ulFlagsIn ≠ 0.' },
  { id: 'async.unknown-acxh', severity: 'info', source: 'MS-OXCRPC 3.3.4.1', explanation: 'An EcDoAsyncWaitEx names an asynchronous context handle whose EcDoAsyncConnectEx is not in the capture; it cannot be tied to a session.' },
  { id: 'register.reserved', severity: 'warning', source: 'MS-OXCROPS 2.2.14.1.1 (A9)', explanation: 'RopRegisterNotification has the Extended bit with a non-zero Reserved byte.' },

  // Rules over a session's history, decided by src/conformance (docs/rules.md maps every reference rule).
  { id: 'poll.too-frequent', severity: 'warning', source: 'MS-OXCNOTIF 3.2.4.5 (C5, A7); MAPIHTTP N12', explanation: 'The client polled (EcDoRpcExt2 or Execute without ROPs) sooner than pcmsPollsMax after its previous scheduled poll, with no pending signal to answer; lengthen its poll interval or use asynchronous wait.' },
  { id: 'push.polling-after-datagram', severity: 'warning', source: 'MS-OXCNOTIF 3.2.5.4 (C6, A3)', explanation: 'The client kept polling on its schedule after its first valid push datagram; it should stop polling and fetch when a datagram arrives (the fetch right after a datagram is expected and not counted).' },
  { id: 'push.not-fetched', severity: 'warning', source: 'MS-OXCNOTIF 3.2.5.5.2 (C8)', explanation: 'A valid push datagram was not followed by an EcDoRpcExt2 on its session within 60 s; check that the client listens on its callback address and that no firewall drops the datagrams.' },
  { id: 'push.resend-late', severity: 'warning', source: 'MS-OXCNOTIF 3.1.2, 3.1.5.4 (S1, S10, A4)', explanation: 'A valid push datagram was neither fetched nor re-sent within about 60 s (90 s allowed); the server must keep re-sending while notifications wait. The interval is configurable on the server: check its setting.' },
  { id: 'push.invalid-registration-accepted', severity: 'error', source: 'MS-OXCNOTIF 3.1.5.4 (S10); MS-OXCRPC 3.1.4.5 (A11)', explanation: 'The server accepted an EcRRegisterPushNotification it must refuse: a callback address that is no valid SOCKADDR (ecInvalidParam) or a context longer than 16 bytes (ecTooBig).' },
  { id: 'wait.too-long', severity: 'warning', source: 'MS-OXCRPC 3.3.4.1; MS-OXCNOTIF 3.1.5.3 (S9, A5); MS-OXCMAPIHTTP 3.2.5.5 (N7)', explanation: 'An EcDoAsyncWaitEx or NotificationWait stayed outstanding more than 5 minutes (330 s allowed) after the client\'s last EcDoRpcExt2/Execute; the server must complete it by then. Look for a stuck server or a proxy holding the request.' },
  { id: 'wait.early-empty', severity: 'info', source: 'MS-OXCRPC 3.3.4.1; MS-OXCNOTIF 3.1.5.3 (S9); MS-OXCMAPIHTTP 3.2.5.5 (N7)', explanation: 'An EcDoAsyncWaitEx or NotificationWait completed with nothing pending less than 4 minutes after the client\'s last activity; the server should hold it until an event is pending or 5 minutes pass. Harmless for the client, which waits again, but it costs round trips.' },
  { id: 'wait.pending-not-fetched', severity: 'warning', source: 'MS-OXCNOTIF 3.2.5.5.1 (C7, A5); MS-OXCMAPIHTTP 2.2.4.4.2 (N10)', explanation: 'A wait completed with NotificationPending (EcDoAsyncWaitEx) or EventPending (NotificationWait), but the client made no EcDoRpcExt2/Execute on that session within 60 s; the notifications stay queued.' },
  { id: 'wait.concurrent-not-rejected', severity: 'warning', source: 'MS-OXCNOTIF 3.1.5.3 (S9, A6); MS-OXCRPC 3.3.4.1', explanation: 'A second EcDoAsyncWaitEx was answered normally while another wait of the same session was outstanding; the server should complete the second at once with ecRejected (0x000007EE).' },
  { id: 'wait.retried-after-failure', severity: 'warning', source: 'MS-OXCNOTIF 3.2.5.5.1 (C7); MAPIHTTP N12', explanation: 'The client issued a new wait on a session after a wait failed; it should fall back to push notifications or polling instead.' },
  { id: 'pending.not-fetched', severity: 'warning', source: 'MS-OXCNOTIF 3.2.5.5.3 (C9); MAPIHTTP N5', explanation: 'A RopPending named this session, but the client made no EcDoRpcExt2/Execute on it within 60 s; the remaining notifications stay queued.' },
  { id: 'pending.nothing-to-fetch', severity: 'info', source: 'MS-OXCNOTIF 3.1.5.3, 3.1.5.4, 3.1.5.6 (S9, S10, S12, A4)', explanation: 'A pending signal (wait result, push datagram or RopPending) was answered by a poll that delivered no RopNotify, and nothing was delivered since the signal: the server signalled with nothing queued.' },
  { id: 'async.server-too-old', severity: 'warning', source: 'MS-OXCNOTIF 3.2.4.3 (C3)', explanation: 'The client called EcDoAsyncConnectEx although EcDoConnectEx reported a server older than 8.0.358.0, the first version with asynchronous RPC notifications.' },
  { id: 'rpc.reserved-opnum', severity: 'warning', source: 'MS-OXCRPC 3.1.4', explanation: 'The client called an EMSMDB opnum the specification reserves (not used on the wire): a client older than Exchange 2007 protocols or a broken implementation.' },
  { id: 'rpc.dummy-failed', severity: 'warning', source: 'MS-OXCRPC 3.1.4 (EcDummyRpc)', explanation: 'EcDummyRpc returned an error; the server always returns success to it.' },
  { id: 'mapi.requests-missing', severity: 'info', source: 'MS-OXCMAPIHTTP 2.2.3.3.2 (reference §1.6)', explanation: 'The X-RequestId counters of a session skip values: requests of the session are not in the capture (a connection or interface not captured, or lost), and notifications they fetched may be missing from the timeline.' },
  { id: 'mapi.keepalive-gap', severity: 'warning', source: 'MS-OXCMAPIHTTP 2.2.3.3.5, 3.2.5.2 (N8)', explanation: 'A MAPI/HTTP response went more than twice X-PendingPeriod without a PENDING keep-alive; the server or a proxy is holding the response back, and clients may time out.' },
  { id: 'mapi.concurrent-request', severity: 'warning', source: 'MS-OXCMAPIHTTP 3.1.5.5, 3.2.5.1 (N9)', explanation: 'Two requests other than NotificationWait (and PING) were outstanding at once on one session; the client must send one at a time, and the server must fail the later one with X-ResponseCode 15.' },
  { id: 'subscription.handle-reused', severity: 'warning', source: 'MS-OXCNOTIF 3.1.5.1 (S7)', explanation: 'RopRegisterNotification returned a handle that is still a live subscription of the session; the server should create a new subscription object each time.' },
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function allRules(): readonly RuleInfo[] {
  return RULES;
}

export function ruleInfo(id: string): RuleInfo {
  return BY_ID.get(id) ?? { id, severity: 'warning', source: 'oxnotif-dump', explanation: 'Undocumented finding.' };
}
