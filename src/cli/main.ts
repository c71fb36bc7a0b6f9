// The `larch` command: the shell, -c/-f, `test` and (later) `serve`.

import { testCommand } from './test-command.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'test') return testCommand(rest);
  process.stderr.write('larch: the shell and -c are not available yet\n');
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`larch: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
