// The simple Query message: every statement of the text in turn, each with its RowDescription,
// rows and command tag; the first error ends the text; one ReadyForQuery at the end. Several
// statements run in one implicit transaction, as in PostgreSQL: an error undoes them all.

import { isBlankSql } from '../src/index.js';
import { emptyQueryResponse, rowDescription } from './backend-messages.js';
import type { Connection } from './connection.js';
import { sendExecution } from './execution-output.js';
import { changesSettings, sendParameterStatus } from './parameter-status.js';

const STARTS_WITH_WORD = /^\s*[A-Za-z]/;

export async function simpleQuery(conn: Connection, sql: string): Promise<void> {
  const session = conn.session!;
  try {
    const completed = await runStatements(conn, sql);
    // Also ends an implicit transaction the extended protocol left open (Execute without Sync).
    await session.endImplicitBlock(completed);
    // SET LOCAL values lapse at the end of the implicit transaction.
    sendParameterStatus(conn);
  } catch (e) {
    // Rolls the implicit transaction back (a failed commit already did) before the settings are reported.
    await session.endImplicitBlock(false);
    conn.error(e);
    sendParameterStatus(conn);
  }
}

/** Runs the text's statements; false when the connection closed before the end. */
async function runStatements(conn: Connection, sql: string): Promise<boolean> {
  const session = conn.session!;
  // Text that starts with a letter holds a statement: only other text needs the full blank test.
  if (!STARTS_WITH_WORD.test(sql) && isBlankSql(sql)) {
    emptyQueryResponse(conn.writer);
    return true;
  }
  const statements = session.parse(sql);
  if (statements.length > 1) session.beginImplicitBlock();
  for (const stmt of statements) {
    const controller = conn.statementController();
    conn.running = controller;
    try {
      const execution = await session.open(stmt, [], { signal: controller.signal });
      if (execution.kind === 'rows' && execution.cursor.schema !== null) {
        rowDescription(conn.writer, execution.cursor.schema, []);
      }
      await sendExecution(conn, execution, [], 0);
    } finally {
      conn.running = null;
    }
    if (changesSettings(stmt)) sendParameterStatus(conn);
    if (conn.closed) return false;
  }
  return true;
}
