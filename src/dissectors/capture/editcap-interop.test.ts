import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectCapture, writePcap, type Collected } from '../../test-support/capture-writer.js';

/**
 * Files written by Wireshark's own tools: editcap converts a pcap we wrote into ns pcap and
 * pcapng (if_tsresol 6 and 9); our reader must return the same packets from each, and agree
 * with tshark on every frame's time and lengths.
 */
const haveEditcap = spawnSync('editcap', ['-V']).error === undefined;
const haveTshark = spawnSync('tshark', ['-v']).error === undefined;
if (!haveEditcap) console.warn('editcap-interop: editcap is not installed (apt install wireshark-common); these tests are skipped');

const dir = mkdtempSync(join(tmpdir(), 'oxnotif-editcap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function editcap(format: string, input: string, output: string): Uint8Array {
  const r = spawnSync('editcap', ['-F', format, input, output], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`editcap -F ${format} failed: ${r.stderr}`);
  return new Uint8Array(readFileSync(output));
}

/** tshark's view: frame number, epoch time with 9 decimals, wire length, captured length. */
function tshark(path: string): string[] {
  const r = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout.trim().split('\n');
}

function asTshark(c: Collected): string[] {
  return c.packets.map((p) => `${p.frame}\t${p.sec}.${String(p.nsec).padStart(9, '0')}\t${p.origLen}\t${p.data.length}`);
}

const frames = [
  { sec: 1_795_317_699, frac: 174_290_123, data: Uint8Array.from({ length: 74 }, (_, i) => i), origLen: 74 },
  { sec: 1_795_317_699, frac: 999_999_999, data: new Uint8Array(60).fill(0xab), origLen: 1514 },
  { sec: 1_795_317_700, frac: 1, data: new Uint8Array(0), origLen: 0 },
  { sec: 1_795_317_760, frac: 500_000_000, data: new Uint8Array(1000).fill(7), origLen: 1000 },
];

(haveEditcap ? describe : describe.skip)('files written by editcap', () => {
  const usPath = join(dir, 'us.pcap');
  const nsPath = join(dir, 'ns.pcap');
  const usRecords = frames.map((f) => ({ ...f, frac: Math.floor(f.frac / 1000) }));
  writeFileSync(usPath, writePcap({ linkType: 1, bigEndian: true }, usRecords));
  writeFileSync(nsPath, writePcap({ linkType: 1, nanos: true }, frames));

  const expectPackets = (c: Collected, nanos: boolean): void => {
    expect(c.damage).toEqual([]);
    expect(c.packets.map((p) => [p.frame, p.sec, p.nsec, p.origLen, Array.from(p.data)])).toEqual(
      frames.map((f, i) => [i + 1, f.sec, nanos ? f.frac : Math.floor(f.frac / 1000) * 1000, f.origLen, Array.from(f.data)]),
    );
  };

  it('editcap -F nsecpcap from a µs pcap', async () => {
    const c = await collectCapture(editcap('nsecpcap', usPath, join(dir, 'us-to-ns.pcap')));
    expect(c.start).toEqual([{ format: 'pcap', precision: 9 }]);
    expectPackets(c, false);
  });

  it('editcap -F pcapng from a µs pcap (if_tsresol 6)', async () => {
    const path = join(dir, 'us.pcapng');
    const c = await collectCapture(editcap('pcapng', usPath, path), 50);
    expect(c.start).toEqual([{ format: 'pcapng', precision: 6 }]);
    expect(c.interfaces).toEqual([{ linkType: 1, interfaceId: 0 }]);
    expectPackets(c, false);
    if (haveTshark) expect(asTshark(c)).toEqual(tshark(path));
  });

  it('editcap -F pcapng from a ns pcap (if_tsresol 9)', async () => {
    const path = join(dir, 'ns.pcapng');
    const c = await collectCapture(editcap('pcapng', nsPath, path), 13);
    expect(c.start).toEqual([{ format: 'pcapng', precision: 9 }]);
    expectPackets(c, true);
    if (haveTshark) expect(asTshark(c)).toEqual(tshark(path));
  });

  it('our reading of the pcaps agrees with tshark', async () => {
    if (!haveTshark) return;
    expect(asTshark(await collectCapture(new Uint8Array(readFileSync(nsPath))))).toEqual(tshark(nsPath));
    expect(asTshark(await collectCapture(new Uint8Array(readFileSync(usPath))))).toEqual(tshark(usPath));
  });
});
