// Facts about plans: which columns a subtree reads from outside itself (correlation).

import { type ColumnId, exprColumns } from './expr.js';
import { type LogicalPlan, planExprs, visitPlan } from './plan.js';

/** Column ids that expressions in `plan` read but that no node inside `plan` produces. */
export function freeColumns(plan: LogicalPlan): Set<ColumnId> {
  const produced = new Set<ColumnId>();
  const used = new Set<ColumnId>();
  visitPlan(plan, (p) => {
    for (const c of p.output) produced.add(c.id);
    // A scan also reads columns it does not pass on (used by its own filters only).
    if (p.kind === 'scan') for (const c of p.columns) produced.add(c.id);
    if (p.kind === 'aggregate') for (const g of p.groups) produced.add(g.id);
    if (p.kind === 'join' && p.mark) produced.add(p.mark.id);
    for (const e of planExprs(p)) {
      exprColumns(e, used);
      // Subquery expressions not yet decorrelated carry their own outer references.
    }
  });
  for (const id of produced) used.delete(id);
  return used;
}
