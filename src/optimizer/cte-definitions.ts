// The WITH queries a plan computes once (its cte_scan nodes) are optimized on their own, once each,
// after the plan that reads them: each keeps only the columns its scans still read.

import { col } from '../logical/expr.js';
import type { CteScanNode, LogicalPlan } from '../logical/plan.js';
import { transformPlanDeep, visitPlanDeep } from '../logical/rewrite.js';
import { computedWhenUnread } from './rules/prune-columns.js';

/** `plan`, already optimized by `run`, with each WITH query it reads optimized by `run` too. */
export function optimizeCteDefinitions(plan: LogicalPlan, run: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  // Every query read, directly or by another query; and which queries' definitions read each.
  const definitions = new Map<number, LogicalPlan>();
  const readers = new Map<number, Set<number>>();
  const collect = (p: LogicalPlan, reader: number | null): void =>
    visitPlanDeep(p, (n) => {
      if (n.kind !== 'cte_scan') return;
      if (reader !== null)
        (readers.get(n.cteId) ?? readers.set(n.cteId, new Set()).get(n.cteId)!).add(reader);
      if (definitions.has(n.cteId)) return;
      definitions.set(n.cteId, n.definition);
      collect(n.definition, n.cteId);
    });
  collect(plan, null);
  if (definitions.size === 0) return plan;

  // The definitions' columns the scans read, once their readers are optimized (and pruned).
  const read = new Map<number, Set<number>>();
  const noteReads = (p: LogicalPlan): void =>
    visitPlanDeep(p, (n) => {
      if (n.kind !== 'cte_scan') return;
      const positions = read.get(n.cteId) ?? read.set(n.cteId, new Set()).get(n.cteId)!;
      for (const i of n.positions) positions.add(i);
    });
  noteReads(plan);
  const optimized = new Map<number, { plan: LogicalPlan; positions: Map<number, number> }>();
  while (optimized.size < definitions.size) {
    const id = [...definitions.keys()].find(
      (d) => !optimized.has(d) && [...(readers.get(d) ?? [])].every((r) => optimized.has(r)),
    )!;
    const definition = definitions.get(id)!;
    const kept = [...(read.get(id) ?? [])].sort((a, b) => a - b);
    const p = run(kept.length === definition.output.length ? definition : keepColumns(definition, kept));
    noteReads(p);
    // Where each column read from the definition's output is in the optimized plan's output.
    const at = new Map(p.output.map((c, i) => [c.id, i]));
    optimized.set(id, {
      plan: p,
      positions: new Map(kept.map((i) => [i, at.get(definition.output[i]!.id)!])),
    });
  }

  const final = new Map<number, LogicalPlan>();
  const withDefinitions = (p: LogicalPlan): LogicalPlan =>
    transformPlanDeep(p, (n) => (n.kind === 'cte_scan' ? scanOf(n) : n));
  const scanOf = (n: CteScanNode): CteScanNode => {
    const o = optimized.get(n.cteId)!;
    let definition = final.get(n.cteId);
    if (definition === undefined) {
      definition = withDefinitions(o.plan);
      final.set(n.cteId, definition);
    }
    return { ...n, definition, positions: n.positions.map((i) => o.positions.get(i)!) };
  };
  return withDefinitions(plan);
}

function keepColumns(p: LogicalPlan, positions: readonly number[]): LogicalPlan {
  const output = positions.map((i) => p.output[i]!);
  if (p.kind === 'project') {
    // As prune_columns does: a column whose expression checks rows is computed even when unread.
    const ids = new Set(output.map((c) => c.id));
    const exprs = p.exprs.filter((e) => ids.has(e.id) || computedWhenUnread(e.expr));
    const kept = new Set(exprs.map((e) => e.id));
    return { ...p, exprs, output: p.output.filter((c) => kept.has(c.id)) };
  }
  return {
    kind: 'project',
    input: p,
    exprs: output.map((c) => ({ id: c.id, name: c.name, expr: col(c.id, c.type, c.name) })),
    output,
  };
}
