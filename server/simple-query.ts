// The simple Query message: every statement of the text in turn, each with its RowDescription,
// rows and command tag; the first error ends the text; one ReadyForQuery at the end.

import { isBlankSql } from '../src/index.js';
import { emptyQueryResponse, rowDescription } from './backend-messages.js';
import type { Connection } from './connection.js';
import { sendExecution } from './execution-output.js';
import { changesSettings, sendParameterStatus } from './parameter-status.js';

export async function simpleQuery(conn: Connection, sql: string): Promise<void> {
  const session = conn.session!;
  try {
    if (isBlankSql(sql)) {
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
