/**
 * tshark as an independent oracle for tests: which DCE/RPC PDUs does Wireshark's dissector see in a capture?
 *
 * Why JSON and not `-T fields`: with `-T fields` every field of every PDU in a frame is joined into one
 * comma-separated column, and the columns do not line up per PDU — a bind lists one `dcerpc.cn_ctx_id` per
 * context item, bind_ack / rpc_auth3 list none, and a response whose request is not in the capture has no
 * (matched) `dcerpc.opnum`. `-T json --no-duplicate-keys -j "frame dcerpc"` gives one object per DCE/RPC PDU
 * (an array when a frame holds several), so each PDU keeps its own fields. Same fields, exact grouping.
 */
import { execFileSync } from 'node:child_process';

export interface TsharkPdu {
  /** 1-based frame number in which tshark completed the PDU (after TCP reassembly). */
  frame: number;
  /** PTYPE: 0 request, 2 response, 3 fault, 11 bind, 12 bind_ack, 16 rpc_auth3, … */
  ptype: number;
  callId: number;
  /** Request opnum; for a response/fault the opnum tshark matched from its request; null when none. */
  opnum: number | null;
  /** p_cont_id of a request/response/fault; null for other PDU types. */
  contextId: number | null;
  /** pfc_flags of the PDU (0x01 first fragment, 0x02 last fragment, …). */
  fragFlags: number;
}

export interface TsharkOptions {
  /** TCP ports tshark should dissect as DCE/RPC (`-d tcp.port==P,dcerpc`) if its heuristics miss them. */
  decodeAsPorts?: number[];
}

let available: boolean | undefined;

export function tsharkAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync('tshark', ['-v'], { stdio: ['ignore', 'ignore', 'ignore'], timeout: 20000 });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A tshark field value ("0x03", "11", …) as a number, or null when absent. */
function fieldNumber(obj: { [key: string]: Json }, name: string): number | null {
  const v = obj[name];
  if (typeof v !== 'string' || v === '') return null;
  const n = Number(v); // Number() reads both "17" and "0x03"
  return Number.isFinite(n) ? n : null;
}

function runTshark(args: string[]): string {
  try {
    return execFileSync('tshark', args, {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (err: unknown) {
    // tshark exits 2 on a file cut short in the middle of a record but still prints every packet it read
    const out = (err as { stdout?: unknown }).stdout;
    if (typeof out === 'string' && out.trimStart().startsWith('[')) return out;
    throw err;
  }
}

export function tsharkDcerpcPdus(file: string, opts: TsharkOptions = {}): TsharkPdu[] {
  const args = ['-r', file, '-n', '-Y', 'dcerpc', '-T', 'json', '--no-duplicate-keys', '-j', 'frame dcerpc'];
  for (const port of opts.decodeAsPorts ?? []) args.push('-d', `tcp.port==${port},dcerpc`);
  const text = runTshark(args).trim();
  const parsed = JSON.parse(text === '' ? '[]' : text) as Json;
  if (!Array.isArray(parsed)) throw new Error('tshark: unexpected JSON output');
  const pdus: TsharkPdu[] = [];
  for (const packet of parsed) {
    if (!isObject(packet)) continue;
    const source = packet['_source'];
    if (!isObject(source)) continue;
    const layers = source['layers'];
    if (!isObject(layers)) continue;
    const frameLayer = Array.isArray(layers['frame']) ? layers['frame'][0] : layers['frame'];
    if (!isObject(frameLayer)) continue;
    const frame = fieldNumber(frameLayer, 'frame.number');
    if (frame === null) continue;
    const d = layers['dcerpc'];
    const list: Json[] = Array.isArray(d) ? d : d === undefined ? [] : [d];
    for (const pdu of list) {
      if (!isObject(pdu)) continue;
      const ptype = fieldNumber(pdu, 'dcerpc.pkt_type');
      const callId = fieldNumber(pdu, 'dcerpc.cn_call_id');
      const fragFlags = fieldNumber(pdu, 'dcerpc.cn_flags');
      if (ptype === null || callId === null || fragFlags === null) continue; // not a connection-oriented PDU
      pdus.push({
        frame,
        ptype,
        callId,
        opnum: fieldNumber(pdu, 'dcerpc.opnum'),
        contextId: fieldNumber(pdu, 'dcerpc.cn_ctx_id'),
        fragFlags,
      });
    }
  }
  return pdus;
}

/** One HTTP message head as tshark's HTTP dissector lists it. */
export interface TsharkHttpHead {
  frame: number;
  srcPort: number;
  dstPort: number;
  /** Request method, or null for a response. */
  method: string | null;
  /** Response status, or null for a request. */
  status: number | null;
}

/**
 * The HTTP request and response heads tshark sees, in frame order. Bodies are not reassembled
 * (`http.desegment_body:FALSE`), so heads show up even when a body never ends (RPC over HTTP
 * channels announce 1 GB); `serverPorts` are decoded as HTTP whatever tshark's port table says.
 */
export function tsharkHttpHeads(file: string, serverPorts: number[]): TsharkHttpHead[] {
  const args = ['-r', file, '-n', '-o', 'http.desegment_body:FALSE', '-Y', 'http.request or http.response'];
  for (const port of serverPorts) args.push('-d', `tcp.port==${port},http`);
  args.push('-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=|');
  for (const f of ['frame.number', 'tcp.srcport', 'tcp.dstport', 'http.request.method', 'http.response.code']) args.push('-e', f);
  const heads: TsharkHttpHead[] = [];
  for (const line of runTshark(args).split('\n')) {
    if (line.trim() === '') continue;
    const [frame, src, dst, methods, codes] = line.split('\t');
    const base = { frame: Number(frame), srcPort: Number(src), dstPort: Number(dst) };
    for (const m of (methods ?? '').split('|').filter(Boolean)) heads.push({ ...base, method: m, status: null });
    for (const c of (codes ?? '').split('|').filter(Boolean)) heads.push({ ...base, method: null, status: Number(c) });
  }
  return heads;
}
