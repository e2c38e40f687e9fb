#!/usr/bin/env node
// Shebang shim: loads the built CLI (npm run build writes dist/).
import { main } from '../dist/cli/program.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`oxnotif-dump: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
