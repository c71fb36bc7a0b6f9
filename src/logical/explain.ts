// Logical plans as indented text, for optimizer tests and debugging.

import { explainExpr, explainSortKey } from './explain-expr.js';
import type { CteScanNode, LogicalPlan } from './plan.js';
import { planChildren } from './plan.js';

function describe(p: LogicalPlan): string {
  switch (p.kind) {
    case 'scan':
      return `Scan ${p.source.name} [${p.columns.map((c) => c.name).join(', ')}]${p.filters.length > 0 ? ` filters: ${p.filters.map(explainExpr).join(' AND ')}` : ''}`;
    case 'values':
      return `Values ${p.rows.length} rows`;
    case 'table_function':
      return `TableFunction ${p.fn.name}(${p.args.map(explainExpr).join(', ')})`;
    case 'filter':
      return `Filter ${explainExpr(p.predicate)}`;
    case 'project':
      return `Project ${p.exprs.map((e) => explainExpr(e.expr)).join(', ')}`;
    case 'aggregate':
      return `Aggregate groups: [${p.groups.map((g) => explainExpr(g.expr)).join(', ')}] aggregates: [${p.aggregates.map((a) => `${a.call.fn.name}(${a.call.args.map(explainExpr).join(', ')})`).join(', ')}]`;
    case 'window':
      return `Window ${p.windows.map((w) => w.call.fn.name).join(', ')}`;
    case 'join':
      return `Join ${p.joinType}${p.condition ? ` on ${explainExpr(p.condition)}` : ''}${p.markCondition ? ` mark ${explainExpr(p.markCondition)}` : ''}`;
    case 'sort':
      return `Sort ${p.keys.map(explainSortKey).join(', ')}`;
    case 'limit':
      return `Limit${p.limit ? ` ${explainExpr(p.limit)}` : ''}${p.offset ? ` offset ${explainExpr(p.offset)}` : ''}`;
    case 'distinct':
      return p.on === null ? 'Distinct' : `DistinctOn ${p.on.map(explainExpr).join(', ')}`;
    case 'set_op':
      return `${p.op}${p.all ? ' all' : ''}`;
    case 'recursive_cte':
      return `RecursiveCTE ${p.name}`;
    case 'work_table_scan':
      return `WorkTableScan ${p.name}`;
    case 'cte_scan':
      return `CteScan ${p.name} [${p.output.map((c) => c.name).join(', ')}]`;
    case 'empty':
      return `Empty ${p.rows} row${p.rows === 1 ? '' : 's'}`;
  }
}

/** The plan's tree, then each materialized WITH query it reads under a `CTE name` heading. */
export function explainLogical(plan: LogicalPlan): string {
  const lines: string[] = [];
  const ctes = new Map<number, CteScanNode>();
  const visit = (p: LogicalPlan, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${describe(p)}`);
    if (p.kind === 'cte_scan' && !ctes.has(p.cteId)) ctes.set(p.cteId, p);
    for (const c of planChildren(p)) visit(c, depth + 1);
  };
  visit(plan, 0);
  for (const cte of ctes.values()) {
    lines.push(`CTE ${cte.name}`);
    visit(cte.definition, 1);
  }
  return lines.join('\n');
}
