// DCE/RPC connection-oriented PDUs (reference §3) and the endpoint mapper (§5).
import { Writer, guidBytes } from './bytes.mjs';

export const PTYPE = {
  request: 0,
  response: 2,
  fault: 3,
  bind: 11,
  bind_ack: 12,
  bind_nak: 13,
  alter_context: 14,
  alter_context_resp: 15,
  auth3: 16,
  shutdown: 17,
};

export const PFC = { FIRST: 0x01, LAST: 0x02, SUPPORT_HEADER_SIGN: 0x04, CONC_MPX: 0x10, OBJECT_UUID: 0x80 };

export const UUID = {
  EPM: 'e1af8308-5d1f-11c9-91a4-08002b14a0fa',
  EMSMDB: 'a4f1db00-ca47-1067-b31f-00dd010662da',
  ASYNCEMSMDB: '5261574a-4572-206e-b268-6b199213b4e4',
  NDR20: '8a885d04-1ceb-11c9-9fe8-08002b104860',
  /** Bind-time feature negotiation: prefix 6cb71c2c-9812-4540 + bitmask 0x03 (sec-ctx multiplexing | keep conn on orphan). */
  BTFN: '6cb71c2c-9812-4540-0300-000000000000',
};

/** if_version u32 = major | (minor << 16). EMSMDB 0.81 → 0x00510000. */
export const ifVersion = (major, minor) => ((major & 0xffff) | ((minor & 0xffff) << 16)) >>> 0;

export const IFACE = {
  EPM: { name: 'EPM', uuid: UUID.EPM, version: ifVersion(3, 0), versionText: '3.0' },
  EMSMDB: { name: 'EMSMDB', uuid: UUID.EMSMDB, version: ifVersion(0, 81), versionText: '0.81' },
  ASYNCEMSMDB: { name: 'AsyncEMSMDB', uuid: UUID.ASYNCEMSMDB, version: ifVersion(0, 1), versionText: '0.1' },
};

export const NDR20 = { uuid: UUID.NDR20, version: 2 };
export const BTFN = { uuid: UUID.BTFN, version: 1 };

function header(w, ptype, flags, callId) {
  w.u8(5).u8(0).u8(ptype).u8(flags);
  w.bytes([0x10, 0, 0, 0]); // little-endian integers, ASCII, IEEE
  w.u16(0); // frag_length, patched
  w.u16(0); // auth_length, patched
  w.u32(callId);
}

/** Append (auth padding +) sec_trailer + token and patch frag/auth lengths. `padTo` aligns the trailer. */
function finish(w, auth, bodyStart, padTo) {
  if (auth) {
    let pad = 0;
    if (padTo) {
      const r = (w.length - bodyStart) % padTo;
      pad = r === 0 ? 0 : padTo - r;
    }
    w.zeros(pad);
    w.u8(auth.type).u8(auth.level).u8(pad).u8(0).u32(auth.contextId ?? 0);
    w.bytes(auth.token);
    w.patchU16(10, auth.token.length);
  }
  w.patchU16(8, w.length);
  return w.toBuffer();
}

/**
 * bind / alter_context.
 * contexts: [{ id, abstract: {uuid, version}, transfer: [{uuid, version}] }]
 */
export function encodeBind({ ptype = PTYPE.bind, callId, flags = PFC.FIRST | PFC.LAST, maxXmit = 5840, maxRecv = 5840, assocGroup = 0, contexts, auth = null }) {
  const w = new Writer();
  header(w, ptype, flags, callId);
  w.u16(maxXmit).u16(maxRecv).u32(assocGroup);
  w.u8(contexts.length).u8(0).u16(0);
  for (const c of contexts) {
    w.u16(c.id).u8(c.transfer.length).u8(0);
    w.guid(c.abstract.uuid).u32(c.abstract.version);
    for (const t of c.transfer) w.guid(t.uuid).u32(t.version);
  }
  return finish(w, auth, 16, 4);
}

/**
 * bind_ack / alter_context_resp.
 * results: [{ result, reason, transfer: {uuid, version} | null }]
 */
export function encodeBindAck({ ptype = PTYPE.bind_ack, callId, flags = PFC.FIRST | PFC.LAST, maxXmit = 5840, maxRecv = 5840, assocGroup, secAddr, results, auth = null }) {
  const w = new Writer();
  header(w, ptype, flags, callId);
  w.u16(maxXmit).u16(maxRecv).u32(assocGroup);
  if (secAddr === null || secAddr === '') {
    w.u16(0);
  } else {
    const s = Buffer.from(secAddr + '\0', 'latin1');
    w.u16(s.length).bytes(s);
  }
  w.align(4); // relative to the PDU start
  w.u8(results.length).u8(0).u16(0);
  for (const r of results) {
    w.u16(r.result).u16(r.reason);
    if (r.transfer) w.guid(r.transfer.uuid).u32(r.transfer.version);
    else w.zeros(20);
  }
  return finish(w, auth, 16, 4);
}

/** rpc_auth_3: header, 4-byte pad, sec_trailer, token. */
export function encodeAuth3({ callId, flags = PFC.FIRST | PFC.LAST, auth }) {
  const w = new Writer();
  header(w, PTYPE.auth3, flags, callId);
  w.zeros(4);
  return finish(w, auth, 16, 0);
}

/** One request fragment. */
export function encodeRequest({ callId, ctxId, opnum, stub, flags = PFC.FIRST | PFC.LAST, allocHint = stub.length, auth = null }) {
  const w = new Writer();
  header(w, PTYPE.request, flags, callId);
  w.u32(allocHint).u16(ctxId).u16(opnum);
  w.bytes(stub);
  return finish(w, auth, 24, 16);
}

/** One response fragment. */
export function encodeResponse({ callId, ctxId, stub, flags = PFC.FIRST | PFC.LAST, allocHint = stub.length, auth = null }) {
  const w = new Writer();
  header(w, PTYPE.response, flags, callId);
  w.u32(allocHint).u16(ctxId).u8(0).u8(0);
  w.bytes(stub);
  return finish(w, auth, 24, 16);
}

export function encodeFault({ callId, ctxId, status, flags = PFC.FIRST | PFC.LAST, allocHint = 0 }) {
  const w = new Writer();
  header(w, PTYPE.fault, flags, callId);
  w.u32(allocHint).u16(ctxId).u8(0).u8(0).u32(status).u32(0);
  return finish(w, null, 24, 0);
}

/**
 * Split a stub into request/response fragments of at most maxFrag bytes each. Every fragment but the last carries
 * a multiple of 8 stub bytes; alloc_hint = stub bytes remaining from this fragment on.
 * `auth` (optional) is a function (fragmentIndex) → auth object, so each fragment gets its own verifier.
 */
export function fragment(kind, { callId, ctxId, opnum, stub, maxFrag, auth = null, authLength = 16 }) {
  const overhead = 24 + (auth ? 8 + authLength + 15 : 0);
  let room = Math.floor((maxFrag - overhead) / 8) * 8;
  if (room <= 0) throw new Error('maxFrag too small');
  const pdus = [];
  let off = 0;
  let i = 0;
  do {
    const part = stub.subarray(off, off + room);
    let flags = 0;
    if (off === 0) flags |= PFC.FIRST;
    if (off + part.length >= stub.length) flags |= PFC.LAST;
    const args = { callId, ctxId, opnum, stub: part, flags, allocHint: stub.length - off, auth: auth ? auth(i) : null };
    const pdu = kind === 'request' ? encodeRequest(args) : encodeResponse(args);
    if (pdu.length > maxFrag) throw new Error(`fragment ${pdu.length} > ${maxFrag}`);
    pdus.push(pdu);
    off += part.length;
    i++;
  } while (off < stub.length);
  return pdus;
}

/** Read the common header of a PDU (for the test harness, not a dissector). */
export function peekHeader(buf, off = 0) {
  return {
    ptype: buf[off + 2],
    flags: buf[off + 3],
    fragLength: buf.readUInt16LE(off + 8),
    authLength: buf.readUInt16LE(off + 10),
    callId: buf.readUInt32LE(off + 12),
  };
}

// ---------------------------------------------------------------- endpoint mapper (reference §5)

function floor(lhs, rhs) {
  const w = new Writer();
  w.u16(lhs.length).bytes(lhs).u16(rhs.length).bytes(rhs);
  return w.toBuffer();
}

/** Tower octet string: interface, NDR, RPC CO, TCP port, IPv4 host. */
export function encodeTower({ iface, port, ipv4 }) {
  const major = iface.version & 0xffff;
  const minor = iface.version >>> 16;
  const w = new Writer();
  w.u16(5);
  const l1 = new Writer().u8(0x0d).guid(iface.uuid).u16(major).toBuffer();
  w.bytes(floor(l1, new Writer().u16(minor).toBuffer()));
  const l2 = new Writer().u8(0x0d).guid(NDR20.uuid).u16(2).toBuffer();
  w.bytes(floor(l2, new Writer().u16(0).toBuffer()));
  w.bytes(floor(Buffer.from([0x0b]), new Writer().u16(0).toBuffer()));
  w.bytes(floor(Buffer.from([0x07]), new Writer().u16be(port).toBuffer()));
  w.bytes(floor(Buffer.from([0x09]), Buffer.from(ipv4.split('.').map(Number))));
  return w.toBuffer();
}

/** twr_t pointee: conformance (max_count), tower_length, octets (both counts equal). */
function writeTwr(w, tower) {
  w.u32(tower.length).u32(tower.length).bytes(tower);
  w.align(4);
}

/** ept_map request stub (opnum 3). */
export function eptMapRequest({ tower, maxTowers = 4 }) {
  const w = new Writer();
  w.u32(1).zeros(16); // obj: [ptr] UUID*, NIL UUID
  w.u32(2); // map_tower referent id
  writeTwr(w, tower);
  w.zeros(20); // entry_handle (NULL context handle)
  w.u32(maxTowers);
  return w.toBuffer();
}

/** ept_map response stub. */
export function eptMapResponse({ towers, maxTowers = 4, status = 0 }) {
  const w = new Writer();
  w.zeros(20); // entry_handle: lookup finished
  w.u32(towers.length);
  w.u32(maxTowers).u32(0).u32(towers.length);
  towers.forEach((_, i) => w.u32(3 + i)); // referent ids
  for (const t of towers) writeTwr(w, t);
  w.u32(status);
  return w.toBuffer();
}
