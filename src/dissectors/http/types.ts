import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import type { Direction, EndReason } from '../transport/types.js';

/** One header field in wire order: the name as sent, the value with surrounding SP/HTAB removed. */
export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

export interface HttpRequestHead {
  readonly kind: 'request';
  readonly method: string;
  readonly target: string;
  /** "HTTP/1.1", "HTTP/1.0". */
  readonly version: string;
  readonly headers: readonly HttpHeader[];
  /** Frame of the first byte of the request line. */
  readonly first: FrameRef;
  /** Frame that completed the header block. */
  readonly at: FrameRef;
  /** 1, 2, … per connection, in request order. */
  readonly seq: number;
  /** TCP direction the request travelled in. */
  readonly direction: Direction;
  /** Stream offset of the request line in its direction. */
  readonly offset?: number;
}

export interface HttpResponseHead {
  readonly kind: 'response';
  readonly version: string;
  readonly status: number;
  /** As sent; '' when the server left it out. */
  readonly reason: string;
  readonly headers: readonly HttpHeader[];
  readonly first: FrameRef;
  readonly at: FrameRef;
  readonly direction: Direction;
  /** 1xx other than 101: the request stays outstanding (RFC 9110 §15.2). */
  readonly interim: boolean;
  /** Stream offset of the status line in its direction. */
  readonly offset?: number;
}

export type HttpHead = HttpRequestHead | HttpResponseHead;

/**
 * How a message ended: 'complete' (framing said so, or read-until-close ended with FIN), 'gap' (bytes of it
 * were lost), 'connection-end' (the connection ended first), 'truncated' (its framing was unusable, or the
 * connection switched protocols under it), 'limit' (a cap in Limits cut it).
 */
export type HttpEndOutcome = 'complete' | 'gap' | 'connection-end' | 'truncated' | 'limit';

/** Receives one message's body, de-chunked, as it arrives (a long poll's keep-alives arrive minutes apart: timing matters). */
export interface HttpBodySink {
  /** A piece of the body; the view is valid only during the call. */
  data(bytes: Uint8Array, at: FrameRef): void;
  /** `lost` body bytes are missing here (a capture gap inside a Content-Length body); the message stays open. */
  gap?(lost: number, at: FrameRef): void;
  /** Trailer fields after the last chunk of a chunked body (RFC 9112 §7.1.2), when there are any. */
  trailers?(headers: readonly HttpHeader[], at: FrameRef): void;
  /** Called exactly once per message whose head was reported (also for bodiless messages). */
  end(outcome: HttpEndOutcome, at: FrameRef, detail?: string): void;
}

export interface HttpHandler {
  /** A request head; return a sink for its body (and its end), or null when not interested. */
  onRequest(head: HttpRequestHead): HttpBodySink | null;
  /**
   * A response head with the request it answers (FIFO per connection); null when no request is outstanding
   * (real servers send an unsolicited "408 Request Timeout" on idle connections; also captures that begin
   * mid-connection).
   */
  onResponse(head: HttpResponseHead, request: HttpRequestHead | null): HttpBodySink | null;
  /** Undecodable bytes, with a byte offset in that direction's stream. */
  onDamage(d: Damage, at: FrameRef): void;
  /** A request that will never be paired: the connection ended first, or maxHttpOutstandingRequests evicted it. */
  onUnanswered?(request: HttpRequestHead, at: FrameRef): void;
  /** The TCP connection ended (after every open body got its end()). */
  onEnd(reason: EndReason, at: FrameRef): void;
}
