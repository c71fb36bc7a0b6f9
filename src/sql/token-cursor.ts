// A cursor over the tokens of a statement PostgreSQL's grammar does not have (model and stream
// statements): keywords, names, strings and parentheses, with syntax errors at the right position;
// and the pieces of such a statement that are SQL, parsed by PostgreSQL's grammar in place.

import type { Node, RawStmt } from '@pgsql/types';
import { LarchError, SqlState } from '../engine/errors.js';
import { isPunct, isWord, type MlToken, nameOf } from './ml-tokens.js';

export type Parse = (sql: string) => RawStmt[];

export class TokenCursor {
  i = 0;
  constructor(
    readonly text: string,
    readonly tokens: readonly MlToken[],
    readonly offset: number,
  ) {}

  peek(k = 0): MlToken | undefined {
    return this.tokens[this.i + k];
  }

  error(message: string, token = this.peek()): LarchError {
    const at = token?.start ?? this.text.trimEnd().length;
    return new LarchError(SqlState.syntaxError, message, { position: this.offset + at + 1 });
  }

  word(word: string): boolean {
    if (!isWord(this.peek(), word)) return false;
    this.i++;
    return true;
  }

  expectWord(word: string): void {
    if (!this.word(word)) throw this.error(`syntax error: expected ${word.toUpperCase()}`);
  }

  punct(p: string): boolean {
    if (!isPunct(this.peek(), p)) return false;
    this.i++;
    return true;
  }

  expectPunct(p: string): void {
    if (!this.punct(p)) throw this.error(`syntax error: expected "${p}"`);
  }

  name(what: string): string {
    const t = this.peek();
    const n = nameOf(t);
    if (n === undefined) throw this.error(`syntax error: expected a ${what} name`);
    this.i++;
    // schema.name: models live in one namespace; the schema part is accepted and ignored.
    if (isPunct(this.peek(), '.') && nameOf(this.peek(1)) !== undefined) {
      this.i++;
      return this.name(what);
    }
    return n;
  }

  /** `@n` after a model name. */
  version(): number | null {
    if (!this.punct('@')) return null;
    const t = this.peek();
    if (t?.kind !== 'number' || !/^\d+$/.test(t.value))
      throw this.error('syntax error: expected a version number');
    this.i++;
    return Number(t.value);
  }

  string(what: string): string {
    const t = this.peek();
    if (t?.kind !== 'string') throw this.error(`syntax error: expected ${what} as a string`);
    this.i++;
    return t.value;
  }

  end(): void {
    while (this.punct(';'));
    const extra = this.peek();
    if (extra !== undefined)
      throw this.error(`syntax error at or near "${this.text.slice(extra.start, extra.end)}"`);
  }

  /** Index of the token closing the parenthesis opened at token `open`. */
  closing(open: number): number {
    let depth = 0;
    for (let j = open; j < this.tokens.length; j++) {
      const t = this.tokens[j]!;
      if (isPunct(t, '(') || isPunct(t, '[')) depth++;
      else if (isPunct(t, ')') || isPunct(t, ']')) if (--depth === 0) return j;
    }
    throw this.error('syntax error: unbalanced parentheses', this.tokens[open]);
  }
}

/** The text with everything outside [start, end) blanked (newlines kept), so AST locations stay put. */
export function keepOnly(text: string, start: number, end: number): string {
  // One space per UTF-8 byte: libpg-query's locations are byte offsets into the text as written.
  const blank = (s: string) => s.replace(/[^\n]/g, (c) => ' '.repeat(Buffer.byteLength(c)));
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

export function parseOne(parse: Parse, sql: string, c: TokenCursor, what: string): Node {
  const stmts = parse(sql);
  const stmt = stmts[0]?.stmt;
  if (stmts.length !== 1 || stmt === undefined) throw c.error(`${what} must be one query`);
  return stmt;
}
