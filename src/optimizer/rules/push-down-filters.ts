// Filter pushdown: predicates move as close to the scans as their columns allow — through
// projections (substituting the projected expressions), into join inputs or join conditions,
// below aggregates (when they read only group keys), into both sides of set operations, and into
// scans. A WHERE condition that rejects NULLs on a LEFT JOIN's right side makes it an inner join.

import {
  type ColumnId,
  conjuncts,
  type Expr,
  exprColumns,
  exprKey,
  callsStatementFunction,
  isVolatile,
  replaceColumns,
  col,
} from '../../logical/expr.js';
import { joinOutput, type JoinNode, type LogicalPlan } from '../../logical/plan.js';
import { Types } from '../../types/data-type.js';
import type { OptimizerRule } from '../rule.js';

function and(exprs: readonly Expr[]): Expr | null {
  if (exprs.length === 0) return null;
  if (exprs.length === 1) return exprs[0]!;
  return { kind: 'and', args: exprs, type: Types.bool };
}

function within(e: Expr, ids: ReadonlySet<ColumnId>): boolean {
  for (const id of exprColumns(e)) if (!ids.has(id)) return false;
  return true;
}

function touches(e: Expr, ids: ReadonlySet<ColumnId>): boolean {
  for (const id of exprColumns(e)) if (ids.has(id)) return true;
  return false;
}

function ids(p: LogicalPlan): Set<ColumnId> {
  return new Set(p.output.map((c) => c.id));
}

/** Whether `e` is NULL whenever every column in `ids` is NULL (strict calls and casts over them). */
function nullWhenNull(e: Expr, ids: ReadonlySet<ColumnId>): boolean {
  switch (e.kind) {
    case 'column':
      return ids.has(e.id);
    case 'cast':
      return nullWhenNull(e.expr, ids);
    case 'call':
      return e.fn.strict && e.args.some((a) => nullWhenNull(a, ids));
    default:
      return false;
  }
}

/** Whether a WHERE predicate is false or NULL when the columns in `ids` are all NULL. */
function rejectsNulls(e: Expr, ids: ReadonlySet<ColumnId>): boolean {
  if (e.kind === 'and') return e.args.some((a) => rejectsNulls(a, ids));
  if (e.kind === 'or') return e.args.every((a) => rejectsNulls(a, ids));
  if (e.kind === 'is_null') return e.negated && nullWhenNull(e.arg, ids);
  if (e.kind === 'in_list') return nullWhenNull(e.arg, ids);
  if (e.kind === 'not') return nullWhenNull(e.arg, ids);
  return nullWhenNull(e, ids);
}

function filter(p: LogicalPlan, preds: readonly Expr[]): LogicalPlan {
  const predicate = and(dedupe(preds));
  return predicate === null ? p : { kind: 'filter', input: p, predicate, output: p.output };
}

function dedupe(preds: readonly Expr[]): Expr[] {
  const seen = new Set<string>();
  return preds.filter((p) => {
    const k = exprKey(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Returns a plan equal to `p` filtered by `preds`, with the predicates pushed as deep as they go. */
function push(p: LogicalPlan, preds: readonly Expr[]): LogicalPlan {
  const movable = preds.filter((e) => !isVolatile(e));
  const stay = preds.filter((e) => isVolatile(e));
  switch (p.kind) {
    case 'filter':
      if (isVolatile(p.predicate)) return filter(filter(push(p.input, []), conjuncts(p.predicate)), preds);
      return push(p.input, [...preds, ...conjuncts(p.predicate)]);
    case 'project': {
      // Volatile expressions and model scoring are not repeated below the projection.
      const map = new Map(
        p.exprs
          .filter((e) => !isVolatile(e.expr) && !callsStatementFunction(e.expr))
          .map((e) => [e.id, e.expr] as const),
      );
      const down: Expr[] = [];
      const up: Expr[] = [...stay];
      for (const e of movable) {
        if ([...exprColumns(e)].every((id) => map.has(id)))
          down.push(replaceColumns(e, new Map([...map].map(([id, x]) => [id, x]))));
        else up.push(e);
      }
      return filter({ ...p, input: push(p.input, down) }, up);
    }
    case 'join':
      return pushJoin(p, movable, stay);
    case 'aggregate': {
      if (p.groupingSets !== null) return filter({ ...p, input: push(p.input, []) }, preds);
      const groupMap = new Map(p.groups.map((g) => [g.id, g.expr] as const));
      const down: Expr[] = [];
      const up: Expr[] = [...stay];
      for (const e of movable) {
        if (exprColumns(e).size > 0 && [...exprColumns(e)].every((id) => groupMap.has(id)))
          down.push(replaceColumns(e, groupMap));
        else up.push(e);
      }
      return filter({ ...p, input: push(p.input, down) }, up);
    }
    case 'sort':
      return filter({ ...p, input: push(p.input, movable) }, stay);
    case 'distinct':
      if (p.on !== null) return filter({ ...p, input: push(p.input, []) }, preds);
      return filter({ ...p, input: push(p.input, movable) }, stay);
    case 'set_op': {
      const side = (child: LogicalPlan) => {
        const map = new Map(
          p.output.map(
            (c, i) => [c.id, col(child.output[i]!.id, child.output[i]!.type, child.output[i]!.name)] as const,
          ),
        );
        return push(
          child,
          movable.map((e) => replaceColumns(e, map)),
        );
      };
      return filter({ ...p, left: side(p.left), right: side(p.right) }, stay);
    }
    case 'scan': {
      const scanIds = new Set(p.columns.map((c) => c.id));
      const into = movable.filter((e) => within(e, scanIds) && exprColumns(e).size > 0);
      const rest = [...stay, ...movable.filter((e) => !into.includes(e))];
      const scan = into.length === 0 ? p : { ...p, filters: dedupe([...p.filters, ...into]) };
      return filter(scan, rest);
    }
    case 'window':
    case 'limit':
      return filter({ ...p, input: push(p.input, []) }, preds);
    case 'recursive_cte':
      return filter({ ...p, anchor: push(p.anchor, []), recursive: push(p.recursive, []) }, preds);
    case 'values':
    case 'table_function':
    case 'empty':
    case 'work_table_scan':
    case 'cte_scan':
      return filter(p, preds);
  }
}

/**
 * For `(a1 AND b1) OR (a2 AND b2)` where the a's read only `side`: `a1 OR a2`, which every row the OR
 * keeps satisfies. Null when some branch says nothing about the side alone.
 */
function impliedOnSide(e: Expr, side: ReadonlySet<ColumnId>): Expr | null {
  if (e.kind !== 'or' || isVolatile(e) || within(e, side)) return null;
  const branches: Expr[] = [];
  for (const branch of e.args) {
    const own = conjuncts(branch).filter((c) => exprColumns(c).size > 0 && within(c, side));
    if (own.length === 0) return null;
    branches.push(and(own)!);
  }
  return { kind: 'or', args: branches, type: Types.bool };
}

function pushJoin(p: JoinNode, movable: readonly Expr[], stay: readonly Expr[]): LogicalPlan {
  const leftIds = ids(p.left);
  const rightIds = ids(p.right);
  let joinType = p.joinType;
  // A WHERE that drops rows whose right side is NULL turns a LEFT JOIN into an inner join.
  if (joinType === 'left' && movable.some((e) => touches(e, rightIds) && rejectsNulls(e, rightIds)))
    joinType = 'inner';
  if (joinType === 'right' && movable.some((e) => touches(e, leftIds) && rejectsNulls(e, leftIds)))
    joinType = 'inner';
  const up: Expr[] = [...stay];
  const toLeft: Expr[] = [];
  const toRight: Expr[] = [];
  const toCondition: Expr[] = [];
  const canLeft =
    joinType === 'inner' ||
    joinType === 'left' ||
    joinType === 'semi' ||
    joinType === 'anti' ||
    joinType === 'mark' ||
    joinType === 'single';
  const canRight = joinType === 'inner' || joinType === 'right';
  for (const e of movable) {
    if (canLeft && within(e, leftIds)) toLeft.push(e);
    else if (canRight && within(e, rightIds)) toRight.push(e);
    else if (joinType === 'inner' && within(e, new Set([...leftIds, ...rightIds]))) toCondition.push(e);
    else up.push(e);
  }
  // The join's own condition: single-side parts go into the side they read.
  const keep: Expr[] = [...toCondition];
  for (const c of conjuncts(p.condition)) {
    if (isVolatile(c)) keep.push(c);
    else if ((joinType === 'inner' || joinType === 'semi') && within(c, leftIds) && exprColumns(c).size > 0)
      toLeft.push(c);
    else if (joinType !== 'full' && joinType !== 'right' && within(c, rightIds) && exprColumns(c).size > 0)
      toRight.push(c);
    else if (joinType === 'right' && within(c, leftIds) && exprColumns(c).size > 0) toLeft.push(c);
    else keep.push(c);
  }
  // An OR over both sides of an inner join implies, on each side, the OR of what each branch asks
  // of that side alone (TPC-H Q19): those are pushed down too, the OR itself stays.
  if (joinType === 'inner')
    for (const c of keep) {
      const onLeft = impliedOnSide(c, leftIds);
      if (onLeft !== null) toLeft.push(onLeft);
      const onRight = impliedOnSide(c, rightIds);
      if (onRight !== null) toRight.push(onRight);
    }
  const left = push(p.left, toLeft);
  const right = push(p.right, toRight);
  const condition = and(dedupe(keep));
  const join: LogicalPlan = {
    ...p,
    joinType,
    left,
    right,
    condition,
    output: joinOutput(joinType, left, right, p.mark),
  };
  return filter(join, up);
}

export const pushDownFilters: OptimizerRule = {
  name: 'push_down_filters',
  rewrite(plan) {
    return push(plan, []);
  },
};
