// The SQL front end: PostgreSQL's own grammar (libpg-query) for standard SQL, and Larch's
// statements recognised by their leading keywords. No other module imports libpg-query.

import { loadModule, parseSync } from 'libpg-query';
import type { Node, RawStmt } from '@pgsql/types';
import { LarchError, SqlState } from '../engine/errors.js';
import { parseWithFileReferences } from './file-references.js';
import { splitStatements } from './split.js';

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

/** Parses SQL text holding zero or more statements. Positions in errors count from the whole text. */
export function parseSql(sql: string): Statement[] {
  const pieces = splitStatements(sql);
  const out: Statement[] = [];
  for (const piece of pieces) {
    let stmts: RawStmt[];
    try {
      stmts = parse(piece.text);
    } catch (e) {
      // FROM 'data.parquet': a quoted file name read with the reader its extension names.
      const cursor = (e as PgParseError).sqlDetails?.cursorPosition;
      const rewritten = cursor === undefined ? null : parseWithFileReferences(piece.text, cursor, parse);
      if (rewritten === null) throw parseError(e, piece.text, piece.offset);
      stmts = rewritten;
    }
    for (const raw of stmts) {
      if (raw.stmt === undefined) continue;
      out.push({ kind: 'pg', ast: raw.stmt, text: piece.text, offset: piece.offset });
    }
  }
  return out;
}
