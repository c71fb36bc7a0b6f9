// SQL cursors of a session: DECLARE … CURSOR [WITH HOLD] FOR, FETCH / MOVE, CLOSE. A cursor reads an
// immutable snapshot, so one held past its transaction's end keeps streaming from that snapshot.

import type { ClosePortalStmt, DeclareCursorStmt, FetchStmt } from '@pgsql/types';
import type { Cursor } from './cursor.js';
import { LarchError, SqlState } from './errors.js';
import { QueryResult } from './result.js';
import type { TimeZone } from '../types/datetime.js';

/** DECLARE's option bits, from PostgreSQL's parsenodes.h. */
const CURSOR_OPT_SCROLL = 0x2;
const CURSOR_OPT_HOLD = 0x20;

/** FETCH ALL arrives as the largest 32-bit count. */
const FETCH_ALL = 2147483647;

interface SqlCursor {
  readonly cursor: Cursor;
  readonly hold: boolean;
}

export class SqlCursors {
  private readonly open = new Map<string, SqlCursor>();

  /** Checks a DECLARE before its query runs (name free, transaction block unless WITH HOLD). */
  checkDeclare(stmt: DeclareCursorStmt, inTransactionBlock: boolean): void {
    const name = stmt.portalname ?? '';
    const options = stmt.options ?? 0;
    if ((options & CURSOR_OPT_SCROLL) !== 0) {
      throw new LarchError(SqlState.featureNotSupported, 'scrollable cursors are not supported');
    }
    if ((options & CURSOR_OPT_HOLD) === 0 && !inTransactionBlock) {
      throw new LarchError(
        SqlState.noActiveSqlTransaction,
        'DECLARE CURSOR can only be used in transaction blocks',
      );
    }
    if (this.open.has(name)) {
      throw new LarchError(SqlState.duplicateCursor, `cursor "${name}" already exists`);
    }
  }

  declare(stmt: DeclareCursorStmt, cursor: Cursor): void {
    this.open.set(stmt.portalname ?? '', { cursor, hold: ((stmt.options ?? 0) & CURSOR_OPT_HOLD) !== 0 });
  }

  get(name: string): Cursor {
    const c = this.open.get(name);
    if (c === undefined) throw new LarchError(SqlState.invalidCursorName, `cursor "${name}" does not exist`);
    return c.cursor;
  }

  /** FETCH returns the rows; MOVE skips them and reports how many. */
  async fetch(stmt: FetchStmt, timeZone: TimeZone): Promise<QueryResult> {
    const cursor = this.get(stmt.portalname ?? '');
    const direction = stmt.direction ?? 'FETCH_FORWARD';
    let count = Number(stmt.howMany ?? 0);
    if (direction === 'FETCH_ABSOLUTE' || direction === 'FETCH_RELATIVE') {
      // FETCH NEXT / FIRST-from-start map onto forward reads; other positions need a scrollable cursor.
      if (direction === 'FETCH_RELATIVE' && count >= 0) count = Math.max(count, 0);
      else if (direction === 'FETCH_ABSOLUTE' && count === cursor.rowCount + 1) count = 1;
      else throw new LarchError(SqlState.objectNotInPrerequisiteState, 'cursor can only scan forward');
    } else if (direction === 'FETCH_BACKWARD') {
      throw new LarchError(SqlState.objectNotInPrerequisiteState, 'cursor can only scan forward', {
        hint: 'Declare it with SCROLL option to enable backward scan.',
      });
    }
    const result =
      count === 0
        ? new QueryResult(cursor.schema ?? [], [], '', 0, timeZone)
        : await cursor.fetch(count >= FETCH_ALL ? 0 : count);
    const tag = `${stmt.ismove ? 'MOVE' : 'FETCH'} ${result.rowCount}`;
    if (stmt.ismove) return new QueryResult([], [], tag, result.rowCount, timeZone);
    return new QueryResult(result.schema, result.batches, tag, result.rowCount, timeZone).withRegNames(
      cursor.regName,
    );
  }

  async close(stmt: ClosePortalStmt): Promise<void> {
    if (stmt.portalname === undefined) {
      await this.closeWhere(() => true);
      return;
    }
    const c = this.get(stmt.portalname);
    this.open.delete(stmt.portalname);
    await c.close();
  }

  /** At a transaction's end: cursors without HOLD close (all of them when it rolled back). */
  async endTransaction(committed: boolean): Promise<void> {
    await this.closeWhere((c) => !committed || !c.hold);
  }

  async closeAll(): Promise<void> {
    await this.closeWhere(() => true);
  }

  private async closeWhere(test: (c: SqlCursor) => boolean): Promise<void> {
    for (const [name, c] of [...this.open]) {
      if (!test(c)) continue;
      this.open.delete(name);
      await c.cursor.close();
    }
  }
}
