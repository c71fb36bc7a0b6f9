// psql's query buffer: collects input lines until a `;` outside quotes, comments and dollar quotes ends a
// statement, and hands out each complete statement as psql would send it.

import { splitStatements } from '../sql/split.js';

export class StatementBuffer {
  private text = '';

  /** True when nothing but whitespace and line comments has been typed since the last statement. */
  get isEmpty(): boolean {
    return this.text === '';
  }

  clear(): void {
    this.text = '';
  }

  /** Adds one line of input; returns the statements it completes, each ending in its `;`. */
  push(line: string): string[] {
    this.text = stripLeadingNoise(this.text === '' ? line : `${this.text}\n${line}`);
    // Without a new `;` nothing can have ended; skipping the scan keeps long statements linear.
    if (!line.includes(';')) return [];
    const statements: string[] = [];
    for (;;) {
      const end = statementEnd(this.text);
      if (end < 0) break;
      statements.push(this.text.slice(0, end + 1));
      this.text = stripLeadingNoise(this.text.slice(end + 1));
    }
    return statements;
  }

  /** Takes what is left (a last statement without `;`), emptying the buffer. */
  take(): string {
    const rest = this.text;
    this.text = '';
    return rest;
  }
}

/**
 * Drops leading whitespace, `--` comments and empty statements, as psql does not put them in its query
 * buffer: a statement's text (and the LINE numbers of its errors) starts at its first token.
 */
function stripLeadingNoise(text: string): string {
  let i = 0;
  for (;;) {
    while (i < text.length && (/\s/.test(text[i]!) || text[i] === ';')) i++;
    if (!text.startsWith('--', i)) break;
    const newline = text.indexOf('\n', i);
    i = newline < 0 ? text.length : newline + 1;
  }
  return text.slice(i);
}

/** Index of the `;` ending the first statement in `text`, or -1 when it has not ended yet. */
function statementEnd(text: string): number {
  const first = splitStatements(text)[0];
  if (first === undefined) return -1;
  const end = first.offset + first.text.length;
  return text[end] === ';' ? end : -1;
}
