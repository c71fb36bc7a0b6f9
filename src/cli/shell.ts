// The shell (`larch` without -c or -f): on a terminal, a prompt with line editing, persistent history and
// Ctrl-C handling; otherwise statements read from standard input without prompts, as psql does.

import { createInterface } from 'node:readline';
import { HISTORY_SIZE, loadHistory, saveHistory } from './history.js';
import { InputLoop } from './input-loop.js';
import type { StatementRunner } from './statement-runner.js';

export interface ShellOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Prompts, line editing, history and Ctrl-C handling: psql's rule is stdin and stdout both a terminal. */
  readonly interactive: boolean;
  /** Where history persists (interactive only); none when undefined. */
  readonly historyFile?: string;
}

const BANNER = 'larch (in-memory database)\nType "\\?" for help, "\\q" to quit.\n\n';

/** Runs the shell until `\q` or end of input; the exit code is 1 when piped input had an error. */
export async function runShell(runner: StatementRunner, options: ShellOptions): Promise<number> {
  const { interactive, historyFile } = options;
  const loop = new InputLoop(runner, { stopOnError: false });
  const rl = createInterface({
    input: options.input,
    output: interactive ? options.output : undefined,
    terminal: interactive,
    history: interactive && historyFile !== undefined ? loadHistory(historyFile) : [],
    historySize: HISTORY_SIZE,
  });
  // psql's prompt: `=` or `-` (inside a statement), `*` in a transaction, `!` in a failed one.
  const prompt = () => {
    const status = runner.transactionStatus;
    return `larch${loop.inStatement ? '-' : '='}${status === 'T' ? '*' : status === 'E' ? '!' : ''}> `;
  };
  const ask = () => {
    rl.setPrompt(prompt());
    rl.prompt();
  };

  if (interactive) {
    if (historyFile !== undefined) {
      let warned = false;
      rl.on('history', (history) => {
        try {
          saveHistory(historyFile, history);
        } catch (e) {
          if (!warned)
            runner.reportError(`could not save history to "${historyFile}": ${(e as Error).message}`);
          warned = true;
        }
      });
    }
    rl.on('SIGINT', () => {
      if (runner.cancel.cancel()) return;
      // At the prompt: drop the typed line and the statement so far, and start again on a new line.
      loop.clearBuffer();
      rl.write(null, { ctrl: true, name: 'e' });
      options.output.write('\n');
      rl.setPrompt(prompt());
      rl.write(null, { ctrl: true, name: 'u' });
    });
    options.output.write(BANNER);
    ask();
  }

  let ended = true;
  for await (const line of rl) {
    if ((await loop.line(line)) !== 'continue') {
      ended = false;
      break;
    }
    if (interactive) ask();
  }
  if (ended) {
    // Ctrl-D: psql echoes the quit command; piped input may end in a statement without `;`.
    if (interactive) options.output.write('\\q\n');
    else await loop.end();
  }
  rl.close();
  return !interactive && loop.failed ? 1 : 0;
}
