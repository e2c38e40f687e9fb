import { promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { CaptureError } from './types.js';

/**
 * Bytes of a capture, a chunk at a time. A chunk is valid only until the next `read()`: file
 * sources read into one reused buffer, so memory stays flat however large the file is.
 */
export interface ChunkedSource {
  /** For messages: the path, or "stdin". */
  readonly name: string;
  /** The next chunk (never empty), or null at end of input. */
  read(): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

/** Opens a capture file, or stdin for "-". Throws CaptureError('io') with a message a person can act on. */
export async function openSource(path: string, chunkSize = DEFAULT_CHUNK_SIZE): Promise<ChunkedSource> {
  if (path === '-') return streamSource(process.stdin, 'stdin');
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (err) {
    throw ioError(path, err);
  }
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw new CaptureError('io', `${path}: is a directory, not a capture file`);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err instanceof CaptureError ? err : ioError(path, err);
  }
  return fileSource(handle, path, chunkSize);
}

function fileSource(handle: fs.FileHandle, name: string, chunkSize: number): ChunkedSource {
  const buffer = new Uint8Array(Math.max(1, chunkSize));
  let closed = false;
  return {
    name,
    async read() {
      if (closed) return null;
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, buffer.length, null));
      } catch (err) {
        throw ioError(name, err);
      }
      return bytesRead === 0 ? null : buffer.subarray(0, bytesRead);
    },
    async close() {
      if (closed) return;
      closed = true;
      await handle.close();
    },
  };
}

/** A readable stream (stdin, a pipe) as a source; its own chunks are handed out as they come. */
export function streamSource(stream: Readable, name: string): ChunkedSource {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>;
  let done = false;
  return {
    name,
    async read() {
      while (!done) {
        let next: IteratorResult<Uint8Array | string>;
        try {
          next = await it.next();
        } catch (err) {
          done = true;
          throw ioError(name, err);
        }
        if (next.done === true) {
          done = true;
          return null;
        }
        const v = next.value;
        const chunk = typeof v === 'string' ? new TextEncoder().encode(v) : v;
        if (chunk.length > 0) return chunk;
      }
      return null;
    },
    async close() {
      done = true;
      await it.return?.();
    },
  };
}

/**
 * Bytes already in memory, cut into chunks. Like a file source it copies each chunk into one
 * reused buffer, so a reader that wrongly keeps a view across `read()` sees it overwritten.
 */
export function memorySource(bytes: Uint8Array, chunkSize = DEFAULT_CHUNK_SIZE, name = 'memory'): ChunkedSource {
  const buffer = new Uint8Array(Math.max(1, Math.min(chunkSize, bytes.length)));
  let pos = 0;
  return {
    name,
    async read() {
      if (pos >= bytes.length) return null;
      const n = Math.min(buffer.length, bytes.length - pos);
      buffer.fill(0xee);
      buffer.set(bytes.subarray(pos, pos + n));
      pos += n;
      return buffer.subarray(0, n);
    },
    async close() {
      pos = bytes.length;
    },
  };
}

function ioError(path: string, err: unknown): CaptureError {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  const reason =
    code === 'ENOENT' ? 'no such file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory, not a capture file'
    : code === 'ENOTDIR' ? 'a part of the path is not a directory'
    : code === 'EMFILE' || code === 'ENFILE' ? 'too many open files'
    : err instanceof Error ? err.message
    : String(err);
  return new CaptureError('io', `${path}: ${reason}`);
}
