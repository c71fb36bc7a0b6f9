// A join on the grouping key of an aggregate keeps only the groups whose key the other side has, so the
// aggregate need not compute the others: when that key comes, on the other side, from a filtered scan
// much smaller than the aggregate's input, the aggregate's input is first semi-joined with a copy of
// that scan. TPC-H Q17 and Q2 decorrelate into `part ⋈ (avg / min … GROUP BY partkey)`: the aggregate
// then reads the lineitem (partsupp) rows of the few parts the filters keep, not all of them.

import {
  type ColumnExpr,
  type ColumnId,
  conjuncts,
  type Expr,
  exprColumns,
  replaceColumns,
} from '../../logical/expr.js';
import { type JoinNode, type LogicalPlan, type ScanNode, transformPlan } from '../../logical/plan.js';
import { CardinalityEstimator, columnOrigins } from '../cardinality.js';
import type { OptimizerContext, OptimizerRule } from '../rule.js';
import { type DataType, typeName } from '../../types/data-type.js';

/** The key source must be estimated at most this fraction of the aggregate's input. */
const MAX_KEY_FRACTION = 0.1;

type AggregateNode = LogicalPlan & { kind: 'aggregate' };

/** The aggregate under `p` (through projections) and, for a column of `p`, the group key it is. */
function groupedSide(
  p: LogicalPlan,
): { aggregate: AggregateNode; keyOf: (id: ColumnId) => Expr | null } | null {
  if (p.kind === 'aggregate') {
    if (p.groupingSets !== null) return null;
    return {
      aggregate: p,
      keyOf: (id) => {
        const g = p.groups.find((x) => x.id === id);
        return g !== undefined && g.expr.kind === 'column' ? g.expr : null;
      },
    };
  }
  if (p.kind !== 'project') return null;
  const inner = groupedSide(p.input);
  if (inner === null) return null;
  return {
    aggregate: inner.aggregate,
    keyOf: (id) => {
      const e = p.exprs.find((x) => x.id === id)?.expr;
      return e?.kind === 'column' ? inner.keyOf(e.id) : null;
    },
  };
}

/** A scan and its column that holds every value a join key can take. */
interface KeySource {
  readonly scan: ScanNode;
  readonly column: ColumnId;
}

/**
 * Scans whose column holds every value column `id` of `p` can take, following the rows that reach `p`
 * unchanged or fewer: the scan producing it, and through a semi join's equality the scan of the other
 * side's column (`ps_partkey IN (SELECT p_partkey FROM part WHERE …)`: part's filtered scan).
 */
function sourceScans(p: LogicalPlan, id: ColumnId): KeySource[] {
  switch (p.kind) {
    case 'scan':
      return p.columns.some((c) => c.id === id) ? [{ scan: p, column: id }] : [];
    case 'filter':
      return sourceScans(p.input, id);
    case 'project': {
      const e = p.exprs.find((x) => x.id === id)?.expr;
      return e?.kind === 'column' ? sourceScans(p.input, e.id) : [];
    }
    case 'join': {
      if (p.joinType === 'inner')
        return sourceScans(p.left.output.some((c) => c.id === id) ? p.left : p.right, id);
      if (p.joinType !== 'semi' && p.joinType !== 'anti') return [];
      const found = sourceScans(p.left, id);
      if (p.joinType === 'semi')
        for (const eq of conjuncts(p.condition)) {
          const other = equalColumn(eq, id);
          if (other !== null) found.push(...sourceScans(p.right, other));
        }
      return found;
    }
    default:
      return [];
  }
}

/** Whether the scan's column has type `type` (so it can replace the join key in the equality). */
function sameType(scan: ScanNode, column: ColumnId, type: DataType): boolean {
  const c = scan.columns.find((x) => x.id === column);
  return c !== undefined && typeName(c.type) === typeName(type);
}

/** For `a = b` with one side column `id`, the other side's column. */
function equalColumn(e: Expr, id: ColumnId): ColumnId | null {
  if (e.kind !== 'call' || e.fn.name !== '=' || e.args.length !== 2) return null;
  const [a, b] = e.args as [Expr, Expr];
  if (a.kind !== 'column' || b.kind !== 'column') return null;
  return a.id === id ? b.id : b.id === id ? a.id : null;
}

/** The scan again, under fresh column ids (it is read a second time), and the id map. */
function copyScan(scan: ScanNode, ctx: OptimizerContext): { scan: ScanNode; ids: Map<ColumnId, ColumnExpr> } {
  const ids = new Map<ColumnId, ColumnExpr>();
  for (const c of scan.columns)
    ids.set(c.id, { kind: 'column', id: ctx.newId(), type: c.type, name: c.name });
  const renamed = <C extends { id: ColumnId }>(c: C): C => ({ ...c, id: ids.get(c.id)!.id });
  return {
    scan: {
      ...scan,
      columns: scan.columns.map(renamed),
      filters: scan.filters.map((f) => replaceColumns(f, ids)),
      rowId: null,
      output: scan.output.map(renamed),
    },
    ids,
  };
}

function reduce(p: JoinNode, estimator: CardinalityEstimator, ctx: OptimizerContext): LogicalPlan {
  // Single, semi and anti joins use their right side only to look rows up: it may lose unmatched groups.
  const sides = p.joinType === 'inner' ? (['right', 'left'] as const) : (['right'] as const);
  for (const side of sides) {
    const grouped = groupedSide(p[side]);
    if (grouped === null || p.joinType === 'anti') continue;
    const other = p[side === 'right' ? 'left' : 'right'];
    const otherIds = new Set(other.output.map((c) => c.id));
    for (const eq of conjuncts(p.condition)) {
      if (eq.kind !== 'call' || eq.fn.name !== '=' || eq.args.length !== 2) continue;
      const [a, b] = eq.args as [Expr, Expr];
      if (a.kind !== 'column' || b.kind !== 'column') continue;
      const [outer, inner] = otherIds.has(a.id) ? [a, b] : [b, a];
      const key = inner.kind === 'column' ? grouped.keyOf(inner.id) : null;
      if (key === null || !otherIds.has(outer.id)) continue;
      const input = grouped.aggregate.input;
      const source = sourceScans(other, outer.id)
        .filter((x) => x.scan.filters.length > 0 && sameType(x.scan, x.column, outer.type))
        .sort((x, y) => estimator.rows(x.scan) - estimator.rows(y.scan))[0];
      if (
        source === undefined ||
        estimator.rows(source.scan) > MAX_KEY_FRACTION * estimator.rows(input) ||
        [...exprColumns(key)].some((id) => !input.output.some((c) => c.id === id))
      )
        continue;
      const copy = copyScan(source.scan, ctx);
      const semi: LogicalPlan = {
        kind: 'join',
        joinType: 'semi',
        left: input,
        right: copy.scan,
        condition: replaceColumns(
          eq,
          new Map([
            [outer.id, copy.ids.get(source.column)!],
            [inner.id, key],
          ]),
        ),
        markCondition: null,
        mark: null,
        output: input.output,
      };
      const reduced = { ...grouped.aggregate, input: semi };
      return { ...p, [side]: transformPlan(p[side], (n) => (n === grouped.aggregate ? reduced : n)) };
    }
  }
  return p;
}

export const reduceGroupedJoins: OptimizerRule = {
  name: 'reduce_grouped_joins',
  rewrite(plan, ctx) {
    const estimator = new CardinalityEstimator(columnOrigins(plan));
    return transformPlan(plan, (p) => (p.kind === 'join' ? reduce(p, estimator, ctx) : p));
  },
};
