// The model statements PostgreSQL's grammar does not have: CREATE MODEL, DROP MODEL, ALTER MODEL,
// EXPORT MODEL, IMPORT MODEL, SHOW MODELS and DESCRIBE MODEL. They are recognised by their leading
// keywords and taken apart here; the parts that are SQL (the AS query, the TRANSFORM expressions) are
// handed to PostgreSQL's grammar with the rest of the statement blanked out, so their AST locations
// and error positions count from the statement as written.

import type { Node, ResTarget, SelectStmt } from '@pgsql/types';
import type { RawOptionValue } from '../ml/index.js';
import { isPunct, isWord, mlTokens } from './ml-tokens.js';
import { options } from './statement-options.js';
import { keepOnly, type Parse, parseOne, TokenCursor } from './token-cursor.js';

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

/** What the statement parsed to: a model statement, or SQL text to parse instead (SHOW / DESCRIBE). */
export type ModelStatementParse =
  | { readonly kind: 'statement'; readonly statement: ModelStatement }
  | { readonly kind: 'sql'; readonly sql: string };

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
