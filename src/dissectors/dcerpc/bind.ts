import type { ByteReader } from '../../core/byte-reader.js';
import { latin1 } from '../../core/byte-reader.js';
import { uuidText } from '../ndr/uuid.js';
import { BIND_NAK_REASONS } from './constants.js';
import { bodyReader, type PduHeader } from './pdu-header.js';

/** p_syntax_id_t: UUID + u32 if_version (major = low 16 bits, minor = high 16 bits). */
export interface SyntaxId {
  uuid: string;
  major: number;
  minor: number;
}

export interface ContextElement {
  contextId: number;
  abstract: SyntaxId;
  transfers: SyntaxId[];
}

/** bind (11) and alter_context (14) bodies (reference §3.4). */
export interface BindBody {
  maxXmitFrag: number;
  maxRecvFrag: number;
  assocGroupId: number;
  contexts: ContextElement[];
}

export interface ContextResult {
  result: number;
  /** provider reason, or for negotiate_ack the BindTimeFeatureNegotiationResponseBitmask. */
  reason: number;
  transfer: SyntaxId;
}

/** bind_ack (12) and alter_context_resp (15) bodies. */
export interface BindAckBody {
  maxXmitFrag: number;
  maxRecvFrag: number;
  assocGroupId: number;
  /** sec_addr port_spec without its NUL ("6001", "49153", or "" in alter_context_resp). */
  secondaryAddress: string;
  results: ContextResult[];
}

export interface BindNakBody {
  reason: number;
  reasonName: string | null;
  versions: { major: number; minor: number }[];
}

const SYNTAX_ID_LENGTH = 20;

function syntaxId(r: ByteReader, field: string): SyntaxId {
  const raw = r.bytes(16, `${field} uuid`);
  const version = r.u32(`${field} version`);
  return { uuid: uuidText(raw, 0, r.littleEndian), major: version & 0xffff, minor: version >>> 16 };
}

/** `bodyEnd` is where the auth padding or sec_trailer begins (frag_length when there is none). */
export function decodeBind(pdu: Uint8Array, hdr: PduHeader, bodyEnd: number): BindBody {
  const r = bodyReader(pdu.subarray(0, bodyEnd), { ...hdr, fragLength: bodyEnd });
  const maxXmitFrag = r.u16('max_xmit_frag');
  const maxRecvFrag = r.u16('max_recv_frag');
  const assocGroupId = r.u32('assoc_group_id');
  const n = r.count(r.u8('n_context_elem'), 4 + 2 * SYNTAX_ID_LENGTH, 'n_context_elem');
  r.skip(3, 'reserved');
  const contexts: ContextElement[] = [];
  for (let i = 0; i < n; i++) {
    const contextId = r.u16('p_cont_id');
    const nTransfer = r.u8('n_transfer_syn');
    r.skip(1, 'reserved');
    const abstract = syntaxId(r, 'abstract_syntax');
    r.count(nTransfer, SYNTAX_ID_LENGTH, 'n_transfer_syn');
    const transfers: SyntaxId[] = [];
    for (let j = 0; j < nTransfer; j++) transfers.push(syntaxId(r, 'transfer_syntax'));
    contexts.push({ contextId, abstract, transfers });
  }
  return { maxXmitFrag, maxRecvFrag, assocGroupId, contexts };
}

export function decodeBindAck(pdu: Uint8Array, hdr: PduHeader, bodyEnd: number): BindAckBody {
  const r = bodyReader(pdu.subarray(0, bodyEnd), { ...hdr, fragLength: bodyEnd });
  const maxXmitFrag = r.u16('max_xmit_frag');
  const maxRecvFrag = r.u16('max_recv_frag');
  const assocGroupId = r.u32('assoc_group_id');
  const secLength = r.u16('sec_addr length');
  const port = r.bytes(secLength, 'sec_addr port_spec');
  const nul = port.indexOf(0);
  const secondaryAddress = latin1(port, 0, nul < 0 ? port.length : nul);
  r.align(4, 'sec_addr padding'); // relative to the PDU start: the reader's window begins there
  const n = r.count(r.u8('n_results'), 4 + SYNTAX_ID_LENGTH, 'n_results');
  r.skip(3, 'reserved');
  const results: ContextResult[] = [];
  for (let i = 0; i < n; i++) {
    const result = r.u16('result');
    const reason = r.u16('reason');
    results.push({ result, reason, transfer: syntaxId(r, 'transfer_syntax') });
  }
  return { maxXmitFrag, maxRecvFrag, assocGroupId, secondaryAddress, results };
}

export function decodeBindNak(pdu: Uint8Array, hdr: PduHeader): BindNakBody {
  const r = bodyReader(pdu, hdr);
  const reason = r.u16('provider_reject_reason');
  const versions: { major: number; minor: number }[] = [];
  if (!r.atEnd) {
    const n = r.count(r.u8('n_protocols'), 2, 'n_protocols');
    for (let i = 0; i < n; i++) versions.push({ major: r.u8('rpc_vers'), minor: r.u8('rpc_vers_minor') });
  }
  return { reason, reasonName: BIND_NAK_REASONS[reason] ?? null, versions };
}
