// GROUP BY (with GROUPING SETS, ROLLUP and CUBE) and the aggregate node: group expressions are
// matched in the select list, HAVING and ORDER BY, and any other column reference is an error.

import { SqlState } from '../engine/errors.js';
import {
  col,
  type ColumnId,
  type Expr,
  exprChildren,
  exprKey,
  lit,
  withExprChildren,
} from '../logical/expr.js';
import type { LogicalPlan, OutputColumn } from '../logical/plan.js';
import { replaceColumnsInPlan } from '../logical/rewrite.js';
import { bodyOf, locationOf, type PgNode, tagOf } from '../sql/ast.js';
import { Types } from '../types/data-type.js';
import type { AggregateCollector, Binder, ExprState } from './binder.js';
import { bareName, ordinalOf } from './binder.js';
import { resolveUnknown } from './coerce.js';
import { bindExpr } from './bind-expr.js';
import type { Scope } from './scope.js';

export interface GroupBinding {
  /** Distinct group expressions. */
  readonly exprs: readonly Expr[];
  /** Grouping sets as indexes into `exprs`; null for a plain GROUP BY. */
  readonly sets: readonly (readonly number[])[] | null;
}

interface SelectItemRef {
  readonly name: string;
  readonly expr: Expr;
}

/** Cartesian product of lists of grouping sets (GROUP BY a, ROLLUP(b, c)). */
function product(lists: readonly (readonly (readonly number[])[])[]): number[][] {
  let acc: number[][] = [[]];
  for (const list of lists) {
    const next: number[][] = [];
    for (const a of acc) for (const s of list) next.push([...a, ...s]);
    acc = next;
  }
  return acc.map((s) => [...new Set(s)]);
}

export function bindGroupBy(
  b: Binder,
  nodes: readonly PgNode[],
  st: ExprState,
  items: readonly SelectItemRef[],
  scope: Scope,
): GroupBinding {
  const exprs: Expr[] = [];
  const keys = new Map<string, number>();
  let hasSets = false;

  const groupIndex = (node: PgNode): number => {
    const e = bindGroupExpr(b, node, st, items, scope);
    const key = exprKey(e);
    let i = keys.get(key);
    if (i === undefined) {
      i = exprs.length;
      exprs.push(e);
      keys.set(key, i);
    }
    return i;
  };
  // A list of expressions in parentheses counts as one grouping element: ROLLUP((a, b), c).
  const element = (node: PgNode): number[] =>
    tagOf(node) === 'RowExpr'
      ? (bodyOf<{ args?: PgNode[] }>(node).args ?? []).map(groupIndex)
      : [groupIndex(node)];

  const expand = (node: PgNode): number[][] => {
    if (tagOf(node) !== 'GroupingSet') return [element(node)];
    hasSets = true;
    const g = bodyOf<{ kind: string; content?: PgNode[] }>(node);
    const content = g.content ?? [];
    switch (g.kind) {
      case 'GROUPING_SET_EMPTY':
        return [[]];
      case 'GROUPING_SET_SIMPLE':
        return [content.flatMap(element)];
      case 'GROUPING_SET_ROLLUP': {
        const parts = content.map(element);
        const sets: number[][] = [];
        for (let k = parts.length; k >= 0; k--) sets.push(parts.slice(0, k).flat());
        return sets;
      }
      case 'GROUPING_SET_CUBE': {
        const parts = content.map(element);
        const sets: number[][] = [];
        const n = parts.length;
        for (let mask = (1 << n) - 1; mask >= 0; mask--) {
          sets.push(parts.filter((_, i) => (mask & (1 << (n - 1 - i))) !== 0).flat());
        }
        return sets;
      }
      default:
        return content.flatMap(expand);
    }
  };
  const lists = nodes.map(expand);
  return { exprs, sets: hasSets ? product(lists) : null };
}

function bindGroupExpr(
  b: Binder,
  node: PgNode,
  st: ExprState,
  items: readonly SelectItemRef[],
  scope: Scope,
): Expr {
  const ordinal = ordinalOf(node);
  if (ordinal !== null) {
    const item = items[ordinal - 1];
    if (item === undefined) {
      throw b.ctx.error(
        SqlState.invalidColumnReference,
        `GROUP BY position ${ordinal} is not in select list`,
        locationOf(node),
      );
    }
    return item.expr;
  }
  const name = bareName(node);
  if (name !== null) {
    // An input column wins over a select-list alias of the same name, as in PostgreSQL.
    const inScope =
      scope.star.some((c) => c.name === name) ||
      scope.items.some((i) => i.columns.some((c) => c.name === name));
    if (!inScope) {
      const alias = items.find((it) => it.name === name);
      if (alias !== undefined) return alias.expr;
    }
  }
  return resolveUnknown(b.ctx, bindExpr(b, node, st));
}

interface AppliedGrouping {
  readonly plan: LogicalPlan;
  /** Rewrites an expression bound over the FROM scope into one over the aggregate's output. */
  readonly rewrite: (e: Expr) => Expr;
}

export function applyGrouping(
  b: Binder,
  input: LogicalPlan,
  grouping: GroupBinding | null,
  aggregates: AggregateCollector,
  fromIds: ReadonlySet<ColumnId>,
): AppliedGrouping {
  const groupExprs = grouping?.exprs ?? [];
  for (const g of groupExprs) checkNoAggregates(b, g, aggregates);
  const groups = groupExprs.map((expr) => ({
    id: b.ctx.newId(),
    name: expr.kind === 'column' ? expr.name : '?column?',
    expr,
  }));
  const sets = grouping?.sets ?? null;
  const groupingId: OutputColumn | null =
    sets === null ? null : { id: b.ctx.newId(), name: 'grouping_id', type: Types.int8 };
  const output: OutputColumn[] = [
    ...groups.map((g) => ({ id: g.id, name: g.name, type: g.expr.type })),
    ...aggregates.items.map((a) => ({ id: a.id, name: a.name, type: a.call.type })),
    ...(groupingId === null ? [] : [groupingId]),
  ];
  const plan: LogicalPlan = {
    kind: 'aggregate',
    input,
    groups,
    groupingSets: sets,
    groupingId,
    aggregates: aggregates.items.map((a) => ({ id: a.id, name: a.name, call: a.call })),
    output,
  };
  const byKey = new Map(groups.map((g) => [exprKey(g.expr), g]));
  // Plain grouped columns, for references from correlated subqueries.
  const columnMap = new Map<ColumnId, Expr>();
  for (const g of groups)
    if (g.expr.kind === 'column') columnMap.set(g.expr.id, col(g.id, g.expr.type, g.name));
  const groupingExprs = new Map<ColumnId, Expr>();
  for (const g of aggregates.groupings) {
    const positions = g.args.map((arg) => {
      const found = byKey.get(exprKey(arg));
      if (found === undefined) {
        throw b.ctx.error(
          SqlState.groupingError,
          'arguments to GROUPING must be grouping expressions of the associated query level',
        );
      }
      return groups.indexOf(found);
    });
    groupingExprs.set(
      g.id,
      groupingId === null
        ? lit(0, Types.int4)
        : {
            kind: 'call',
            fn: b.ctx.functions.scalar('grouping_bits', [Types.int8, ...positions.map(() => Types.int4)]),
            args: [
              col(groupingId.id, Types.int8),
              ...positions.map((p) => lit(groups.length - 1 - p, Types.int4)),
            ],
            type: Types.int4,
          },
    );
  }
  const rewrite = (e: Expr): Expr => {
    const g = byKey.get(exprKey(e));
    if (g !== undefined) return col(g.id, g.expr.type, g.name);
    if (e.kind === 'column') {
      const grouping = groupingExprs.get(e.id);
      if (grouping !== undefined) return grouping;
      if (fromIds.has(e.id)) {
        throw b.ctx.error(
          SqlState.groupingError,
          `column "${qualifiedName(e)}" must appear in the GROUP BY clause or be used in an aggregate function`,
        );
      }
      return e;
    }
    if (e.kind === 'subquery') {
      for (const id of e.outer) {
        if (fromIds.has(id) && !columnMap.has(id)) {
          throw b.ctx.error(SqlState.groupingError, 'subquery uses ungrouped column from outer query');
        }
      }
      return {
        ...e,
        args: e.args.map(rewrite),
        plan: replaceColumnsInPlan(e.plan, columnMap),
        outer: e.outer.map((id) => {
          const m = columnMap.get(id);
          return m !== undefined && m.kind === 'column' ? m.id : id;
        }),
      };
    }
    const children = exprChildren(e);
    if (children.length === 0) return e;
    return withExprChildren(e, children.map(rewrite));
  };
  return { plan, rewrite };
}

function qualifiedName(e: Expr & { kind: 'column' }): string {
  return e.name;
}

function checkNoAggregates(b: Binder, e: Expr, aggregates: AggregateCollector): void {
  const ids = new Set(aggregates.items.map((a) => a.id));
  const visit = (x: Expr): void => {
    if (x.kind === 'column' && ids.has(x.id)) {
      throw b.ctx.error(SqlState.groupingError, 'aggregate functions are not allowed in GROUP BY');
    }
    exprChildren(x).forEach(visit);
  };
  visit(e);
}
