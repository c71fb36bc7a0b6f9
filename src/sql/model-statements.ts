// The model statements PostgreSQL's grammar does not have: CREATE MODEL, DROP MODEL, ALTER MODEL,
// EXPORT MODEL, IMPORT MODEL, SHOW MODELS and DESCRIBE MODEL. They are recognised by their leading
// keywords and taken apart here; the parts that are SQL (the AS query, the TRANSFORM expressions) are
// handed to PostgreSQL's grammar with the rest of the statement blanked out, so their AST locations
// and error positions count from the statement as written.

import type { Node, RawStmt, ResTarget, SelectStmt } from '@pgsql/types';
import { LarchError, SqlState } from '../engine/errors.js';
import type { RawOptionValue } from '../ml/index.js';
import { isPunct, isWord, type MlToken, mlTokens, nameOf } from './ml-tokens.js';

export interface CreateModelStatement {
  readonly kind: 'create_model';
  readonly name: string;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  /** TRANSFORM ( expr AS alias, … ) as parsed target entries, or null. */
  readonly transform: readonly ResTarget[] | null;
  /** The TRANSFORM list as written (stored with the model). */
  readonly transformText: string | null;
  readonly options: Readonly<Record<string, RawOptionValue>>;
  /** 1-based position of OPTIONS in the submitted text, for errors in the options. */
  readonly optionsPosition: number | null;
  /** The AS query and its text. */
  readonly query: Node;
  readonly queryText: string;
}

export interface DropModelStatement {
  readonly kind: 'drop_model';
  readonly name: string;
  readonly ifExists: boolean;
  readonly version: number | null;
}

export interface AlterModelStatement {
  readonly kind: 'alter_model';
  readonly name: string;
  readonly options: Readonly<Record<string, RawOptionValue>>;
}

export interface ExportModelStatement {
  readonly kind: 'export_model';
  readonly name: string;
  readonly version: number | null;
  readonly path: string;
  readonly options: Readonly<Record<string, RawOptionValue>>;
}

export interface ImportModelStatement {
  readonly kind: 'import_model';
  readonly name: string;
  readonly path: string;
}

export type ModelStatement =
  | CreateModelStatement
  | DropModelStatement
  | AlterModelStatement
  | ExportModelStatement
  | ImportModelStatement;

/** The AST tag model statements travel under in a Statement. */
export const MODEL_STATEMENT_TAG = 'ModelStmt';

type Parse = (sql: string) => RawStmt[];

/** What the statement parsed to: a model statement, or SQL text to parse instead (SHOW / DESCRIBE). */
export type ModelStatementParse =
  | { readonly kind: 'statement'; readonly statement: ModelStatement }
  | { readonly kind: 'sql'; readonly sql: string };

class TokenCursor {
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
    if (this.peek() !== undefined) throw this.error('syntax error at end of model statement');
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

function numberValue(c: TokenCursor, negative: boolean): number {
  const t = c.peek()!;
  c.i++;
  return negative ? -Number(t.value) : Number(t.value);
}

/** One option value: string, number, TRUE/FALSE, [list], HPARAM_CANDIDATES([…]), HPARAM_RANGE(a, b). */
function optionValue(c: TokenCursor): RawOptionValue {
  const t = c.peek();
  if (t === undefined) throw c.error('syntax error: expected an option value');
  if (t.kind === 'string') {
    c.i++;
    return t.value;
  }
  if (t.kind === 'number') return numberValue(c, false);
  if (isPunct(t, '-') && c.peek(1)?.kind === 'number') {
    c.i++;
    return numberValue(c, true);
  }
  if (isWord(t, 'true') || isWord(t, 'false')) {
    c.i++;
    return t.value === 'true';
  }
  if (isWord(t, 'hparam_candidates')) {
    c.i++;
    c.expectPunct('(');
    const values = listValue(c);
    c.expectPunct(')');
    if (values.some((v) => typeof v !== 'number' && typeof v !== 'string'))
      throw c.error('HPARAM_CANDIDATES takes a list of numbers or strings', t);
    return { kind: 'candidates', values: values as (number | string)[] };
  }
  if (isWord(t, 'hparam_range')) {
    c.i++;
    c.expectPunct('(');
    const min = optionValue(c);
    c.expectPunct(',');
    const max = optionValue(c);
    c.expectPunct(')');
    if (typeof min !== 'number' || typeof max !== 'number')
      throw c.error('HPARAM_RANGE takes two numbers', t);
    return { kind: 'range', min, max };
  }
  if (isPunct(t, '[') || isWord(t, 'array')) {
    if (isWord(t, 'array')) c.i++;
    const values = listValue(c);
    // class_weights = [STRUCT('label', 0.5), …] or [('label', 0.5), …].
    if (values.length > 0 && values.every((v) => Array.isArray(v))) {
      const weights: Record<string, number> = {};
      for (const pair of values as unknown as [string, number][]) weights[String(pair[0])] = Number(pair[1]);
      return weights;
    }
    if (values.every((v) => typeof v === 'number')) return values as number[];
    return values.map(String);
  }
  if (isWord(t, 'struct') || isPunct(t, '(')) {
    if (isWord(t, 'struct')) c.i++;
    c.expectPunct('(');
    const first = optionValue(c);
    c.expectPunct(',');
    const second = optionValue(c);
    c.expectPunct(')');
    return [first, second] as unknown as RawOptionValue;
  }
  if (t.kind === 'word' || t.kind === 'quoted') {
    c.i++;
    return t.value;
  }
  throw c.error('syntax error: expected an option value');
}

function listValue(c: TokenCursor): unknown[] {
  c.expectPunct('[');
  const values: unknown[] = [];
  if (c.punct(']')) return values;
  do values.push(optionValue(c));
  while (c.punct(','));
  c.expectPunct(']');
  return values;
}

/** OPTIONS ( name = value, … ). */
function options(c: TokenCursor): Record<string, RawOptionValue> {
  const out: Record<string, RawOptionValue> = {};
  c.expectPunct('(');
  if (c.punct(')')) return out;
  do {
    const nameToken = c.peek();
    const name = c.name('option');
    if (name.toLowerCase() in out) throw c.error(`option "${name.toLowerCase()}" is given twice`, nameToken);
    c.expectPunct('=');
    out[name.toLowerCase()] = optionValue(c);
  } while (c.punct(','));
  c.expectPunct(')');
  return out;
}

/** The text with everything outside [start, end) blanked (newlines kept), so AST locations stay put. */
function keepOnly(text: string, start: number, end: number): string {
  // One space per UTF-8 byte: libpg-query's locations are byte offsets into the text as written.
  const blank = (s: string) => s.replace(/[^\n]/g, (c) => ' '.repeat(Buffer.byteLength(c)));
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

function parseOne(parse: Parse, sql: string, c: TokenCursor, what: string): Node {
  const stmts = parse(sql);
  const stmt = stmts[0]?.stmt;
  if (stmts.length !== 1 || stmt === undefined) throw c.error(`${what} must be one query`);
  return stmt;
}

function createModel(c: TokenCursor, parse: Parse, orReplace: boolean): CreateModelStatement {
  const ifNotExists = c.word('if') ? (c.expectWord('not'), c.expectWord('exists'), true) : false;
  const name = c.name('model');
  let transform: ResTarget[] | null = null;
  let transformText: string | null = null;
  let opts: Record<string, RawOptionValue> = {};
  let optionsPosition: number | null = null;
  for (;;) {
    if (isWord(c.peek(), 'transform')) {
      const keyword = c.peek()!;
      c.i++;
      if (!isPunct(c.peek(), '(')) throw c.error('syntax error: expected "(" after TRANSFORM');
      const open = c.i;
      const close = c.closing(open);
      const start = c.tokens[open]!.end;
      const end = c.tokens[close]!.start;
      const blanked = keepOnly(c.text, start, end);
      // SELECT where TRANSFORM stands (the blanked prefix has one character per byte of the original).
      const at = Buffer.byteLength(c.text.slice(0, keyword.start));
      const sql = `${blanked.slice(0, at)}SELECT${blanked.slice(at + 6)}`;
      const select = parseOne(parse, sql, c, 'TRANSFORM') as { SelectStmt?: SelectStmt };
      transform = (select.SelectStmt?.targetList ?? []).map((n) => (n as { ResTarget: ResTarget }).ResTarget);
      transformText = c.text.slice(start, end).trim();
      c.i = close + 1;
    } else if (isWord(c.peek(), 'options')) {
      optionsPosition = c.offset + c.peek()!.start + 1;
      c.i++;
      opts = options(c);
    } else break;
  }
  c.expectWord('as');
  if (c.peek() === undefined) throw c.error('syntax error: CREATE MODEL needs a query after AS');
  const queryStart = c.peek()!.start;
  const query = parseOne(parse, keepOnly(c.text, queryStart, c.text.length), c, 'the AS query');
  return {
    kind: 'create_model',
    name,
    orReplace,
    ifNotExists,
    transform,
    transformText,
    options: opts,
    optionsPosition,
    query,
    queryText: c.text.slice(queryStart).trim().replace(/;\s*$/, ''),
  };
}

function quoteLiteral(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Parses `text` (one statement) when it is a model statement; null when it is not one.
 * `offset` is the statement's offset in the submitted text, for error positions.
 */
export function parseModelStatement(text: string, offset: number, parse: Parse): ModelStatementParse | null {
  if (
    !/^\s*(--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(create|drop|alter|export|import|show|describe)\b/i.test(text)
  )
    return null;
  const tokens = mlTokens(text);
  const c = new TokenCursor(text, tokens, offset);
  const first = tokens[0];
  const second = tokens[1];
  if (isWord(first, 'show') && isWord(second, 'models')) {
    c.i = 2;
    c.end();
    return {
      kind: 'sql',
      sql: 'SELECT model_name, model_type, active_version, versions, description FROM information_schema.models ORDER BY model_name',
    };
  }
  if ((isWord(first, 'describe') || isWord(first, 'desc')) && isWord(second, 'model')) {
    c.i = 2;
    const name = c.name('model');
    c.end();
    return {
      kind: 'sql',
      sql: `SELECT * FROM ML.DESCRIBE_MODEL(${quoteLiteral(name)})`,
    };
  }
  let orReplace = false;
  if (
    isWord(first, 'create') &&
    isWord(second, 'or') &&
    isWord(tokens[2], 'replace') &&
    isWord(tokens[3], 'model')
  ) {
    orReplace = true;
    c.i = 4;
  } else if (isWord(second, 'model')) c.i = 2;
  else return null;
  let statement: ModelStatement;
  switch (first!.value) {
    case 'create':
      return { kind: 'statement', statement: createModel(c, parse, orReplace) };
    case 'drop': {
      const ifExists = c.word('if') ? (c.expectWord('exists'), true) : false;
      const name = c.name('model');
      let version: number | null = null;
      if (c.word('version')) {
        const t = c.peek();
        if (t?.kind !== 'number') throw c.error('syntax error: expected a version number');
        c.i++;
        version = Number(t.value);
      }
      statement = { kind: 'drop_model', name, ifExists, version };
      break;
    }
    case 'alter': {
      const name = c.name('model');
      c.expectWord('set');
      c.expectWord('options');
      statement = { kind: 'alter_model', name, options: options(c) };
      break;
    }
    case 'export': {
      const name = c.name('model');
      const version = c.version();
      c.expectWord('to');
      const path = c.string('the file name');
      const opts = c.word('options') ? options(c) : {};
      statement = { kind: 'export_model', name, version, path, options: opts };
      break;
    }
    case 'import': {
      const name = c.name('model');
      c.expectWord('from');
      statement = { kind: 'import_model', name, path: c.string('the file name') };
      break;
    }
    default:
      return null;
  }
  c.end();
  return { kind: 'statement', statement };
}
