// UPDATE … SET … [FROM …] [WHERE …] and DELETE FROM … [USING …] [WHERE …], both [RETURNING …].
// Both plan a query over the table with each row's ordinal; UPDATE then writes new row versions
// at the end of the table, as PostgreSQL's heap does.

import type { DeleteStmt, UpdateStmt } from '@pgsql/types';
import type { TableEntry } from '../../catalog/catalog.js';
import { type Chunk, TableData } from '../../catalog/table-data.js';
import { bindExpr, requireBool } from '../../binder/bind-expr.js';
import { bindFrom, tableScan } from '../../binder/bind-from.js';
import type { Binder } from '../../binder/binder.js';
import { Scope, type ScopeColumn } from '../../binder/scope.js';
import type { CteScope } from '../../binder/context.js';
import { type Batch, gatherBatch } from '../../columnar/batch.js';
import type { Vector } from '../../columnar/vector.js';
import { col, type Expr } from '../../logical/expr.js';
import { joinOutput, type LogicalPlan, type OutputColumn } from '../../logical/plan.js';
import { bodyOf, locationOf, type PgNode, tagOf } from '../../sql/ast.js';
import { SqlState } from '../errors.js';
import { settleParamTypes } from '../params.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import {
  assignTo,
  checkConstraints,
  defaultExpr,
  resolveTable,
  returning,
  type ReturningExtra,
} from './table-write.js';

interface TargetScan {
  readonly plan: LogicalPlan;
  readonly scope: Scope;
  readonly rowId: OutputColumn;
  readonly columns: readonly OutputColumn[];
  /** The FROM / USING items and their columns, which RETURNING may also reference. */
  readonly extra: ReturningExtra;
}

/** The target table (with row ids) joined with the FROM / USING items, filtered by WHERE. */
function targetScan(
  binder: Binder,
  entry: TableEntry,
  alias: string,
  extra: readonly PgNode[],
  where: PgNode | undefined,
  ctes: CteScope | null,
): TargetScan {
  const { plan: scan, columns } = tableScan(binder, entry, true);
  const rowId = scan.rowId!;
  const from = bindFrom(binder, extra, null, ctes);
  const items = [{ alias, schema: null, columns }, ...from.scope.items];
  const scope = new Scope(items, null, [...columns, ...from.scope.star]);
  let plan: LogicalPlan =
    extra.length === 0
      ? scan
      : {
          kind: 'join',
          joinType: 'inner',
          left: scan,
          right: from.plan,
          condition: null,
          markCondition: null,
          mark: null,
          output: joinOutput('inner', scan, from.plan, null),
        };
  if (where !== undefined) {
    const predicate = requireBool(
      binder,
      bindExpr(binder, where, { scope, ctes, clause: 'WHERE', aggregates: null, windows: null }),
      'WHERE',
      locationOf(where),
    );
    plan = { kind: 'filter', input: plan, predicate, output: plan.output };
  }
  const extraColumns = new Map<number, ScopeColumn>();
  for (const c of from.scope.items.flatMap((i) => i.columns)) extraColumns.set(c.id, c);
  return {
    plan,
    scope,
    rowId,
    columns,
    extra: { items: from.scope.items, columns: [...extraColumns.values()] },
  };
}

function rowIdsOf(v: Vector, n: number): Float64Array {
  if (v.kind !== 'f64') throw new Error('row ids must be float64');
  return v.data.subarray(0, n);
}

/** The table without the given rows (ordinals), rewriting only the chunks that lose rows. */
export function removeRows(data: TableData, rowIds: ReadonlySet<number>): TableData {
  const byChunk = new Map<number, Set<number>>();
  for (const id of rowIds) {
    const { chunk, row } = data.locate(id);
    let s = byChunk.get(chunk);
    if (s === undefined) byChunk.set(chunk, (s = new Set()));
    s.add(row);
  }
  const replacements = new Map<number, Chunk | null>();
  for (const [index, rows] of byChunk) {
    const chunk = data.chunks[index]!;
    const keep = new Int32Array(chunk.length - rows.size);
    let k = 0;
    for (let r = 0; r < chunk.length; r++) if (!rows.has(r)) keep[k++] = r;
    replacements.set(index, k === 0 ? null : gatherBatch(chunk, keep, k));
  }
  return data.replaceChunks(replacements);
}

/** The value node of one SET target; `(a, b) = (x, y)` arrives as one MultiAssignRef per column. */
function assignedValue(binder: Binder, val: PgNode, location?: number): PgNode {
  if (tagOf(val) !== 'MultiAssignRef') return val;
  const m = bodyOf<{ source: PgNode; colno: number; ncolumns: number }>(val);
  if (tagOf(m.source) === 'SubLink') {
    throw binder.ctx.error(
      SqlState.featureNotSupported,
      'UPDATE … SET (columns) = (SELECT …) is not supported',
      locationOf(m.source) ?? location,
    );
  }
  if (tagOf(m.source) !== 'RowExpr') {
    throw binder.ctx.error(
      SqlState.featureNotSupported,
      'source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression',
      locationOf(m.source) ?? location,
    );
  }
  const values = bodyOf<{ args?: PgNode[] }>(m.source).args ?? [];
  if (values.length !== m.ncolumns) {
    throw binder.ctx.error(
      SqlState.syntaxError,
      'number of columns does not match number of values',
      locationOf(m.source) ?? location,
    );
  }
  return values[m.colno - 1]!;
}

export async function executeUpdate(ctx: StatementContext, stmt: UpdateStmt): Promise<QueryResult> {
  const entry = resolveTable(ctx, stmt.relation!, 'update');
  const binder = ctx.binder();
  const alias = stmt.relation!.alias?.aliasname ?? entry.name;
  const ctes = binder.withScope(stmt.withClause, null);
  const target = targetScan(binder, entry, alias, stmt.fromClause ?? [], stmt.whereClause, ctes);
  const st = { scope: target.scope, ctes, clause: 'UPDATE', aggregates: null, windows: null };
  const assignments = new Map<number, Expr>();
  for (const t of stmt.targetList ?? []) {
    const r = bodyOf<{ name: string; val: PgNode; location?: number; indirection?: PgNode[] }>(t);
    const index = entry.columns.findIndex((c) => c.name === r.name);
    if (index < 0) {
      throw binder.ctx.error(
        SqlState.undefinedColumn,
        `column "${r.name}" of relation "${entry.name}" does not exist`,
        r.location,
      );
    }
    if (assignments.has(index)) {
      throw binder.ctx.error(
        SqlState.syntaxError,
        `multiple assignments to same column "${r.name}"`,
        r.location,
      );
    }
    const column = entry.columns[index]!;
    const node = assignedValue(binder, r.val, r.location);
    const value = tagOf(node) === 'SetToDefault' ? null : bindExpr(binder, node, st);
    assignments.set(
      index,
      value === null ? defaultExpr(binder, column) : assignTo(binder, value, column, r.location),
    );
  }
  const returns = stmt.returningList !== undefined;
  const extras = returns ? target.extra.columns : [];
  const outputs: OutputColumn[] = [
    target.rowId,
    ...entry.columns.map((c) => ({ id: binder.ctx.newId(), name: c.name, type: c.type })),
    ...extras,
  ];
  const width = entry.columns.length;
  const exprs = outputs.map((o, i) => ({
    id: o.id,
    name: o.name,
    expr:
      i === 0 || i > width
        ? col(o.id, o.type)
        : (assignments.get(i - 1) ?? col(target.columns[i - 1]!.id, target.columns[i - 1]!.type)),
  }));
  const plan = binder.finishWith({ kind: 'project', input: target.plan, exprs, output: outputs }, ctes);
  settleParamTypes(ctx.params);
  const batches = await ctx.run(plan, outputs);
  // A row matched by several FROM rows is updated once (the first match), as in PostgreSQL.
  const seen = new Set<number>();
  const newRows: Batch[] = [];
  const returnedRows: Batch[] = [];
  for (const b of batches) {
    const ids = rowIdsOf(b.columns[0]!, b.length);
    const keep: number[] = [];
    for (let i = 0; i < b.length; i++) {
      if (seen.has(ids[i]!)) continue;
      seen.add(ids[i]!);
      keep.push(i);
    }
    const rows = gatherBatch(
      { length: b.length, columns: b.columns.slice(1) },
      Int32Array.from(keep),
      keep.length,
    );
    if (rows.length === 0) continue;
    newRows.push({ length: rows.length, columns: rows.columns.slice(0, width) });
    returnedRows.push(rows);
  }
  const kept = removeRows(entry.data, seen);
  checkConstraints(ctx, entry, newRows, kept);
  const data = kept.appendAll(newRows);
  ctx.txn.put({ ...entry, data });
  const command = `UPDATE ${seen.size}`;
  if (stmt.returningList !== undefined) {
    return returning(ctx, entry, returnedRows, stmt.returningList, command, seen.size, alias, target.extra);
  }
  return new QueryResult([], [], command, seen.size, ctx.evalContext.timeZone);
}

export async function executeDelete(ctx: StatementContext, stmt: DeleteStmt): Promise<QueryResult> {
  const entry = resolveTable(ctx, stmt.relation!, 'delete');
  const binder = ctx.binder();
  const alias = stmt.relation!.alias?.aliasname ?? entry.name;
  const ctes = binder.withScope(stmt.withClause, null);
  const target = targetScan(binder, entry, alias, stmt.usingClause ?? [], stmt.whereClause, ctes);
  const extras = stmt.returningList !== undefined ? target.extra.columns : [];
  const outputs: OutputColumn[] = [target.rowId, ...target.columns, ...extras];
  const plan = binder.finishWith(
    {
      kind: 'project',
      input: target.plan,
      exprs: outputs.map((o) => ({ id: o.id, name: o.name, expr: col(o.id, o.type) })),
      output: outputs,
    },
    ctes,
  );
  settleParamTypes(ctx.params);
  const batches = await ctx.run(plan, outputs);
  const ids = new Set<number>();
  const deleted: Batch[] = [];
  for (const b of batches) {
    const rowIds = rowIdsOf(b.columns[0]!, b.length);
    const keep: number[] = [];
    for (let i = 0; i < b.length; i++) {
      if (ids.has(rowIds[i]!)) continue;
      ids.add(rowIds[i]!);
      keep.push(i);
    }
    deleted.push(
      gatherBatch({ length: b.length, columns: b.columns.slice(1) }, Int32Array.from(keep), keep.length),
    );
  }
  ctx.txn.put({ ...entry, data: removeRows(entry.data, ids) });
  const command = `DELETE ${ids.size}`;
  if (stmt.returningList !== undefined)
    return returning(ctx, entry, deleted, stmt.returningList, command, ids.size, alias, target.extra);
  return new QueryResult([], [], command, ids.size, ctx.evalContext.timeZone);
}

export function truncateData(entry: TableEntry): TableData {
  return TableData.empty(entry.columns.map((c) => c.type));
}
