import { ByteReader } from '../../core/byte-reader.js';
import type { Damage } from '../../core/damage.js';
import type { Limits } from '../../core/limits.js';
import { readInterface, type PcapngInterface } from './pcapng-interface.js';
import { STOP, type RecordFramer } from './record-framer.js';
import { reusablePacket } from './reusable-packet.js';
import { setTimestamp } from './timestamp-scale.js';
import { CaptureError, type CaptureHandler } from './types.js';

/**
 * pcapng: a sequence of blocks, each `type u32, total length u32, body, total length u32`, in
 * the byte order its section's SHB declares. Several sections may follow each other, each with
 * its own byte order and interfaces (interface ids restart at 0 per section).
 */
const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const OPB = 0x00000002; // obsolete Packet Block, still written by old tools
const SPB = 0x00000003;
const EPB = 0x00000006;

const BLOCK_NAMES: Readonly<Record<number, string>> = {
  [SHB]: 'Section Header Block',
  [IDB]: 'Interface Description Block',
  [OPB]: 'Packet Block',
  [SPB]: 'Simple Packet Block',
  0x00000004: 'Name Resolution Block',
  0x00000005: 'Interface Statistics Block',
  [EPB]: 'Enhanced Packet Block',
  0x0000000a: 'Decryption Secrets Block',
  0x00000bad: 'Custom Block',
  0x40000bad: 'Custom Block',
};

const BOM = 0x1a2b3c4d;
const MIN_BLOCK = 12;
const MIN_SHB = 28;
/** Fixed part of EPB and OPB: type, length, interface id(s), timestamp, caplen, origlen, trailing length. */
const MIN_EPB = 32;
const MIN_SPB = 16;
const MIN_IDB = 20;
/**
 * Interfaces remembered per section. Limits has no field for this yet; OPB's 16-bit interface id
 * makes 65536 a natural bound, and each entry is tiny.
 */
const MAX_INTERFACES = 65_536;

export class PcapngFramer implements RecordFramer {
  readonly maxRecordBytes: number;
  frames = 0;
  packetBytes = 0;
  private readonly r = new ByteReader(new Uint8Array(0));
  private readonly pkt = reusablePacket();
  private littleEndian = true;
  private interfaces: PcapngInterface[] = [];
  private sections = 0;
  /** The section's major version is one we cannot read: skip its blocks until the next SHB. */
  private skipSection = false;
  private started = false;

  constructor(
    private readonly handler: CaptureHandler,
    private readonly limits: Limits,
    private readonly name: string,
  ) {
    this.maxRecordBytes = Math.max(MIN_SHB, limits.maxBlockBytes);
  }

  ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    // Precision is the first interface's; before any IDB there is no better guess than µs.
    const precision = this.interfaces[0]?.scale.precision ?? 6;
    this.handler.onStart({ format: 'pcapng', precision });
  }

  describe(buf: Uint8Array, pos: number, end: number): string {
    if (end - pos < 4) return 'pcapng block header';
    const type = this.reader(buf, pos, 0).u32('block type');
    return `pcapng ${BLOCK_NAMES[type] ?? `block of type 0x${type.toString(16).padStart(8, '0')}`}`;
  }

  step(buf: Uint8Array, pos: number, end: number, fileOffset: number): number {
    const avail = end - pos;
    if (avail < 8) return -8;
    let r = this.reader(buf, pos, fileOffset);
    const type = r.u32('block type');
    if (type === SHB) {
      // The SHB carries the byte order for itself and its section, after its length field.
      if (avail < 12) return -12;
      r.skip(4, 'block total length');
      const bom = r.u32('byte-order magic');
      if (bom !== BOM) {
        if (bom !== 0x4d3c2b1a) {
          this.damage('malformed', fileOffset + 8, 'SHB byte-order magic', `0x${bom.toString(16).padStart(8, '0')} is not 0x1a2b3c4d in either byte order: reading stops`, null);
          return STOP;
        }
        this.littleEndian = !this.littleEndian;
      }
      r = this.reader(buf, pos, fileOffset);
      r.skip(4, 'block type');
    }
    const len = r.u32('block total length');
    if (len < (type === SHB ? MIN_SHB : MIN_BLOCK) || len % 4 !== 0) {
      this.damage('malformed', fileOffset + 4, 'block total length', `${len} is ${len % 4 ? 'not a multiple of 4' : 'too small'} for a ${this.blockName(type)}: the file is out of step here; reading stops`, null);
      return STOP;
    }
    if (len > this.maxRecordBytes) {
      if (type === SHB) this.beginSection(true);
      this.damage('limit', fileOffset + 4, 'block total length', `${this.blockName(type)} of ${len} bytes exceeds maxBlockBytes ${this.limits.maxBlockBytes}; skipped`, null);
      return len;
    }
    if (avail < len) return -len;

    r.seek(pos + len - 4, 'trailing block total length');
    const trailing = r.u32('trailing block total length');
    if (trailing !== len) {
      if (type === SHB) this.beginSection(true);
      this.damage('malformed', fileOffset + len - 4, 'trailing block total length', `${trailing} disagrees with the leading length ${len}; the ${this.blockName(type)} is skipped`, null);
      return len;
    }
    r.seek(pos + 8, 'block body');

    if (type === SHB) {
      this.sectionHeader(r, fileOffset);
      return len;
    }
    if (this.skipSection) return len;
    switch (type) {
      case IDB:
        this.interfaceDescription(buf, pos, len, fileOffset);
        break;
      case EPB:
        this.enhancedPacket(r, buf, pos, len, fileOffset);
        break;
      case SPB:
        this.simplePacket(r, buf, pos, len, fileOffset);
        break;
      case OPB:
        this.obsoletePacket(r, buf, pos, len, fileOffset);
        break;
      default:
        break; // NRB, ISB, DSB, custom and unknown blocks carry nothing we decode
    }
    return len;
  }

  private sectionHeader(r: ByteReader, fileOffset: number): void {
    r.skip(4, 'byte-order magic');
    const major = r.u16('SHB major version');
    const minor = r.u16('SHB minor version');
    this.beginSection(major === 1);
    if (this.skipSection) {
      if (this.sections === 1) {
        throw new CaptureError('unsupported-format', `${this.name}: pcapng version ${major}.${minor} is not supported (only 1.x)`);
      }
      this.damage('unsupported', fileOffset + 12, 'SHB major version', `pcapng section version ${major}.${minor} is not supported; its blocks are skipped`, null);
    }
  }

  /** A new section forgets the previous one's interfaces; an unreadable SHB still starts one. */
  private beginSection(readable: boolean): void {
    this.sections++;
    this.interfaces = [];
    this.skipSection = !readable;
  }

  private interfaceDescription(buf: Uint8Array, pos: number, len: number, fileOffset: number): void {
    if (len < MIN_IDB) {
      this.damage('malformed', fileOffset + 4, 'block total length', `${len} is too small for an Interface Description Block (${MIN_IDB})`, null);
      return;
    }
    if (this.interfaces.length >= MAX_INTERFACES) {
      this.damage('limit', fileOffset, 'Interface Description Block', `more than ${MAX_INTERFACES} interfaces in one section; ignored`, null);
      return;
    }
    // Rare block: a fenced child reader keeps the option walk inside the block.
    const body = new ByteReader(buf.subarray(pos + 8, pos + len - 4), fileOffset + 8, this.littleEndian);
    const iface = readInterface(body, (d) => this.handler.onDamage(d, null));
    this.interfaces.push(iface);
    this.ensureStarted();
    this.handler.onInterface(iface.linkType, this.interfaces.length - 1);
  }

  private enhancedPacket(r: ByteReader, buf: Uint8Array, pos: number, len: number, fileOffset: number): void {
    const frame = ++this.frames;
    if (len < MIN_EPB) {
      this.damage('malformed', fileOffset + 4, 'block total length', `${len} is too small for an Enhanced Packet Block (${MIN_EPB})`, frame);
      return;
    }
    const interfaceId = r.u32('EPB interface id');
    const tsHi = r.u32('EPB timestamp (upper)');
    const tsLo = r.u32('EPB timestamp (lower)');
    const caplen = r.u32('EPB captured length');
    const origLen = r.u32('EPB original length');
    this.deliver(frame, interfaceId, tsHi, tsLo, caplen, origLen, buf, pos, len, 28, fileOffset, 'EPB');
  }

  private obsoletePacket(r: ByteReader, buf: Uint8Array, pos: number, len: number, fileOffset: number): void {
    const frame = ++this.frames;
    if (len < MIN_EPB) {
      this.damage('malformed', fileOffset + 4, 'block total length', `${len} is too small for a Packet Block (${MIN_EPB})`, frame);
      return;
    }
    const interfaceId = r.u16('PB interface id');
    r.skip(2, 'PB drops count');
    const tsHi = r.u32('PB timestamp (upper)');
    const tsLo = r.u32('PB timestamp (lower)');
    const caplen = r.u32('PB captured length');
    const origLen = r.u32('PB original length');
    this.deliver(frame, interfaceId, tsHi, tsLo, caplen, origLen, buf, pos, len, 28, fileOffset, 'PB');
  }

  /** SPB: no interface id (always 0), no timestamp, captured length implied by SnapLen and the block. */
  private simplePacket(r: ByteReader, buf: Uint8Array, pos: number, len: number, fileOffset: number): void {
    const frame = ++this.frames;
    const iface = this.interfaces[0];
    if (iface === undefined) {
      this.damage('malformed', fileOffset, 'Simple Packet Block', 'appears before any Interface Description Block; skipped', frame);
      return;
    }
    const origLen = r.u32('SPB original length');
    let caplen = Math.min(origLen, len - MIN_SPB);
    if (iface.snaplen !== 0) caplen = Math.min(caplen, iface.snaplen);
    if (caplen > this.limits.maxPacketBytes) {
      this.damage('limit', fileOffset + 8, 'SPB original length', `packet of ${caplen} bytes exceeds maxPacketBytes ${this.limits.maxPacketBytes}; skipped`, frame);
      return;
    }
    // An SPB has no timestamp: the packet keeps the time of the record before it.
    const pkt = this.pkt;
    pkt.frame = frame;
    pkt.linkType = iface.linkType;
    pkt.interfaceId = 0;
    pkt.data = buf.subarray(pos + 12, pos + 12 + caplen);
    pkt.origLen = origLen;
    this.packetBytes += caplen;
    this.handler.onPacket(pkt);
  }

  private deliver(
    frame: number,
    interfaceId: number,
    tsHi: number,
    tsLo: number,
    caplen: number,
    origLen: number,
    buf: Uint8Array,
    pos: number,
    len: number,
    dataStart: number,
    fileOffset: number,
    kind: string,
  ): void {
    const iface = this.interfaces[interfaceId];
    if (iface === undefined) {
      this.damage('malformed', fileOffset + 8, `${kind} interface id`, `interface ${interfaceId} was not described in this section (${this.interfaces.length} known); skipped`, frame);
      return;
    }
    if (caplen > len - MIN_EPB) {
      this.damage('malformed', fileOffset + dataStart - 8, `${kind} captured length`, `${caplen} bytes do not fit in a ${len}-byte block; skipped`, frame);
      return;
    }
    if (caplen > this.limits.maxPacketBytes) {
      this.damage('limit', fileOffset + dataStart - 8, `${kind} captured length`, `packet of ${caplen} bytes exceeds maxPacketBytes ${this.limits.maxPacketBytes}; skipped`, frame);
      return;
    }
    if (iface.snaplen !== 0 && caplen > iface.snaplen) {
      this.damage('malformed', fileOffset + dataStart - 8, `${kind} captured length`, `${caplen} exceeds the interface's SnapLen ${iface.snaplen}; the packet is read anyway`, frame);
    }
    const pkt = this.pkt;
    pkt.frame = frame;
    pkt.linkType = iface.linkType;
    pkt.interfaceId = interfaceId;
    setTimestamp(pkt.time, tsHi, tsLo, iface.scale);
    pkt.data = buf.subarray(pos + dataStart, pos + dataStart + caplen);
    pkt.origLen = origLen;
    this.packetBytes += caplen;
    this.handler.onPacket(pkt);
  }

  private blockName(type: number): string {
    return BLOCK_NAMES[type] ?? `block of type 0x${type.toString(16).padStart(8, '0')}`;
  }

  private damage(reason: Damage['reason'], offset: number, field: string, detail: string, frame: number | null): void {
    this.ensureStarted();
    this.handler.onDamage({ reason, offset, field, detail }, frame);
  }

  private reader(buf: Uint8Array, pos: number, fileOffset: number): ByteReader {
    const r = this.r.reset(buf, fileOffset - pos, this.littleEndian);
    r.seek(pos, 'block');
    return r;
  }
}
