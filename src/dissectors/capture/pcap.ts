import { ByteReader } from '../../core/byte-reader.js';
import type { Limits } from '../../core/limits.js';
import { STOP, type RecordFramer } from './record-framer.js';
import { reusablePacket } from './reusable-packet.js';
import { setPcapTimestamp } from './timestamp-scale.js';
import { CaptureError, type CaptureHandler } from './types.js';

/**
 * Classic libpcap files: a 24-byte file header (magic, version 2.4, thiszone, sigfigs, snaplen,
 * LinkType) then records of a 16-byte header (ts_sec, ts_usec or ts_nsec, caplen, origlen) and
 * caplen bytes. All fields in the byte order the magic was written in.
 */
const FILE_HEADER = 24;
const RECORD_HEADER = 16;

export class PcapFramer implements RecordFramer {
  readonly maxRecordBytes: number;
  frames = 0;
  packetBytes = 0;
  private readonly r = new ByteReader(new Uint8Array(0));
  private readonly pkt = reusablePacket();
  private headerDone = false;
  private started = false;
  private snaplen = 0;

  constructor(
    private readonly handler: CaptureHandler,
    private readonly limits: Limits,
    private readonly littleEndian: boolean,
    private readonly nanos: boolean,
    private readonly name: string,
  ) {
    this.maxRecordBytes = Math.max(FILE_HEADER, RECORD_HEADER + limits.maxPacketBytes);
  }

  ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.handler.onStart({ format: 'pcap', precision: this.nanos ? 9 : 6 });
  }

  describe(): string {
    return this.headerDone ? 'pcap packet record' : 'pcap file header';
  }

  step(buf: Uint8Array, pos: number, end: number, fileOffset: number): number {
    const avail = end - pos;
    if (!this.headerDone) {
      if (avail < FILE_HEADER) return -FILE_HEADER;
      return this.fileHeader(buf, pos, fileOffset);
    }
    if (avail < RECORD_HEADER) return -RECORD_HEADER;
    const r = this.reader(buf, pos, fileOffset);
    const tsSec = r.u32('ts_sec');
    const tsFrac = r.u32(this.nanos ? 'ts_nsec' : 'ts_usec');
    const caplen = r.u32('caplen');
    const origLen = r.u32('origlen');
    if (caplen > this.limits.maxPacketBytes) {
      // No real capture holds such a record: the length is garbage and so is everything after it.
      this.handler.onDamage(
        {
          reason: 'malformed',
          offset: fileOffset + 8,
          field: 'pcap record caplen',
          detail: `caplen ${caplen} exceeds the largest packet accepted (maxPacketBytes ${this.limits.maxPacketBytes}): the file is corrupt or out of step here; reading stops`,
        },
        null,
      );
      return STOP;
    }
    const total = RECORD_HEADER + caplen;
    if (avail < total) return -total;

    const frame = ++this.frames;
    if (this.snaplen !== 0 && caplen > this.snaplen) {
      this.handler.onDamage(
        {
          reason: 'malformed',
          offset: fileOffset + 8,
          field: 'pcap record caplen',
          detail: `caplen ${caplen} exceeds the file's snaplen ${this.snaplen}; the packet is read anyway`,
        },
        frame,
      );
    }
    const pkt = this.pkt;
    pkt.frame = frame;
    setPcapTimestamp(pkt.time, tsSec, tsFrac, this.nanos);
    pkt.data = buf.subarray(pos + RECORD_HEADER, pos + total);
    pkt.origLen = origLen;
    this.packetBytes += caplen;
    this.handler.onPacket(pkt);
    return total;
  }

  private fileHeader(buf: Uint8Array, pos: number, fileOffset: number): number {
    const r = this.reader(buf, pos, fileOffset);
    r.skip(4, 'magic');
    const major = r.u16('version_major');
    const minor = r.u16('version_minor');
    if (major !== 2) {
      throw new CaptureError('unsupported-format', `${this.name}: pcap version ${major}.${minor} is not supported (only 2.x)`);
    }
    r.skip(8, 'thiszone and sigfigs');
    this.snaplen = r.u32('snaplen');
    // Bits 16–31 of the LinkType field carry FCS information, not the link type.
    const linkType = r.u32('LinkType') & 0xffff;
    this.headerDone = true;
    this.ensureStarted();
    this.pkt.linkType = linkType;
    this.pkt.interfaceId = 0;
    this.handler.onInterface(linkType, 0);
    return FILE_HEADER;
  }

  private reader(buf: Uint8Array, pos: number, fileOffset: number): ByteReader {
    const r = this.r.reset(buf, fileOffset - pos, this.littleEndian);
    r.seek(pos, 'record');
    return r;
  }
}
