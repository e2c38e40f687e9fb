/** Test helpers: run captures through the layers or the whole pipeline and collect what comes out. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../../src/analysis/pipeline.js';
import { withLimits, type Limits } from '../../src/core/limits.js';
import type { FrameRef } from '../../src/core/frame-ref.js';
import { readCapture } from '../../src/dissectors/capture/capture-reader.js';
import { memorySource } from '../../src/dissectors/capture/chunked-source.js';
import { DceRpcConnection } from '../../src/dissectors/dcerpc/connection.js';
import { sniffDceRpc } from '../../src/dissectors/dcerpc/sniff.js';
import type { DceRpcHandler, RpcCall } from '../../src/dissectors/dcerpc/types.js';
import { NetworkDecoder } from '../../src/dissectors/ip/network-decoder.js';
import { TcpReassembler } from '../../src/dissectors/transport/tcp-reassembler.js';
import type { StreamSinkFactory } from '../../src/dissectors/transport/types.js';
import type { OxEvent } from '../../src/model/events.js';

export const SAMPLES = join(new URL('../..', import.meta.url).pathname, 'samples');

export function sample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SAMPLES, name)));
}

export async function events(name: string, bytes: Uint8Array = sample(name)): Promise<OxEvent[]> {
  const out: OxEvent[] = [];
  await runPipeline(memorySource(bytes, 1 << 16, name), {
    file: name,
    limits: withLimits(),
    sink: { emit: (e) => void out.push(e), close: async () => undefined },
  });
  return out;
}

export interface SeenPdu {
  frame: number;
  ptype: number;
}

/** Layers 1–4 only (no analysis): every DCE/RPC PDU and call our dissectors see. */
export async function dcerpcLayer(bytes: Uint8Array): Promise<{ pdus: SeenPdu[]; calls: RpcCall[] }> {
  const pdus: SeenPdu[] = [];
  const calls: RpcCall[] = [];
  const limits = withLimits();
  const handler: DceRpcHandler = {
    onContext: () => undefined,
    onRequest: () => undefined,
    onComplete: (c) => void calls.push(c),
    onAuth: () => undefined,
    onDamage: () => undefined,
    onPdu: (ptype: number, at: FrameRef) => void pdus.push({ frame: at.frame, ptype }),
  };
  await reassemble(bytes, { open: (conn, _dir, payload) => (sniffDceRpc(payload) === 'no' ? 'decline' : new DceRpcConnection(conn, handler, limits)) }, limits);
  return { pdus, calls };
}

/** Layers 1–3: every TCP connection of the capture, reassembled, goes to `factory` (no analysis). */
export async function reassemble(bytes: Uint8Array, factory: StreamSinkFactory, limits: Limits = withLimits()): Promise<void> {
  const tcp = new TcpReassembler(factory, limits);
  const net = new NetworkDecoder(limits, () => undefined);
  let last: FrameRef = { frame: 0, time: { sec: 0, nsec: 0 } };
  await readCapture(
    memorySource(bytes),
    {
      onStart: () => undefined,
      onInterface: () => undefined,
      onDamage: () => undefined,
      onPacket: (pkt) => {
        last = { frame: pkt.frame, time: { sec: pkt.time.sec, nsec: pkt.time.nsec } };
        const tp = net.decode(pkt);
        if (tp && tp.protocol === 6) tcp.packet(tp, last);
      },
    },
    limits,
  );
  tcp.finish(last);
}

export function ofType<T extends OxEvent['type']>(evs: OxEvent[], type: T): Extract<OxEvent, { type: T }>[] {
  return evs.filter((e): e is Extract<OxEvent, { type: T }> => e.type === type);
}
