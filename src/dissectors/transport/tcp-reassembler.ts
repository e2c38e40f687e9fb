import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import type { Limits } from '../../core/limits.js';
import type { TransportPacket } from '../ip/types.js';
import { pairHash } from './connection-key.js';
import { Connection, type ReassemblyContext, type ReassemblyStats } from './connection.js';
import { ConnectionTable } from './connection-table.js';
import { TCP_ACK, TCP_RST, TCP_SYN } from './tcp-flags.js';
import type { EndReason, StreamSinkFactory } from './types.js';

export type { ReassemblyStats } from './connection.js';

/**
 * TCP reassembly for the whole capture: finds each packet's connection, hands its bytes to
 * the connection's two half-streams, and ends connections on FIN/RST, idle time, a full
 * table, or the end of the capture.
 *
 * Traffic that is not ours (the factory declined it) costs one hash lookup per packet and
 * allocates nothing. A packet without payload or SYN never creates a connection: the last ACK
 * after a close, stray resets and keep-alives of connections already gone leave no trace.
 *
 * Time is capture time on a monotonic clock (the largest timestamp seen), so merged captures
 * whose timestamps step back do not confuse expiry. Ends for 'idle', 'evicted' and 'eof' carry
 * the frame at which the reassembler decided them, so events stay in capture order.
 */
export class TcpReassembler {
  private readonly table = new ConnectionTable();
  private readonly ctx: ReassemblyContext;
  private nextId = 1;
  private clock = Number.NEGATIVE_INFINITY;
  private nextSweep = Number.NEGATIVE_INFINITY;

  constructor(factory: StreamSinkFactory, limits: Limits, onDamage?: (d: Damage, at: FrameRef) => void) {
    const stats: ReassemblyStats = { connections: 0, declined: 0, gaps: 0, bytesLost: 0, evicted: 0 };
    this.ctx = { factory, limits, stats, onDamage };
  }

  packet(p: TransportPacket, at: FrameRef): void {
    if (p.protocol !== 6) return;
    this.advanceClock(at);
    const flags = p.tcpFlags;
    const hash = pairHash(p.src, p.srcPort, p.dst, p.dstPort);
    let conn = this.table.find(hash, p);
    let dir = this.table.foundDir;
    if (conn !== undefined && (flags & (TCP_SYN | TCP_ACK)) === TCP_SYN && conn.isNewSyn(dir, p.seq >>> 0)) {
      // A new SYN on a live 4-tuple: the port was reused and the capture missed the old close.
      this.close(conn, 'evicted', at);
      conn = undefined;
    }
    if (conn === undefined) {
      if (flags & TCP_RST || ((flags & TCP_SYN) === 0 && p.payload.length === 0)) return;
      conn = this.create(hash, p, at);
      dir = 0;
    } else {
      this.table.touch(conn, this.clock);
    }
    const ended = conn.packet(dir, p, at);
    if (ended !== null) this.close(conn, ended, at);
  }

  /** End of capture: every open connection delivers what it holds (holes become gaps) and ends with 'eof'. */
  finish(at: FrameRef): void {
    for (let c = this.table.oldest(); c !== null; c = this.table.oldest()) this.close(c, 'eof', at);
  }

  stats(): { connections: number; declined: number; gaps: number; bytesLost: number; evicted: number } {
    const s = this.ctx.stats;
    return { connections: s.connections, declined: s.declined, gaps: s.gaps, bytesLost: s.bytesLost, evicted: s.evicted };
  }

  /** Connections currently tracked (declined ones included). */
  get openConnections(): number {
    return this.table.size;
  }

  private create(hash: number, p: TransportPacket, at: FrameRef): Connection {
    const max = Math.max(1, this.ctx.limits.maxTcpConnections);
    while (this.table.size >= max) {
      const victim = this.table.oldest();
      if (victim === null) break;
      this.ctx.stats.evicted++;
      victim.reportEvicted(at);
      this.close(victim, 'evicted', at);
    }
    // Endpoints are copied once here: the packet's views are reused for the next packet.
    const info = {
      id: this.nextId++,
      a: { ip: p.src.slice(), port: p.srcPort },
      b: { ip: p.dst.slice(), port: p.dstPort },
      handshakeSeen: (p.tcpFlags & (TCP_SYN | TCP_ACK)) === TCP_SYN,
    };
    const conn = new Connection(info, hash, this.ctx);
    this.ctx.stats.connections++;
    this.table.add(conn, this.clock);
    return conn;
  }

  private close(conn: Connection, reason: EndReason, at: FrameRef): void {
    // Out of the table first, so nothing a sink does during `end` can reach it again.
    this.table.remove(conn);
    conn.end(reason, at);
  }

  private advanceClock(at: FrameRef): void {
    const t = at.time.sec + at.time.nsec / 1e9;
    if (t > this.clock) this.clock = t;
    if (this.clock < this.nextSweep) return;
    // Expiry runs at most once per second of capture time, and only looks at the oldest end.
    this.nextSweep = this.clock + 1;
    const idleBefore = this.clock - this.ctx.limits.tcpIdleTimeoutSec;
    for (let c = this.table.oldest(); c !== null && c.lastTime <= idleBefore; c = this.table.oldest()) {
      this.close(c, 'idle', at);
    }
  }
}
