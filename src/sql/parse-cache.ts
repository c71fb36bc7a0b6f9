// Recently parsed SQL text: the same text gives the same Statement objects (so plans kept per
// statement are found again, see engine/plan-cache.ts) without running the parser. Only texts of
// queries and row changes are kept — statements nothing mutates and that are worth caching.

import { tagOf } from './ast.js';
import { parseSql, type Statement } from './parser.js';

const CAPACITY = 256;
/** Longer texts (bulk INSERT … VALUES) are parsed every time. */
const MAX_TEXT = 8192;
const CACHEABLE = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt']);

const recent = new Map<string, readonly Statement[]>();

function cacheable(statements: readonly Statement[]): boolean {
  return statements.every((s) => CACHEABLE.has(tagOf(s.ast)));
}

/** `parseSql`, answered from the last texts parsed when possible (the array is the caller's own). */
export function parseSqlCached(sql: string): Statement[] {
  const hit = recent.get(sql);
  if (hit !== undefined) {
    // Most recently used last: Map keeps insertion order.
    recent.delete(sql);
    recent.set(sql, hit);
    return [...hit];
  }
  const statements = parseSql(sql);
  if (sql.length <= MAX_TEXT && statements.length > 0 && cacheable(statements)) {
    if (recent.size >= CAPACITY) recent.delete(recent.keys().next().value!);
    recent.set(sql, statements);
  }
  return [...statements];
}
