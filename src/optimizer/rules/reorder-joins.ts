// Join ordering: each tree of inner joins is flattened into its inputs and conditions and rebuilt
// greedily, always joining the two connected inputs with the smallest estimated result (GOO), with
// the smaller input as the hash join's build (right) side.

import { freeColumns } from '../../logical/analysis.js';
import { type ColumnId, conjuncts, type Expr, exprColumns } from '../../logical/expr.js';
import { joinOutput, type LogicalPlan, planChildren, withPlanChildren } from '../../logical/plan.js';
import { Types } from '../../types/data-type.js';
import { CardinalityEstimator, columnOrigins } from '../cardinality.js';
import type { OptimizerRule } from '../rule.js';

interface Component {
  readonly plan: LogicalPlan;
  readonly ids: ReadonlySet<ColumnId>;
  readonly rows: number;
}

/** Inputs and conditions of a tree of inner joins. */
function flatten(p: LogicalPlan, leaves: LogicalPlan[], conditions: Expr[]): void {
  if (p.kind === 'join' && p.joinType === 'inner') {
    flatten(p.left, leaves, conditions);
    flatten(p.right, leaves, conditions);
    conditions.push(...conjuncts(p.condition));
    return;
  }
  leaves.push(p);
}

function idsOf(p: LogicalPlan): Set<ColumnId> {
  return new Set(p.output.map((c) => c.id));
}

function and(exprs: readonly Expr[]): Expr | null {
  if (exprs.length === 0) return null;
  return exprs.length === 1 ? exprs[0]! : { kind: 'and', args: exprs, type: Types.bool };
}

class JoinOrderer {
  private readonly estimator: CardinalityEstimator;

  constructor(root: LogicalPlan) {
    this.estimator = new CardinalityEstimator(columnOrigins(root));
  }

  rewrite(p: LogicalPlan): LogicalPlan {
    if (p.kind === 'join' && p.joinType === 'inner') {
      const leaves: LogicalPlan[] = [];
      const conditions: Expr[] = [];
      flatten(p, leaves, conditions);
      const rewritten = leaves.map((l) => this.rewrite(l));
      if (rewritten.length > 2 || leaves.length === 2) return this.order(rewritten, conditions, p);
    }
    const children = planChildren(p);
    const next = children.map((c) => this.rewrite(c));
    return next.some((c, i) => c !== children[i]) ? withPlanChildren(p, next) : p;
  }

  private order(leaves: LogicalPlan[], conditions: Expr[], original: LogicalPlan): LogicalPlan {
    const allIds = new Set(leaves.flatMap((l) => [...idsOf(l)]));
    // A LATERAL input reads another input's columns: keep the written order.
    for (const l of leaves) {
      for (const id of freeColumns(l)) if (allIds.has(id)) return original;
    }
    let components: Component[] = leaves.map((plan) => ({
      plan,
      ids: idsOf(plan),
      rows: this.estimator.rows(plan),
    }));
    let pending = [...conditions];
    const covered = (c: Expr, ids: ReadonlySet<ColumnId>) =>
      [...exprColumns(c)].every((id) => ids.has(id) || !allIds.has(id));
    while (components.length > 1) {
      let best: { i: number; j: number; rows: number; conds: Expr[] } | null = null;
      for (let i = 0; i < components.length; i++) {
        for (let j = i + 1; j < components.length; j++) {
          const a = components[i]!;
          const b = components[j]!;
          const union = new Set([...a.ids, ...b.ids]);
          const conds = pending.filter((c) => covered(c, union) && !covered(c, a.ids) && !covered(c, b.ids));
          if (conds.length === 0) continue;
          const rows = this.estimator.joinRows(a.rows, b.rows, conds, a.ids);
          if (best === null || rows < best.rows) best = { i, j, rows, conds };
        }
      }
      if (best === null) {
        // No condition connects the rest: cross join the two smallest.
        const sorted = components.map((c, i) => ({ c, i })).sort((x, y) => x.c.rows - y.c.rows);
        const [x, y] = [sorted[0]!.i, sorted[1]!.i].sort((m, n) => m - n) as [number, number];
        best = { i: x, j: y, rows: components[x]!.rows * components[y]!.rows, conds: [] };
      }
      const a = components[best.i]!;
      const b = components[best.j]!;
      // The hash join builds its right input: make that the smaller one.
      const [probe, build] = a.rows >= b.rows ? [a, b] : [b, a];
      const plan: LogicalPlan = {
        kind: 'join',
        joinType: 'inner',
        left: probe.plan,
        right: build.plan,
        condition: and(best.conds),
        markCondition: null,
        mark: null,
        output: joinOutput('inner', probe.plan, build.plan, null),
      };
      pending = pending.filter((c) => !best!.conds.includes(c));
      const merged: Component = { plan, ids: new Set([...a.ids, ...b.ids]), rows: best.rows };
      components = [...components.filter((_, k) => k !== best!.i && k !== best!.j), merged];
    }
    const root = components[0]!.plan;
    if (pending.length === 0) return root;
    return { kind: 'filter', input: root, predicate: and(pending)!, output: root.output };
  }
}

export const reorderJoins: OptimizerRule = {
  name: 'reorder_joins',
  rewrite(plan) {
    return new JoinOrderer(plan).rewrite(plan);
  },
};
