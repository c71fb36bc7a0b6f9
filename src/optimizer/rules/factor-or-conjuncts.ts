// Factoring ORs: conjuncts shared by every branch of an OR move out of it, so
// (a = b AND x) OR (a = b AND y) becomes a = b AND (x OR y) and a = b can serve as a join key.

import { conjuncts, type Expr, exprKey } from '../../logical/expr.js';
import { transformPlan } from '../../logical/plan.js';
import { mapNodeExprs } from '../../logical/rewrite.js';
import { Types } from '../../types/data-type.js';
import type { OptimizerRule } from '../rule.js';

function and(exprs: readonly Expr[]): Expr {
  if (exprs.length === 1) return exprs[0]!;
  return { kind: 'and', args: exprs, type: Types.bool };
}

export function factorOr(e: Expr): Expr {
  if (e.kind === 'and') {
    const args = e.args.map(factorOr);
    return args.every((a, i) => a === e.args[i])
      ? e
      : { ...e, args: args.flatMap((a) => (a.kind === 'and' ? a.args : [a])) };
  }
  if (e.kind !== 'or') return e;
  const branches = e.args.map((a) => conjuncts(factorOr(a)));
  const keysOf = (b: readonly Expr[]) => new Set(b.map(exprKey));
  const first = branches[0]!;
  const common = first.filter((c) => branches.every((b) => keysOf(b).has(exprKey(c))));
  if (common.length === 0) return e;
  const commonKeys = new Set(common.map(exprKey));
  const rest = branches.map((b) => b.filter((c) => !commonKeys.has(exprKey(c))));
  // A branch left with nothing is always true, and so is the OR.
  if (rest.some((r) => r.length === 0)) return and(common);
  return and([...common, { kind: 'or', args: rest.map(and), type: Types.bool }]);
}

export const factorOrConjuncts: OptimizerRule = {
  name: 'factor_or_conjuncts',
  rewrite(plan) {
    return transformPlan(plan, (p) =>
      p.kind === 'filter' || p.kind === 'join' ? mapNodeExprs(p, factorOr) : p,
    );
  },
};
