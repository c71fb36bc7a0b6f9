// Projection pushdown: every node keeps only the columns something above it reads, so scans read
// only the columns a query uses.

import { freeColumns } from '../../logical/analysis.js';
import { type ColumnId, exprColumns, type Expr } from '../../logical/expr.js';
import { joinOutput, type LogicalPlan, planExprs } from '../../logical/plan.js';
import type { OptimizerRule } from '../rule.js';

function columnsOf(exprs: readonly Expr[], into: Set<ColumnId>): Set<ColumnId> {
  for (const e of exprs) exprColumns(e, into);
  return into;
}

/** Whether an expression runs even when nothing reads its column (it checks rows: ML.PREDICT's input). */
export function computedWhenUnread(e: Expr): boolean {
  return e.kind === 'call' && e.fn.validatesRows === true;
}

function all(p: LogicalPlan): Set<ColumnId> {
  return new Set(p.output.map((c) => c.id));
}

function prune(p: LogicalPlan, required: ReadonlySet<ColumnId>): LogicalPlan {
  switch (p.kind) {
    case 'scan': {
      // Columns only the scan's own filters read are read but not passed on.
      const needed = columnsOf(p.filters, new Set(required));
      const columns = p.columns.filter((c) => needed.has(c.id));
      const output = [
        ...columns.filter((c) => required.has(c.id)).map(({ id, name, type }) => ({ id, name, type })),
        ...(p.rowId === null ? [] : [p.rowId]),
      ];
      if (output.length === p.output.length) return p;
      return { ...p, columns, output };
    }
    case 'project': {
      const exprs = p.exprs.filter((e) => required.has(e.id) || computedWhenUnread(e.expr));
      const input = prune(
        p.input,
        columnsOf(
          exprs.map((e) => e.expr),
          new Set(),
        ),
      );
      const kept = new Set(exprs.map((e) => e.id));
      return { ...p, input, exprs, output: p.output.filter((c) => kept.has(c.id)) };
    }
    case 'filter':
    case 'sort':
    case 'limit': {
      const input = prune(p.input, columnsOf(planExprs(p), new Set(required)));
      return { ...p, input, output: input.output };
    }
    case 'distinct': {
      if (p.on === null) {
        const input = prune(p.input, all(p.input));
        return { ...p, input, output: input.output };
      }
      const input = prune(p.input, columnsOf(p.on, new Set(required)));
      return { ...p, input, output: input.output };
    }
    case 'aggregate': {
      const aggregates = p.aggregates.filter((a) => required.has(a.id));
      const needed = columnsOf(
        [
          ...p.groups.map((g) => g.expr),
          ...aggregates.flatMap((a) => [
            ...a.call.args,
            ...(a.call.filter ? [a.call.filter] : []),
            ...a.call.orderBy.map((k) => k.expr),
          ]),
        ],
        new Set(),
      );
      const input = prune(p.input, needed);
      const keep = new Set([
        ...p.groups.map((g) => g.id),
        ...aggregates.map((a) => a.id),
        ...(p.groupingId ? [p.groupingId.id] : []),
      ]);
      return { ...p, input, aggregates, output: p.output.filter((c) => keep.has(c.id)) };
    }
    case 'window': {
      const windows = p.windows.filter((w) => required.has(w.id));
      const needed = new Set([...required].filter((id) => !p.windows.some((w) => w.id === id)));
      const windowPlan = { ...p, windows };
      const input = prune(p.input, columnsOf(planExprs(windowPlan), needed));
      return {
        ...windowPlan,
        input,
        output: [...input.output, ...windows.map((w) => ({ id: w.id, name: w.name, type: w.call.type }))],
      };
    }
    case 'join': {
      // A LATERAL right side reads left columns too.
      const needed = columnsOf(planExprs(p), new Set([...required, ...freeColumns(p.right)]));
      const leftIds = all(p.left);
      const rightIds = all(p.right);
      const left = prune(p.left, new Set([...needed].filter((id) => leftIds.has(id))));
      const right = prune(p.right, new Set([...needed].filter((id) => rightIds.has(id))));
      return { ...p, left, right, output: joinOutput(p.joinType, left, right, p.mark) };
    }
    case 'set_op':
      return { ...p, left: prune(p.left, all(p.left)), right: prune(p.right, all(p.right)) };
    case 'recursive_cte':
      return {
        ...p,
        anchor: prune(p.anchor, all(p.anchor)),
        recursive: prune(p.recursive, all(p.recursive)),
      };
    case 'table_function': {
      if (p.fn.prune === undefined || p.ordinality !== null) return p;
      const keep = p.output.map((c) => required.has(c.id));
      if (keep.every(Boolean)) return p;
      return { ...p, fn: p.fn.prune(keep), output: p.output.filter((_, i) => keep[i]) };
    }
    case 'cte_scan': {
      const keep = p.output.map((c) => required.has(c.id));
      if (keep.every(Boolean)) return p;
      return {
        ...p,
        positions: p.positions.filter((_, i) => keep[i]),
        output: p.output.filter((_, i) => keep[i]),
      };
    }
    case 'values':
    case 'empty':
    case 'work_table_scan':
      return p;
  }
}

export const pruneColumns: OptimizerRule = {
  name: 'prune_columns',
  rewrite(plan) {
    return prune(plan, all(plan));
  },
};
