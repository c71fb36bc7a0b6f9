// The entry point of `larch serve` (bin/larch.js sends the `serve` command here).

import { serveCommand } from './serve-command.js';

serveCommand(process.argv.slice(3)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`larch serve: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
