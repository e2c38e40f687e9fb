import type { TransportPacket } from '../ip/types.js';
import { directionOf } from './connection-key.js';
import type { Connection } from './connection.js';
import type { Direction } from './types.js';

/**
 * The live connections: hash buckets for lookup and a recency list (least recently active
 * first) for idle expiry and eviction. A lookup builds no key and allocates nothing; the
 * direction found is left in `foundDir` rather than returned in a new object.
 */
export class ConnectionTable {
  private readonly buckets = new Map<number, Connection[]>();
  private oldestConn: Connection | null = null;
  private newestConn: Connection | null = null;
  size = 0;
  /** Direction of the packet on the connection the last `find` returned. */
  foundDir: Direction = 0;

  find(hash: number, p: TransportPacket): Connection | undefined {
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) return undefined;
    for (let i = 0; i < bucket.length; i++) {
      const c = bucket[i]!;
      const d = directionOf(p.src, p.srcPort, p.dst, p.dstPort, c.info.a, c.info.b);
      if (d >= 0) {
        this.foundDir = d as Direction;
        return c;
      }
    }
    return undefined;
  }

  add(c: Connection, now: number): void {
    const bucket = this.buckets.get(c.hash);
    if (bucket === undefined) this.buckets.set(c.hash, [c]);
    else bucket.push(c);
    this.size++;
    c.lastTime = now;
    this.append(c);
  }

  remove(c: Connection): void {
    const bucket = this.buckets.get(c.hash);
    if (bucket === undefined) return;
    const i = bucket.indexOf(c);
    if (i < 0) return;
    if (bucket.length === 1) this.buckets.delete(c.hash);
    else bucket.splice(i, 1);
    this.size--;
    this.unlink(c);
  }

  /** Marks a connection active now (moves it to the newest end). */
  touch(c: Connection, now: number): void {
    c.lastTime = now;
    if (this.newestConn === c) return;
    this.unlink(c);
    this.append(c);
  }

  /** The least recently active connection. */
  oldest(): Connection | null {
    return this.oldestConn;
  }

  private append(c: Connection): void {
    c.older = this.newestConn;
    c.newer = null;
    if (this.newestConn) this.newestConn.newer = c;
    else this.oldestConn = c;
    this.newestConn = c;
  }

  private unlink(c: Connection): void {
    if (c.older) c.older.newer = c.newer;
    else if (this.oldestConn === c) this.oldestConn = c.newer;
    if (c.newer) c.newer.older = c.older;
    else if (this.newestConn === c) this.newestConn = c.older;
    c.older = null;
    c.newer = null;
  }
}
