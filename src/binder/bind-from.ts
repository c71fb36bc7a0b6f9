// Binding FROM: tables, views, CTEs, derived tables, table functions and joins (ON, USING,
// NATURAL, LATERAL).

import type {
  A_Expr,
  Alias,
  FuncCall,
  JoinExpr,
  RangeFunction,
  RangeSubselect,
  RangeVar,
} from '@pgsql/types';
import { MemoryTableSource } from '../catalog/table-data.js';
import type { TableEntry, ViewEntry } from '../catalog/catalog.js';
import type { Scalar } from '../columnar/vector.js';
import { SqlState } from '../engine/errors.js';
import type { TableFunction, TableFunctionArg, TableFunctionDefinition } from '../functions/function.js';
import { col, exprColumns, type Expr } from '../logical/expr.js';
import { foldExpr } from '../optimizer/rules/fold-constants.js';
import { joinOutput, type JoinType, type LogicalPlan, type OutputColumn } from '../logical/plan.js';
import { bodyOf, locationOf, type PgNode, stringList, tagOf } from '../sql/ast.js';
import { parseSql } from '../sql/parser.js';
import { Types } from '../types/data-type.js';
import { bindMlTableFunction } from './bind-ml-function.js';
import { rowsOf } from './bind-ml-input.js';
import { isWindowFunction, windowSubquery } from './window-table-functions.js';
import type { Binder, BoundQuery, ExprState } from './binder.js';
import { coerce, resolveUnknown } from './coerce.js';
import type { CteScope } from './context.js';
import { bindCteReference } from './bind-cte.js';
import { bindExpr, comparison, requireBool, unify } from './bind-expr.js';
import { functionName } from './bind-function.js';
import { Scope, type ScopeColumn, type ScopeItem } from './scope.js';

export interface BoundFrom {
  readonly plan: LogicalPlan;
  readonly scope: Scope;
}

interface BoundItem {
  readonly plan: LogicalPlan;
  readonly items: readonly ScopeItem[];
  readonly star: readonly ScopeColumn[];
}

const MAX_VIEW_DEPTH = 32;

export function bindFrom(
  b: Binder,
  from: readonly PgNode[],
  parent: Scope | null,
  ctes: CteScope | null,
): BoundFrom {
  if (from.length === 0) {
    return { plan: { kind: 'empty', rows: 1, output: [] }, scope: new Scope([], parent, []) };
  }
  let acc: BoundItem | null = null;
  for (const node of from) {
    const lateralScope = acc === null ? parent : new Scope(acc.items, parent, acc.star);
    const item = bindFromItem(b, node, parent, ctes, lateralScope);
    if (acc !== null) checkDuplicateAliases(b, acc.items, item.items, node);
    acc = acc === null ? item : crossJoin(acc, item);
  }
  return { plan: acc!.plan, scope: new Scope(acc!.items, parent, acc!.star) };
}

function checkDuplicateAliases(
  b: Binder,
  left: readonly ScopeItem[],
  right: readonly ScopeItem[],
  node: PgNode,
): void {
  const names = new Set(left.map((i) => i.alias).filter((a) => a !== null));
  for (const item of right) {
    if (item.alias !== null && names.has(item.alias)) {
      throw b.ctx.error(
        SqlState.duplicateAlias,
        `table name "${item.alias}" specified more than once`,
        locationOf(node),
      );
    }
  }
}

function crossJoin(left: BoundItem, right: BoundItem): BoundItem {
  const plan: LogicalPlan = {
    kind: 'join',
    joinType: 'inner',
    left: left.plan,
    right: right.plan,
    condition: null,
    markCondition: null,
    mark: null,
    output: joinOutput('inner', left.plan, right.plan, null),
  };
  return { plan, items: [...left.items, ...right.items], star: [...left.star, ...right.star] };
}

function bindFromItem(
  b: Binder,
  node: PgNode,
  parent: Scope | null,
  ctes: CteScope | null,
  lateral: Scope | null,
): BoundItem {
  switch (tagOf(node)) {
    case 'RangeVar':
      return bindRangeVar(b, bodyOf<RangeVar>(node), ctes);
    case 'RangeSubselect': {
      const r = bodyOf<RangeSubselect>(node);
      const q = b.bindQuery(r.subquery!, r.lateral ? lateral : parent, ctes);
      return aliasQuery(b, q, r.alias, r.alias?.aliasname ?? null, null);
    }
    case 'JoinExpr':
      return bindJoin(b, bodyOf<JoinExpr>(node), parent, ctes, lateral);
    case 'RangeFunction':
      return bindRangeFunction(b, bodyOf<RangeFunction>(node), ctes, lateral ?? parent);
    default:
      throw b.ctx.error(
        SqlState.featureNotSupported,
        `FROM item ${tagOf(node)} is not supported`,
        locationOf(node),
      );
  }
}

/** Wraps a bound query as a FROM item named `alias`, applying column aliases. */
function aliasQuery(
  b: Binder,
  q: BoundQuery,
  alias: Alias | undefined,
  name: string | null,
  schema: string | null,
): BoundItem {
  const renames = stringList(alias?.colnames);
  if (renames.length > q.columns.length) {
    throw b.ctx.error(
      SqlState.invalidColumnReference,
      `table "${name}" has ${q.columns.length} columns available but ${renames.length} columns specified`,
    );
  }
  const columns: ScopeColumn[] = q.columns.map((c, i) => ({
    name: renames[i] ?? c.name,
    id: c.id,
    type: c.type,
  }));
  let plan = q.plan;
  if (plan.output.length !== q.columns.length) {
    plan = {
      kind: 'project',
      input: plan,
      exprs: q.columns.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) })),
      output: q.columns,
    };
  }
  return { plan, items: [{ alias: name, schema, columns }], star: columns };
}

function bindRangeVar(b: Binder, r: RangeVar, ctes: CteScope | null): BoundItem {
  const name = r.relname!;
  const alias = r.alias?.aliasname ?? name;
  if (r.schemaname === undefined && ctes !== null) {
    const cte = ctes.find(name);
    if (cte !== undefined) return aliasQuery(b, bindCteReference(b, cte, r), r.alias, alias, null);
  }
  const entry = b.ctx.catalog.lookupRelation(r.schemaname ?? null, name);
  if (entry === undefined) {
    const full = r.schemaname ? `${r.schemaname}.${name}` : name;
    throw b.ctx.error(SqlState.undefinedTable, `relation "${full}" does not exist`, r.location);
  }
  if (entry.kind === 'view') return bindView(b, entry, r, alias);
  return bindTable(b, entry, r.alias, alias);
}

export function tableScan(
  b: Binder,
  entry: TableEntry,
  withRowId = false,
): { plan: LogicalPlan & { kind: 'scan' }; columns: ScopeColumn[] } {
  const keys = [...(entry.primaryKey === null ? [] : [entry.primaryKey]), ...entry.unique];
  const indexed = new Set(
    keys
      .filter((k) => k.columns.length === 1)
      .map((k) => entry.columns.findIndex((c) => c.name === k.columns[0])),
  );
  const source = new MemoryTableSource(
    entry.name,
    entry.columns.map((c) => ({ name: c.name, type: c.type })),
    entry.data,
    indexed,
  );
  const columns = entry.columns.map((c, index) => ({ id: b.ctx.newId(), name: c.name, type: c.type, index }));
  const rowId: OutputColumn | null = withRowId
    ? { id: b.ctx.newId(), name: 'rowid', type: Types.int8 }
    : null;
  const plan = {
    kind: 'scan' as const,
    source,
    columns,
    filters: [],
    rowId,
    output:
      rowId === null
        ? columns.map(({ id, name, type }) => ({ id, name, type }))
        : [...columns.map(({ id, name, type }) => ({ id, name, type })), rowId],
  };
  return { plan, columns: columns.map(({ id, name, type }) => ({ id, name, type })) };
}

function bindTable(b: Binder, entry: TableEntry, alias: Alias | undefined, name: string): BoundItem {
  const { plan, columns } = tableScan(b, entry);
  const renames = stringList(alias?.colnames);
  const named = columns.map((c, i) => ({ ...c, name: renames[i] ?? c.name }));
  return {
    plan,
    items: [
      { alias: name, schema: entry.temporary ? null : entry.schema, relation: entry.name, columns: named },
    ],
    star: named,
  };
}

function bindView(b: Binder, view: ViewEntry, r: RangeVar, alias: string): BoundItem {
  if (b.ctx.viewDepth > MAX_VIEW_DEPTH) {
    throw b.ctx.error(
      SqlState.invalidRecursion,
      `infinite recursion detected in rules for relation "${view.name}"`,
      r.location,
    );
  }
  const [stmt] = parseSql(view.query);
  b.ctx.viewDepth++;
  let q: BoundQuery;
  try {
    q = b.bindQuery(stmt!.ast, null, null);
  } finally {
    b.ctx.viewDepth--;
  }
  const columns = q.columns.map((c, i) => ({ ...c, name: view.columnNames[i] ?? c.name }));
  return aliasQuery(b, { plan: q.plan, columns }, r.alias, alias, view.schema);
}

const JOIN_TYPES: Record<string, JoinType> = {
  JOIN_INNER: 'inner',
  JOIN_LEFT: 'left',
  JOIN_RIGHT: 'right',
  JOIN_FULL: 'full',
};

function bindJoin(
  b: Binder,
  j: JoinExpr,
  parent: Scope | null,
  ctes: CteScope | null,
  lateral: Scope | null,
): BoundItem {
  const left = bindFromItem(b, j.larg!, parent, ctes, lateral);
  const rightLateral = new Scope(left.items, lateral ?? parent, left.star);
  const right = bindFromItem(b, j.rarg!, parent, ctes, rightLateral);
  checkDuplicateAliases(b, left.items, right.items, j.rarg!);
  const joinType = JOIN_TYPES[j.jointype ?? 'JOIN_INNER'];
  if (joinType === undefined)
    throw b.ctx.error(SqlState.featureNotSupported, `join type ${j.jointype} is not supported`);
  const leftScope = new Scope(left.items, null, left.star);
  const rightScope = new Scope(right.items, null, right.star);
  let usingNames: string[] = stringList(j.usingClause);
  if (j.isNatural) {
    const rightNames = new Set(right.star.map((c) => c.name));
    usingNames = left.star.map((c) => c.name).filter((n) => rightNames.has(n));
  }
  let plan: LogicalPlan;
  let items: ScopeItem[];
  let star: ScopeColumn[];
  if (usingNames.length > 0 || j.isNatural) {
    const conditions: Expr[] = [];
    const merged: ScopeColumn[] = [];
    const mergedExprs: { id: number; name: string; expr: Expr }[] = [];
    for (const name of usingNames) {
      const l = findUsing(b, leftScope, name, 'left');
      const r = findUsing(b, rightScope, name, 'right');
      const [le, re] = unify(b, [col(l.id, l.type, name), col(r.id, r.type, name)], 'JOIN/USING');
      conditions.push(comparison(b, '=', le!, re!));
      if (joinType === 'full') {
        const id = b.ctx.newId();
        mergedExprs.push({ id, name, expr: { kind: 'coalesce', args: [le!, re!], type: le!.type } });
        merged.push({ name, id, type: le!.type });
      } else if (joinType === 'right') {
        merged.push(
          re!.kind === 'column'
            ? { name, id: re!.id, type: re!.type }
            : castColumn(b, mergedExprs, re!, name),
        );
      } else {
        merged.push(
          le!.kind === 'column'
            ? { name, id: le!.id, type: le!.type }
            : castColumn(b, mergedExprs, le!, name),
        );
      }
    }
    const condition =
      conditions.length === 0
        ? null
        : conditions.length === 1
          ? conditions[0]!
          : { kind: 'and' as const, args: conditions, type: Types.bool };
    plan = joinNode(joinType, left.plan, right.plan, condition);
    if (mergedExprs.length > 0) {
      plan = {
        kind: 'project',
        input: plan,
        exprs: [
          ...plan.output.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) })),
          ...mergedExprs,
        ],
        output: [...plan.output, ...mergedExprs.map((e) => ({ id: e.id, name: e.name, type: e.expr.type }))],
      };
    }
    const hidden = new Set(usingNames);
    items = [
      { alias: null, schema: null, columns: merged },
      ...left.items.map((i) => ({ ...i, hiddenUnqualified: hidden })),
      ...right.items.map((i) => ({ ...i, hiddenUnqualified: hidden })),
    ];
    star = [
      ...merged,
      ...left.star.filter((c) => !hidden.has(c.name)),
      ...right.star.filter((c) => !hidden.has(c.name)),
    ];
  } else {
    let condition: Expr | null = null;
    if (j.quals !== undefined) {
      const scope = new Scope([...left.items, ...right.items], lateral ?? parent, [
        ...left.star,
        ...right.star,
      ]);
      const st: ExprState = { scope, ctes, clause: 'JOIN conditions', aggregates: null, windows: null };
      condition = requireBool(b, bindExpr(b, j.quals, st), 'JOIN/ON', locationOf(j.quals));
    }
    plan = joinNode(joinType, left.plan, right.plan, condition);
    items = [...left.items, ...right.items];
    star = [...left.star, ...right.star];
  }
  if (j.alias !== undefined) {
    const renames = stringList(j.alias.colnames);
    const columns = star.map((c, i) => ({ ...c, name: renames[i] ?? c.name }));
    return { plan, items: [{ alias: j.alias.aliasname!, schema: null, columns }], star: columns };
  }
  return { plan, items, star };
}

function castColumn(
  b: Binder,
  exprs: { id: number; name: string; expr: Expr }[],
  expr: Expr,
  name: string,
): ScopeColumn {
  const id = b.ctx.newId();
  exprs.push({ id, name, expr });
  return { name, id, type: expr.type };
}

function findUsing(b: Binder, scope: Scope, name: string, side: string): ScopeColumn {
  const matches = scope.star.filter((c) => c.name === name);
  if (matches.length === 0) {
    throw b.ctx.error(
      SqlState.undefinedColumn,
      `column "${name}" specified in USING clause does not exist in ${side} table`,
    );
  }
  if (matches.length > 1) {
    throw b.ctx.error(
      SqlState.ambiguousColumn,
      `common column name "${name}" appears more than once in ${side} table`,
    );
  }
  return matches[0]!;
}

function joinNode(
  joinType: JoinType,
  left: LogicalPlan,
  right: LogicalPlan,
  condition: Expr | null,
): LogicalPlan {
  return {
    kind: 'join',
    joinType,
    left,
    right,
    condition,
    markCondition: null,
    mark: null,
    output: joinOutput(joinType, left, right, null),
  };
}

function bindRangeFunction(
  b: Binder,
  r: RangeFunction,
  ctes: CteScope | null,
  scope: Scope | null,
): BoundItem {
  const fns = r.functions ?? [];
  if (fns.length !== 1)
    throw b.ctx.error(SqlState.featureNotSupported, 'ROWS FROM with several functions is not supported');
  const pair = bodyOf<{ items: PgNode[] }>(fns[0]!).items;
  const callNode = pair[0]!;
  if (tagOf(callNode) !== 'FuncCall')
    throw b.ctx.error(SqlState.featureNotSupported, 'only function calls are supported in FROM');
  const f = bodyOf<FuncCall>(callNode);
  const name = functionName(f);
  if (isWindowFunction(name) && (f.funcname ?? []).length === 1)
    return bindFromItem(b, windowSubquery(b, name as 'tumble' | 'hop', r, f), scope, ctes, null);
  if (stringList(f.funcname)[0]?.toLowerCase() === 'ml') {
    const ml = bindMlTableFunction(b, f, ctes);
    const alias = r.alias?.aliasname ?? name;
    return { plan: ml.plan, items: [{ alias, schema: null, columns: ml.columns }], star: ml.columns };
  }
  if ((name === 'larch_sources' || name === 'larch_sinks') && (f.args ?? []).length === 0) {
    // The stream objects, for information_schema.sources / sinks.
    const rows = b.ctx.catalog.streamRows?.(name === 'larch_sources' ? 'sources' : 'sinks') ?? {
      columns: [],
      rows: [],
    };
    const bound = rowsOf(b, name, rows);
    const alias = r.alias?.aliasname ?? name;
    return {
      plan: bound.plan,
      items: [{ alias, schema: null, columns: bound.columns }],
      star: bound.columns,
    };
  }
  const def = b.ctx.functions.tableFunction(name);
  if (def === undefined && b.ctx.functions.hasScalar(name) && !r.ordinality) {
    return bindScalarFunctionInFrom(b, callNode, r, name, scope, ctes);
  }
  if (def === undefined) {
    throw b.ctx.error(
      SqlState.undefinedFunction,
      `function ${name} does not exist or is not a table function`,
      f.location,
      {
        hint: 'Table functions in FROM include generate_series and unnest.',
      },
    );
  }
  const st: ExprState = {
    scope: scope ?? Scope.empty(null),
    ctes,
    clause: 'functions in FROM',
    aggregates: null,
    windows: null,
  };
  const { fn, args: castArgs } = bindTableFunctionCall(b, def, f, st);
  const aliasName = r.alias?.aliasname ?? name;
  const renames = stringList(r.alias?.colnames);
  if (fn.source !== undefined && !r.ordinality) {
    // A file reader (read_csv, read_parquet …) is a table source: a partitioned scan with pushdown.
    const columns = fn.source.columns.map((c, index) => ({
      id: b.ctx.newId(),
      name: renames[index] ?? c.name,
      type: c.type,
      index,
    }));
    const scan: LogicalPlan = {
      kind: 'scan',
      source: fn.source,
      columns,
      filters: [],
      rowId: null,
      output: columns.map(({ id, name: n, type }) => ({ id, name: n, type })),
    };
    const scoped = columns.map(({ id, name: n, type }) => ({ id, name: n, type }));
    return { plan: scan, items: [{ alias: aliasName, schema: null, columns: scoped }], star: scoped };
  }
  const output: OutputColumn[] = fn.columns.map((c, i) => ({
    id: b.ctx.newId(),
    // A single-column function's column is named after the alias (or the function) unless renamed.
    name:
      renames[i] ??
      (fn.columns.length === 1 && (r.alias !== undefined || c.name === name) ? aliasName : c.name),
    type: c.type,
  }));
  const ordinality: OutputColumn | null = r.ordinality
    ? { id: b.ctx.newId(), name: renames[fn.columns.length] ?? 'ordinality', type: Types.int8 }
    : null;
  const all = ordinality === null ? output : [...output, ordinality];
  const plan: LogicalPlan = { kind: 'table_function', fn, args: castArgs, ordinality, output: all };
  const columns = all.map((c) => ({ name: c.name, id: c.id, type: c.type }));
  return { plan, items: [{ alias: aliasName, schema: null, columns }], star: columns };
}

/** PostgreSQL allows any function in FROM: a scalar function there is a one-row table. */
function bindScalarFunctionInFrom(
  b: Binder,
  callNode: PgNode,
  r: RangeFunction,
  name: string,
  scope: Scope | null,
  ctes: CteScope | null,
): BoundItem {
  const st: ExprState = {
    scope: scope ?? Scope.empty(null),
    ctes,
    clause: 'functions in FROM',
    aggregates: null,
    windows: null,
  };
  const e = resolveUnknown(b.ctx, bindExpr(b, callNode, st));
  const aliasName = r.alias?.aliasname ?? name;
  const column = { id: b.ctx.newId(), name: stringList(r.alias?.colnames)[0] ?? aliasName, type: e.type };
  const plan: LogicalPlan = { kind: 'values', rows: [[e]], output: [column] };
  return { plan, items: [{ alias: aliasName, schema: null, columns: [column] }], star: [column] };
}

/** Binds a table function's arguments and resolves the function for their types. */
export function bindTableFunctionCall(
  b: Binder,
  def: TableFunctionDefinition,
  f: FuncCall,
  st: ExprState,
): { fn: TableFunction; args: Expr[] } {
  const boundArgs = (f.args ?? []).map((a) => {
    const named = namedArgument(a, def);
    const e = bindExpr(b, named ? named.arg : a, st);
    return { expr: e, name: named?.name ?? null };
  });
  const args: TableFunctionArg[] = boundArgs.map(({ expr, name: argName }) => {
    // File readers decide their columns from constant arguments: fold 'dir/' || 'x.csv', ARRAY[…].
    const folded =
      exprColumns(expr).size === 0
        ? foldExpr(expr, {
            newId: () => b.ctx.newId(),
            functions: b.ctx.functions,
            evalContext: b.ctx.evalContext,
          })
        : expr;
    return {
      type: expr.type,
      value: folded.kind === 'literal' ? (folded.value as Scalar) : undefined,
      name: argName,
    };
  });
  const fn = def.bind(args, { evalContext: b.ctx.evalContext });
  const castArgs = boundArgs.map(({ expr }, i) =>
    coerce(b.ctx, expr, fn.argTypes[i] ?? expr.type, 'implicit', f.location),
  );
  return { fn, args: castArgs };
}

/** `name => value`, or DuckDB's `name = value` for the options a function lists. */
function namedArgument(a: PgNode, def: TableFunctionDefinition): { name: string; arg: PgNode } | null {
  if (tagOf(a) === 'NamedArgExpr') return bodyOf<{ name: string; arg: PgNode }>(a);
  if (tagOf(a) !== 'A_Expr' || def.options === undefined) return null;
  const e = bodyOf<A_Expr>(a);
  if (e.kind !== 'AEXPR_OP' || stringList(e.name).join('') !== '=' || e.lexpr === undefined) return null;
  if (tagOf(e.lexpr) !== 'ColumnRef') return null;
  const fields = stringList(bodyOf<{ fields: PgNode[] }>(e.lexpr).fields);
  if (fields.length !== 1 || !def.options.includes(fields[0]!.toLowerCase())) return null;
  return { name: fields[0]!, arg: e.rexpr! };
}
