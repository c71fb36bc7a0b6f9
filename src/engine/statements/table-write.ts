// What INSERT, UPDATE and DELETE share: finding the target table, column defaults, constraint
// checks (NOT NULL, CHECK, UNIQUE, PRIMARY KEY) and RETURNING.

import type { RangeVar } from '@pgsql/types';
import type { ColumnDefinition, TableEntry } from '../../catalog/catalog.js';
import { MemoryTableSource, TableData } from '../../catalog/table-data.js';
import { regNameLookup } from '../../catalog/system/reg-names.js';
import { bindExpr } from '../../binder/bind-expr.js';
import type { Binder } from '../../binder/binder.js';
import { coerce, resolveUnknown } from '../../binder/coerce.js';
import { figureColname } from '../../binder/column-names.js';
import { Scope, type ScopeColumn, type ScopeItem } from '../../binder/scope.js';
import type { Batch } from '../../columnar/batch.js';
import type { Vector } from '../../columnar/vector.js';
import { getScalar } from '../../columnar/vector-ops.js';
import { type Expr, lit } from '../../logical/expr.js';
import type { LogicalPlan, OutputColumn } from '../../logical/plan.js';
import { compileExpr, layoutOf, truthValues } from '../../physical/expr/compile.js';
import { GroupTable } from '../../physical/hash/group-table.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../../sql/ast.js';
import { typeShortName } from '../../types/data-type.js';
import { formatValue } from '../../types/text-format.js';
import { LarchError, SqlState } from '../errors.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';

const VIEW_WRITES = { insert: 'insert into', update: 'update', delete: 'delete from' } as const;

/**
 * The table a statement writes or alters. Views are refused as PostgreSQL refuses views it cannot
 * update automatically (Larch updates none): 55000 for `write`s, 42809 otherwise.
 */
export function resolveTable(
  ctx: StatementContext,
  rel: RangeVar,
  write?: keyof typeof VIEW_WRITES,
): TableEntry {
  const entry = ctx.txn.lookupRelation(rel.schemaname ?? null, rel.relname!);
  if (entry === undefined) {
    const full = rel.schemaname ? `${rel.schemaname}.${rel.relname}` : rel.relname!;
    throw ctx.bindContext.error(SqlState.undefinedTable, `relation "${full}" does not exist`, rel.location);
  }
  if (entry.kind !== 'table') {
    if (write === undefined) {
      throw ctx.bindContext.error(SqlState.wrongObjectType, `"${entry.name}" is not a table`, rel.location);
    }
    throw ctx.bindContext.error(
      SqlState.objectNotInPrerequisiteState,
      `cannot ${VIEW_WRITES[write]} view "${entry.name}"`,
      rel.location,
      {
        detail: 'Views that do not select from a single table or view are not automatically updatable.',
      },
    );
  }
  return entry;
}

/** The column's DEFAULT (or NULL), as an expression of the column's type. */
export function defaultExpr(b: Binder, column: ColumnDefinition): Expr {
  if (column.default === null) return lit(null, column.type);
  const e = bindExpr(b, column.default.ast, {
    scope: Scope.empty(null),
    ctes: null,
    clause: 'DEFAULT expressions',
    aggregates: null,
    windows: null,
  });
  return coerce(b.ctx, e, column.type, 'assignment');
}

/** Casts an expression to a column's type as INSERT and UPDATE do (assignment casts). */
export function assignTo(b: Binder, e: Expr, column: ColumnDefinition, location?: number): Expr {
  return coerce(
    b.ctx,
    e,
    column.type,
    'assignment',
    location,
    () =>
      `column "${column.name}" is of type ${typeShortName(column.type)} but expression is of type ${typeShortName(e.type)}`,
  );
}

function rowText(
  entry: TableEntry,
  batch: Batch,
  row: number,
  timeZone: StatementContext['evalContext']['timeZone'],
): string {
  return entry.columns
    .map((c, i) => {
      const v = getScalar(batch.columns[i]!, row);
      return v === null ? 'null' : formatValue(c.type, v, { timeZone });
    })
    .join(', ');
}

/** The first NULL row of a vector's first `length` rows, or -1 (whole validity bytes at a time). */
function firstNull(v: Vector, length: number): number {
  if (v.kind === 'const') return v.value === null && length > 0 ? 0 : -1;
  const validity = v.validity;
  if (validity === null) return -1;
  for (let byte = 0; byte * 8 < length; byte++) {
    if (validity[byte] === 0xff) continue;
    for (let i = byte * 8; i < Math.min(length, byte * 8 + 8); i++) {
      if ((validity[byte]! & (1 << (i & 7))) === 0) return i;
    }
  }
  return -1;
}

/**
 * Checks new rows against the table's constraints. `kept` is the table data the rows will join
 * (the rows being replaced by an UPDATE already removed). With `existing`, the rows are a table's
 * current data checked for a constraint being added, and the messages say so as PostgreSQL's do.
 */
export function checkConstraints(
  ctx: StatementContext,
  entry: TableEntry,
  rows: readonly Batch[],
  kept: TableData,
  existing = false,
): void {
  const tz = ctx.evalContext.timeZone;
  entry.columns.forEach((c, i) => {
    if (!c.notNull) return;
    for (const b of rows) {
      const r = firstNull(b.columns[i]!, b.length);
      if (r >= 0) {
        throw new LarchError(
          SqlState.notNullViolation,
          `null value in column "${c.name}" of relation "${entry.name}" violates not-null constraint`,
          {
            detail: `Failing row contains (${rowText(entry, b, r, tz)}).`,
          },
        );
      }
    }
  });
  if (entry.checks.length > 0) {
    const binder = ctx.binder();
    const outputs = entry.columns.map((c) => ({ id: binder.ctx.newId(), name: c.name, type: c.type }));
    const scope = new Scope([{ alias: entry.name, schema: null, columns: outputs }], null);
    const layout = layoutOf(outputs.map((o) => o.id));
    const task = ctx.taskContext();
    for (const check of entry.checks) {
      const e = bindExpr(binder, check.ast, {
        scope,
        ctes: null,
        clause: 'check constraints',
        aggregates: null,
        windows: null,
      });
      const evaluate = compileExpr(e, layout);
      for (const b of rows) {
        const truth = truthValues(evaluate(b, task), b.length);
        for (let r = 0; r < b.length; r++) {
          if (truth[r] === 0 && existing) {
            throw new LarchError(
              SqlState.checkViolation,
              `check constraint "${check.name}" of relation "${entry.name}" is violated by some row`,
            );
          }
          if (truth[r] === 0) {
            throw new LarchError(
              SqlState.checkViolation,
              `new row for relation "${entry.name}" violates check constraint "${check.name}"`,
              {
                detail: `Failing row contains (${rowText(entry, b, r, tz)}).`,
              },
            );
          }
        }
      }
    }
  }
  const keys = [...(entry.primaryKey === null ? [] : [entry.primaryKey]), ...entry.unique];
  for (const key of keys) {
    const positions = key.columns.map((k) => entry.columns.findIndex((c) => c.name === k));
    const table = new GroupTable(positions.map((p) => entry.columns[p]!.type));
    for (const chunk of kept.chunks)
      table.ids(
        positions.map((p) => chunk.columns[p]!),
        chunk.length,
        true,
        false,
      );
    for (const b of rows) {
      const before = table.size;
      const ids = table.ids(
        positions.map((p) => b.columns[p]!),
        b.length,
        true,
        false,
      );
      let next = before;
      for (let r = 0; r < b.length; r++) {
        const id = ids[r]!;
        if (id < 0) continue;
        if (id === next) {
          next++;
          continue;
        }
        const keyText = positions
          .map((p) => formatValue(entry.columns[p]!.type, getScalar(b.columns[p]!, r), { timeZone: tz }))
          .join(', ');
        if (existing) {
          throw new LarchError(SqlState.uniqueViolation, `could not create unique index "${key.name}"`, {
            detail: `Key (${key.columns.join(', ')})=(${keyText}) is duplicated.`,
          });
        }
        throw new LarchError(
          SqlState.uniqueViolation,
          `duplicate key value violates unique constraint "${key.name}"`,
          {
            detail: `Key (${key.columns.join(', ')})=(${keyText}) already exists.`,
          },
        );
      }
    }
  }
}

/** FROM / USING items of an UPDATE or DELETE; their columns follow the table's in the returned rows. */
export interface ReturningExtra {
  readonly items: readonly ScopeItem[];
  readonly columns: readonly ScopeColumn[];
}

/**
 * RETURNING: the listed expressions over the rows written (new values for INSERT/UPDATE, old for
 * DELETE), seen under the table's alias, plus the FROM / USING items' columns when `extra` is given.
 */
export async function returning(
  ctx: StatementContext,
  entry: TableEntry,
  rows: readonly Batch[],
  list: readonly PgNode[],
  command: string,
  count: number,
  alias: string = entry.name,
  extra: ReturningExtra = { items: [], columns: [] },
): Promise<QueryResult> {
  const binder = ctx.binder();
  const columns = [
    ...entry.columns.map((c) => ({ name: c.name, type: c.type })),
    ...extra.columns.map((c) => ({ name: c.name, type: c.type })),
  ];
  const data = TableData.empty(columns.map((c) => c.type)).appendAll(rows);
  const source = new MemoryTableSource(entry.name, columns, data);
  const scanColumns = columns.map((c, index) => ({
    id: binder.ctx.newId(),
    name: c.name,
    type: c.type,
    index,
  }));
  const width = entry.columns.length;
  const extraIndex = new Map(extra.columns.map((c, i) => [c.id, width + i]));
  const rescoped = (c: ScopeColumn): ScopeColumn => {
    const s = scanColumns[extraIndex.get(c.id)!]!;
    return { id: s.id, name: c.name, type: c.type };
  };
  const scan: LogicalPlan = {
    kind: 'scan',
    source,
    columns: scanColumns,
    filters: [],
    rowId: null,
    output: scanColumns.map(({ id, name, type }) => ({ id, name, type })),
  };
  const scope = new Scope(
    [
      {
        alias,
        schema: null,
        columns: scanColumns.slice(0, width).map(({ id, name, type }) => ({ id, name, type })),
      },
      ...extra.items.map((item) => ({ ...item, columns: item.columns.map(rescoped) })),
    ],
    null,
  );
  const st = { scope, ctes: null, clause: 'RETURNING', aggregates: null, windows: null };
  const exprs: { id: number; name: string; expr: Expr }[] = [];
  for (const node of list) {
    const target = bodyOf<{ name?: string; val: PgNode }>(node);
    const fields =
      tagOf(target.val) === 'ColumnRef' ? stringList(bodyOf<{ fields: PgNode[] }>(target.val).fields) : [];
    if (fields[fields.length - 1] === '*') {
      // RETURNING * lists every item's columns, as PostgreSQL does; alias.* only that item's.
      const starItems = fields.length === 1 ? scope.items : scope.items.filter((i) => i.alias === fields[0]);
      for (const c of starItems.flatMap((i) => i.columns))
        exprs.push({
          id: binder.ctx.newId(),
          name: c.name,
          expr: { kind: 'column', id: c.id, type: c.type, name: c.name },
        });
      continue;
    }
    const e = resolveUnknown(binder.ctx, bindExpr(binder, target.val, st));
    exprs.push({ id: binder.ctx.newId(), name: target.name ?? figureColname(target.val), expr: e });
  }
  const output: OutputColumn[] = exprs.map((e) => ({ id: e.id, name: e.name, type: e.expr.type }));
  const plan: LogicalPlan = { kind: 'project', input: scan, exprs, output };
  const batches = await ctx.run(plan, output);
  const evalContext = ctx.evalContext;
  return new QueryResult(output, batches, command, count, evalContext.timeZone).withRegNames(
    regNameLookup(() => evalContext.catalog),
  );
}
