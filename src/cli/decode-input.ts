import { readFile, stat } from 'node:fs/promises';

/**
 * Where `oxnotif-dump decode` gets its bytes: a file (binary, or hex text), `-` for standard
 * input (either form), or the argument itself as hex. Hex may carry spaces, colons, commas,
 * dashes, `0x` prefixes, and the offset column of a dump (`0010: F8 56 …`, as the protocol
 * documents print vectors).
 */

/** Largest input read: far above any stub (EcDoRpcExt2 buffers stop at 256 KiB), far below memory. */
export const MAX_DECODE_INPUT = 8 * 1024 * 1024;

export class DecodeInputError extends Error {}

export interface DecodeInput {
  bytes: Uint8Array;
  /** How the bytes were given, for the report: "file", "file (hex text)", "hex", "stdin"… */
  source: string;
}

const OFFSET_COLUMN = /^\s*[0-9a-fA-F]{4,8}:\s/;

/**
 * Hex text to bytes, or null when the text is not hex. A dump's offset column is dropped when
 * every line that holds data starts with one.
 */
export function parseHexText(text: string): Uint8Array | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const dump = lines.every((l) => OFFSET_COLUMN.test(l));
  const body = (dump ? lines.map((l) => l.replace(OFFSET_COLUMN, '')) : lines).join(' ');
  const clean = body.replace(/0x/gi, '').replace(/[\s:,;-]/g, '');
  if (clean.length === 0 || clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) return null;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes that are printable text made of hex digits and separators are read as hex. */
function asHexIfText(bytes: Uint8Array): Uint8Array | null {
  for (const b of bytes) if (b !== 0x09 && b !== 0x0a && b !== 0x0d && (b < 0x20 || b > 0x7e)) return null;
  return parseHexText(new TextDecoder('latin1').decode(bytes));
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > MAX_DECODE_INPUT) throw new DecodeInputError(`standard input is larger than ${MAX_DECODE_INPUT} bytes`);
    parts.push(b);
  }
  return new Uint8Array(Buffer.concat(parts));
}

function fromBytes(raw: Uint8Array, what: string): DecodeInput {
  const hex = asHexIfText(raw);
  if (hex) return { bytes: hex, source: `${what} (hex text)` };
  return { bytes: raw, source: what };
}

export async function readDecodeInput(arg: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<DecodeInput> {
  if (arg === '-') {
    const raw = await readStdin(stdin);
    if (raw.length === 0) throw new DecodeInputError('standard input is empty');
    return fromBytes(raw, 'standard input');
  }
  const info = await stat(arg).catch(() => null);
  if (info?.isFile()) {
    if (info.size > MAX_DECODE_INPUT) throw new DecodeInputError(`${arg} is ${info.size} bytes; decode reads at most ${MAX_DECODE_INPUT}`);
    if (info.size === 0) throw new DecodeInputError(`${arg} is empty`);
    const raw = await readFile(arg).catch((e: NodeJS.ErrnoException) => {
      throw new DecodeInputError(`cannot read ${arg}: ${e.code ?? e.message}`);
    });
    return fromBytes(new Uint8Array(raw), 'file');
  }
  if (info) throw new DecodeInputError(`${arg} is not a file`);
  const hex = parseHexText(arg);
  if (hex) return { bytes: hex, source: 'hex argument' };
  throw new DecodeInputError(`${arg} is neither a readable file nor a hex string (hex digits, with optional spaces, colons or 0x)`);
}
