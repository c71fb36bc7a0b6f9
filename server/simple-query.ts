// The simple Query message: every statement of the text in turn, each with its RowDescription,
// rows and command tag; the first error ends the text; one ReadyForQuery at the end.

import { isBlankSql } from '../src/index.js';
import { emptyQueryResponse, rowDescription } from './backend-messages.js';
import type { Connection } from './connection.js';
import { sendExecution } from './execution-output.js';
import { changesSettings, sendParameterStatus } from './parameter-status.js';

const STARTS_WITH_WORD = /^\s*[A-Za-z]/;

export async function simpleQuery(conn: Connection, sql: string): Promise<void> {
  const session = conn.session!;
  try {
    // Text that starts with a letter holds a statement: only other text needs the full blank test.
    if (!STARTS_WITH_WORD.test(sql) && isBlankSql(sql)) {
      emptyQueryResponse(conn.writer);
      return;
    }
    for (const stmt of session.parse(sql)) {
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
      if (conn.closed) return;
    }
  } catch (e) {
    conn.error(e);
    sendParameterStatus(conn);
  }
}
