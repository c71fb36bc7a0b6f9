// Eager aggregation: an aggregate grouped by columns of one side of an equi-join, whose aggregates
// read only the other side, can aggregate that other side by its join keys first and combine the
// partial results after the join (count → sum of counts, sum → sum of sums, min / max of mins /
// maxes). The join then meets one row per key instead of every row: TPC-H Q13 counts 1.5M orders
// per customer through a LEFT JOIN, and joins 150k customers with 100k order counts instead.

import {
  type AggregateCall,
  type ColumnExpr,
  type ColumnId,
  col,
  conjuncts,
  type Expr,
  exprColumns,
  lit,
  replaceColumns,
} from '../../logical/expr.js';
import type { AggregateNode, JoinNode, LogicalPlan, OutputColumn } from '../../logical/plan.js';
import { transformPlan } from '../../logical/plan.js';
import { type DataType, type Storage, storageOf, typesEqual } from '../../types/data-type.js';
import { CardinalityEstimator, columnOrigins } from '../cardinality.js';
import type { OptimizerContext, OptimizerRule } from '../rule.js';

/**
 * The aggregated side must shrink at least this many times for the extra aggregate to pay, when
 * the join keys it groups by are as costly to hash as the aggregate's own groups.
 */
const MIN_REDUCTION = 4;
/** The least shrinking that pays however much cheaper the join keys are to hash than the groups. */
const LEAST_REDUCTION = 1.25;

/** Storage whose keys are hashed by content of variable length. */
const WIDE = new Set<Storage>(['string', 'boxed']);

const SUMMABLE = new Set(['int2', 'int4', 'int8', 'numeric', 'float4', 'float8']);

/** Whether partial results of the call combine into its result (count and sum add up, min / max). */
function splits(c: AggregateCall): boolean {
  if (c.distinct || c.filter !== null || c.orderBy.length > 0 || c.args.length !== 1) return false;
  switch (c.fn.name) {
    case 'count':
    case 'min':
    case 'max':
      return true;
    case 'sum':
      return SUMMABLE.has(c.args[0]!.type.id);
    default:
      return false;
  }
}

/** The aggregated side's columns in an equi-join condition; null for any other condition. */
function joinKeys(condition: Expr | null, aggregatedIds: ReadonlySet<ColumnId>): ColumnExpr[] | null {
  const keys: ColumnExpr[] = [];
  for (const eq of conjuncts(condition)) {
    if (eq.kind !== 'call' || eq.fn.name !== '=' || eq.args.length !== 2) return null;
    const [a, b] = eq.args as [Expr, Expr];
    if (a.kind !== 'column' || b.kind !== 'column') return null;
    if (aggregatedIds.has(a.id) === aggregatedIds.has(b.id)) return null;
    const key = aggregatedIds.has(a.id) ? a : b;
    if (!keys.some((k) => k.id === key.id)) keys.push(key);
  }
  return keys.length > 0 ? keys : null;
}

/**
 * The relative cost of hashing rows on these keys: a string key costs more than a fixed-width one.
 * Grouping a join's rows by a few wide columns of the kept side (TPC-H Q10: a customer's name,
 * address, phone and comment) costs more per row than grouping the aggregated side by its join
 * key, so the early aggregate pays there with less shrinking.
 */
function keyCost(keys: readonly Expr[]): number {
  return keys.reduce((cost, k) => cost + (WIDE.has(storageOf(k.type)) ? 3 : 1), 0);
}

function isColumn(e: Expr): boolean {
  return e.kind === 'column' || (e.kind === 'cast' && isColumn(e.expr));
}

function rewrite(
  agg: AggregateNode,
  estimator: CardinalityEstimator,
  ctx: OptimizerContext,
): LogicalPlan | null {
  const join = agg.input;
  if (join.kind !== 'join' || agg.groupingSets !== null || agg.aggregates.length === 0) return null;
  // A left join keeps every left row: only its right side's rows may be aggregated early.
  const sides =
    join.joinType === 'inner'
      ? (['right', 'left'] as const)
      : join.joinType === 'left'
        ? (['right'] as const)
        : [];
  if (!agg.aggregates.every((a) => splits(a.call))) return null;
  for (const side of sides) {
    const aggregated = join[side];
    const ids = new Set(aggregated.output.map((c) => c.id));
    const reads = (e: Expr) => [...exprColumns(e)];
    if (agg.groups.some((g) => reads(g.expr).some((id) => ids.has(id)))) continue;
    if (agg.aggregates.some((a) => reads(a.call.args[0]!).some((id) => !ids.has(id)))) continue;
    // A left join's unmatched rows hold NULL on this side: only an argument that is NULL there too
    // (a column) leaves them out, as the partial results do (count(1) would count them).
    if (join.joinType === 'left' && !agg.aggregates.every((a) => isColumn(a.call.args[0]!))) continue;
    const keys = joinKeys(join.condition, ids);
    if (keys === null) continue;
    // Worth it when most of the side's rows meet the other side's keys (a join that drops most of
    // them leaves the aggregate less to do) and the side shrinks to a fraction of its rows.
    const kept = join[side === 'right' ? 'left' : 'right'];
    const rows = estimator.rows(aggregated);
    const firstKey = conjuncts(join.condition).slice(0, 1);
    if (estimator.joinRows(rows, estimator.rows(kept), firstKey, ids) * 2 < rows) continue;
    const partial = partialAggregate(agg, aggregated, keys, ctx);
    const groups = estimator.groups(partial.node);
    const reduction = Math.max(
      LEAST_REDUCTION,
      (MIN_REDUCTION * keyCost(keys)) / keyCost(agg.groups.map((g) => g.expr)),
    );
    if (groups === null || groups * reduction > rows) continue;
    return combined(agg, join, side, partial, ctx);
  }
  return null;
}

interface Partial {
  readonly node: AggregateNode;
  /** The join's aggregated-side key columns and the partial aggregate's columns replacing them. */
  readonly keys: Map<ColumnId, Expr>;
}

/** The aggregated side grouped by its join keys, with one partial result per aggregate. */
function partialAggregate(
  agg: AggregateNode,
  input: LogicalPlan,
  joinKeys: readonly ColumnExpr[],
  ctx: OptimizerContext,
): Partial {
  const keys = new Map<ColumnId, Expr>();
  const groups = joinKeys.map((key) => {
    const id = ctx.newId();
    keys.set(key.id, col(id, key.type, key.name));
    return { id, name: key.name, expr: key };
  });
  const aggregates = agg.aggregates.map((a) => ({ id: ctx.newId(), name: a.name, call: a.call }));
  const output: OutputColumn[] = [
    ...groups.map((g) => ({ id: g.id, name: g.name, type: g.expr.type })),
    ...aggregates.map((a) => ({ id: a.id, name: a.name, type: a.call.type })),
  ];
  const node: AggregateNode = {
    kind: 'aggregate',
    input,
    groups,
    groupingSets: null,
    groupingId: null,
    aggregates,
    output,
  };
  return { node, keys };
}

/** The join over the partial aggregate, the combining aggregate, and a projection to the old types. */
function combined(
  agg: AggregateNode,
  join: JoinNode,
  side: 'left' | 'right',
  partial: Partial,
  ctx: OptimizerContext,
): LogicalPlan {
  const kept = join[side === 'right' ? 'left' : 'right'];
  const newJoin: JoinNode = {
    ...join,
    [side]: partial.node,
    condition: join.condition === null ? null : replaceColumns(join.condition, partial.keys),
    output:
      side === 'right' ? [...kept.output, ...partial.node.output] : [...partial.node.output, ...kept.output],
  };
  const finals = agg.aggregates.map((a, i) => {
    const partialColumn = partial.node.aggregates[i]!;
    const name = a.call.fn.name === 'count' ? 'sum' : a.call.fn.name;
    const fn = ctx.functions.aggregate(name, [a.call.type]);
    const call = {
      fn,
      args: [col(partialColumn.id, a.call.type, a.name)],
      distinct: false,
      filter: null,
      orderBy: [],
      type: fn.returnType,
    };
    return { id: ctx.newId(), name: a.name, call };
  });
  const combining: AggregateNode = {
    ...agg,
    input: newJoin,
    aggregates: finals,
    output: [
      ...agg.output.slice(0, agg.groups.length),
      ...finals.map((f) => ({ id: f.id, name: f.name, type: f.call.type })),
    ],
  };
  const exprs = agg.output.map((c, i) => {
    if (i < agg.groups.length) return { id: c.id, name: c.name, expr: col(c.id, c.type, c.name) };
    const a = agg.aggregates[i - agg.groups.length]!;
    const f = finals[i - agg.groups.length]!;
    let expr: Expr = col(f.id, f.call.type, f.name);
    if (!typesEqual(f.call.type, a.call.type)) expr = { kind: 'cast', expr, type: a.call.type };
    // No matching rows: a count is 0 where the sum of counts is NULL.
    if (a.call.fn.name === 'count')
      expr = coalesce(expr, lit(a.call.fn.emptyValue, a.call.type), a.call.type);
    return { id: c.id, name: c.name, expr };
  });
  return { kind: 'project', input: combining, exprs, output: agg.output };
}

function coalesce(a: Expr, b: Expr, type: DataType): Expr {
  return { kind: 'coalesce', args: [a, b], type };
}

export const pushAggregatesBelowJoins: OptimizerRule = {
  name: 'push_aggregates_below_joins',
  rewrite(plan, ctx) {
    let estimator: CardinalityEstimator | null = null;
    return transformPlan(plan, (p) => {
      if (p.kind !== 'aggregate' || p.input.kind !== 'join') return p;
      estimator ??= new CardinalityEstimator(columnOrigins(plan));
      return rewrite(p, estimator, ctx) ?? p;
    });
  },
};
