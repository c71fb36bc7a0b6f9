// Runs the optimizer rules in order; any rule can be switched off by name (SET disabled_optimizers).

import type { LogicalPlan } from '../logical/plan.js';
import type { OptimizerContext, OptimizerRule } from './rule.js';
import { decorrelateSubqueries } from './rules/decorrelate-subqueries.js';
import { factorOrConjuncts } from './rules/factor-or-conjuncts.js';
import { foldConstants } from './rules/fold-constants.js';
import { pruneColumns } from './rules/prune-columns.js';
import { pushDownSemiJoins } from './rules/push-down-semi-joins.js';
import { pushDownLimit } from './rules/push-down-limit.js';
import { pushDownFilters } from './rules/push-down-filters.js';
import { reorderJoins } from './rules/reorder-joins.js';

/** The rules, in the order they run. */
export const RULES: readonly OptimizerRule[] = [
  decorrelateSubqueries,
  foldConstants,
  factorOrConjuncts,
  pushDownFilters,
  pushDownSemiJoins,
  reorderJoins,
  pushDownFilters,
  pushDownLimit,
  pruneColumns,
];

/** Rules that must run for a plan to execute at all. */
const REQUIRED = new Set(['decorrelate_subqueries']);

export function optimize(
  plan: LogicalPlan,
  ctx: OptimizerContext,
  disabled: ReadonlySet<string> = new Set(),
): LogicalPlan {
  let p = plan;
  for (const rule of RULES) {
    if (disabled.has(rule.name) && !REQUIRED.has(rule.name)) continue;
    p = rule.rewrite(p, ctx);
  }
  return p;
}
