import { TCP_ACK, TCP_FIN, TCP_SYN } from './tcp-flags.js';
import { Harness } from './test-kit.js';

const SYN = TCP_SYN;
const SYNACK = TCP_SYN | TCP_ACK;
const ACK = TCP_ACK;

/** Handshake A→B with ISNs 1000 (A) and 5000 (B): data starts at 1001 and 5001. */
function handshake(h: Harness): void {
  h.send('A', 1000, '', { flags: SYN });
  h.send('B', 5000, '', { flags: SYNACK, ack: 1001 });
  h.send('A', 1001, '', { flags: ACK, ack: 5001 });
}

describe('TcpReassembler: ordering', () => {
  it('delivers in-order data at once, as it arrives, with offsets and frames', () => {
    const h = new Harness();
    handshake(h);
    h.send('A', 1001, 'hello ', { ack: 5001 });
    h.send('A', 1007, 'world', { ack: 5001 });
    h.send('B', 5001, 'ok', { ack: 1012 });
    const rec = h.recorder;
    expect(rec.stream(1, 0)).toBe('hello world');
    expect(rec.stream(1, 1)).toBe('ok');
    expect(rec.of(1)).toEqual([
      { kind: 'open', conn: 1, dir: 0, frame: 4 },
      { kind: 'data', conn: 1, dir: 0, offset: 0, text: 'hello ', frame: 4 },
      { kind: 'data', conn: 1, dir: 0, offset: 6, text: 'world', frame: 5 },
      { kind: 'data', conn: 1, dir: 1, offset: 0, text: 'ok', frame: 6 },
    ]);
    const info = rec.conns.get(1)!;
    expect(info.id).toBe(1);
    expect(info.handshakeSeen).toBe(true);
    expect(Array.from(info.a.ip)).toEqual([10, 0, 0, 1]);
    expect(info.a.port).toBe(50000);
    expect(Array.from(info.b.ip)).toEqual([10, 0, 0, 2]);
    expect(info.b.port).toBe(135);
  });

  it('reassembles every permutation of four segments to the same bytes', () => {
    const parts = ['aaaa', 'bbb', 'cccccc', 'dd'];
    const seqs = [1001, 1005, 1008, 1014];
    for (const order of permutations([0, 1, 2, 3])) {
      const h = new Harness();
      handshake(h);
      for (const i of order) h.send('A', seqs[i]!, parts[i]!, { ack: 5001 });
      expect(h.recorder.stream(1, 0)).toBe('aaaabbbccccccdd');
      // A byte goes out with the frame that completed everything before it (the hole filler).
      const arrival = parts.map((_, i) => 4 + order.indexOf(i));
      const releasedAt = arrival.map((_, i) => Math.max(...arrival.slice(0, i + 1)));
      for (const e of h.recorder.events) {
        if (e.kind !== 'data') continue;
        const lastByte = e.offset + e.text.length - 1;
        const seg = seqs.findIndex((s, i) => lastByte < s - 1001 + parts[i]!.length);
        expect(e.frame).toBe(releasedAt[seg]);
      }
    }
  });

  it('drops retransmissions of delivered bytes', () => {
    const h = new Harness();
    handshake(h);
    h.send('A', 1001, 'abcd');
    h.send('A', 1001, 'abcd');
    h.send('A', 1003, 'cd');
    h.send('A', 1005, 'ef');
    h.send('A', 1001, 'abcdef');
    expect(h.recorder.stream(1, 0)).toBe('abcdef');
    expect(h.recorder.events.filter((e) => e.kind === 'data')).toHaveLength(2);
  });

  it('trims overlaps: the first bytes seen for an offset win', () => {
    const h = new Harness();
    handshake(h);
    h.send('A', 1001, 'abcd'); // [0,4) delivered
    h.send('A', 1007, 'ghij'); // [6,10) held
    h.send('A', 1003, 'XYEFxx'); // [2,8): 'XY' overlaps delivered, 'xx' overlaps held
    expect(h.recorder.stream(1, 0)).toBe('abcdEFghij');
  });

  it('trims overlaps between held segments too', () => {
    const h = new Harness();
    handshake(h);
    h.send('A', 1005, 'EFGH'); // [4,8) held
    h.send('A', 1003, 'cdxxxxij'); // [2,10) held around it
    h.send('A', 1001, 'ab');
    expect(h.recorder.stream(1, 0)).toBe('abcdEFGHij');
  });

  it('counts SYN and FIN as one sequence number each', () => {
    const h = new Harness();
    handshake(h);
    h.send('A', 1001, 'req', { ack: 5001 });
    h.send('A', 1004, '', { flags: FIN_ACK, ack: 5001 });
    h.send('B', 5001, 'resp', { ack: 1005 }); // acks the FIN: no gap may come of it
    h.send('A', 1005, '', { ack: 5005 }); // the ACK after a FIN sits at FIN + 1: not data after FIN
    h.send('B', 5005, '', { flags: FIN_ACK, ack: 1005 });
    expect(h.recorder.stream(1, 0)).toBe('req');
    expect(h.recorder.stream(1, 1)).toBe('resp');
    expect(h.recorder.of(1).pop()).toEqual({ kind: 'end', conn: 1, reason: 'fin', frame: 8 });
    expect(h.damages).toEqual([]);
    expect(h.reassembler.stats().gaps).toBe(0);
  });

  it('drops payload placed after the FIN and reports it', () => {
    const h = new Harness();
    handshake(h);
    h.send('A', 1001, 'ab', { flags: FIN_ACK });
    h.send('A', 1003, 'zz');
    expect(h.recorder.stream(1, 0)).toBe('ab');
    expect(h.damages.map((d) => d.reason)).toEqual(['malformed']);
  });

  it('follows sequence numbers across 2^32, in and out of order', () => {
    const h = new Harness();
    const isn = 0xfffffff0;
    h.send('A', isn, '', { flags: SYN });
    h.send('B', 7, '', { flags: SYNACK, ack: isn + 1 });
    h.send('A', isn + 1, 'abcdefghij'); // 0xfffffff1 .. 0xfffffffa
    h.send('A', 0x00000005, 'uvwx'); // held beyond the wrap
    h.send('A', 0xfffffffb, 'klmnopqrst'); // 0xfffffffb .. 0x00000004 fills the hole
    h.send('A', 0x00000009, 'yz');
    expect(h.recorder.stream(1, 0)).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(h.recorder.events.filter((e) => e.kind === 'data').pop()).toMatchObject({ offset: 24 });
    h.send('B', 8, 'x', { ack: 0x0000000b });
    expect(h.reassembler.stats().gaps).toBe(0);
  });

  it('starts mid-stream at the first segment seen, and makes its sender endpoint a', () => {
    const h = new Harness();
    h.send('B', 90000, 'from-server');
    h.send('A', 40000, 'from-client');
    h.send('B', 89990, '0123456789from-server!!'); // overlaps the start: only the new tail counts
    expect(h.recorder.stream(1, 0)).toBe('from-server!!');
    expect(h.recorder.stream(1, 1)).toBe('from-client');
    const info = h.recorder.conns.get(1)!;
    expect(info.handshakeSeen).toBe(false);
    expect(info.a.port).toBe(135);
    expect(h.recorder.of(1)[1]).toMatchObject({ kind: 'data', dir: 0, offset: 0 });
  });

  it('does not anchor a direction on a keep-alive without payload', () => {
    const h = new Harness();
    h.send('A', 100, 'x');
    h.send('B', 699, ''); // keep-alive probe at next − 1
    h.send('B', 700, 'data', { ack: 101 });
    h.send('A', 101, '', { ack: 704 });
    expect(h.recorder.stream(1, 1)).toBe('data');
    expect(h.reassembler.stats().gaps).toBe(0);
  });
});

const FIN_ACK = TCP_FIN | TCP_ACK;

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}
