// Rewrites that apply to every expression of a plan tree (column substitution).

import {
  type ColumnId,
  containsSubquery,
  type Expr,
  replaceColumns,
  transformExpr,
  visitExpr,
} from './expr.js';
import type { LogicalPlan } from './plan.js';
import { planChildren, planExprs, transformPlan, visitPlan, withPlanChildren } from './plan.js';

/** Applies `f` to every expression of one node (not its children). */
export function mapNodeExprs(p: LogicalPlan, f: (e: Expr) => Expr): LogicalPlan {
  switch (p.kind) {
    case 'scan':
      return { ...p, filters: p.filters.map(f) };
    case 'values':
      return { ...p, rows: p.rows.map((r) => r.map(f)) };
    case 'table_function':
      return { ...p, args: p.args.map(f) };
    case 'filter':
      return { ...p, predicate: f(p.predicate) };
    case 'project':
      return { ...p, exprs: p.exprs.map((e) => ({ ...e, expr: f(e.expr) })) };
    case 'aggregate':
      return {
        ...p,
        groups: p.groups.map((g) => ({ ...g, expr: f(g.expr) })),
        aggregates: p.aggregates.map((a) => ({
          ...a,
          call: {
            ...a.call,
            args: a.call.args.map(f),
            filter: a.call.filter === null ? null : f(a.call.filter),
            orderBy: a.call.orderBy.map((k) => ({ ...k, expr: f(k.expr) })),
          },
        })),
      };
    case 'window':
      return {
        ...p,
        windows: p.windows.map((w) => ({
          ...w,
          call: {
            ...w.call,
            args: w.call.args.map(f),
            partitionBy: w.call.partitionBy.map(f),
            orderBy: w.call.orderBy.map((k) => ({ ...k, expr: f(k.expr) })),
            filter: w.call.filter === null ? null : f(w.call.filter),
          },
        })),
      };
    case 'join':
      return {
        ...p,
        condition: p.condition === null ? null : f(p.condition),
        markCondition: p.markCondition === null ? null : f(p.markCondition),
      };
    case 'sort':
      return { ...p, keys: p.keys.map((k) => ({ ...k, expr: f(k.expr) })) };
    case 'limit':
      return {
        ...p,
        limit: p.limit === null ? null : f(p.limit),
        offset: p.offset === null ? null : f(p.offset),
      };
    case 'distinct':
      return { ...p, on: p.on === null ? null : p.on.map(f) };
    case 'set_op':
    case 'recursive_cte':
    case 'work_table_scan':
    case 'cte_scan':
    case 'empty':
      return p;
  }
}

/** Replaces column references everywhere in a plan, including inside nested subquery plans. */
export function replaceColumnsInPlan(plan: LogicalPlan, map: ReadonlyMap<ColumnId, Expr>): LogicalPlan {
  if (map.size === 0) return plan;
  const rewriteExpr = (e: Expr): Expr =>
    transformExpr(replaceColumns(e, map), (x) => {
      if (x.kind !== 'subquery') return x;
      return {
        ...x,
        plan: replaceColumnsInPlan(x.plan, map),
        outer: x.outer.flatMap((id) => {
          const r = map.get(id);
          if (r === undefined) return [id];
          const ids: ColumnId[] = [];
          transformExpr(r, (y) => {
            if (y.kind === 'column') ids.push(y.id);
            return y;
          });
          return ids;
        }),
      };
    });
  const children = planChildren(plan).map((c) => replaceColumnsInPlan(c, map));
  return mapNodeExprs(withPlanChildren(plan, children), rewriteExpr);
}

/** Bottom-up rewrite of every node, including the nodes of subquery expressions' plans. */
export function transformPlanDeep(plan: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const rewriteSubqueries = (e: Expr): Expr =>
    transformExpr(e, (x) => (x.kind === 'subquery' ? { ...x, plan: transformPlanDeep(x.plan, f) } : x));
  return transformPlan(plan, (p) =>
    f(planExprs(p).some(containsSubquery) ? mapNodeExprs(p, rewriteSubqueries) : p),
  );
}

/** Visits every node, including the nodes of subquery expressions' plans. */
export function visitPlanDeep(plan: LogicalPlan, f: (p: LogicalPlan) => void): void {
  visitPlan(plan, (p) => {
    f(p);
    for (const e of planExprs(p)) {
      visitExpr(e, (x) => {
        if (x.kind === 'subquery') visitPlanDeep(x.plan, f);
      });
    }
  });
}
