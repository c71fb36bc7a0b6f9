// Prepared statements: a statement parsed and bound once to learn its parameter types and result
// columns without running it (the wire protocol's Parse and Describe), then run with values.

import type { SelectStmt } from '@pgsql/types';
import { bodyOf, type PgNode, tagOf } from '../sql/ast.js';
import type { Statement } from '../sql/parser.js';
import { type DataType, typeName, Types } from '../types/data-type.js';
import { LarchError, SqlState } from './errors.js';
import type { Field } from './cursor.js';
import { settleParamTypes } from './params.js';
import type { StatementContext } from './statement-context.js';
import { dispatch } from './statements/dispatch.js';

export interface PreparedStatement {
  readonly sql: string;
  /** null for an empty (or comment-only) statement. */
  readonly statement: Statement | null;
  /** The type of each parameter $1, $2 …: as given, or inferred from where the statement uses it. */
  readonly paramTypes: readonly DataType[];
  /** The result's columns; null when the statement returns no rows. */
  readonly columns: readonly Field[] | null;
  /** When it was prepared, in microseconds since the Unix epoch. */
  readonly preparedAt: number;
  /** Whether SQL PREPARE made it, rather than the wire protocol's Parse or `Session.prepare`. */
  readonly fromSql: boolean;
  /** Executions that reused the session's cached plan (generic) or planned afresh (custom). */
  readonly plans: PlanCounts;
}

export interface PlanCounts {
  generic: number;
  custom: number;
}

/**
 * Throws PostgreSQL's error when a prepared statement's rows no longer have the columns (names and
 * types) described when it was prepared, e.g. after ALTER TABLE: clients decode rows by that description.
 */
export function checkResultType(now: readonly Field[] | null, described: readonly Field[] | null): void {
  const same =
    now === null || described === null
      ? now === described
      : now.length === described.length &&
        now.every(
          (f, i) => f.name === described[i]!.name && typeName(f.type) === typeName(described[i]!.type),
        );
  if (!same) throw new LarchError(SqlState.featureNotSupported, 'cached plan must not change result type');
}

/** Whether a statement returns rows (and so a row description) rather than only a command tag. */
export function returnsRows(ast: PgNode): boolean {
  const tag = tagOf(ast);
  switch (tag) {
    case 'SelectStmt':
      return bodyOf<SelectStmt>(ast).intoClause === undefined;
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
      return bodyOf<{ returningList?: unknown[] }>(ast).returningList !== undefined;
    case 'ExplainStmt':
    case 'VariableShowStmt':
    case 'FetchStmt':
      return !(tag === 'FetchStmt' && bodyOf<{ ismove?: boolean }>(ast).ismove === true);
    default:
      return false;
  }
}

/**
 * Binds the statement in `ctx` (a throwaway transaction, `describeOnly` set) and returns its result
 * columns; the parameter slots in `ctx` then hold the parameters' types.
 */
export async function describeStatement(ctx: StatementContext): Promise<readonly Field[] | null> {
  const ast = ctx.statement.ast;
  ctx.describeOnly = true;
  const tag = tagOf(ast);
  let columns: readonly Field[] | null = null;
  switch (tag) {
    case 'SelectStmt':
      if (returnsRows(ast))
        columns = ctx.binder().bindSelectStmt(bodyOf<SelectStmt>(ast), null, null).columns;
      break;
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt': {
      // The handlers bind as usual and, with describeOnly, write no rows (into a throwaway copy).
      const result = await dispatch(ctx);
      columns = returnsRows(ast) ? result.schema : null;
      break;
    }
    case 'ExplainStmt':
      columns = [{ name: 'QUERY PLAN', type: Types.text }];
      break;
    default:
      columns = null;
  }
  settleParamTypes(ctx.params);
  return columns;
}
