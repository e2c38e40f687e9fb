import type { CaptureTime } from '../../core/capture-time.js';
import type { Damage } from '../../core/damage.js';

export type CaptureFormat = 'pcap' | 'pcapng';

/** What the file header says, known before the first packet. */
export interface CaptureStart {
  format: CaptureFormat;
  /** Sub-second digits of the timestamps (6 for µs pcap, 9 for ns pcap; pcapng: from if_tsresol). */
  precision: number;
}

/**
 * One packet record. The object and its `data` view are REUSED for the next packet:
 * a consumer copies what it keeps beyond the callback.
 */
export interface RawPacket {
  /** 1-based, counted as Wireshark counts (every packet record: EPB, SPB, OPB, pcap record). */
  frame: number;
  time: CaptureTime;
  linkType: number;
  interfaceId: number;
  /** Captured bytes (caplen), a view into the read chunk. */
  data: Uint8Array;
  /** Original length on the wire (may exceed data.length when the snap length cut it). */
  origLen: number;
}

export interface CaptureHandler {
  onStart(start: CaptureStart): void;
  /** A link type in use: pcap's header, each pcapng IDB (per section; ids restart per section). */
  onInterface(linkType: number, interfaceId: number): void;
  onPacket(pkt: RawPacket): void;
  /** Damage in the file itself (truncated record, bad block length…); frame is null between records. */
  onDamage(damage: Damage, frame: number | null): void;
}

export interface CaptureSummary {
  frames: number;
  bytes: number;
}

/** The user-facing failures of capture reading (one clear line each, see cli/user-errors). */
export class CaptureError extends Error {
  constructor(
    readonly kind: 'not-a-capture' | 'empty' | 'unsupported-format' | 'io',
    message: string,
  ) {
    super(message);
    this.name = 'CaptureError';
  }
}
