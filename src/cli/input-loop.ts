// psql's main loop: turns lines of input (a file, piped standard input or the terminal) into
// statements and backslash commands and runs them.

import { runMetaCommand } from './meta-commands.js';
import { StatementBuffer } from './statement-buffer.js';
import type { StatementRunner } from './statement-runner.js';

/** What a line of input led to: go on, quit (`\q`), or stop because of an error. */
export type LineOutcome = 'continue' | 'quit' | 'stop';

export interface InputLoopOptions {
  /** Errors are prefixed `larch:NAME:LINE: `, as psql does for `-f` files. */
  readonly fileName?: string;
  /** Stop at the first error (psql's ON_ERROR_STOP), as `-f` does. */
  readonly stopOnError: boolean;
}

export class InputLoop {
  private readonly buffer = new StatementBuffer();
  private lineNumber = 0;
  /** Whether any statement or command failed. */
  failed = false;

  constructor(
    private readonly runner: StatementRunner,
    private readonly options: InputLoopOptions,
  ) {}

  /** True while a statement has begun but not ended (the shell shows its continuation prompt). */
  get inStatement(): boolean {
    return !this.buffer.isEmpty;
  }

  /** Forgets a half-typed statement (Ctrl-C at the prompt). */
  clearBuffer(): void {
    this.buffer.clear();
  }

  async line(line: string): Promise<LineOutcome> {
    this.lineNumber++;
    // Backslash commands are recognised at the start of a line only.
    if (line.trimStart().startsWith('\\')) return this.metaCommand(line);
    for (const statement of this.buffer.push(line)) {
      if (!(await this.runStatement(statement))) return 'stop';
    }
    return 'continue';
  }

  /** End of input: runs a last statement left without its `;`, as psql does for scripts. */
  async end(): Promise<LineOutcome> {
    const rest = this.buffer.take();
    if (rest === '') return 'continue';
    return (await this.runStatement(rest)) ? 'continue' : 'stop';
  }

  /** Runs one statement; false when it failed and the input should stop. */
  private async runStatement(sql: string): Promise<boolean> {
    if (await this.runner.run(sql, this.errorPrefix())) return true;
    this.failed = true;
    return !this.options.stopOnError;
  }

  private metaCommand(line: string): LineOutcome {
    const outcome = runMetaCommand(line, this.runner.settings);
    switch (outcome.kind) {
      case 'quit':
        return 'quit';
      case 'clearBuffer':
        this.buffer.clear();
        this.runner.print(outcome.message);
        return 'continue';
      case 'print':
        this.runner.print(outcome.message);
        return 'continue';
      case 'error':
        this.runner.reportError(this.errorPrefix() + outcome.message);
        this.failed = true;
        return this.options.stopOnError ? 'stop' : 'continue';
    }
  }

  private errorPrefix(): string {
    return this.options.fileName === undefined ? '' : `larch:${this.options.fileName}:${this.lineNumber}: `;
  }
}
