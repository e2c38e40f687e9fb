// tshark as an independent oracle for the generator: the DCE/RPC PDUs it sees must be the ones we sent.
// (Same approach as test/support/tshark.ts, kept here so the generator needs no TypeScript build.)
import { execFileSync } from 'node:child_process';

const num = (v) => (v === undefined || v === null || v === '' ? null : Number(v));

export function tsharkPdus(file, decodeAsPorts = []) {
  const args = ['-r', file, '-n', '-Y', 'dcerpc', '-T', 'json', '--no-duplicate-keys', '-j', 'frame dcerpc'];
  for (const p of decodeAsPorts) args.push('-d', `tcp.port==${p},dcerpc`);
  let out;
  try {
    out = execFileSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // tshark exits 2 on a file cut short but still prints every packet it read
    if (typeof e.stdout !== 'string' || !e.stdout.trim().startsWith('[')) throw new Error(`tshark failed on ${file}: ${e.message.split('\n')[0]}`);
    out = e.stdout;
  }
  const pkts = JSON.parse(out || '[]');
  const res = [];
  for (const p of pkts) {
    const layers = p._source.layers;
    const frameLayer = Array.isArray(layers.frame) ? layers.frame[0] : layers.frame;
    const frame = Number(frameLayer['frame.number']);
    const d = layers.dcerpc;
    for (const pdu of Array.isArray(d) ? d : d ? [d] : []) {
      if (pdu['dcerpc.pkt_type'] === undefined) continue;
      res.push({
        frame,
        ptype: Number(pdu['dcerpc.pkt_type']),
        callId: Number(pdu['dcerpc.cn_call_id']),
        opnum: num(pdu['dcerpc.opnum']),
        contextId: num(pdu['dcerpc.cn_ctx_id']),
        fragFlags: Number(pdu['dcerpc.cn_flags']),
      });
    }
  }
  return res;
}

/** Compare what we sent (in capture order) with what tshark lists; null when equal, else a message. */
export function comparePdus(sent, seen) {
  if (sent.length !== seen.length) return `sent ${sent.length} PDUs, tshark lists ${seen.length}`;
  for (let i = 0; i < sent.length; i++) {
    const a = sent[i];
    const b = seen[i];
    for (const k of ['ptype', 'callId', 'fragFlags']) if (a[k] !== b[k]) return `PDU #${i + 1} (frame ${b.frame}): ${k} sent ${a[k]}, tshark ${b[k]}`;
    if (a.opnum !== null && a.opnum !== b.opnum) return `PDU #${i + 1} (frame ${b.frame}): opnum sent ${a.opnum}, tshark ${b.opnum}`;
    if (a.contextId !== null && a.contextId !== b.contextId) return `PDU #${i + 1} (frame ${b.frame}): ctx sent ${a.contextId}, tshark ${b.contextId}`;
  }
  return null;
}
