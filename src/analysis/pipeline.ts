import type { FrameRef } from '../core/frame-ref.js';
import type { Limits } from '../core/limits.js';
import { readCapture } from '../dissectors/capture/capture-reader.js';
import type { ChunkedSource } from '../dissectors/capture/chunked-source.js';
import type { CaptureHandler, CaptureStart, RawPacket } from '../dissectors/capture/types.js';
import { NetworkDecoder } from '../dissectors/ip/network-decoder.js';
import { TcpReassembler } from '../dissectors/transport/tcp-reassembler.js';
import type { EventSink, SummaryEvent } from '../model/events.js';
import { ConformanceChecker } from '../conformance/checker.js';
import { AppDetector } from './app-detect.js';
import { AnalysisContext } from './context.js';
import { linkTypeName } from './link-type-names.js';
import { PushDatagramAnalyzer } from './push-datagrams.js';

export interface PipelineOptions {
  /** Shown in the capture event. */
  file: string;
  limits: Limits;
  sink: EventSink;
  /** Called between chunks with the bytes read so far (progress bars). */
  onProgress?: (bytesRead: number) => void;
  /** --rops: an event per decoded ROP. */
  ropEvents?: boolean;
}

/** No interface of the capture has a link type we decode: the run fails with one clear line. */
export class UnsupportedLinkTypeError extends Error {
  constructor(readonly linkTypes: number[]) {
    super(
      `unsupported link type ${linkTypes.map((l) => `${l} (${linkTypeName(l)})`).join(', ')}: ` +
        'oxnotif-dump reads Ethernet, 802.1Q, Linux cooked (SLL/SLL2), BSD loopback and raw IP captures; ' +
        'capture on an Ethernet or "any" interface, or convert the file with editcap -T',
    );
    this.name = 'UnsupportedLinkTypeError';
  }
}

/**
 * frames → link/IP → TCP reassembly / UDP → DCE/RPC → EMSMDB → ROPs → events. Owns the flow
 * table and the capture clock; everything it decides is in the analyzers.
 */
export async function runPipeline(source: ChunkedSource, opts: PipelineOptions): Promise<SummaryEvent> {
  const { limits } = opts;
  const sink = new ConformanceChecker(opts.sink, limits);
  const ctx = new AnalysisContext(sink, limits, { ropEvents: opts.ropEvents ?? false });
  const net = new NetworkDecoder(limits, (d, at) => ctx.damage(d.reason === 'unsupported' ? 'link' : 'ip', d, at));
  const apps = new AppDetector(ctx);
  const tcp = new TcpReassembler(apps, limits, (d, at) => ctx.damage('tcp', d, at));
  const udp = new PushDatagramAnalyzer(ctx);

  let start: CaptureStart | null = null;
  const linkTypes: number[] = [];
  const supported = new Set<number>();
  let captureEmitted = false;
  let bytes = 0;
  let bytesRead = 0;
  const unsupportedSeen = new Set<number>();

  // CONTRACT: every event carries frame, time and session: the capture event those of the first
  // frame (frame 0 and the epoch when the capture holds none), the summary those of the last.
  const emitCapture = (first: FrameRef | null): void => {
    if (captureEmitted) return;
    captureEmitted = true;
    sink.emit({
      type: 'capture',
      ...ctx.base(first ?? { frame: 0, time: { sec: 0, nsec: 0 } }, null),
      file: opts.file,
      format: start?.format ?? 'pcap',
      linkTypes: [...linkTypes],
    });
  };

  const handler: CaptureHandler = {
    onStart(s) {
      start = s;
      ctx.precision = s.precision;
    },
    onInterface(linkType) {
      if (!linkTypes.includes(linkType)) linkTypes.push(linkType);
      if (net.supportsLinkType(linkType)) supported.add(linkType);
    },
    onPacket(pkt: RawPacket) {
      if (!captureEmitted) {
        if (supported.size === 0 && linkTypes.length > 0) throw new UnsupportedLinkTypeError(linkTypes);
        emitCapture({ frame: pkt.frame, time: pkt.time });
      }
      bytes += pkt.data.length;
      // The reader reuses pkt and its time: what outlives this call is copied here, once.
      const at: FrameRef = { frame: pkt.frame, time: { sec: pkt.time.sec, nsec: pkt.time.nsec } };
      ctx.lastFrame = at;
      ctx.advance(at.time);
      if (!supported.has(pkt.linkType)) {
        if (!unsupportedSeen.has(pkt.linkType)) {
          unsupportedSeen.add(pkt.linkType);
          ctx.finding('link.unsupported', `Interface ${pkt.interfaceId} has link type ${pkt.linkType} (${linkTypeName(pkt.linkType)}), which oxnotif-dump does not decode; its packets are skipped.`, at);
        }
        ctx.counters.add('frames.unsupported-link');
        return;
      }
      const tp = net.decode(pkt);
      if (!tp) return;
      if (tp.protocol === 6) tcp.packet(tp, at);
      else udp.datagram(tp, at);
    },
    onDamage(d, frame) {
      const at = frame === null ? ctx.lastFrame : { frame, time: ctx.lastFrame.time };
      // Damage before any record was read (a cut or broken file header, a bad first block) is
      // about frame 1: frames are 1-based and 0 would not be one (time stays the zero clock).
      ctx.damage('capture', d, at.frame >= 1 ? at : { frame: 1, time: at.time });
    },
  };

  // Output backpressure: wait for the sink between chunks, so memory holds at most one chunk's events.
  const flowing: ChunkedSource = {
    name: source.name,
    read: async () => {
      await sink.flush?.();
      const chunk = await source.read();
      if (chunk) {
        bytesRead += chunk.length;
        opts.onProgress?.(bytesRead);
      }
      return chunk;
    },
    close: () => source.close(),
  };

  // Frames as numbered (every packet record, Wireshark's count), also the ones skipped as damaged,
  // so that no event names a frame past summary.frames.
  const { frames } = await readCapture(flowing, handler, limits);
  emitCapture(null);
  const end = ctx.lastFrame;
  net.finish();
  tcp.finish(end);
  apps.finish(end);
  for (const s of ctx.sessions.liveSessions()) ctx.endSession(s, end, 'capture-end');
  ctx.drain();

  const tcpStats = tcp.stats();
  ctx.counters.add('tcp.connections', tcpStats.connections);
  ctx.counters.add('tcp.declined', tcpStats.declined);
  ctx.counters.add('tcp.gaps', tcpStats.gaps);
  ctx.counters.add('tcp.bytesLost', tcpStats.bytesLost);
  const summary: SummaryEvent = {
    type: 'summary',
    ...ctx.base(end, null),
    frames,
    bytes,
    sessions: ctx.sessions.total,
    subscriptions: ctx.counters.get('subscriptions'),
    notifications: ctx.counters.get('notifications'),
    pushDatagrams: ctx.counters.get('pushDatagrams'),
    findings: ctx.findings,
    undecoded: ctx.counters.undecodedObject(),
    counts: ctx.counters.toObject(),
    encrypted: ctx.encrypted,
  };
  sink.emit(summary);
  return summary;
}
