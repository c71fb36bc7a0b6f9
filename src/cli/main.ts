// The `larch` command: the shell, -c/-f and `test` (bin/larch.js sends `serve` to the server).

import { Engine } from '../engine/engine.js';
import { LarchError } from '../engine/errors.js';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './args.js';
import { historyPath } from './history.js';
import { runActions } from './run-actions.js';
import { runShell } from './shell.js';
import { ProgressLine } from './progress-line.js';
import { StatementRunner } from './statement-runner.js';
import { testCommand } from './test-command.js';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'test') return testCommand(rest);
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`larch: ${e.message}\nTry "larch --help" for more information.\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let engine: Engine;
  try {
    engine = await Engine.open(options.dataDir);
  } catch (e) {
    // A locked, damaged or foreign --data directory: say why, as psql does for a failed connection.
    if (!(e instanceof LarchError)) throw e;
    process.stderr.write(`larch: ${e.message}\n${e.hint === undefined ? '' : `HINT:  ${e.hint}\n`}`);
    return 1;
  }
  try {
    const settings = { format: options.format, expanded: options.expanded, timing: false };
    const session = engine.session();
    // A terminal shows the progress of long statements (training passes) on a status line.
    const progress = process.stderr.isTTY === true ? new ProgressLine(process.stderr) : undefined;
    if (progress !== undefined) session.onProgress = (p) => progress.update(p);
    const runner = new StatementRunner(session, settings, process.stdout, process.stderr, progress);
    if (options.actions.length > 0) return await runActions(runner, options.actions);
    const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
    return await runShell(runner, {
      input: process.stdin,
      output: process.stdout,
      interactive,
      historyFile: interactive ? historyPath() : undefined,
    });
  } finally {
    await engine.close();
  }
}

// Output piped into a program that stops reading (`larch -c … | head`) ends larch quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`larch: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
