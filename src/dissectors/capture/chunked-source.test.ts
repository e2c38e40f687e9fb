import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DEFAULT_LIMITS } from '../../core/limits.js';
import { writePcap } from '../../test-support/capture-writer.js';
import { readCapture } from './capture-reader.js';
import { memorySource, openSource, streamSource, type ChunkedSource } from './chunked-source.js';
import { CaptureError, type CaptureHandler } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'oxnotif-src-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ioFailure(path: string): Promise<CaptureError> {
  try {
    await openSource(path);
  } catch (e) {
    if (e instanceof CaptureError) return e;
    throw e;
  }
  throw new Error('opened');
}

async function drain(src: ChunkedSource): Promise<number[]> {
  const sizes: number[] = [];
  for (let c = await src.read(); c !== null; c = await src.read()) sizes.push(c.length);
  return sizes;
}

function counting(): { handler: CaptureHandler; lengths: number[] } {
  const lengths: number[] = [];
  return {
    lengths,
    handler: { onStart: () => {}, onInterface: () => {}, onPacket: (p) => void lengths.push(p.data.length), onDamage: () => {} },
  };
}

describe('chunked sources', () => {
  it('reads a file in chunks of the requested size', async () => {
    const path = join(dir, 'a.bin');
    writeFileSync(path, new Uint8Array(2500).fill(3));
    const src = await openSource(path, 1000);
    expect(src.name).toBe(path);
    expect(await drain(src)).toEqual([1000, 1000, 500]);
    expect(await src.read()).toBeNull();
    await src.close();
    await src.close();
  });

  it('feeds readCapture from a file', async () => {
    const path = join(dir, 'b.pcap');
    const recs = [1, 2, 3].map((i) => ({ sec: i, frac: 0, data: new Uint8Array(100 * i) }));
    writeFileSync(path, writePcap({}, recs));
    const src = await openSource(path, 64);
    const { handler, lengths } = counting();
    expect(await readCapture(src, handler, DEFAULT_LIMITS)).toEqual({ frames: 3, bytes: 600 });
    expect(lengths).toEqual([100, 200, 300]);
    await src.close();
  });

  it('explains a missing file, a directory and an unreadable file', async () => {
    const missing = await ioFailure(join(dir, 'nope.pcap'));
    expect(missing.kind).toBe('io');
    expect(missing.message).toBe(`${join(dir, 'nope.pcap')}: no such file`);
    expect((await ioFailure(dir)).message).toBe(`${dir}: is a directory, not a capture file`);
    expect((await ioFailure(join(path0(), 'x'))).message).toContain('not a directory');
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.pcap');
      writeFileSync(locked, 'x');
      chmodSync(locked, 0o000);
      expect((await ioFailure(locked)).message).toBe(`${locked}: permission denied`);
    }
  });

  it('a stream source skips empty chunks and ends with null', async () => {
    const src = streamSource(Readable.from([Buffer.from([1, 2]), Buffer.alloc(0), Buffer.from([3])]), 'stdin');
    expect(await drain(src)).toEqual([2, 1]);
  });

  it('a memory source overwrites its chunk on the next read (as files do)', async () => {
    const src = memorySource(Uint8Array.from([1, 2, 3, 4]), 2);
    const a = await src.read();
    expect(Array.from(a!)).toEqual([1, 2]);
    await src.read();
    expect(Array.from(a!)).toEqual([3, 4]);
  });

  it('an empty input is a CaptureError of kind empty', async () => {
    await expect(readCapture(memorySource(new Uint8Array(0)), counting().handler, DEFAULT_LIMITS)).rejects.toMatchObject({
      kind: 'empty',
      message: 'memory: the file is empty (0 bytes)',
    });
  });

  it('sniffs across a trickling stream', async () => {
    const bytes = writePcap({}, [{ sec: 1, frac: 0, data: new Uint8Array(10) }]);
    const parts = Array.from(bytes, (b) => Buffer.from([b]));
    const { handler, lengths } = counting();
    await readCapture(streamSource(Readable.from(parts), 'stdin'), handler, DEFAULT_LIMITS);
    expect(lengths).toEqual([10]);
  });
});

/** A path whose parent is a regular file. */
function path0(): string {
  const f = join(dir, 'plain');
  writeFileSync(f, 'x');
  return f;
}
