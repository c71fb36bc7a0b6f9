// Semi and anti joins (EXISTS, IN and their negations after decorrelation) move below inner joins
// to the input whose columns they test, so the rows they drop are dropped before the join rather
// than after it: TPC-H Q18's `o_orderkey IN (…)` then filters orders, not orders ⋈ lineitem. Only
// a semi join whose subquery is estimated much smaller than that input moves (a small key set is
// likely to drop many rows); a large one (Q21's EXISTS over lineitem) stays after the joins that
// may be more selective.

import { freeColumns } from '../../logical/analysis.js';
import { type ColumnId, exprColumns } from '../../logical/expr.js';
import { type JoinNode, type LogicalPlan, transformPlan } from '../../logical/plan.js';
import { CardinalityEstimator, columnOrigins } from '../cardinality.js';
import type { OptimizerRule } from '../rule.js';

function ids(p: LogicalPlan): Set<ColumnId> {
  return new Set(p.output.map((c) => c.id));
}

/** The semi or anti join `p` pushed as deep into its left input's inner joins as its columns allow. */
function pushDown(p: JoinNode, estimator: CardinalityEstimator): LogicalPlan {
  const inner = p.left;
  if (inner.kind !== 'join' || inner.joinType !== 'inner') return p;
  const innerIds = ids(inner);
  const tested = [...(p.condition === null ? [] : exprColumns(p.condition)), ...freeColumns(p.right)].filter(
    (id) => innerIds.has(id),
  );
  for (const side of ['left', 'right'] as const) {
    const child = inner[side];
    const childIds = ids(child);
    if (
      tested.length > 0 &&
      tested.every((id) => childIds.has(id)) &&
      estimator.rows(p.right) * 2 < estimator.rows(child)
    ) {
      const pushed = pushDown({ ...p, left: child, output: child.output }, estimator);
      return { ...inner, [side]: pushed };
    }
  }
  return p;
}

export const pushDownSemiJoins: OptimizerRule = {
  name: 'push_down_semi_joins',
  rewrite(plan) {
    const estimator = new CardinalityEstimator(columnOrigins(plan));
    return transformPlan(plan, (p) =>
      p.kind === 'join' && (p.joinType === 'semi' || p.joinType === 'anti') ? pushDown(p, estimator) : p,
    );
  },
};
