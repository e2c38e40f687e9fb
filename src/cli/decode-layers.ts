import { ByteReader } from '../core/byte-reader.js';
import { tryDecode, type Damage } from '../core/damage.js';
import { hex2, hex4, hex8, toHex } from '../core/hex.js';
import type { Limits } from '../core/limits.js';
import { decodeEmsmdbRequest, decodeEmsmdbResponse } from '../dissectors/emsmdb/decode-call.js';
import { opnumName } from '../dissectors/emsmdb/interfaces.js';
import type { EmsmdbRequest, EmsmdbResponse } from '../dissectors/emsmdb/types.js';
import { errorName } from '../dissectors/oxcdata/error-codes.js';
import { readNotificationData } from '../dissectors/rops/notification-data.js';
import { decodeRopRequestBuffer, decodeRopResponseBuffer } from '../dissectors/rops/rop-buffer.js';
import { errorText, notificationJson, ropJson, type Json } from '../dissectors/rops/rop-json.js';
import type { RopBuffer, RopContext, RopRequest, RopRequestSide, RopResponse } from '../dissectors/rops/types.js';
import { decodeAuxBlocks } from '../dissectors/rpc-ext/aux-blocks.js';
import { decodeHeaderExtChain } from '../dissectors/rpc-ext/header-ext.js';
import { HEADER_EXT_COMPRESSED, HEADER_EXT_LAST, HEADER_EXT_XOR_MAGIC, type HeaderExtChain } from '../dissectors/rpc-ext/types.js';

/**
 * The layers `oxnotif-dump decode` runs over one raw buffer, outermost first: an EMSMDB call stub
 * (NDR), its rgbIn/rgbOut (RPC_HEADER_EXT chain, XOR, LZ77) and auxiliary buffers, the ROP
 * buffers inside, or NotificationData alone. The result is one JSON-ready document
 * (docs/decode.md); every damage of every layer is listed in `damage` with where it happened.
 * No session exists here: state a ROP needs from earlier calls is missing by construction, and a
 * response's own call state comes from `--request`.
 */
export const DECODE_FORMS = ['stub-request', 'stub-response', 'rgbin', 'rgbout', 'rop-request', 'rop-response', 'notification'] as const;
export type DecodeForm = (typeof DECODE_FORMS)[number];

export const EC_DO_RPC_EXT2 = 11;

export interface DecodeOptions {
  /** What the bytes are; guessed when absent. */
  as?: DecodeForm;
  /** EMSMDB opnum of a stub. */
  opnum: number;
  /** The paired request, at the same layer as a response (stub, rgbIn or ROP buffer). */
  request?: Uint8Array;
  limits: Limits;
}

/** A decode that cannot start: the form cannot be guessed, or the paired request does not fit. */
export class DecodeUsageError extends Error {}

const NO_SESSION: RopContext = { columnsOf: () => undefined, logonIsPrivate: () => undefined };

type Doc = { [k: string]: Json };
interface DamageEntry {
  where: string;
  damage: Damage;
}

class Report {
  readonly damage: DamageEntry[] = [];
  add(where: string, d: Damage | null | undefined): void {
    if (d) this.damage.push({ where, damage: d });
  }
  json(): Json[] {
    return this.damage.map(({ where, damage }) => ({ where, reason: damage.reason, offset: damage.offset, ...(damage.field ? { field: damage.field } : {}), detail: damage.detail }));
  }
}

const isResponse = (form: DecodeForm): boolean => form === 'stub-response' || form === 'rgbout' || form === 'rop-response';

/** The counterpart form of a response: what `--request` must hold. */
const REQUEST_FORM: Partial<Record<DecodeForm, DecodeForm>> = { 'stub-response': 'stub-request', rgbout: 'rgbin', 'rop-response': 'rop-request' };

// ---------------------------------------------------------------------------------------------
// ROP buffers

function ropBufferJson(buf: RopBuffer<RopRequest> | RopBuffer<RopResponse>): Doc {
  return {
    ropSize: buf.ropSize,
    handles: buf.handles.map(hex8),
    rops: buf.rops.map((r) => ropJson(r)),
  };
}

/**
 * The reason a state-missing stop is in the input alone: no session came before it. Said once,
 * with what would have helped.
 */
function stateHint(buf: RopBuffer<RopResponse>, requestGiven: boolean): string | null {
  if (buf.damage?.reason !== 'state-missing') return null;
  if (!requestGiven && /request/.test(buf.damage.detail)) return 'the rest of this buffer needs the paired request: give it with --request';
  if (/columns unknown/.test(buf.damage.detail)) return 'the table columns were set by a RopSetColumns in an earlier call, which a single buffer does not hold';
  if (/logon/.test(buf.damage.detail)) return 'the layout depends on the RopLogon of this logon, made in an earlier call';
  return null;
}

function requestRops(bytes: Uint8Array, limits: Limits, report: Report, where: string): RopBuffer<RopRequest> {
  const buf = decodeRopRequestBuffer(bytes, NO_SESSION, limits);
  report.add(where, buf.damage);
  return buf;
}

function responseRops(bytes: Uint8Array, paired: RopRequestSide | null, limits: Limits, report: Report, where: string): Doc {
  const buf = decodeRopResponseBuffer(bytes, paired, NO_SESSION, limits);
  report.add(where, buf.damage);
  const doc = ropBufferJson(buf);
  const hint = stateHint(buf, paired !== null);
  if (hint) doc.missing = hint;
  return doc;
}

// ---------------------------------------------------------------------------------------------
// RPC_HEADER_EXT chains (rgbIn, rgbOut, rgbAuxIn, rgbAuxOut)

function flagNames(flags: number): string[] {
  const names: string[] = [];
  if (flags & HEADER_EXT_COMPRESSED) names.push('Compressed');
  if (flags & HEADER_EXT_XOR_MAGIC) names.push('XorMagic');
  if (flags & HEADER_EXT_LAST) names.push('Last');
  return names;
}

function chainHeaders(chain: HeaderExtChain): Json[] {
  return chain.payloads.map((p) => ({
    offset: p.offset,
    version: hex4(p.version),
    flags: hex4(p.flags),
    flagNames: flagNames(p.flags),
    size: p.size,
    sizeActual: p.sizeActual,
  }));
}

interface ChainResult {
  doc: Doc;
  /** The request ROP buffers (rgbIn), for pairing a response. */
  requests: RopBuffer<RopRequest>[];
}

function ropChain(bytes: Uint8Array, form: 'rgbin' | 'rgbout', paired: RopBuffer<RopRequest>[] | null, limits: Limits, report: Report, name: string): ChainResult {
  const chain = decodeHeaderExtChain(bytes, limits);
  for (const d of chain.damage) report.add(name, d);
  const requests: RopBuffer<RopRequest>[] = [];
  const buffers = chain.payloads.map((p, i) => {
    const where = `${name} payload ${i}`;
    report.add(where, p.damage);
    if (form === 'rgbin') {
      const buf = requestRops(p.data, limits, report, `${where} ROP buffer`);
      requests.push(buf);
      return ropBufferJson(buf);
    }
    // Only the first response buffer answers the request's ROPs ([MS-OXCRPC] 3.1.4.2.1).
    const first = i === 0 ? paired?.[0] : undefined;
    return responseRops(p.data, first ? { rops: first.rops, handles: first.handles } : null, limits, report, `${where} ROP buffer`);
  });
  return { doc: { headers: chainHeaders(chain), ropBuffers: buffers }, requests };
}

function auxChain(bytes: Uint8Array, limits: Limits, report: Report, name: string): Doc {
  if (bytes.length === 0) return { headers: [], blocks: [] };
  const chain = decodeHeaderExtChain(bytes, limits, { single: true });
  for (const d of chain.damage) report.add(name, d);
  const blocks: Json[] = [];
  chain.payloads.forEach((p, i) => {
    report.add(`${name} payload ${i}`, p.damage);
    for (const b of decodeAuxBlocks(p.data)) {
      report.add(`${name} block at ${b.offset}`, b.damage);
      blocks.push({ offset: b.offset, size: b.size, version: b.version, type: hex2(b.type), name: b.name, fields: b.fields });
    }
  });
  return { headers: chainHeaders(chain), blocks };
}

// ---------------------------------------------------------------------------------------------
// EMSMDB stubs

/** Call fields, JSON-ready; the buffers decoded below are given by their length only. */
function callFields(call: EmsmdbRequest | EmsmdbResponse): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(call)) {
    if (k === 'op') continue;
    if (v instanceof Uint8Array) out[k] = ['rgbIn', 'rgbOut', 'auxIn', 'auxOut'].includes(k) ? `${v.length} bytes (decoded below)` : toHex(v);
    else if (k === 'returnValue' && typeof v === 'number') out[k] = errorText(v);
    else if (k === 'flags' && typeof v === 'number') out[k] = hex8(v);
    else if (v && typeof v === 'object' && 'uuid' in v) {
      const cxh = v as { attributes: number; uuid: string; isNull: boolean };
      out[k] = { attributes: hex8(cxh.attributes), uuid: cxh.uuid, isNull: cxh.isNull };
    } else out[k] = v as Json;
  }
  return out;
}

interface StubResult {
  doc: Doc;
  requests: RopBuffer<RopRequest>[];
}

function stub(bytes: Uint8Array, form: 'stub-request' | 'stub-response', opts: DecodeOptions, paired: RopBuffer<RopRequest>[] | null, report: Report): StubResult {
  const direction = form === 'stub-request' ? 'request' : 'response';
  const res = form === 'stub-request' ? decodeEmsmdbRequest('EMSMDB', opts.opnum, bytes, true) : decodeEmsmdbResponse('EMSMDB', opts.opnum, bytes, true);
  report.add(`${direction} stub`, res.damage);
  const doc: Doc = { call: opnumName('EMSMDB', opts.opnum), opnum: opts.opnum, direction };
  const call = res.value;
  if (!call) return { doc, requests: [] };
  doc.fields = callFields(call);
  if (call.op === 'EcDoRpcExt2' && 'rgbIn' in call) {
    const chain = ropChain(call.rgbIn, 'rgbin', null, opts.limits, report, 'rgbIn');
    doc.rgbIn = chain.doc;
    doc.rgbAuxIn = auxChain(call.auxIn, opts.limits, report, 'rgbAuxIn');
    return { doc, requests: chain.requests };
  }
  if (call.op === 'EcDoRpcExt2' && 'rgbOut' in call) {
    doc.rgbOut = ropChain(call.rgbOut, 'rgbout', paired, opts.limits, report, 'rgbOut').doc;
    doc.rgbAuxOut = auxChain(call.auxOut, opts.limits, report, 'rgbAuxOut');
  }
  return { doc, requests: [] };
}

// ---------------------------------------------------------------------------------------------
// One form

interface FormResult {
  doc: Doc;
  requests: RopBuffer<RopRequest>[];
}

function decodeForm(bytes: Uint8Array, form: DecodeForm, opts: DecodeOptions, paired: RopBuffer<RopRequest>[] | null, report: Report): FormResult {
  switch (form) {
    case 'stub-request':
    case 'stub-response':
      return stub(bytes, form, opts, paired, report);
    case 'rgbin':
    case 'rgbout': {
      const r = ropChain(bytes, form, paired, opts.limits, report, form === 'rgbin' ? 'rgbIn' : 'rgbOut');
      return { doc: r.doc, requests: r.requests };
    }
    case 'rop-request': {
      const buf = requestRops(bytes, opts.limits, report, 'ROP request buffer');
      return { doc: ropBufferJson(buf), requests: [buf] };
    }
    case 'rop-response': {
      const first = paired?.[0];
      return { doc: responseRops(bytes, first ? { rops: first.rops, handles: first.handles } : null, opts.limits, report, 'ROP response buffer'), requests: [] };
    }
    case 'notification':
      return { doc: notification(bytes, report), requests: [] };
  }
}

/** NotificationData alone: no handle and no table, so TableRowData stays raw. */
function notification(bytes: Uint8Array, report: Report): Doc {
  const r = new ByteReader(bytes);
  const res = tryDecode(() => readNotificationData(r, 0, () => undefined));
  if (res.damage) {
    report.add('NotificationData', res.damage);
    return {};
  }
  const doc = notificationJson(res.value);
  if (doc.tableRowData && typeof doc.tableRowData === 'object' && !Array.isArray(doc.tableRowData) && 'reason' in doc.tableRowData) {
    doc.tableRowData = { ...doc.tableRowData, reason: 'columns unknown: a NotificationData alone does not say which table it is from' };
  }
  if (!r.atEnd) report.add('NotificationData', { reason: 'malformed', offset: r.offset, field: 'NotificationData', detail: `${r.remaining} bytes after the NotificationData` });
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Guessing the form

function clean<T>(buf: RopBuffer<T>): boolean {
  return buf.damage === null;
}

/** A ROP buffer read both ways; a response wins a tie when every ReturnValue it holds has a name. */
function guessRopBuffer(bytes: Uint8Array, limits: Limits): 'rop-request' | 'rop-response' | null {
  if (bytes.length < 2) return null;
  const ropSize = bytes[0]! | (bytes[1]! << 8);
  if (ropSize < 2 || ropSize > bytes.length || (bytes.length - ropSize) % 4 !== 0) return null;
  const q = decodeRopRequestBuffer(bytes, NO_SESSION, limits);
  const a = decodeRopResponseBuffer(bytes, null, NO_SESSION, limits);
  const aOk = clean(a) || a.damage?.reason === 'state-missing';
  if (clean(q) && !aOk) return 'rop-request';
  if (aOk && !clean(q)) return 'rop-response';
  if (!clean(q) && !aOk) return null;
  const named = a.rops.every((r) => r.returnValue === null || errorName(r.returnValue) !== null);
  return named && a.rops.length > 0 ? 'rop-response' : 'rop-request';
}

export function guessForm(bytes: Uint8Array, opts: DecodeOptions): DecodeForm | null {
  if (!decodeEmsmdbRequest('EMSMDB', opts.opnum, bytes, true).damage) return 'stub-request';
  if (!decodeEmsmdbResponse('EMSMDB', opts.opnum, bytes, true).damage) return 'stub-response';
  const chain = decodeHeaderExtChain(bytes, opts.limits);
  const first = chain.payloads[0];
  if (chain.damage.length === 0 && first && !first.damage) {
    const inner = guessRopBuffer(first.data, opts.limits);
    if (inner) return inner === 'rop-request' ? 'rgbin' : 'rgbout';
  }
  return guessRopBuffer(bytes, opts.limits);
}

// ---------------------------------------------------------------------------------------------

/** Decodes one buffer into the decode document. */
export function decodeDocument(bytes: Uint8Array, opts: DecodeOptions, source: string): Doc {
  const form = opts.as ?? guessForm(bytes, opts);
  if (!form) {
    throw new DecodeUsageError('cannot tell what these bytes are (not an EMSMDB stub, an RPC_HEADER_EXT chain or a ROP buffer); say it with --as');
  }
  const report = new Report();
  const doc: Doc = { decodedAs: form, guessed: opts.as === undefined, source, length: bytes.length };
  let paired: RopBuffer<RopRequest>[] | null = null;
  if (opts.request) {
    const requestForm = REQUEST_FORM[form];
    if (!requestForm) throw new DecodeUsageError(`--request pairs a response with its request; ${form} is not a response`);
    const reqReport = new Report();
    const req = decodeForm(opts.request, requestForm, opts, null, reqReport);
    paired = req.requests;
    doc.request = { decodedAs: requestForm, length: opts.request.length, rops: paired.flatMap((b) => b.rops.map((r) => r.name)), damage: reqReport.json() };
  } else if (isResponse(form)) {
    doc.request = null;
  }
  const body = decodeForm(bytes, form, opts, paired, report);
  const key = form.startsWith('stub') ? 'stub' : form === 'rgbin' ? 'rgbIn' : form === 'rgbout' ? 'rgbOut' : form === 'notification' ? 'notificationData' : 'ropBuffer';
  doc[key] = body.doc;
  doc.damage = report.json();
  return doc;
}
