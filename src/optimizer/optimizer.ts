// Runs the optimizer rules in order; any rule can be switched off by name (SET disabled_optimizers).
// Plans without joins or subqueries skip the rules about joins.

import { containsSubquery } from '../logical/expr.js';
import { type LogicalPlan, planExprs, visitPlan } from '../logical/plan.js';
import { optimizeCteDefinitions } from './cte-definitions.js';
import type { OptimizerContext, OptimizerRule } from './rule.js';
import { decorrelateSubqueries } from './rules/decorrelate-subqueries.js';
import { factorOrConjuncts } from './rules/factor-or-conjuncts.js';
import { foldConstants } from './rules/fold-constants.js';
import { pruneColumns } from './rules/prune-columns.js';
import { pushAggregatesBelowJoins } from './rules/push-aggregates-below-joins.js';
import { pushDownSemiJoins } from './rules/push-down-semi-joins.js';
import { pushDownLimit } from './rules/push-down-limit.js';
import { pushDownFilters } from './rules/push-down-filters.js';
import { reduceGroupedJoins } from './rules/reduce-grouped-joins.js';
import { reorderJoins } from './rules/reorder-joins.js';

/** The rules, in the order they run. */
export const RULES: readonly OptimizerRule[] = [
  decorrelateSubqueries,
  foldConstants,
  factorOrConjuncts,
  pushDownFilters,
  pushDownSemiJoins,
  reduceGroupedJoins,
  // Again, for the semi joins reduce_grouped_joins adds above an aggregate's joins.
  pushDownSemiJoins,
  reorderJoins,
  pushDownFilters,
  pushAggregatesBelowJoins,
  pushDownLimit,
  pruneColumns,
];

/** Rules that must run for a plan to execute at all. */
const REQUIRED = new Set(['decorrelate_subqueries']);

/** Rules with nothing to rewrite in a plan without joins or subqueries (most point queries). */
const JOIN_RULES = new Set([
  'decorrelate_subqueries',
  'push_down_semi_joins',
  'reduce_grouped_joins',
  'reorder_joins',
  'push_aggregates_below_joins',
]);

function hasJoinOrSubquery(plan: LogicalPlan): boolean {
  let found = false;
  visitPlan(plan, (p) => {
    if (!found && (p.kind === 'join' || planExprs(p).some(containsSubquery))) found = true;
  });
  return found;
}

export function optimize(
  plan: LogicalPlan,
  ctx: OptimizerContext,
  disabled: ReadonlySet<string> = new Set(),
): LogicalPlan {
  const run = (p: LogicalPlan): LogicalPlan => applyRules(p, ctx, disabled);
  return optimizeCteDefinitions(run(plan), run);
}

function applyRules(plan: LogicalPlan, ctx: OptimizerContext, disabled: ReadonlySet<string>): LogicalPlan {
  let p = plan;
  const joins = hasJoinOrSubquery(plan);
  for (const rule of RULES) {
    if (disabled.has(rule.name) && !REQUIRED.has(rule.name)) continue;
    if (!joins && JOIN_RULES.has(rule.name)) continue;
    p = rule.rewrite(p, ctx);
  }
  return p;
}
