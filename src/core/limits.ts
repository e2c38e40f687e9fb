/**
 * Every cap oxnotif-dump enforces, in one place. Passed down as an object (never a global) so
 * the CLI can override each one; reaching a cap is a `limit` finding naming the cap.
 */
export interface Limits {
  /** Largest packet (caplen) accepted from a capture record. */
  maxPacketBytes: number;
  /** Largest pcapng block. */
  maxBlockBytes: number;
  /** Bytes of IP fragments held per datagram under reassembly. */
  maxIpFragmentBytes: number;
  /** Datagrams under IP reassembly at once (oldest evicted). */
  maxIpReassemblies: number;
  /** Capture-time seconds after which an incomplete IP datagram is dropped. */
  ipFragmentTimeoutSec: number;
  /** Out-of-order bytes held per TCP direction before the hole is declared a gap. */
  maxTcpBufferedBytes: number;
  /** TCP connections tracked at once (oldest idle evicted). */
  maxTcpConnections: number;
  /** Capture-time seconds of silence after which a TCP connection is closed as idle. */
  tcpIdleTimeoutSec: number;
  /** Largest DCE/RPC fragment accepted (frag_length is 16-bit, so this bounds only below 65535). */
  maxDcerpcFragment: number;
  /** Stub bytes reassembled for one call across fragments. */
  maxDcerpcCallBytes: number;
  /** Calls in fragment reassembly at once per connection. */
  maxDcerpcCallsInReassembly: number;
  /** Calls awaiting a response per connection (EcDoAsyncWaitEx parks for minutes). */
  maxDcerpcOutstandingCalls: number;
  /** Decompressed size of one RPC_HEADER_EXT payload (SizeActual is 16-bit; the spec caps ROP data at 32 KB). */
  maxDecompressedBytes: number;
  /** RPC_HEADER_EXT payloads per rgbIn/rgbOut (the spec allows 96). */
  maxHeaderExtPayloads: number;
  /** ROPs decoded per buffer. */
  maxRopsPerBuffer: number;
  /** Sessions tracked at once. */
  maxSessions: number;
  /** Server object handles tracked per session. */
  maxHandlesPerSession: number;
  /** Identical findings printed per flow before only counting them. */
  maxRepeatedFindings: number;
  /** Bytes of one HTTP header block (start line, field lines, empty line), and of a chunked body's trailer section. */
  maxHttpHeaderBytes: number;
  /** Field lines in one HTTP header block or trailer section. */
  maxHttpHeaderCount: number;
  /** Bytes of one chunk-size line of a chunked HTTP body, extensions included; a longer one is malformed. */
  maxHttpChunkLineBytes: number;
  /** HTTP requests awaiting their response per connection (pipelining depth); beyond it the oldest is given up. */
  maxHttpOutstandingRequests: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxPacketBytes: 262_144,
  maxBlockBytes: 16 * 1024 * 1024,
  maxIpFragmentBytes: 65_535,
  maxIpReassemblies: 1024,
  ipFragmentTimeoutSec: 30,
  maxTcpBufferedBytes: 4 * 1024 * 1024,
  maxTcpConnections: 65_536,
  tcpIdleTimeoutSec: 3600,
  maxDcerpcFragment: 65_535,
  maxDcerpcCallBytes: 4 * 1024 * 1024,
  maxDcerpcCallsInReassembly: 32,
  maxDcerpcOutstandingCalls: 256,
  maxDecompressedBytes: 65_535,
  maxHeaderExtPayloads: 96,
  maxRopsPerBuffer: 4096,
  maxSessions: 10_000,
  maxHandlesPerSession: 65_536,
  maxRepeatedFindings: 20,
  maxHttpHeaderBytes: 65_536,
  maxHttpHeaderCount: 256,
  maxHttpChunkLineBytes: 1024,
  maxHttpOutstandingRequests: 64,
});

export function withLimits(overrides: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...overrides };
}
