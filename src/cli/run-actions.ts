// `larch -c SQL -f FILE …`: runs each command string and file in order, stopping at the first error
// (psql with ON_ERROR_STOP=1).

import { readFile } from 'node:fs/promises';
import type { CliAction } from './args.js';
import { InputLoop, type LineOutcome } from './input-loop.js';
import type { StatementRunner } from './statement-runner.js';

/** Runs the actions; the exit code is 0 when all succeeded (or `\q` ended them), else 1. */
export async function runActions(runner: StatementRunner, actions: readonly CliAction[]): Promise<number> {
  for (const action of actions) {
    const outcome =
      action.kind === 'command' ? await runCommand(runner, action.sql) : await runFile(runner, action.path);
    if (outcome === 'quit') return 0;
    if (outcome === 'stop') return 1;
  }
  return 0;
}

/** A `-c` string: SQL sent whole, or one backslash command. */
async function runCommand(runner: StatementRunner, sql: string): Promise<LineOutcome> {
  if (sql.trimStart().startsWith('\\')) return new InputLoop(runner, { stopOnError: true }).line(sql);
  return (await runner.runCommand(sql)) ? 'continue' : 'stop';
}

/** A `-f` file (`-` is standard input), read line by line as psql reads scripts. */
async function runFile(runner: StatementRunner, path: string): Promise<LineOutcome> {
  let text: string;
  try {
    text = path === '-' ? await readStream(process.stdin) : await readFile(path, 'utf8');
  } catch (e) {
    const reason =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message;
    runner.reportError(`larch: ${path}: ${reason}`);
    return 'stop';
  }
  const loop = new InputLoop(runner, { fileName: path === '-' ? '<stdin>' : path, stopOnError: true });
  const lines = text.split(/\r?\n/);
  // A final newline ends the last line rather than starting an empty one.
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const outcome = await loop.line(line);
    if (outcome !== 'continue') return outcome;
  }
  return loop.end();
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
