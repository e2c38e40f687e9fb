import { withLimits } from '../../core/limits.js';
import { collectCapture, writePcap } from '../../test-support/capture-writer.js';

const pkt = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

describe('pcap reader', () => {
  const records = [
    { sec: 1_700_000_000, frac: 1, data: pkt(60, 0xa1) },
    { sec: 1_700_000_001, frac: 999_999, data: pkt(1514, 0xb2), origLen: 1514 },
    { sec: 1_700_000_002, frac: 0, data: pkt(0, 0) },
  ];

  for (const bigEndian of [false, true]) {
    it(`reads µs pcap (${bigEndian ? 'big' : 'little'}-endian)`, async () => {
      const c = await collectCapture(writePcap({ linkType: 113, snaplen: 65535, bigEndian }, records));
      expect(c.start).toEqual([{ format: 'pcap', precision: 6 }]);
      expect(c.interfaces).toEqual([{ linkType: 113, interfaceId: 0 }]);
      expect(c.damage).toEqual([]);
      expect(c.packets.map((p) => [p.frame, p.sec, p.nsec, p.data.length, p.origLen, p.linkType])).toEqual([
        [1, 1_700_000_000, 1000, 60, 60, 113],
        [2, 1_700_000_001, 999_999_000, 1514, 1514, 113],
        [3, 1_700_000_002, 0, 0, 0, 113],
      ]);
      expect(c.packets[1]!.data.every((x) => x === 0xb2)).toBe(true);
      expect(c.summary).toEqual({ frames: 3, bytes: 60 + 1514 });
    });

    it(`reads ns pcap (${bigEndian ? 'big' : 'little'}-endian)`, async () => {
      const c = await collectCapture(
        writePcap({ nanos: true, bigEndian }, [{ sec: 1_700_000_000, frac: 123_456_789, data: pkt(42, 7), origLen: 100 }]),
      );
      expect(c.start).toEqual([{ format: 'pcap', precision: 9 }]);
      expect(c.packets).toHaveLength(1);
      expect(c.packets[0]).toMatchObject({ frame: 1, sec: 1_700_000_000, nsec: 123_456_789, origLen: 100, linkType: 1 });
      expect(c.packets[0]!.data.length).toBe(42);
    });
  }

  it('takes the link type from the low 16 bits (the upper bits hold FCS information)', async () => {
    const c = await collectCapture(writePcap({ linkType: 0x1000_0001 }, records.slice(0, 1)));
    expect(c.interfaces).toEqual([{ linkType: 1, interfaceId: 0 }]);
    expect(c.packets[0]!.linkType).toBe(1);
  });

  it('reports caplen > snaplen but still reads the packet', async () => {
    const c = await collectCapture(writePcap({ snaplen: 64 }, [{ sec: 1, frac: 0, data: pkt(100, 1) }, { sec: 2, frac: 0, data: pkt(10, 2) }]));
    expect(c.packets.map((p) => p.data.length)).toEqual([100, 10]);
    expect(c.damage).toHaveLength(1);
    expect(c.damage[0]).toMatchObject({ frame: 1, damage: { reason: 'malformed', offset: 24 + 8 } });
  });

  it('stops at a caplen beyond maxPacketBytes: the file is out of step', async () => {
    const bytes = writePcap({}, [
      { sec: 1, frac: 0, data: pkt(20, 1) },
      { sec: 2, frac: 0, data: pkt(20, 2), caplen: 0x7fff_0000 },
      { sec: 3, frac: 0, data: pkt(20, 3) },
    ]);
    const c = await collectCapture(bytes);
    expect(c.packets).toHaveLength(1);
    expect(c.damage).toHaveLength(1);
    expect(c.damage[0]!.damage).toMatchObject({ reason: 'malformed', offset: 24 + 16 + 20 + 8 });
    expect(c.damage[0]!.damage.detail).toContain('maxPacketBytes');
    // A lower cap is honoured too.
    const small = await collectCapture(writePcap({}, [{ sec: 1, frac: 0, data: pkt(200, 1) }]), undefined, withLimits({ maxPacketBytes: 100 }));
    expect(small.packets).toHaveLength(0);
    expect(small.damage).toHaveLength(1);
  });

  it('reports a truncated last record with its file offset and keeps the packets before it', async () => {
    const full = writePcap({}, [{ sec: 1, frac: 0, data: pkt(30, 1) }, { sec: 2, frac: 0, data: pkt(30, 2) }]);
    const c = await collectCapture(full.subarray(0, full.length - 5));
    expect(c.packets).toHaveLength(1);
    expect(c.damage).toEqual([
      {
        frame: null,
        damage: expect.objectContaining({ reason: 'truncated', offset: 24 + 46 }) as unknown,
      },
    ]);
  });

  it('refuses a pcap version other than 2.x', async () => {
    await expect(collectCapture(writePcap({ versionMajor: 1 }, []))).rejects.toMatchObject({ kind: 'unsupported-format' });
  });

  it('reads a header-only file as zero frames', async () => {
    const c = await collectCapture(writePcap({ linkType: 101 }, []));
    expect(c.summary).toEqual({ frames: 0, bytes: 0 });
    expect(c.interfaces).toEqual([{ linkType: 101, interfaceId: 0 }]);
    expect(c.damage).toEqual([]);
  });
});
