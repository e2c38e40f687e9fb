import { withLimits } from '../../core/limits.js';
import { collectCapture, PcapngWriter } from '../../test-support/capture-writer.js';

const pkt = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);
const summary = (c: Awaited<ReturnType<typeof collectCapture>>): unknown[] =>
  c.packets.map((p) => [p.frame, p.interfaceId, p.linkType, p.sec, p.nsec, p.data.length, p.origLen]);

describe('pcapng reader', () => {
  for (const bigEndian of [false, true]) {
    it(`reads EPBs on several interfaces with µs and ns resolution (${bigEndian ? 'big' : 'little'}-endian)`, async () => {
      const w = new PcapngWriter()
        .section({ bigEndian })
        .iface({ linkType: 1, snaplen: 262144 })
        .iface({ linkType: 113, snaplen: 0, tsresol: 9 })
        .epb({ iface: 0, ts: 1_700_000_000_123_456n, data: pkt(61, 1), comment: 'first' })
        .epb({ iface: 1, ts: 1_700_000_000_123_456_789n, data: pkt(3, 2), origLen: 1500 })
        .epb({ iface: 0, ts: 1_700_000_001_000_000n, data: pkt(0, 0) });
      const c = await collectCapture(w.bytes());
      expect(c.damage).toEqual([]);
      expect(c.start).toEqual([{ format: 'pcapng', precision: 6 }]);
      expect(c.interfaces).toEqual([
        { linkType: 1, interfaceId: 0 },
        { linkType: 113, interfaceId: 1 },
      ]);
      expect(summary(c)).toEqual([
        [1, 0, 1, 1_700_000_000, 123_456_000, 61, 61],
        [2, 1, 113, 1_700_000_000, 123_456_789, 3, 1500],
        [3, 0, 1, 1_700_000_001, 0, 0, 0],
      ]);
      expect(c.packets[0]!.data.every((x) => x === 1)).toBe(true);
      expect(c.summary).toEqual({ frames: 3, bytes: 64 });
    });
  }

  it('reads several sections, each with its own byte order and interface ids', async () => {
    const w = new PcapngWriter()
      .section()
      .iface({ linkType: 1 })
      .epb({ ts: 1_000_000n, data: pkt(10, 1) })
      .section({ bigEndian: true })
      .iface({ linkType: 101, tsresol: 9 })
      .iface({ linkType: 276, tsresol: 3 })
      .epb({ iface: 1, ts: 5_250n, data: pkt(20, 2) })
      .epb({ iface: 0, ts: 7_000_000_001n, data: pkt(20, 3) })
      .section()
      .iface({ linkType: 0 })
      .epb({ ts: 9_000_000n, data: pkt(4, 4) });
    const c = await collectCapture(w.bytes());
    expect(c.damage).toEqual([]);
    expect(c.interfaces).toEqual([
      { linkType: 1, interfaceId: 0 },
      { linkType: 101, interfaceId: 0 },
      { linkType: 276, interfaceId: 1 },
      { linkType: 0, interfaceId: 0 },
    ]);
    expect(summary(c)).toEqual([
      [1, 0, 1, 1, 0, 10, 10],
      [2, 1, 276, 5, 250_000_000, 20, 20],
      [3, 0, 101, 7, 1, 20, 20],
      [4, 0, 0, 9, 0, 4, 4],
    ]);
  });

  it('applies power-of-two if_tsresol and if_tsoffset', async () => {
    const w = new PcapngWriter()
      .section()
      .iface({ linkType: 1, tsresol: 0x80 | 20, tsoffset: 1_600_000_000n })
      .epb({ ts: (100n << 20n) + (1n << 18n), data: pkt(1, 1) })
      .iface({ linkType: 1, tsoffset: -10n })
      .epb({ iface: 1, ts: 20_000_001n, data: pkt(1, 1) });
    const c = await collectCapture(w.bytes());
    expect(c.start).toEqual([{ format: 'pcapng', precision: 7 }]);
    expect(c.packets.map((p) => [p.sec, p.nsec])).toEqual([
      [1_600_000_100, 250_000_000],
      [10, 1000],
    ]);
  });

  it('reads Simple Packet Blocks with interface 0, its SnapLen and the previous timestamp', async () => {
    const w = new PcapngWriter()
      .section()
      .iface({ linkType: 1, snaplen: 64 })
      .epb({ ts: 42_000_007n, data: pkt(10, 1) })
      .spb({ data: pkt(64, 2), origLen: 1000 })
      .spb({ data: pkt(9, 3) });
    const c = await collectCapture(w.bytes());
    expect(c.damage).toEqual([]);
    expect(summary(c)).toEqual([
      [1, 0, 1, 42, 7000, 10, 10],
      [2, 0, 1, 42, 7000, 64, 1000],
      [3, 0, 1, 42, 7000, 9, 9],
    ]);
    expect(c.packets[2]!.data).toEqual(pkt(9, 3));
  });

  it('reads obsolete Packet Blocks (type 2)', async () => {
    const w = new PcapngWriter()
      .section()
      .iface({ linkType: 1 })
      .iface({ linkType: 1, tsresol: 9 })
      .opb({ iface: 1, ts: 3_000_000_005n, data: pkt(14, 9), origLen: 60 });
    const c = await collectCapture(w.bytes());
    expect(c.damage).toEqual([]);
    expect(summary(c)).toEqual([[1, 1, 1, 3, 5, 14, 60]]);
  });

  it('skips NRB, ISB, DSB, custom and unknown blocks without counting frames', async () => {
    const w = new PcapngWriter()
      .section()
      .block(4, Uint8Array.from([1, 0, 4, 0, 10, 0, 0, 1, 0, 0, 0, 0]))
      .iface({ linkType: 1 })
      .block(5, pkt(12, 0))
      .block(0x0a, pkt(8, 0))
      .block(0x00000bad, Uint8Array.from([0, 0, 0x7e, 0x79, 1, 2, 3]))
      .block(0x40000bad, pkt(4, 0))
      .block(0x12345678, pkt(100, 0xff))
      .epb({ ts: 1_000_000n, data: pkt(5, 5) });
    const c = await collectCapture(w.bytes());
    expect(c.damage).toEqual([]);
    expect(summary(c)).toEqual([[1, 0, 1, 1, 0, 5, 5]]);
  });

  it('reports an EPB naming an undescribed interface, and continues', async () => {
    const w = new PcapngWriter().section().iface({ linkType: 1 }).epb({ iface: 3, ts: 0n, data: pkt(5, 1) }).epb({ ts: 0n, data: pkt(6, 1) });
    const c = await collectCapture(w.bytes());
    expect(c.damage).toHaveLength(1);
    expect(c.damage[0]).toMatchObject({ frame: 1, damage: { reason: 'malformed', field: 'EPB interface id' } });
    expect(summary(c)).toEqual([[2, 0, 1, 0, 0, 6, 6]]);
  });

  it('reports a captured length that does not fit its block, and continues', async () => {
    const w = new PcapngWriter().section().iface({ linkType: 1 }).epb({ ts: 0n, data: pkt(8, 1), caplen: 200 }).epb({ ts: 0n, data: pkt(6, 1) });
    const c = await collectCapture(w.bytes());
    expect(c.damage).toHaveLength(1);
    expect(c.damage[0]!.damage).toMatchObject({ reason: 'malformed', field: 'EPB captured length' });
    expect(c.packets.map((p) => p.frame)).toEqual([2]);
  });

  it('reports a trailing length that disagrees, skips that block, and continues', async () => {
    const w = new PcapngWriter().section().iface({ linkType: 1 });
    const before = w.bytes().length;
    w.epb({ ts: 0n, data: pkt(8, 1) }, { trailing: 99 }).epb({ ts: 0n, data: pkt(6, 1) });
    const c = await collectCapture(w.bytes());
    expect(c.damage).toHaveLength(1);
    expect(c.damage[0]!.damage).toMatchObject({ reason: 'malformed', offset: before + 40 - 4, field: 'trailing block total length' });
    expect(c.packets.map((p) => p.data.length)).toEqual([6]);
  });

  it('stops at a block length that is not a multiple of 4 or too small', async () => {
    for (const length of [13, 8, 0]) {
      const w = new PcapngWriter().section().iface({ linkType: 1 });
      const at = w.bytes().length;
      w.epb({ ts: 0n, data: pkt(8, 1) }, { length }).epb({ ts: 0n, data: pkt(6, 1) });
      const c = await collectCapture(w.bytes());
      expect(c.packets).toHaveLength(0);
      expect(c.damage).toHaveLength(1);
      expect(c.damage[0]!.damage).toMatchObject({ reason: 'malformed', offset: at + 4, field: 'block total length' });
    }
  });

  it('skips a block larger than maxBlockBytes unread and reads on', async () => {
    const w = new PcapngWriter().section().iface({ linkType: 1 }).epb({ ts: 0n, data: pkt(5000, 1) }).epb({ ts: 0n, data: pkt(6, 2) });
    for (const chunk of [undefined, 7, 1000]) {
      const c = await collectCapture(w.bytes(), chunk, withLimits({ maxBlockBytes: 1024 }));
      expect(c.damage.map((d) => d.damage.reason)).toEqual(['limit']);
      expect(c.packets.map((p) => [p.frame, p.data.length])).toEqual([[1, 6]]);
    }
  });

  it('reports a block whose length runs past the end of the file', async () => {
    const w = new PcapngWriter().section().iface({ linkType: 1 }).epb({ ts: 0n, data: pkt(6, 2) });
    const at = w.bytes().length;
    w.epb({ ts: 0n, data: pkt(8, 1) }, { length: 4096 });
    const c = await collectCapture(w.bytes());
    expect(c.packets).toHaveLength(1);
    expect(c.damage).toHaveLength(1);
    expect(c.damage[0]!.damage).toMatchObject({ reason: 'truncated', offset: at, field: 'pcapng Enhanced Packet Block' });
  });

  it('reports a packet larger than maxPacketBytes in a sane block, and continues', async () => {
    const w = new PcapngWriter().section().iface({ linkType: 1 }).epb({ ts: 0n, data: pkt(600, 1) }).epb({ ts: 0n, data: pkt(6, 2) });
    const c = await collectCapture(w.bytes(), undefined, withLimits({ maxPacketBytes: 500 }));
    expect(c.damage.map((d) => [d.frame, d.damage.reason])).toEqual([[1, 'limit']]);
    expect(c.packets.map((p) => p.frame)).toEqual([2]);
  });

  it('reports caplen > SnapLen but reads the packet', async () => {
    const w = new PcapngWriter().section().iface({ linkType: 1, snaplen: 4 }).epb({ ts: 0n, data: pkt(6, 2) });
    const c = await collectCapture(w.bytes());
    expect(c.damage.map((d) => [d.frame, d.damage.reason])).toEqual([[1, 'malformed']]);
    expect(c.packets).toHaveLength(1);
  });

  it('refuses a first section of an unknown major version; skips a later one', async () => {
    await expect(collectCapture(new PcapngWriter().section({ major: 2 }).bytes())).rejects.toMatchObject({ kind: 'unsupported-format' });
    const w = new PcapngWriter()
      .section()
      .iface({ linkType: 1 })
      .epb({ ts: 0n, data: pkt(1, 1) })
      .section({ major: 2 })
      .iface({ linkType: 1 })
      .epb({ ts: 0n, data: pkt(2, 1) })
      .section()
      .iface({ linkType: 101 })
      .epb({ ts: 0n, data: pkt(3, 1) });
    const c = await collectCapture(w.bytes());
    expect(c.damage.map((d) => d.damage.reason)).toEqual(['unsupported']);
    expect(c.packets.map((p) => [p.frame, p.data.length, p.linkType])).toEqual([
      [1, 1, 1],
      [2, 3, 101],
    ]);
  });

  it('stops at a later SHB whose byte-order magic is wrong', async () => {
    const w = new PcapngWriter().section().iface({ linkType: 1 }).epb({ ts: 0n, data: pkt(1, 1) });
    const at = w.bytes().length;
    w.block(0x0a0d0d0a, pkt(16, 0)).epb({ ts: 0n, data: pkt(1, 1) });
    const c = await collectCapture(w.bytes());
    expect(c.packets).toHaveLength(1);
    expect(c.damage.map((d) => [d.damage.reason, d.damage.offset])).toEqual([['malformed', at + 8]]);
  });

  it('starts once, with µs precision, when a section has no interface at all', async () => {
    const c = await collectCapture(new PcapngWriter().section().bytes());
    expect(c.start).toEqual([{ format: 'pcapng', precision: 6 }]);
    expect(c.summary.frames).toBe(0);
  });
});
