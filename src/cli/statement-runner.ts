// Runs SQL text on a session one statement at a time, printing each result as it completes and the
// first error psql-style; the shell's Ctrl-C cancels the running statement through `cancel`.

import { toLarchError } from '../engine/errors.js';
import type { Session } from '../engine/session.js';
import { parseSql } from '../sql/parser.js';
import { splitStatements } from '../sql/split.js';
import { formatError } from './format-error.js';
import { type DisplaySettings, formatResult } from './format-result.js';
import { formatTiming } from './format-timing.js';
import type { ProgressLine } from './progress-line.js';
import { StatementCancel } from './statement-cancel.js';

/** The part of a Session the CLI uses. */
export type SqlSession = Pick<Session, 'execute' | 'transactionStatus'>;

export class StatementRunner {
  readonly cancel = new StatementCancel();

  constructor(
    private readonly session: SqlSession,
    readonly settings: DisplaySettings,
    private readonly out: NodeJS.WritableStream,
    private readonly err: NodeJS.WritableStream,
    /** Cleared when each statement ends. */
    private readonly progress?: ProgressLine,
  ) {}

  /** `T` inside a transaction block, `E` in a failed one, `I` otherwise. */
  get transactionStatus(): string {
    return this.session.transactionStatus;
  }

  /**
   * Runs the statements in `sql` in order. On an error, prints it (after `errorPrefix`, psql's
   * `file:line: ` in scripts) and returns false without running the rest.
   */
  async run(sql: string, errorPrefix = ''): Promise<boolean> {
    for (const piece of splitStatements(sql)) {
      const signal = this.cancel.begin();
      const started = performance.now();
      try {
        const results = await this.session.execute(piece.text, [], { signal });
        this.progress?.clear();
        const elapsed = performance.now() - started;
        for (const result of results) this.out.write(formatResult(result, this.settings));
        if (this.settings.timing) this.out.write(formatTiming(elapsed));
      } catch (e) {
        this.progress?.clear();
        this.err.write(errorPrefix + formatError(toLarchError(e), sql, piece.offset));
        return false;
      } finally {
        this.cancel.end();
      }
    }
    return true;
  }

  /**
   * Runs a `-c` string. The server parses such a string whole before running any of it, so a syntax
   * error anywhere means nothing runs.
   */
  async runCommand(sql: string): Promise<boolean> {
    try {
      parseSql(sql);
    } catch (e) {
      this.err.write(formatError(toLarchError(e), sql));
      return false;
    }
    return this.run(sql);
  }

  /** Prints a message of the CLI's own (a bad backslash command, a missing file). */
  reportError(message: string): void {
    this.err.write(`${message}\n`);
  }

  /** Prints informational output (`\timing` and `\x` confirmations, help). */
  print(text: string): void {
    this.out.write(text);
  }
}
