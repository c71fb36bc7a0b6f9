// Sends what a started statement produces: its rows as DataRows (all, or up to an Execute's limit)
// and the command tag, or the COPY sub-protocol in either direction.

import type { Cursor, Execution } from '../src/index.js';
import { commandComplete, copyData, copyDone, copyResponse } from './backend-messages.js';
import type { Connection } from './connection.js';
import { decodeFrontendMessage } from './frontend-messages.js';
import { resultFormats, writeDataRows } from './row-encoder.js';
import { LarchError, SqlState } from '../src/index.js';

/** How an Execute left its portal: done (CommandComplete sent) or suspended at the row limit. */
export type ExecuteOutcome = 'done' | 'suspended';

/** The tag for a portal's rows: SELECT counts the rows of this Execute, as PostgreSQL does. */
function tagFor(cursor: Cursor, rows: number): string {
  const tag = cursor.command;
  return cursor.schema !== null && tag.startsWith('SELECT') ? `SELECT ${rows}` : tag;
}

/** Writes up to `maxRows` rows (all when 0) of the cursor, then CommandComplete unless suspended. */
export async function sendRows(
  conn: Connection,
  cursor: Cursor,
  formatCodes: readonly number[],
  maxRows: number,
): Promise<ExecuteOutcome> {
  const schema = cursor.schema;
  if (schema !== null) {
    const types = schema.map((f) => f.type);
    const formats = resultFormats(formatCodes, types.length);
    let sent = 0;
    while (maxRows === 0 || sent < maxRows) {
      const batch = await cursor.next(maxRows === 0 ? 0 : maxRows - sent);
      if (batch === null) break;
      writeDataRows(conn.writer, batch, types, formats, cursor.timeZone, cursor.regName);
      sent += batch.length;
      const draining = conn.flushIfFull();
      if (draining !== undefined) await draining;
      if (conn.closed) return 'done';
    }
    if (maxRows > 0 && sent === maxRows) return 'suspended';
    commandComplete(conn.writer, tagFor(cursor, sent));
    return 'done';
  }
  commandComplete(conn.writer, cursor.command);
  return 'done';
}

/** COPY … TO STDOUT: CopyOutResponse, the data, CopyDone and `COPY n`. */
async function sendCopyOut(conn: Connection, execution: Execution & { kind: 'copy_out' }): Promise<void> {
  const copy = execution.copy;
  copyResponse(conn.writer, 'out', copy.columnCount);
  for await (const text of copy.chunks()) {
    copyData(conn.writer, text);
    await conn.flushIfFull();
    if (conn.closed) {
      await copy.close();
      return;
    }
  }
  copyDone(conn.writer);
  commandComplete(conn.writer, `COPY ${copy.rowCount}`);
}

/** COPY … FROM STDIN: CopyInResponse, then the client's CopyData until CopyDone or CopyFail. */
async function receiveCopyIn(conn: Connection, execution: Execution & { kind: 'copy_in' }): Promise<void> {
  const copy = execution.copy;
  copyResponse(conn.writer, 'in', copy.columns.length);
  await conn.flush();
  for (;;) {
    const raw = await conn.nextRaw();
    if (raw === null) {
      copy.abort('the client disconnected');
      return;
    }
    const m = decodeFrontendMessage(raw);
    switch (m.kind) {
      case 'copy_data':
        copy.write(m.data);
        break;
      case 'copy_done': {
        const result = await copy.end();
        commandComplete(conn.writer, result.command);
        return;
      }
      case 'copy_fail':
        throw copy.abort(m.message);
      case 'flush':
      case 'sync':
        // Ignored during COPY, as PostgreSQL does for drivers that send them out of habit.
        break;
      default:
        throw copy.abort(
          `unexpected message type 0x${raw.type.charCodeAt(0).toString(16)} during COPY from stdin`,
        );
    }
  }
}

/** Sends a statement's whole output (simple Query, or an Execute without a row limit). */
export async function sendExecution(
  conn: Connection,
  execution: Execution,
  formatCodes: readonly number[],
  maxRows: number,
): Promise<ExecuteOutcome> {
  switch (execution.kind) {
    case 'rows':
      return sendRows(conn, execution.cursor, formatCodes, maxRows);
    case 'copy_out':
      await sendCopyOut(conn, execution);
      return 'done';
    case 'copy_in':
      await receiveCopyIn(conn, execution);
      return 'done';
  }
}

export function protocolViolation(message: string): LarchError {
  return new LarchError(SqlState.protocolViolation, message);
}
