import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './tcp-flags.js';
import { Harness } from './test-kit.js';

const FIN_ACK = TCP_FIN | TCP_ACK;

describe('TcpReassembler: the sink factory', () => {
  it('asks once, at the first payload, with that payload', () => {
    const seen: string[] = [];
    const h = new Harness({
      decide: (_c, dir, payload) => {
        seen.push(`${dir}:${String.fromCharCode(...payload)}`);
        return 'accept';
      },
    });
    h.send('A', 99, '', { flags: TCP_SYN });
    h.send('B', 899, '', { flags: TCP_SYN | TCP_ACK, ack: 100 });
    h.send('A', 100, '', { ack: 900 });
    h.send('B', 900, 'first', { ack: 100 });
    h.send('A', 100, 'second');
    expect(seen).toEqual(['1:first']);
  });

  it('after decline: no sink calls, no asks, no buffering; FIN still removes the connection', () => {
    const h = new Harness({ decide: () => 'decline' });
    h.send('A', 100, 'GET / HTTP/1.1');
    h.send('A', 200, 'held? no');
    h.send('B', 900, 'x', { ack: 300 });
    h.send('A', 114, 'more', { flags: FIN_ACK });
    expect(h.recorder.events).toEqual([]);
    expect(h.recorder.asks(1)).toBe(1);
    expect(h.reassembler.stats()).toMatchObject({ connections: 1, declined: 1, gaps: 0 });
    expect(h.reassembler.openConnections).toBe(1);
    h.send('B', 901, '', { flags: FIN_ACK });
    expect(h.reassembler.openConnections).toBe(0);
    h.finish();
    expect(h.recorder.events).toEqual([]);
  });

  it('a declined connection leaves on RST, and by idle time', () => {
    const h = new Harness({ decide: () => 'decline', limits: { tcpIdleTimeoutSec: 5 } });
    h.send('A', 100, 'a', { srcPort: 1 });
    h.send('A', 100, 'b', { srcPort: 2 });
    h.send('A', 101, '', { srcPort: 1, flags: TCP_RST });
    expect(h.reassembler.openConnections).toBe(1);
    h.advance(6);
    h.send('A', 100, 'c', { srcPort: 3 });
    expect(h.reassembler.openConnections).toBe(1);
  });

  it("'later' then open: the sink first hears an unknown gap for each direction that went by", () => {
    const h = new Harness({ decide: (_c, _d, _p, asked) => (asked < 3 ? 'later' : 'accept') });
    h.send('A', 100, 'aaa'); // ask 1
    h.send('B', 900, 'bbb'); // ask 2
    h.send('A', 103, 'ccc'); // ask 3: open
    h.send('B', 903, 'ddd');
    expect(h.recorder.of(1)).toEqual([
      { kind: 'open', conn: 1, dir: 0, frame: 3 },
      { kind: 'gap', conn: 1, dir: 0, lost: 'unknown', frame: 3 },
      { kind: 'gap', conn: 1, dir: 1, lost: 'unknown', frame: 3 },
      { kind: 'data', conn: 1, dir: 0, offset: 3, text: 'ccc', frame: 3 },
      { kind: 'data', conn: 1, dir: 1, offset: 3, text: 'ddd', frame: 4 },
    ]);
  });

  it("'later' with only one direction seen gives a gap for that direction only", () => {
    const h = new Harness({ decide: (_c, _d, _p, asked) => (asked < 2 ? 'later' : 'accept') });
    h.send('A', 100, 'aaa');
    h.send('B', 900, 'bbb');
    expect(h.recorder.stream(1, 0)).toBe('[?]');
    expect(h.recorder.stream(1, 1)).toBe('bbb');
    expect(h.recorder.of(1).filter((e) => e.kind === 'gap')).toHaveLength(1);
    expect(h.recorder.of(1)[1]).toEqual({ kind: 'gap', conn: 1, dir: 0, lost: 'unknown', frame: 2 });
  });

  it("gives up after 8 'later' answers", () => {
    const h = new Harness({ decide: () => 'later' });
    for (let i = 0; i < 20; i++) h.send('A', 100 + i, 'x');
    expect(h.recorder.asks(1)).toBe(8);
    expect(h.reassembler.stats().declined).toBe(1);
  });

  it("gives up after 64 KiB of 'later'", () => {
    const h = new Harness({ decide: () => 'later' });
    const big = 'y'.repeat(40_000);
    for (let i = 0; i < 5; i++) h.send('A', 100 + i * big.length, big);
    expect(h.recorder.asks(1)).toBe(2);
  });

  it('a factory may decline a connection while its held data is being released', () => {
    const h = new Harness({ decide: (_c, _d, payload) => (payload[0] === 0x21 ? 'decline' : 'later') });
    h.send('A', 99, '', { flags: TCP_SYN });
    h.send('A', 110, 'held1');
    h.send('A', 115, 'held2');
    h.send('A', 100, '!123456789'); // asked with this → decline, with held data still to release
    h.send('A', 120, 'more');
    expect(h.recorder.asks(1)).toBe(1);
    expect(h.reassembler.stats().declined).toBe(1);
  });
});
