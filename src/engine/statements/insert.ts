// INSERT INTO … VALUES | SELECT | DEFAULT VALUES [RETURNING …].

import type { InsertStmt, SelectStmt, WithClause } from '@pgsql/types';
import type { ColumnDefinition } from '../../catalog/catalog.js';
import { bindExpr } from '../../binder/bind-expr.js';
import { Scope } from '../../binder/scope.js';
import { col, type Expr } from '../../logical/expr.js';
import type { LogicalPlan, OutputColumn } from '../../logical/plan.js';
import { bodyOf, locationOf, type PgNode, tagOf } from '../../sql/ast.js';
import { SqlState } from '../errors.js';
import { settleParamTypes } from '../params.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { assignTo, checkConstraints, defaultExpr, resolveTable, returning } from './table-write.js';

/** `WITH … INSERT … SELECT`: the INSERT's CTEs are visible to its query, so they join the query's own. */
function withOuterCtes(
  ctx: StatementContext,
  select: SelectStmt | null,
  outer: WithClause | undefined,
): SelectStmt | null {
  if (outer === undefined) return select;
  if (select === null) return null;
  const own = select.withClause;
  if (own !== undefined && (own.recursive ?? false) !== (outer.recursive ?? false)) {
    throw ctx.bindContext.error(
      SqlState.featureNotSupported,
      'WITH RECURSIVE on both INSERT and its query is not supported',
      outer.location,
    );
  }
  return {
    ...select,
    withClause: { ...outer, ctes: [...(outer.ctes ?? []), ...(own?.ctes ?? [])] },
  };
}

export async function executeInsert(ctx: StatementContext, stmt: InsertStmt): Promise<QueryResult> {
  const entry = resolveTable(ctx, stmt.relation!, 'insert');
  if (stmt.onConflictClause !== undefined) {
    throw ctx.bindContext.error(
      SqlState.featureNotSupported,
      'INSERT … ON CONFLICT is not supported',
      stmt.onConflictClause.location,
    );
  }
  const binder = ctx.binder();
  // Target columns, in the order written (all columns by default).
  const targets: ColumnDefinition[] = [];
  if (stmt.cols !== undefined) {
    for (const c of stmt.cols) {
      const t = bodyOf<{ name: string; location?: number }>(c);
      const column = entry.columns.find((x) => x.name === t.name);
      if (column === undefined) {
        throw binder.ctx.error(
          SqlState.undefinedColumn,
          `column "${t.name}" of relation "${entry.name}" does not exist`,
          t.location,
        );
      }
      if (targets.includes(column)) {
        throw binder.ctx.error(
          SqlState.duplicateColumn,
          `column "${t.name}" specified more than once`,
          t.location,
        );
      }
      targets.push(column);
    }
  } else targets.push(...entry.columns);

  const select = withOuterCtes(
    ctx,
    stmt.selectStmt === undefined ? null : bodyOf<SelectStmt>(stmt.selectStmt),
    stmt.withClause,
  );
  const outputs: OutputColumn[] = entry.columns.map((c) => ({
    id: binder.ctx.newId(),
    name: c.name,
    type: c.type,
  }));
  let plan: LogicalPlan;
  if (select === null) {
    // DEFAULT VALUES
    plan = { kind: 'values', rows: [entry.columns.map((c) => defaultExpr(binder, c))], output: outputs };
  } else if (
    select.valuesLists !== undefined &&
    select.sortClause === undefined &&
    select.limitCount === undefined &&
    select.withClause === undefined
  ) {
    const st = { scope: Scope.empty(null), ctes: null, clause: 'VALUES', aggregates: null, windows: null };
    const rows = select.valuesLists.map((list) => {
      const items = bodyOf<{ items?: PgNode[] }>(list).items ?? [];
      if (items.length > targets.length) {
        throw binder.ctx.error(
          SqlState.syntaxError,
          'INSERT has more expressions than target columns',
          locationOf(items[targets.length]),
        );
      }
      if (items.length < targets.length) {
        throw binder.ctx.error(
          SqlState.syntaxError,
          'INSERT has more target columns than expressions',
          locationOf(items[items.length - 1]),
        );
      }
      return entry.columns.map((column) => {
        const k = targets.indexOf(column);
        if (k < 0 || tagOf(items[k]!) === 'SetToDefault') return defaultExpr(binder, column);
        return assignTo(binder, bindExpr(binder, items[k]!, st), column, locationOf(items[k]));
      });
    });
    plan = { kind: 'values', rows, output: outputs };
  } else {
    const source = binder.bindSelectStmt(select, null, null);
    if (source.columns.length > targets.length) {
      throw binder.ctx.error(SqlState.syntaxError, 'INSERT has more expressions than target columns');
    }
    if (source.columns.length < targets.length) {
      throw binder.ctx.error(SqlState.syntaxError, 'INSERT has more target columns than expressions');
    }
    const exprs: { id: number; name: string; expr: Expr }[] = entry.columns.map((column, i) => {
      const k = targets.indexOf(column);
      const expr =
        k < 0
          ? defaultExpr(binder, column)
          : assignTo(
              binder,
              col(source.columns[k]!.id, source.columns[k]!.type, source.columns[k]!.name),
              column,
            );
      return { id: outputs[i]!.id, name: column.name, expr };
    });
    plan = { kind: 'project', input: source.plan, exprs, output: outputs };
  }
  settleParamTypes(ctx.params);
  const batches = await ctx.run(plan, outputs);
  const count = batches.reduce((s, b) => s + b.length, 0);
  checkConstraints(ctx, entry, batches, entry.data);
  const data = entry.data.appendAll(batches);
  ctx.txn.put({ ...entry, data });
  const command = `INSERT 0 ${count}`;
  if (stmt.returningList !== undefined)
    return returning(
      ctx,
      entry,
      batches,
      stmt.returningList,
      command,
      count,
      stmt.relation?.alias?.aliasname,
    );
  return new QueryResult([], [], command, count, ctx.evalContext.timeZone);
}
