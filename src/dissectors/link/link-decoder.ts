import type { ByteReader } from '../../core/byte-reader.js';

/**
 * A link layer: reads its header from a reader positioned at the start of the frame, leaves
 * the reader at the network-layer payload and returns the payload's key in EtherType space
 * (ethertypes.ts), NET_NONE for anything that is not a network protocol we follow. It never
 * calls the next decoder. A header cut short throws ShortRead from the reader.
 */
export type LinkDecoder = (r: ByteReader) => number;
