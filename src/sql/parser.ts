// The SQL front end: PostgreSQL's own grammar (libpg-query) for standard SQL, and Larch's
// statements recognised by their leading keywords. No other module imports libpg-query.

import { loadModule, parseSync } from 'libpg-query';
import type { Node, RawStmt } from '@pgsql/types';
import { LarchError, SqlState } from '../engine/errors.js';
import { parseWithFileReferences } from './file-references.js';
import { rewriteMlCallSyntax } from './ml-call-syntax.js';
import { MODEL_STATEMENT_TAG, parseModelStatement } from './model-statements.js';
import { splitStatements } from './split.js';
import { parseStreamStatement, STREAM_STATEMENT_TAG } from './stream-statements.js';

export type PgNode = Node;

/** One parsed statement and where it sits in the submitted text. */
export interface Statement {
  readonly kind: 'pg';
  /** The AST; its `location` fields are UTF-8 byte offsets into `text` (see charOffset). */
  readonly ast: Node;
  /** The statement's own text. */
  readonly text: string;
  /** Offset of the statement in the whole submitted text, in characters (for error positions). */
  readonly offset: number;
}

/** Whether every character is ASCII (byte and character offsets then agree). */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The character offset in `text` of a UTF-8 byte offset (libpg-query reports bytes). */
export function charOffset(text: string, byteOffset: number): number {
  if (isAscii(text)) return byteOffset;
  const bytes = Buffer.from(text, 'utf8');
  return Array.from(bytes.subarray(0, byteOffset).toString('utf8')).length;
}

let loaded: Promise<void> | null = null;

/** Loads the parser's WebAssembly module; call once before parsing. */
export function loadParser(): Promise<void> {
  loaded ??= loadModule();
  return loaded;
}

interface PgParseError extends Error {
  sqlDetails?: { cursorPosition: number; message: string };
}

function parseError(e: unknown, text: string, offset: number): LarchError {
  const err = e as PgParseError;
  const position = err.sqlDetails?.cursorPosition;
  return new LarchError(SqlState.syntaxError, err.message, {
    position: position === undefined ? undefined : offset + charOffset(text, position) + 1,
  });
}

function parse(text: string): RawStmt[] {
  return (parseSync(text) as { stmts?: RawStmt[] }).stmts ?? [];
}

/**
 * Parses one statement's text, falling back to quoted file names in FROM and to the ML call syntax
 * (MODEL m, TABLE t, STRUCT(x AS name)); throws the first failure's syntax error.
 */
function parseWithFallbacks(text: string, offset: number): { stmts: RawStmt[]; text: string } {
  try {
    return { stmts: parse(text), text };
  } catch (e) {
    // FROM 'data.parquet': a quoted file name read with the reader its extension names.
    const cursor = (e as PgParseError).sqlDetails?.cursorPosition;
    const rewritten = cursor === undefined ? null : parseWithFileReferences(text, cursor, parse);
    if (rewritten !== null) return { stmts: rewritten, text };
    const mlText = rewriteMlCallSyntax(text);
    if (mlText !== text) {
      try {
        return { stmts: parse(mlText), text: mlText };
      } catch {
        // Report the error of the text as written.
      }
    }
    throw parseError(e, text, offset);
  }
}

/** Parses SQL text holding zero or more statements. Positions in errors count from the whole text. */
export function parseSql(sql: string): Statement[] {
  const pieces = splitStatements(sql);
  const out: Statement[] = [];
  for (const piece of pieces) {
    const parse = (text: string) => parseWithFallbacks(text, piece.offset).stmts;
    const stream = parseStreamStatement(piece.text, piece.offset, parse);
    if (stream?.kind === 'statement') {
      const ast = { [STREAM_STATEMENT_TAG]: stream.statement } as unknown as Node;
      out.push({ kind: 'pg', ast, text: piece.text, offset: piece.offset });
      continue;
    }
    const model = stream === null ? parseModelStatement(piece.text, piece.offset, parse) : stream;
    if (model?.kind === 'statement') {
      // Model statements travel as an AST node of their own, routed by its tag.
      const ast = { [MODEL_STATEMENT_TAG]: model.statement } as unknown as Node;
      out.push({ kind: 'pg', ast, text: piece.text, offset: piece.offset });
      continue;
    }
    const source = model?.kind === 'sql' ? model.sql : piece.text;
    const { stmts, text } = parseWithFallbacks(source, piece.offset);
    for (const raw of stmts) {
      if (raw.stmt === undefined) continue;
      out.push({ kind: 'pg', ast: raw.stmt, text, offset: piece.offset });
    }
  }
  return out;
}
