import { HELD_SEGMENT_OVERHEAD } from './held-segments.js';
import { TCP_ACK, TCP_FIN, TCP_RST } from './tcp-flags.js';
import { Harness } from './test-kit.js';

const FIN_ACK = TCP_FIN | TCP_ACK;

/** Mid-stream connection: A's data starts at seq 100, B's at 900. */
function start(h: Harness): void {
  h.send('A', 100, '0123456789');
  h.send('B', 900, 'r', { ack: 110 });
}

describe('TcpReassembler: gaps', () => {
  it('holds data behind a hole while the hole may still fill (a reordered segment)', () => {
    const h = new Harness();
    start(h);
    h.send('A', 120, 'KLMNOPQRST');
    expect(h.recorder.stream(1, 0)).toBe('0123456789');
    h.send('B', 901, '', { ack: 110 }); // an ACK that does not pass the hole changes nothing
    h.send('A', 110, 'abcdefghij');
    expect(h.recorder.stream(1, 0)).toBe('0123456789abcdefghijKLMNOPQRST');
    expect(h.reassembler.stats().gaps).toBe(0);
  });

  it('declares the exact hole lost when the peer acknowledges past it', () => {
    const h = new Harness();
    start(h);
    h.send('A', 120, 'KLMNOPQRST'); // frame 3
    h.send('B', 901, '', { ack: 130 }); // frame 4: proves the bytes were sent…
    expect(h.recorder.stream(1, 0)).toBe('0123456789'); // …but they may still arrive (reordered capture)
    h.advance(1);
    h.send('B', 901, '', { ack: 130 }); // frame 5: the grace for late data is over
    expect(h.recorder.stream(1, 0)).toBe('0123456789[10]KLMNOPQRST');
    expect(h.recorder.of(1).slice(-2)).toEqual([
      { kind: 'gap', conn: 1, dir: 0, lost: 10, frame: 5 },
      { kind: 'data', conn: 1, dir: 0, offset: 20, text: 'KLMNOPQRST', frame: 5 },
    ]);
    h.send('A', 110, 'late'); // a late copy of lost bytes is a retransmission now
    expect(h.recorder.stream(1, 0)).toBe('0123456789[10]KLMNOPQRST');
    expect(h.reassembler.stats()).toMatchObject({ gaps: 1, bytesLost: 10 });
  });

  it('waits for data a capture recorded after its ACK (multi-queue reordering), then declares nothing', () => {
    const h = new Harness();
    start(h);
    h.send('A', 120, 'KLMNOPQRST');
    h.send('B', 901, '', { ack: 130 }); // "ACKed unseen segment"
    h.send('A', 110, 'abcdefghij'); // the segment arrives one frame late
    expect(h.recorder.stream(1, 0)).toBe('0123456789abcdefghijKLMNOPQRST');
    h.advance(1);
    h.send('B', 901, '', { ack: 130 });
    expect(h.reassembler.stats().gaps).toBe(0);
  });

  it('declares a hole an ACK passed after 8 more packets even within the time grace', () => {
    const h = new Harness();
    start(h);
    h.send('A', 120, 'KLMNOPQRST');
    for (let i = 0; i < 8; i++) h.send('B', 901, '', { ack: 130 });
    expect(h.recorder.stream(1, 0)).toBe('0123456789');
    h.send('B', 901, '', { ack: 130 });
    expect(h.recorder.stream(1, 0)).toBe('0123456789[10]KLMNOPQRST');
  });

  it('declares only the acknowledged part of a hole when the ACK stops inside it', () => {
    const h = new Harness();
    start(h);
    h.send('A', 130, 'UVWXY'); // hole [110,130)
    h.send('B', 901, '', { ack: 115 });
    h.send('A', 115, 'fghijKLMNOPQRST');
    expect(h.recorder.stream(1, 0)).toBe('0123456789');
    h.advance(1);
    h.send('B', 901, '', { ack: 115 });
    expect(h.recorder.stream(1, 0)).toBe('0123456789[5]fghijKLMNOPQRSTUVWXY');
  });

  it('declares every hole below the ACK, each with its size', () => {
    const h = new Harness();
    start(h);
    h.send('A', 113, 'xx'); // hole 3
    h.send('A', 120, 'yy'); // hole 5
    h.send('A', 130, 'zz'); // hole 8
    h.send('B', 901, '', { ack: 125 }); // inside the third hole: [122,125) is known lost
    h.advance(1);
    h.send('B', 901, '', { ack: 125 });
    expect(h.recorder.stream(1, 0)).toBe('0123456789[3]xx[5]yy[3]');
    h.send('B', 901, '', { ack: 4000 }); // past all held data: only up to what is held
    h.advance(1);
    h.send('B', 901, '', { ack: 4000 });
    expect(h.recorder.stream(1, 0)).toBe('0123456789[3]xx[5]yy[3][5]zz');
    expect(h.reassembler.stats()).toMatchObject({ gaps: 4, bytesLost: 16 });
  });

  it('declares the hole lost when held bytes reach the buffer cap, and reports the cap', () => {
    const seg = 100;
    const h = new Harness({ limits: { maxTcpBufferedBytes: 3 * (seg + HELD_SEGMENT_OVERHEAD) } });
    start(h);
    const chunk = (c: string): string => c.repeat(seg);
    h.send('A', 120, chunk('a'));
    h.send('A', 220, chunk('b'));
    h.send('A', 320, chunk('c'));
    expect(h.recorder.stream(1, 0)).toBe('0123456789');
    h.send('A', 420, chunk('d')); // one more than the cap holds
    expect(h.recorder.stream(1, 0)).toBe('0123456789[10]' + chunk('a') + chunk('b') + chunk('c') + chunk('d'));
    expect(h.damages).toHaveLength(1);
    expect(h.damages[0]).toMatchObject({ reason: 'limit', field: 'maxTcpBufferedBytes' });
  });

  it('releases only as much as needed to get back under the cap', () => {
    const h = new Harness({ limits: { maxTcpBufferedBytes: 2 * (10 + HELD_SEGMENT_OVERHEAD) } });
    start(h);
    h.send('A', 120, 'AAAAAAAAAA');
    h.send('A', 140, 'BBBBBBBBBB');
    h.send('A', 160, 'CCCCCCCCCC');
    expect(h.recorder.stream(1, 0)).toBe('0123456789[10]AAAAAAAAAA');
    h.send('A', 130, 'bbbbbbbbbb');
    expect(h.recorder.stream(1, 0)).toBe('0123456789[10]AAAAAAAAAAbbbbbbbbbbBBBBBBBBBB');
  });

  it('declares holes at the close when both sides sent FIN, then delivers and ends', () => {
    const h = new Harness();
    start(h);
    h.send('A', 120, 'tail', { flags: FIN_ACK, ack: 901 });
    h.send('B', 901, '', { flags: FIN_ACK, ack: 110 });
    expect(h.recorder.of(1).slice(-3)).toEqual([
      { kind: 'gap', conn: 1, dir: 0, lost: 10, frame: 4 },
      { kind: 'data', conn: 1, dir: 0, offset: 20, text: 'tail', frame: 4 },
      { kind: 'end', conn: 1, reason: 'fin', frame: 4 },
    ]);
  });

  it('counts bytes missing before a bare FIN as lost when the FIN is acknowledged', () => {
    const h = new Harness();
    start(h);
    h.send('A', 130, '', { flags: FIN_ACK, ack: 901 }); // [110,130) never captured
    expect(h.recorder.stream(1, 0)).toBe('0123456789');
    h.send('B', 901, '', { ack: 131 });
    h.advance(1);
    h.send('B', 901, '', { ack: 131 });
    expect(h.recorder.stream(1, 0)).toBe('0123456789[20]');
    h.send('B', 901, '', { flags: FIN_ACK, ack: 131 });
    expect(h.recorder.stream(1, 0)).toBe('0123456789[20]');
    expect(h.recorder.of(1).pop()).toMatchObject({ kind: 'end', reason: 'fin' });
  });

  it('counts bytes missing before a bare FIN as lost at the close', () => {
    const h = new Harness();
    start(h);
    h.send('A', 130, '', { flags: FIN_ACK, ack: 901 });
    h.send('B', 901, '', { flags: FIN_ACK, ack: 110 });
    expect(h.recorder.stream(1, 0)).toBe('0123456789[20]');
  });

  it('ignores an ACK implausibly far ahead (ack 0 noise)', () => {
    const h = new Harness();
    h.send('A', 0xfffffff0 - 2 ** 31, '0123456789');
    h.send('A', 0xfffffff0 - 2 ** 31 + 20, 'held');
    h.send('B', 900, '', { ack: 0xfffffff0 }); // 2^31 − 10 ahead: no window is that large
    expect(h.recorder.stream(1, 0)).toBe('0123456789');
    h.finish();
    expect(h.recorder.stream(1, 0)).toBe('0123456789[10]held');
  });

  it('delivers held data before ending on RST', () => {
    const h = new Harness();
    start(h);
    h.send('A', 115, 'later');
    h.send('B', 901, '', { flags: TCP_RST });
    expect(h.recorder.stream(1, 0)).toBe('0123456789[5]later');
    expect(h.recorder.of(1).pop()).toMatchObject({ kind: 'end', reason: 'rst' });
  });

  it('at the end of the capture turns holes into gaps and ends with eof', () => {
    const h = new Harness();
    start(h);
    h.send('A', 112, 'cd');
    h.send('B', 910, 'xyz');
    h.finish();
    expect(h.recorder.stream(1, 0)).toBe('0123456789[2]cd');
    expect(h.recorder.stream(1, 1)).toBe('r[9]xyz');
    expect(h.recorder.of(1).pop()).toEqual({ kind: 'end', conn: 1, reason: 'eof', frame: 5 });
    expect(h.reassembler.openConnections).toBe(0);
  });
});

describe('TcpReassembler: truncated packets', () => {
  it('delivers the captured part and counts the cut tail as lost, exactly once the next segment shows its size', () => {
    const h = new Harness();
    start(h);
    h.send('A', 110, 'abc', { truncated: true }); // really 10 bytes long
    expect(h.recorder.stream(1, 0)).toBe('0123456789abc');
    h.send('A', 120, 'next');
    expect(h.recorder.stream(1, 0)).toBe('0123456789abc[7]next');
  });

  it('lets a full retransmission fill the cut tail', () => {
    const h = new Harness();
    start(h);
    h.send('A', 110, 'abc', { truncated: true });
    h.send('A', 110, 'abcdefghij');
    h.send('A', 120, 'next');
    expect(h.recorder.stream(1, 0)).toBe('0123456789abcdefghijnext');
    expect(h.reassembler.stats().gaps).toBe(0);
  });

  it('reports an unknown loss when a cut packet is the last of its direction', () => {
    const h = new Harness();
    start(h);
    h.send('A', 110, 'abc', { truncated: true, flags: FIN_ACK });
    h.finish();
    expect(h.recorder.stream(1, 0)).toBe('0123456789abc[?]');
  });

  it('counts the tail of a cut out-of-order packet as lost once the stream reaches it', () => {
    const h = new Harness();
    start(h);
    h.send('A', 120, 'KL', { truncated: true }); // really [120,130)
    h.send('A', 130, 'UVW');
    h.send('A', 110, 'abcdefghij');
    expect(h.recorder.stream(1, 0)).toBe('0123456789abcdefghijKL[8]UVW');
  });
});
