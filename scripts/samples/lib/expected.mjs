// expected.json entries, built from the scenario recorders (the same objects that drove the encoders).
const LINK = { EN10MB: 1, LINUX_SLL2: 276 };

const DESCRIPTIONS = {
  'rpc-tcp-basic.pcap': 'EPM ept_map for EMSMDB, then one EMSMDB session over ncacn_ip_tcp: bind with feature negotiation, EcDoConnectEx, RopLogon + 2 subscriptions, contents table, polls returning every notification kind, a compressed and an XOR-obfuscated response, RopPending, RopRelease, EcDummyRpc, EcDoDisconnect.',
  'rpc-tcp-push.pcap': 'EcRRegisterPushNotification over IPv4 (AF_INET) and IPv6 (Windows AF_INET6 = 23) and UDP push datagrams with every verdict.',
  'rpc-tcp-async.pcap': 'EcDoAsyncConnectEx on the session connection; EcDoAsyncWaitEx on a second connection (AsyncEMSMDB): parked wait → NotificationPending, fetch, outstanding wait, concurrent wait rejected with 0x000007EE, outstanding wait completes with 0.',
  'rpc-tcp-sll2.pcap': 'The async scenario captured at the same time on the "any" pseudo-interface: Linux cooked capture v2 (link type 276).',
  'rpc-tcp-fragmented.pcap': 'max_xmit/recv_frag 1432; a large EcDoRpcExt2 request and response split into DCE/RPC fragments, written in pieces so PDUs straddle TCP segments and one segment carries several PDUs; one RopNotify at the end of the large response.',
  'mapi-http-basic.pcap': 'MAPI over HTTP on plain HTTP/1.1 (node:http both ends, port 60080). S1 (alice): 401 + Basic retry, Connect, Execute (RopLogon, whole-store RopRegisterNotification, Inbox contents table), NotificationWait held 3.25 s with 3 PENDING keep-alives then EventPending 1, fetch Execute (NewMail, TableRowAdded, ObjectModified, RopPending 1), draining Execute on a Connection: close connection, NotificationWait with EventPending 0, unsolicited 408 on the idle long-poll connection, PING, Disconnect — over three TCP connections. S2 (bob) on a fourth connection during the long poll: Connect, one Execute with a compressed (0x0005) response ending in RopNotify, Disconnect.',
  'rpc-http-basic.pcap': 'RPC over HTTP v2 through node:http clients (RPC_IN_DATA / RPC_OUT_DATA, port 60080). vc1: CONN/A1, CONN/B1, CONN/A3, CONN/C2, EMSMDB bind, EcDoConnectEx, EcDoRpcExt2 (RopLogon + RopRegisterNotification), FlowControlAckWithDestination on IN, EcDoAsyncConnectEx. vc2 (same association group): AsyncEMSMDB bind, EcDoAsyncWaitEx parked 1.5 s with an RTS Ping on its OUT channel, completing with pulFlagsOut 1. Then the fetch on vc1 (NewMail, ObjectModified) and EcDoDisconnect.',
  'tls-mapi.pcap': 'MAPI over HTTP inside TLS (node:https, self-signed certificate for mail.contoso.example made at run time, SNI mail.contoso.example, ALPN http/1.1, port 60443): Connect and one Execute (RopLogon + RopRegisterNotification), all encrypted — no session is visible without keys.',
  'rpc-tcp-sealed.pcap': 'NTLMSSP at auth_level 6 (packet privacy): bind/bind_ack/rpc_auth3 with dummy NEGOTIATE/CHALLENGE/AUTHENTICATE tokens, then EMSMDB calls whose stubs are encrypted (unreadable) with 16-byte verifiers.',
};

function core(rec) {
  return {
    connections: rec.connections.map((c) => ({ ...c, binds: rec.binds.filter((b) => b.connection === c.label) })),
    epm: rec.epm,
    sessions: rec.sessions,
    subscriptions: rec.subscriptions,
    tables: rec.tables,
    releases: rec.releases,
    notifications: rec.notifications,
    pending: rec.pending,
    rgbOut: rec.rgbOut,
    push: rec.pushRegistrations.length || rec.pushDatagrams.length ? { registrations: rec.pushRegistrations, datagrams: withRegistrations(rec) } : null,
    async: rec.asyncWaits.length ? { contexts: rec.asyncContexts ?? [], waits: rec.asyncWaits } : null,
    auth: rec.auth ?? null,
    sealedCalls: rec.sealedCalls ?? null,
    calls: rec.calls,
    // HTTP transports only (absent from the ncacn_ip_tcp entries)
    http: rec.http.length ? rec.http : undefined,
    notificationWaits: rec.notificationWaits.length ? rec.notificationWaits : undefined,
    rts: rec.rts ?? undefined,
    tls: rec.tls ?? undefined,
    dcerpcPdus: rec.pdus.map(({ connection, direction, ptype, callId, opnum, contextId, fragFlags, fragLength, authLength }) => ({ connection, direction, ptype, callId, opnum, contextId, fragFlags, fragLength, authLength })),
  };
}

/** Each datagram names the registration (connection + call id) it has to be checked against, or null. */
function withRegistrations(rec) {
  return rec.pushDatagrams.map((d) => {
    const reg = rec.pushRegistrations.find((r) => {
      const ep = r.callback.family === 'AF_INET6' ? `[${r.callback.address}]:${r.callback.port}` : `${r.callback.address}:${r.callback.port}`;
      return ep === d.to;
    });
    const checked = ['valid', 'mismatch', 'after-unregister'].includes(d.verdict) && reg;
    return { ...d, registration: checked ? { connection: reg.connection, callId: reg.callId } : null };
  });
}

export function buildExpected(file, rec) {
  const sll = file === 'rpc-tcp-sll2.pcap';
  const e = {
    scenario: rec.scenario,
    derivedFrom: null,
    description: DESCRIPTIONS[file] ?? '',
    made: sll ? `${rec.scenario} scenario, tcpdump -i any` : `${rec.scenario} scenario, tcpdump -i lo`,
    format: 'pcap',
    linkType: sll ? LINK.LINUX_SLL2 : LINK.EN10MB,
    tsPrecision: 'us',
    ...core(rec),
    tsharkComparable: true,
  };
  if (rec.scenario === 'basic') {
    e.expectedFindings = ['polls every 0.06–0.7 s although pcmsPollsMax is 60000 ms (reference rule A7/C5) — a tool may warn'];
  }
  if (rec.scenario === 'fragmented') e.bigCall = rec.marks.bigCall;
  if (rec.scenario === 'rpchttp') {
    e.tsharkComparable = false;
    e.tsharkNote = 'tshark decodes only the first PDU of each RPC over HTTP channel body (the rest is HTTP "Continuation")';
  }
  if (rec.scenario === 'mapihttp' || rec.scenario === 'tls') e.tsharkNote = 'no DCE/RPC in this capture: tshark must list none';
  if (rec.scenario === 'tls') e.httpNote = '`http` is what travels inside TLS (checked against tshark with the client key log at generation time); without keys only `tls` is visible';
  return e;
}

export function derivedExpected(file, rec, info) {
  const base = buildExpected(rec.capture, rec);
  const e = { ...base, derivedFrom: rec.capture, description: '', made: '', derivation: info };
  e.tsharkComparable = false;
  const notifs = (pred) => rec.notifications.filter(pred);
  switch (file) {
    case 'rpc-tcp-basic.pcapng':
      Object.assign(e, { format: 'pcapng', description: 'rpc-tcp-basic.pcap converted to pcapng.', made: 'editcap -F pcapng', tsharkComparable: true });
      break;
    case 'rpc-tcp-basic-nsec.pcap':
      Object.assign(e, { tsPrecision: 'ns', description: 'rpc-tcp-basic.pcap as nanosecond pcap (magic a1b23c4d).', made: 'editcap -F nsecpcap', tsharkComparable: true });
      break;
    case 'vlan.pcap':
      Object.assign(e, { description: 'rpc-tcp-basic.pcap with every frame rewritten to Ethernet + 802.1Q (VLAN 100), non-zero MACs.', made: 'derive.py vlan (scapy)', tsharkComparable: true, vlanId: 100 });
      break;
    case 'rpc-tcp-reordered.pcap':
      Object.assign(e, { description: 'rpc-tcp-basic.pcap with two pairs of same-direction data segments swapped (call 3 request pieces, call 7 response pieces 2/3); the facts are unchanged — a reassembler must reorder by sequence number.', made: 'derive.py reordered (scapy)' });
      e.tsharkNote = 'segments out of order; tshark 4.0 does not reassemble out-of-order TCP by default';
      break;
    case 'rpc-tcp-retransmit.pcap':
      Object.assign(e, { description: 'rpc-tcp-basic.pcap plus two exact duplicate segments and one retransmission that partially overlaps two earlier segments (same bytes); the facts are unchanged.', made: 'derive.py retransmit (scapy)' });
      e.tsharkNote = 'duplicates and overlap';
      break;
    case 'rpc-tcp-lost-segment.pcap': {
      const lost = notifs((n) => n.callId === 7);
      Object.assign(e, {
        description: 'rpc-tcp-basic.pcap with the middle segment of the 3-segment call 7 response removed: a gap of derivation.lostBytes bytes on server→client; resync at the call 8 response.',
        made: 'derive.py lost-segment (scapy)',
        damagedCalls: [{ connection: 'emsmdb', callId: 7, direction: 's2c', what: 'response PDU incomplete (gap in the middle); its compressed rgbOut cannot be decoded' }],
        lostNotifications: lost,
        notifications: notifs((n) => n.callId !== 7),
        rgbOut: base.rgbOut.filter((r) => r.callId !== 7),
        dcerpcPdus: base.dcerpcPdus.filter((p) => !(p.connection === 'emsmdb' && p.callId === 7 && p.direction === 's2c')),
      });
      e.tsharkNote = 'gap';
      break;
    }
    case 'rpc-tcp-midstream.pcap':
      Object.assign(e, {
        description: 'rpc-tcp-basic.pcap without its first ~40% of frames: the capture starts inside the 3-segment call 4 response (server→client mid-PDU) and before the call 5 request (client→server). EPM, bind, EcDoConnectEx, RopLogon/RopRegisterNotification and the table creation are not in the file.',
        made: 'derive.py midstream (scapy)',
        connections: base.connections.filter((c) => c.label === 'emsmdb').map((c) => ({ ...c, binds: [] })),
        epm: [],
        sessions: base.sessions.map((s) => ({ client: s.client, server: s.server, transport: 'rpc-tcp', origin: 'inferred', userDN: null, picxr: null, contextHandle: s.contextHandle, note: 'no EcDoConnectEx in the file; the context handle of later calls identifies it' })),
        subscriptionsVisible: [],
        subscriptions: base.subscriptions.map((s) => ({ ...s, visible: false })),
        tables: base.tables.map((t) => ({ ...t, visible: false, note: 'created in the damaged call 4 response' })),
        damagedCalls: [{ connection: 'emsmdb', callId: 4, direction: 's2c', what: 'only pieces 2 and 3 of the response are in the file; its request is not' }],
        firstCompleteCallId: 5,
        notifications: notifs((n) => n.callId >= 5).map((n) => ({ ...n, subscriptionKnown: false })),
        pending: base.pending,
        releases: base.releases,
        calls: base.calls.filter((c) => c.connection === 'emsmdb' && c.callId >= 5),
        dcerpcPdus: base.dcerpcPdus.filter((p) => p.connection === 'emsmdb' && p.callId >= 5),
      });
      e.tsharkNote = 'starts mid-stream';
      break;
    case 'truncated.pcap':
      Object.assign(e, {
        description: 'rpc-tcp-basic.pcap cut in the middle of the record that carries the call 9 response: a reader must report the truncated last record and keep everything before it.',
        made: 'derive.py truncated (byte cut)',
        damagedCalls: [{ connection: 'emsmdb', callId: 9, direction: 's2c', what: 'record truncated by the end of the file' }],
        notifications: notifs((n) => n.callId <= 8),
        lostNotifications: notifs((n) => n.callId >= 9),
        pending: [],
        releases: [],
        calls: base.calls.filter((c) => c.connection === 'epm' || c.callId <= 9),
        lastCompleteCallId: 8,
        dcerpcPdus: base.dcerpcPdus.filter((p) => p.connection === 'epm' || p.ptype === 11 || p.ptype === 12 || p.callId < 9 || (p.callId === 9 && p.direction === 'c2s')),
      });
      e.tsharkNote = 'file ends mid-record';
      break;
    case 'rpc-tcp-ipfrag.pcap':
      Object.assign(e, {
        description: 'rpc-tcp-fragmented.pcap with every TCP segment carrying more than 1000 bytes split into IPv4 fragments of 600 bytes (DF cleared, fresh IP ids); every second fragmented datagram has its last fragment sent first.',
        made: 'derive.py ipfrag (scapy fragment())',
        tsharkComparable: true,
      });
      break;
    default:
      throw new Error(`no description for derived ${file}`);
  }
  return e;
}
