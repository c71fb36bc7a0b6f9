// EXPLAIN [ANALYZE]: the physical plan as an indented tree with partitions (and, when analyzed,
// rows, batches and time per operator).

import type { ExplainStmt } from '@pgsql/types';
import type { ExecNode } from '../../physical/exec-node.js';
import { bodyOf, type PgNode, tagOf } from '../../sql/ast.js';
import { LarchError, SqlState } from '../errors.js';
import type { OperatorMetrics } from '../../execution/task-context.js';
import { settleParamTypes } from '../params.js';
import { QueryResult } from '../result.js';
import type { StatementContext } from '../statement-context.js';
import { Types } from '../../types/data-type.js';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { explainLogical } from '../../logical/explain.js';

function option(stmt: ExplainStmt, name: string): boolean {
  for (const o of stmt.options ?? []) {
    const d = bodyOf<{ defname: string; arg?: PgNode }>(o);
    if (d.defname !== name) continue;
    if (d.arg === undefined) return true;
    const arg = bodyOf<{ sval?: string; boolval?: boolean }>(d.arg);
    return arg.boolval ?? !['false', 'off', '0'].includes(String(arg.sval ?? 'true').toLowerCase());
  }
  return false;
}

export function explainTree(node: ExecNode, metrics: ReadonlyMap<object, OperatorMetrics> | null): string[] {
  const lines: string[] = [];
  const visit = (n: ExecNode, depth: number) => {
    const detail = n.detail();
    let line = `${'  '.repeat(depth)}${depth > 0 ? '-> ' : ''}${n.name}${detail ? ` ${detail}` : ''} [partitions: ${n.partitions}]`;
    if (metrics !== null) {
      const m = metrics.get(n);
      const childTime = n.children.reduce((s, c) => s + (metrics.get(c)?.time ?? 0), 0);
      const own = Math.max(0, (m?.time ?? 0) - childTime);
      line += ` (rows: ${m?.rows ?? 0}, batches: ${m?.batches ?? 0}, time: ${own.toFixed(3)} ms)`;
    }
    lines.push(line);
    for (const c of n.children) visit(c, depth + 1);
  };
  visit(node, 0);
  return lines;
}

export async function executeExplain(ctx: StatementContext, stmt: ExplainStmt): Promise<QueryResult> {
  const analyze = option(stmt, 'analyze');
  const query = stmt.query!;
  if (tagOf(query) !== 'SelectStmt') {
    throw new LarchError(SqlState.featureNotSupported, 'EXPLAIN supports SELECT statements');
  }
  const bound = ctx.binder().bindQuery(query, null, null);
  settleParamTypes(ctx.params);
  const schema = [{ name: 'QUERY PLAN', type: Types.text }];
  if (option(stmt, 'logical')) {
    const lines = explainLogical(ctx.optimize(bound.plan)).split('\n');
    return new QueryResult(
      schema,
      [{ length: lines.length, columns: [vectorFromScalars(Types.text, lines)] }],
      'EXPLAIN',
      lines.length,
      ctx.evalContext.timeZone,
    );
  }
  const exec = ctx.physical(bound.plan);
  let metrics: ReadonlyMap<object, OperatorMetrics> | null = null;
  let total = 0;
  if (analyze) {
    const task = ctx.taskContext(true);
    const t0 = performance.now();
    for await (const b of exec.executeAll(task)) void b;
    total = performance.now() - t0;
    metrics = task.metrics;
  }
  const lines = explainTree(exec, metrics);
  if (analyze) lines.push(`Execution Time: ${total.toFixed(3)} ms`);
  return new QueryResult(
    schema,
    [{ length: lines.length, columns: [vectorFromScalars(Types.text, lines)] }],
    `EXPLAIN`,
    lines.length,
    ctx.evalContext.timeZone,
  );
}
