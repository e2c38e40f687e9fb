import { Command, InvalidArgumentError, Option } from 'commander';
import { withLimits } from '../core/limits.js';
import { renderDecodeTree } from '../render/decode-tree.js';
import { TextOutput } from '../render/output.js';
import { DecodeInputError, readDecodeInput } from './decode-input.js';
import { DECODE_FORMS, decodeDocument, DecodeUsageError, EC_DO_RPC_EXT2, type DecodeForm } from './decode-layers.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './user-errors.js';

/**
 * `oxnotif-dump decode [options] <file-or-hex>`: one raw buffer through the layers it belongs to,
 * printed as a tree (every field named) or as one JSON document (docs/decode.md).
 */
export interface DecodeCommandOptions {
  as?: DecodeForm;
  opnum: number;
  request?: string;
  json?: boolean;
}

function parseOpnum(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) throw new InvalidArgumentError('expected an opnum from 0 to 65535');
  return n;
}

export function decodeCommand(onDone: (code: number) => void): Command {
  return new Command('decode')
    .description('Decode one raw buffer: an EMSMDB call stub (NDR), an rgbIn/rgbOut buffer (RPC_HEADER_EXT chain), a ROP request or response buffer, or NotificationData; human tree or --json.')
    .argument('<file-or-hex>', 'a file (binary or hex text), - for standard input, or the bytes as a hex string (spaces, colons and 0x allowed)')
    .addOption(new Option('--as <form>', 'what the bytes are (guessed when omitted)').choices(DECODE_FORMS))
    .option('--opnum <n>', 'EMSMDB opnum of a stub', parseOpnum, EC_DO_RPC_EXT2)
    .option('--request <file-or-hex>', 'the paired request (same layer as the response: stub, rgbIn or ROP buffer), for the responses whose layout it gives')
    .option('--json', 'one JSON document instead of the tree')
    .showHelpAfterError('(run oxnotif-dump decode --help for usage)')
    .exitOverride()
    .action(async (input: string, o: DecodeCommandOptions) => {
      onDone(await runDecode(input, o));
    });
}

/** Returns the exit code: 0 decoded (damage is reported, not an error), 2 unreadable input, 3 usage. */
export async function runDecode(input: string, o: DecodeCommandOptions): Promise<number> {
  const fail = (line: string, code: number): number => {
    process.stderr.write(`oxnotif-dump decode: ${line}\n`);
    return code;
  };
  let bytes: Uint8Array, source: string, request: Uint8Array | undefined;
  try {
    ({ bytes, source } = await readDecodeInput(input));
    if (o.request !== undefined) {
      if (o.request === '-' && input === '-') return fail('only one of the buffer and --request can come from standard input', EXIT_USAGE);
      request = (await readDecodeInput(o.request)).bytes;
    }
  } catch (err) {
    if (err instanceof DecodeInputError) return fail(err.message, EXIT_FAILED);
    throw err;
  }
  let doc;
  try {
    doc = decodeDocument(bytes, { ...(o.as ? { as: o.as } : {}), opnum: o.opnum, ...(request ? { request } : {}), limits: withLimits({}) }, source);
  } catch (err) {
    if (err instanceof DecodeUsageError) return fail(err.message, err.message.startsWith('cannot tell') ? EXIT_FAILED : EXIT_USAGE);
    throw err;
  }
  const out = new TextOutput(process.stdout);
  out.write(o.json ? `${JSON.stringify(doc, null, 2)}\n` : renderDecodeTree(doc));
  await out.flush();
  return EXIT_OK;
}
