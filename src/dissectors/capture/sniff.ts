import { CaptureError, type CaptureFormat } from './types.js';

/** What the first bytes of a file say about how to read it. */
export interface Sniffed {
  format: CaptureFormat;
  /** pcap: byte order of the file header and records. pcapng: decided per section by the SHB. */
  littleEndian: boolean;
  /** pcap: nanosecond timestamps (magic a1b23c4d). */
  nanos: boolean;
}

/** Bytes the sniffer wants when the file has them (pcapng's byte-order magic sits at offset 8). */
export const SNIFF_BYTES = 12;

const PCAPNG_SHB = [0x0a, 0x0d, 0x0d, 0x0a];

/** The four classic pcap magics as they appear on disk. */
const PCAP_MAGICS: readonly { bytes: readonly number[]; littleEndian: boolean; nanos: boolean }[] = [
  { bytes: [0xd4, 0xc3, 0xb2, 0xa1], littleEndian: true, nanos: false },
  { bytes: [0xa1, 0xb2, 0xc3, 0xd4], littleEndian: false, nanos: false },
  { bytes: [0x4d, 0x3c, 0xb2, 0xa1], littleEndian: true, nanos: true },
  { bytes: [0xa1, 0xb2, 0x3c, 0x4d], littleEndian: false, nanos: true },
];

/** Formats we recognise but do not read, with what to do about them. */
const KNOWN_OTHERS: readonly { bytes: readonly number[]; kind: CaptureError['kind']; what: string }[] = [
  { bytes: [0x34, 0xcd, 0xb2, 0xa1], kind: 'unsupported-format', what: 'a modified (Kuznetzov) pcap file: convert it with `editcap -F pcap`' },
  { bytes: [0xa1, 0xb2, 0xcd, 0x34], kind: 'unsupported-format', what: 'a modified (Kuznetzov) pcap file: convert it with `editcap -F pcap`' },
  { bytes: [0x47, 0x4d, 0x42, 0x55], kind: 'unsupported-format', what: 'a Microsoft Network Monitor capture: convert it with `editcap -F pcapng`' },
  { bytes: [0x73, 0x6e, 0x6f, 0x6f, 0x70, 0, 0, 0], kind: 'unsupported-format', what: 'a snoop capture: convert it with `editcap -F pcapng`' },
  { bytes: [0x1f, 0x8b], kind: 'not-a-capture', what: 'looks like a gzip-compressed file: decompress it first' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], kind: 'not-a-capture', what: 'looks like a zstd-compressed file: decompress it first' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], kind: 'not-a-capture', what: 'looks like an xz-compressed file: decompress it first' },
  { bytes: [0x42, 0x5a, 0x68], kind: 'not-a-capture', what: 'looks like a bzip2-compressed file: decompress it first' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'not-a-capture', what: 'looks like a zip archive: extract the capture first' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'not-a-capture', what: 'looks like an executable (ELF)' },
];

/**
 * Decides the capture format from the first bytes (up to SNIFF_BYTES; fewer only at end of file).
 * A file that ends inside a magic number is taken for that format, so the reader reports it as
 * truncated instead of refusing it. Throws CaptureError for everything that is not a capture.
 */
export function sniff(head: Uint8Array, name: string): Sniffed {
  if (head.length === 0) throw new CaptureError('empty', `${name}: the file is empty (0 bytes)`);
  if (startsWith(head, PCAPNG_SHB)) {
    if (head.length >= 12) checkByteOrderMagic(head, name);
    return { format: 'pcapng', littleEndian: true, nanos: false };
  }
  for (const m of PCAP_MAGICS) {
    if (startsWith(head, m.bytes)) return { format: 'pcap', littleEndian: m.littleEndian, nanos: m.nanos };
  }
  for (const o of KNOWN_OTHERS) {
    if (head.length >= o.bytes.length && startsWith(head, o.bytes)) {
      throw new CaptureError(o.kind, `${name}: not a pcap or pcapng capture: ${o.what}`);
    }
  }
  const looks = looksLikeText(head) ? 'looks like a text file' : `starts with ${hexBytes(head, 4)}`;
  throw new CaptureError('not-a-capture', `${name}: not a pcap or pcapng capture (${looks}; no pcap or pcapng magic number)`);
}

/** pcapng: 0x1A2B3C4D in either byte order at offset 8 of the first Section Header Block. */
function checkByteOrderMagic(head: Uint8Array, name: string): void {
  const le = [0x4d, 0x3c, 0x2b, 0x1a];
  const be = [0x1a, 0x2b, 0x3c, 0x4d];
  const bom = head.subarray(8, 12);
  if (startsWith(bom, le) || startsWith(bom, be)) return;
  throw new CaptureError(
    'not-a-capture',
    `${name}: starts like a pcapng file but its byte-order magic is ${hexBytes(bom, 4)} instead of 1a 2b 3c 4d`,
  );
}

/** True when head is a prefix of magic, or magic a prefix of head. */
function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  const n = Math.min(head.length, magic.length);
  for (let i = 0; i < n; i++) if (head[i] !== magic[i]) return false;
  return true;
}

function looksLikeText(head: Uint8Array): boolean {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return true; // UTF-8 BOM
  for (const b of head) {
    if (b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (b < 0x20 || b === 0x7f) return false;
  }
  return true;
}

function hexBytes(b: Uint8Array, n: number): string {
  return Array.from(b.subarray(0, n), (x) => x.toString(16).padStart(2, '0')).join(' ');
}
