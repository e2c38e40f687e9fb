import type { FrameRef } from '../../core/frame-ref.js';

/** An IP address (4 or 16 bytes, copied) and a port. */
export interface Endpoint {
  readonly ip: Uint8Array;
  readonly port: number;
}

/** 0: from endpoint a to endpoint b; 1: from b to a. */
export type Direction = 0 | 1;

export interface ConnectionInfo {
  /** Stable id of the TCP connection within the run (1, 2, …). */
  readonly id: number;
  /** a = the SYN sender when the handshake was seen, else the sender of the first segment seen. */
  readonly a: Endpoint;
  readonly b: Endpoint;
  /** True when a SYN was seen (so a is certainly the client). */
  readonly handshakeSeen: boolean;
}

/** In-order bytes of one direction. `data` is a view valid only during the call. */
export interface StreamChunk {
  readonly data: Uint8Array;
  /** Offset of data[0] in this direction's stream (bytes since the first byte seen, gaps counted). */
  readonly streamOffset: number;
  /** The frame that carried the last byte of this chunk (a PDU completed here is reported at it). */
  readonly at: FrameRef;
}

export type EndReason = 'fin' | 'rst' | 'idle' | 'eof' | 'evicted';

export interface StreamSink {
  data(dir: Direction, chunk: StreamChunk): void;
  /** Bytes lost in this direction before the next `data` (number when known from sequence numbers). */
  gap(dir: Direction, lost: number | 'unknown', at: FrameRef): void;
  /** The connection ended (both directions); called once. */
  end(reason: EndReason, at: FrameRef): void;
}

/** What a factory says about a new connection's first payload. */
export type OpenDecision = StreamSink | 'decline' | 'later';

export interface StreamSinkFactory {
  /**
   * Called at the first segment with payload, and again at later ones while it answers 'later'
   * (at most a bounded number of times). 'decline' stops all work on the connection: its
   * later segments cost a table lookup and nothing else.
   */
  open(conn: ConnectionInfo, dir: Direction, firstPayload: Uint8Array, at: FrameRef): OpenDecision;
}
