import type { Damage } from '../../core/damage.js';
import type { FrameRef } from '../../core/frame-ref.js';
import { withLimits, type Limits } from '../../core/limits.js';
import { FragmentReassembler, type Fragment } from './fragment-reassembler.js';

const SRC4 = Uint8Array.from([10, 0, 0, 1]);
const DST4 = Uint8Array.from([10, 0, 0, 2]);
/** Datagram bytes 0, 1, 2, … so any misplaced byte shows. */
const DATAGRAM = Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff);

function frag(offset: number, length: number, more: boolean, over: Partial<Fragment> = {}): Fragment {
  return {
    version: 4,
    src: SRC4,
    dst: DST4,
    id: 0x1234,
    protocol: 17,
    offset,
    more,
    data: DATAGRAM.subarray(offset, offset + length),
    length,
    headerAt: 14,
    ...over,
  };
}

function setup(limits: Partial<Limits> = {}): { r: FragmentReassembler; damage: { d: Damage; at: FrameRef }[] } {
  const damage: { d: Damage; at: FrameRef }[] = [];
  return { r: new FragmentReassembler(withLimits(limits), (d, at) => damage.push({ d, at })), damage };
}

const at = (frame: number, sec = 100, nsec = 0): FrameRef => ({ frame, time: { sec, nsec } });

describe('IP fragment reassembly', () => {
  it('in order', () => {
    const { r, damage } = setup();
    expect(r.add(frag(0, 1480, true), at(1))).toBeNull();
    expect(r.add(frag(1480, 1480, true), at(2))).toBeNull();
    const whole = r.add(frag(2960, 40, false), at(3));
    expect(whole).not.toBeNull();
    expect(whole!.payload).toEqual(DATAGRAM);
    expect(whole!).toMatchObject({ protocol: 17, truncated: false, totalLength: 3000 });
    expect(damage).toEqual([]);
    expect(r.size).toBe(0);
    expect(r.completed).toBe(1);
  });

  it('out of order: last first, middle last', () => {
    const { r } = setup();
    expect(r.add(frag(2960, 40, false), at(1))).toBeNull();
    expect(r.add(frag(0, 1480, true), at(2))).toBeNull();
    expect(r.add(frag(1480, 1480, true), at(3))!.payload).toEqual(DATAGRAM);
  });

  it('keeps datagrams apart by id, protocol and addresses', () => {
    const { r } = setup();
    r.add(frag(0, 8, true), at(1));
    r.add(frag(0, 8, true, { id: 1 }), at(2));
    r.add(frag(0, 8, true, { protocol: 6 }), at(3));
    r.add(frag(0, 8, true, { dst: SRC4 }), at(4));
    expect(r.size).toBe(4);
    expect(r.add(frag(8, 8, false), at(5))!.payload).toEqual(DATAGRAM.subarray(0, 16));
    expect(r.size).toBe(3);
  });

  it('overlaps: the first bytes received win; a disagreeing copy is reported once', () => {
    const { r, damage } = setup();
    const forged = new Uint8Array(16).fill(0xff);
    r.add(frag(0, 16, true), at(1));
    // Overlaps [8, 16) with different bytes and brings [16, 24) new.
    r.add(frag(8, 16, true, { data: forged }), at(2));
    r.add(frag(8, 16, true, { data: forged }), at(3));
    const whole = r.add(frag(24, 8, false), at(4))!;
    expect(Array.from(whole.payload.subarray(0, 16))).toEqual(Array.from(DATAGRAM.subarray(0, 16)));
    expect(Array.from(whole.payload.subarray(16, 24))).toEqual(new Array(8).fill(0xff));
    expect(Array.from(whole.payload.subarray(24, 32))).toEqual(Array.from(DATAGRAM.subarray(24, 32)));
    expect(damage).toHaveLength(1);
    expect(damage[0]!.d).toMatchObject({ reason: 'malformed', field: 'IPv4 fragment', offset: 14 });
    expect(damage[0]!.d.detail).toContain('10.0.0.1 → 10.0.0.2 id 0x1234');
    expect(damage[0]!.at.frame).toBe(2);
  });

  it('exact duplicates (a capture seeing each packet twice) are not damage', () => {
    const { r, damage } = setup();
    r.add(frag(0, 16, true), at(1));
    r.add(frag(0, 16, true), at(2));
    r.add(frag(16, 8, false), at(3));
    expect(damage).toEqual([]);
    expect(r.completed).toBe(1);
  });

  it('a fragment cut by the snap length: the datagram stops at the cut and says so', () => {
    const { r } = setup();
    r.add(frag(0, 16, true, { data: DATAGRAM.subarray(0, 10) }), at(1));
    const whole = r.add(frag(16, 16, false), at(2))!;
    expect(whole.truncated).toBe(true);
    expect(whole.totalLength).toBe(32);
    expect(whole.payload).toEqual(DATAGRAM.subarray(0, 10));
  });

  it('incomplete datagrams expire after ipFragmentTimeoutSec of capture time, reported as gap', () => {
    const { r, damage } = setup({ ipFragmentTimeoutSec: 30 });
    r.add(frag(0, 8, true), at(1, 100, 500));
    r.expire({ sec: 130, nsec: 500 });
    expect(r.size).toBe(1);
    r.expire({ sec: 130, nsec: 501 });
    expect(r.size).toBe(0);
    expect(damage).toHaveLength(1);
    expect(damage[0]!.d).toMatchObject({ reason: 'gap' });
    expect(damage[0]!.d.detail).toContain('8 bytes of an unknown total');
    expect(damage[0]!.at).toEqual(at(1, 100, 500));
    // A late fragment starts afresh instead of completing the expired one.
    expect(r.add(frag(8, 8, false), at(9, 200))).toBeNull();
    expect(r.lost).toBe(1);
  });

  it('a fragment past maxIpFragmentBytes drops the datagram once; its later fragments are swallowed', () => {
    const { r, damage } = setup({ maxIpFragmentBytes: 2000 });
    r.add(frag(0, 1480, true), at(1));
    expect(r.add(frag(1480, 1480, true), at(2))).toBeNull();
    expect(r.add(frag(2960, 40, false), at(3))).toBeNull();
    expect(damage.map((x) => x.d.reason)).toEqual(['limit']);
    expect(damage[0]!.d.detail).toContain('maxIpFragmentBytes');
  });

  it('more than maxIpReassemblies datagrams: the oldest is evicted and reported', () => {
    const { r, damage } = setup({ maxIpReassemblies: 2 });
    r.add(frag(0, 8, true, { id: 1 }), at(1));
    r.add(frag(0, 8, true, { id: 2 }), at(2));
    r.add(frag(0, 8, true, { id: 3 }), at(3));
    expect(r.size).toBe(2);
    expect(damage).toHaveLength(1);
    expect(damage[0]!.d).toMatchObject({ reason: 'limit' });
    expect(damage[0]!.d.detail).toContain('id 0x1');
    expect(r.add(frag(8, 8, false, { id: 3 }), at(4))).not.toBeNull();
  });

  it('two different last fragments: reported, datagram dropped', () => {
    const { r, damage } = setup();
    r.add(frag(16, 8, false), at(1));
    r.add(frag(24, 8, false), at(2));
    r.add(frag(0, 16, true), at(3));
    expect(r.completed).toBe(0);
    expect(damage.map((x) => x.d.reason)).toEqual(['malformed']);
  });

  it('data past a known end is reported and ignored', () => {
    const { r, damage } = setup();
    r.add(frag(0, 8, false, { offset: 8, data: DATAGRAM.subarray(8, 16) }), at(1));
    const whole = r.add(frag(0, 24, true), at(2))!;
    expect(whole.payload).toEqual(DATAGRAM.subarray(0, 16));
    expect(damage.map((x) => x.d.reason)).toEqual(['malformed']);
  });

  it('IPv6: the protocol is the offset-0 fragment’s Next Header, whatever the others say', () => {
    const src = new Uint8Array(16).fill(0x20);
    const { r } = setup();
    r.add(frag(8, 8, false, { version: 6, src, dst: src, protocol: 60 }), at(1));
    const whole = r.add(frag(0, 8, true, { version: 6, src, dst: src, protocol: 6 }), at(2))!;
    expect(whole.protocol).toBe(6);
  });

  it('flush reports every incomplete datagram', () => {
    const { r, damage } = setup();
    r.add(frag(0, 8, true, { id: 1 }), at(1));
    r.add(frag(8, 8, false, { id: 2 }), at(2));
    r.flush();
    expect(damage.map((x) => [x.d.reason, x.at.frame])).toEqual([
      ['gap', 1],
      ['gap', 2],
    ]);
    expect(damage[1]!.d.detail).toContain('8 bytes of 16');
    expect(r.size).toBe(0);
  });
});
