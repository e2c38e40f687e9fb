import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './tcp-flags.js';
import { Harness } from './test-kit.js';

const SYN = TCP_SYN;
const SYNACK = TCP_SYN | TCP_ACK;
const FIN_ACK = TCP_FIN | TCP_ACK;

describe('TcpReassembler: connection life cycle', () => {
  it('ends on FIN from both sides, and the 4-tuple with a new SYN is a new connection', () => {
    const h = new Harness();
    h.send('A', 1000, '', { flags: SYN });
    h.send('B', 5000, '', { flags: SYNACK, ack: 1001 });
    h.send('A', 1001, 'one', { ack: 5001 });
    h.send('A', 1004, '', { flags: FIN_ACK, ack: 5001 });
    h.send('B', 5001, '', { flags: FIN_ACK, ack: 1005 });
    expect(h.recorder.of(1).pop()).toMatchObject({ kind: 'end', reason: 'fin' });
    h.send('A', 1005, '', { ack: 5002 }); // the last ACK creates nothing
    expect(h.reassembler.openConnections).toBe(0);
    h.send('A', 777, '', { flags: SYN });
    h.send('A', 778, 'two');
    expect(h.recorder.stream(2, 0)).toBe('two');
    expect(h.recorder.conns.get(2)!.handshakeSeen).toBe(true);
    expect(h.reassembler.stats().connections).toBe(2);
  });

  it('keeps one connection through a retransmitted SYN', () => {
    const h = new Harness();
    h.send('A', 1000, '', { flags: SYN });
    h.send('A', 1000, '', { flags: SYN });
    h.send('A', 1001, 'x');
    expect(h.reassembler.stats().connections).toBe(1);
  });

  it('replaces a live connection when its 4-tuple sees a new SYN (the close was not captured)', () => {
    const h = new Harness();
    h.send('A', 1000, '', { flags: SYN });
    h.send('A', 1001, 'old');
    h.send('A', 9000, '', { flags: SYN });
    h.send('A', 9001, 'new');
    expect(h.recorder.of(1).pop()).toMatchObject({ kind: 'end', reason: 'evicted', frame: 3 });
    expect(h.recorder.stream(2, 0)).toBe('new');
    expect(h.reassembler.stats().evicted).toBe(0); // not a table-full eviction
  });

  it('a SYN-ACK first makes its sender a, without handshakeSeen', () => {
    const h = new Harness();
    h.send('B', 5000, '', { flags: SYNACK, ack: 1001 });
    h.send('A', 1001, 'req');
    const info = h.recorder.conns.get(1)!;
    expect(info.a.port).toBe(135);
    expect(info.handshakeSeen).toBe(false);
    expect(h.recorder.stream(1, 1)).toBe('req');
  });

  it('ends at once on RST, and data after it starts a new connection mid-stream', () => {
    const h = new Harness();
    h.send('A', 100, 'abc');
    h.send('A', 103, '', { flags: TCP_RST });
    expect(h.recorder.of(1).pop()).toMatchObject({ kind: 'end', reason: 'rst', frame: 2 });
    h.send('A', 103, '', { flags: TCP_RST }); // a second reset creates nothing
    h.send('A', 500, 'def');
    expect(h.recorder.of(2)).toEqual([
      { kind: 'open', conn: 2, dir: 0, frame: 4 },
      { kind: 'data', conn: 2, dir: 0, offset: 0, text: 'def', frame: 4 },
    ]);
  });

  it('ends idle connections on capture time, checked lazily', () => {
    const h = new Harness({ limits: { tcpIdleTimeoutSec: 60 } });
    h.send('A', 100, 'quiet');
    h.send('A', 200, 'busy', { srcPort: 50001 });
    h.advance(59);
    h.send('A', 204, 'more', { srcPort: 50001 });
    expect(h.recorder.of(1).some((e) => e.kind === 'end')).toBe(false);
    h.advance(2);
    h.send('A', 208, 'again', { srcPort: 50001 });
    expect(h.recorder.of(1).pop()).toEqual({ kind: 'end', conn: 1, reason: 'idle', frame: 4 });
    expect(h.recorder.of(2).some((e) => e.kind === 'end')).toBe(false);
    expect(h.reassembler.openConnections).toBe(1);
  });

  it('a packet arriving after the idle timeout starts a new connection', () => {
    const h = new Harness({ limits: { tcpIdleTimeoutSec: 10 } });
    h.send('A', 100, 'abc');
    h.advance(11);
    h.send('A', 103, 'def');
    expect(h.recorder.of(1).pop()).toMatchObject({ kind: 'end', reason: 'idle' });
    expect(h.recorder.stream(2, 0)).toBe('def');
  });

  it('evicts the least recently active connection when the table is full', () => {
    const h = new Harness({ limits: { maxTcpConnections: 2 } });
    h.send('A', 100, 'c1', { srcPort: 1 });
    h.send('A', 100, 'c2', { srcPort: 2 });
    h.send('A', 102, 'c1 again', { srcPort: 1 }); // c2 is now the least recently active
    h.send('A', 100, 'c3', { srcPort: 3 });
    expect(h.recorder.of(2).pop()).toEqual({ kind: 'end', conn: 2, reason: 'evicted', frame: 4 });
    expect(h.recorder.of(1).some((e) => e.kind === 'end')).toBe(false);
    expect(h.reassembler.stats().evicted).toBe(1);
    expect(h.damages[0]).toMatchObject({ reason: 'limit', field: 'maxTcpConnections' });
    expect(h.reassembler.openConnections).toBe(2);
  });

  it('memory does not grow with the capture: ended connections leave the table', () => {
    const h = new Harness();
    for (let port = 1; port <= 500; port++) {
      h.send('A', 100, 'x', { srcPort: port });
      h.send('A', 101, '', { srcPort: port, flags: FIN_ACK });
      h.send('B', 900, '', { dstPort: port, flags: FIN_ACK, ack: 102 });
    }
    expect(h.reassembler.openConnections).toBe(0);
    expect(h.reassembler.stats().connections).toBe(500);
  });

  it('numbers connections 1, 2, 3 in order of creation, and ignores UDP', () => {
    const h = new Harness();
    h.send('A', 1, 'a', { srcPort: 10 });
    h.send('B', 1, 'b', { dstPort: 20 });
    h.send('A', 1, 'c', { srcPort: 30 });
    expect([...h.recorder.conns.keys()]).toEqual([1, 2, 3]);
    expect(h.recorder.conns.get(2)!.a.port).toBe(135);
    h.packet({ ipVersion: 4, src: new Uint8Array(4), dst: new Uint8Array(4), protocol: 17, srcPort: 1, dstPort: 2, seq: 0, ack: 0, tcpFlags: 0, payload: new Uint8Array(8), truncated: false });
    expect(h.reassembler.stats().connections).toBe(3);
  });

  it('tells IPv4 and IPv6 endpoints apart', () => {
    const h = new Harness();
    h.send('A', 1, 'v4');
    const v6 = new Uint8Array(16);
    v6.set([10, 0, 0, 1]);
    const v6b = new Uint8Array(16);
    v6b.set([10, 0, 0, 2]);
    h.packet({ ipVersion: 6, src: v6, dst: v6b, protocol: 6, srcPort: 50000, dstPort: 135, seq: 1, ack: 0, tcpFlags: TCP_ACK, payload: Uint8Array.of(0x36), truncated: false });
    expect(h.reassembler.stats().connections).toBe(2);
  });
});
