// Set-returning functions in a select list (SELECT generate_series(1, 3), unnest(a) FROM t): each
// call becomes a column of a table function joined laterally after grouping and window functions,
// so DISTINCT, ORDER BY and LIMIT see the expanded rows, as in PostgreSQL.

import type { FuncCall } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import type { TableFunction } from '../functions/function.js';
import { zipTableFunctions } from '../functions/table/zip.js';
import { col, type ColumnId, type Expr, exprColumns } from '../logical/expr.js';
import { joinOutput, type LogicalPlan, type OutputColumn } from '../logical/plan.js';
import { bodyOf, type PgNode } from '../sql/ast.js';
import type { Binder, ExprState } from './binder.js';
import { bindTableFunctionCall } from './bind-from.js';
import { functionName } from './bind-function.js';

interface SetReturningCall {
  readonly column: OutputColumn;
  readonly fn: TableFunction;
  readonly args: readonly Expr[];
  /** 0 for calls over plain values; one more than the deepest call an argument reads. */
  readonly level: number;
}

/** The set-returning calls of one select list, in binding order (inner calls first). */
export class SetReturningCollector {
  readonly items: SetReturningCall[] = [];

  levelOf(args: readonly Expr[]): number {
    const used = new Set<ColumnId>();
    for (const a of args) exprColumns(a, used);
    let level = 0;
    for (const item of this.items) if (used.has(item.column.id)) level = Math.max(level, item.level + 1);
    return level;
  }
}

export function bindSetReturningFunction(b: Binder, node: PgNode, st: ExprState): Expr {
  const f = bodyOf<FuncCall>(node);
  const name = functionName(f);
  if (st.insideAggregate) {
    throw b.ctx.error(
      SqlState.featureNotSupported,
      'aggregate function calls cannot contain set-returning function calls',
      f.location,
    );
  }
  if (st.windowClause === 'window function calls') {
    throw b.ctx.error(
      SqlState.featureNotSupported,
      'window function calls cannot contain set-returning function calls',
      f.location,
    );
  }
  const collector = st.setReturning;
  if (collector === undefined || collector === null) {
    throw b.ctx.error(
      SqlState.featureNotSupported,
      `set-returning functions are not allowed in ${st.clause}`,
      f.location,
    );
  }
  const def = b.ctx.functions.tableFunction(name)!;
  const { fn, args } = bindTableFunctionCall(b, def, f, st);
  if (fn.columns.length !== 1) {
    throw b.ctx.error(
      SqlState.featureNotSupported,
      `set-returning function ${name}() with several result columns is supported in FROM only`,
      f.location,
    );
  }
  const column: OutputColumn = { id: b.ctx.newId(), name, type: fn.columns[0]!.type };
  collector.items.push({ column, fn, args, level: collector.levelOf(args) });
  return col(column.id, column.type, name);
}

/**
 * Joins the collected calls to `plan` (the rows after grouping and windows), one lateral table
 * function per nesting level; calls of one level run side by side. `rewrite` maps arguments onto
 * `plan`'s columns.
 */
export function applySetReturning(
  plan: LogicalPlan,
  collector: SetReturningCollector,
  rewrite: (e: Expr) => Expr,
): LogicalPlan {
  const levels = [...new Set(collector.items.map((i) => i.level))].sort((x, y) => x - y);
  let out = plan;
  for (const level of levels) {
    const calls = collector.items.filter((i) => i.level === level);
    const fn =
      calls.length === 1
        ? calls[0]!.fn
        : zipTableFunctions(calls.map((c) => ({ fn: c.fn, argCount: c.args.length })));
    const right: LogicalPlan = {
      kind: 'table_function',
      fn,
      args: calls.flatMap((c) => c.args.map(rewrite)),
      ordinality: null,
      output: calls.map((c) => c.column),
    };
    out = {
      kind: 'join',
      joinType: 'inner',
      left: out,
      right,
      condition: null,
      markCondition: null,
      mark: null,
      output: joinOutput('inner', out, right, null),
    };
  }
  return out;
}
