/**
 * Test-only writer for pcap and pcapng files, built from the file format specifications
 * (draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng). Lets tests state exact timestamps,
 * lengths and block layouts, including broken ones (override a length, a trailer…).
 */

import type { Damage } from '../core/damage.js';
import { DEFAULT_LIMITS, type Limits } from '../core/limits.js';
import { readCapture } from '../dissectors/capture/capture-reader.js';
import { memorySource } from '../dissectors/capture/chunked-source.js';
import type { CaptureStart, CaptureSummary } from '../dissectors/capture/types.js';

class Bytes {
  private parts: number[] = [];
  constructor(readonly littleEndian: boolean) {}
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff];
    this.parts.push(...(this.littleEndian ? b : b.reverse()));
    return this;
  }
  u32(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    this.parts.push(...(this.littleEndian ? b : b.reverse()));
    return this;
  }
  /** 64-bit value as two 32-bit halves in the file's byte order (high half first when big-endian). */
  u64(v: bigint): this {
    const hi = Number((v >> 32n) & 0xffffffffn);
    const lo = Number(v & 0xffffffffn);
    return this.littleEndian ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  /** pcapng packet timestamps: upper 32 bits first, whatever the byte order (each half in it). */
  ts(v: bigint): this {
    return this.u32(Number((v >> 32n) & 0xffffffffn)).u32(Number(v & 0xffffffffn));
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]!);
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export interface PcapOptions {
  linkType?: number;
  snaplen?: number;
  /** Nanosecond magic (a1b23c4d) instead of microseconds. */
  nanos?: boolean;
  bigEndian?: boolean;
  versionMajor?: number;
}

export interface PcapRecord {
  sec: number;
  /** µs, or ns with `nanos`. */
  frac: number;
  data: Uint8Array;
  origLen?: number;
  /** Written into the header instead of data.length (to build broken files). */
  caplen?: number;
}

export function writePcap(opts: PcapOptions, records: readonly PcapRecord[]): Uint8Array {
  const w = new Bytes(!opts.bigEndian);
  w.u32(opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(opts.versionMajor ?? 2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(opts.snaplen ?? 262144)
    .u32(opts.linkType ?? 1);
  for (const r of records) {
    w.u32(r.sec).u32(r.frac).u32(r.caplen ?? r.data.length).u32(r.origLen ?? r.data.length).bytes(r.data);
  }
  return w.done();
}

export interface InterfaceOptions {
  linkType: number;
  snaplen?: number;
  /** if_tsresol byte (omitted when undefined: 10^-6). */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: bigint;
}

export interface BlockOverrides {
  /** Leading total length written instead of the true one. */
  length?: number;
  /** Trailing total length written instead of the true one. */
  trailing?: number;
}

export class PcapngWriter {
  private chunks: Uint8Array[] = [];
  private le = true;

  /** Starts a section (SHB) in the given byte order. */
  section(opts: { bigEndian?: boolean; major?: number; minor?: number } = {}): this {
    this.le = !opts.bigEndian;
    const body = new Bytes(this.le).u32(0x1a2b3c4d).u16(opts.major ?? 1).u16(opts.minor ?? 0).u64(-1n & 0xffffffffffffffffn);
    // shb_userappl (4) as a sample option, then opt_endofopt
    const app = new TextEncoder().encode('oxnotif-test');
    body.u16(4).u16(app.length).bytes(app).pad4().u16(0).u16(0);
    return this.block(0x0a0d0d0a, body.done());
  }

  iface(opts: InterfaceOptions): this {
    const body = new Bytes(this.le).u16(opts.linkType).u16(0).u32(opts.snaplen ?? 0);
    const name = new TextEncoder().encode('eth0');
    body.u16(2).u16(name.length).bytes(name).pad4();
    if (opts.tsresol !== undefined) body.u16(9).u16(1).u8(opts.tsresol).pad4();
    if (opts.tsoffset !== undefined) body.u16(14).u16(8).u64(opts.tsoffset & 0xffffffffffffffffn);
    body.u16(0).u16(0);
    return this.block(1, body.done());
  }

  /** Enhanced Packet Block; ts in the interface's units. */
  epb(p: { iface?: number; ts: bigint; data: Uint8Array; origLen?: number; caplen?: number; comment?: string }, o?: BlockOverrides): this {
    const body = new Bytes(this.le)
      .u32(p.iface ?? 0)
      .ts(p.ts)
      .u32(p.caplen ?? p.data.length)
      .u32(p.origLen ?? p.data.length)
      .bytes(p.data)
      .pad4();
    if (p.comment !== undefined) {
      const c = new TextEncoder().encode(p.comment);
      body.u16(1).u16(c.length).bytes(c).pad4().u16(0).u16(0);
    }
    return this.block(6, body.done(), o);
  }

  /** Simple Packet Block: original length and data, no interface id, no timestamp. */
  spb(p: { data: Uint8Array; origLen?: number }, o?: BlockOverrides): this {
    return this.block(3, new Bytes(this.le).u32(p.origLen ?? p.data.length).bytes(p.data).pad4().done(), o);
  }

  /** Obsolete Packet Block (type 2). */
  opb(p: { iface?: number; ts: bigint; data: Uint8Array; origLen?: number }, o?: BlockOverrides): this {
    const body = new Bytes(this.le)
      .u16(p.iface ?? 0)
      .u16(0)
      .ts(p.ts)
      .u32(p.data.length)
      .u32(p.origLen ?? p.data.length)
      .bytes(p.data)
      .pad4();
    return this.block(2, body.done(), o);
  }

  /** Any block: type, body (padded to 4), with optional wrong lengths. */
  block(type: number, body: Uint8Array, o: BlockOverrides = {}): this {
    const padded = (body.length + 3) & ~3;
    const len = 12 + padded;
    const w = new Bytes(this.le).u32(type).u32(o.length ?? len).bytes(body).pad4().u32(o.trailing ?? len);
    this.chunks.push(w.done());
    return this;
  }

  /** Raw bytes appended as they are. */
  raw(b: Uint8Array): this {
    this.chunks.push(b);
    return this;
  }

  bytes(): Uint8Array {
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

// ---- reading side: run our reader over bytes and keep copies of everything it reported ----

export interface CollectedPacket {
  frame: number;
  sec: number;
  nsec: number;
  linkType: number;
  interfaceId: number;
  data: Uint8Array;
  origLen: number;
}

export interface Collected {
  start: CaptureStart[];
  interfaces: { linkType: number; interfaceId: number }[];
  packets: CollectedPacket[];
  damage: { damage: Damage; frame: number | null }[];
  summary: CaptureSummary;
}

/** Reads `bytes` with our reader in chunks of `chunkSize`, copying what the callbacks saw. */
export async function collectCapture(bytes: Uint8Array, chunkSize?: number, limits: Limits = DEFAULT_LIMITS): Promise<Collected> {
  const c: Omit<Collected, 'summary'> = { start: [], interfaces: [], packets: [], damage: [] };
  const summary = await readCapture(
    memorySource(bytes, chunkSize ?? bytes.length),
    {
      onStart: (s) => c.start.push({ ...s }),
      onInterface: (linkType, interfaceId) => c.interfaces.push({ linkType, interfaceId }),
      onPacket: (p) =>
        c.packets.push({
          frame: p.frame,
          sec: p.time.sec,
          nsec: p.time.nsec,
          linkType: p.linkType,
          interfaceId: p.interfaceId,
          data: p.data.slice(),
          origLen: p.origLen,
        }),
      onDamage: (damage, frame) => c.damage.push({ damage, frame }),
    },
    limits,
  );
  return { ...c, summary };
}

// ---- frame builders: headers laid out by hand from RFC 791, 8200, 9293, 768 and IEEE 802.3/802.1Q ----

export const be16 = (v: number): number[] => [(v >>> 8) & 0xff, v & 0xff];
export const be32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

export function concatBytes(...parts: (Uint8Array | readonly number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) out.push(p[i]!);
  return Uint8Array.from(out);
}

export const MACS = [0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb];
export const A4 = [192, 168, 1, 10];
export const B4 = [192, 168, 1, 20];
export const A6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
export const B6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

/** Ethernet II, zero-padded to `padTo` bytes (60: the minimum frame without FCS). */
export function ethFrame(type: number, payload: Uint8Array, padTo = 0): Uint8Array {
  const f = concatBytes(MACS, be16(type), payload);
  return f.length >= padTo ? f : concatBytes(f, new Array<number>(padTo - f.length).fill(0));
}

/** IPv4 without options; checksum left 0 (not verified). flagsOffset defaults to DF. */
export function ipv4Packet(
  proto: number,
  payload: Uint8Array,
  o: { id?: number; flagsOffset?: number; total?: number; src?: readonly number[]; dst?: readonly number[] } = {},
): Uint8Array {
  return concatBytes(
    [0x45, 0],
    be16(o.total ?? 20 + payload.length),
    be16(o.id ?? 1),
    be16(o.flagsOffset ?? 0x4000),
    [64, proto, 0, 0],
    o.src ?? A4,
    o.dst ?? B4,
    payload,
  );
}

/** IPv6 fixed header; `payload` starts with whatever `nextHeader` names. */
export function ipv6Packet(nextHeader: number, payload: Uint8Array, o: { src?: readonly number[]; dst?: readonly number[] } = {}): Uint8Array {
  return concatBytes([0x60, 0, 0, 0], be16(payload.length), [nextHeader, 64], o.src ?? A6, o.dst ?? B6, payload);
}

/** TCP with `options` (length a multiple of 4); checksum 0. */
export function tcpSegment(sport: number, dport: number, seq: number, ack: number, flags: number, payload: Uint8Array, options: readonly number[] = []): Uint8Array {
  return concatBytes(be16(sport), be16(dport), be32(seq), be32(ack), [((20 + options.length) / 4) << 4, flags], be16(65535), [0, 0, 0, 0], options, payload);
}

export function udpDatagram(sport: number, dport: number, payload: Uint8Array, length = 8 + payload.length): Uint8Array {
  return concatBytes(be16(sport), be16(dport), be16(length), [0, 0], payload);
}
