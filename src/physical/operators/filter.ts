// FilterExec: keeps the rows where every conjunct is true. Conjuncts run one after another on the
// rows still selected (gathering only the columns each one reads); the output columns are gathered
// once at the end.

import { type Batch, gatherBatch } from '../../columnar/batch.js';
import { gather, nullVector } from '../../columnar/vector-ops.js';
import type { Vector } from '../../columnar/vector.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { Expr } from '../../logical/expr.js';
import { explainExpr } from '../../logical/explain-expr.js';
import { ExecNode } from '../exec-node.js';
import { type CompiledExpr, selectTrue } from '../expr/compile.js';

/** Rows of `batch` (as indexes) where every predicate holds. */
export function selectRows(
  batch: Batch,
  predicates: readonly CompiledExpr[],
  ctx: TaskContext,
): { rows: Int32Array; count: number } {
  let rows: Int32Array | null = null;
  let count = batch.length;
  for (const p of predicates) {
    if (count === 0) break;
    let input = batch;
    if (rows !== null) {
      // Only the columns this conjunct reads are gathered for it.
      const columns: Vector[] = batch.columns.map((c, i) =>
        p.columns.includes(i) ? gather(c, rows!, count) : nullVector(c.type, count),
      );
      input = { length: count, columns };
    }
    const selected = selectTrue(p.evaluate(input, ctx), count);
    if (rows === null) rows = selected.rows;
    else {
      const composed = new Int32Array(selected.count);
      for (let i = 0; i < selected.count; i++) composed[i] = rows[selected.rows[i]!]!;
      rows = composed;
    }
    count = selected.count;
  }
  if (rows === null) {
    rows = new Int32Array(count);
    for (let i = 0; i < count; i++) rows[i] = i;
  }
  return { rows, count };
}

export class FilterExec extends ExecNode {
  readonly name = 'Filter';

  constructor(
    private readonly input: ExecNode,
    private readonly predicates: readonly CompiledExpr[],
    private readonly exprs: readonly Expr[],
  ) {
    super(input.schema, input.partitions, [input]);
  }

  override detail(): string {
    return this.exprs.map(explainExpr).join(' AND ');
  }

  protected async *run(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    for await (const batch of this.input.execute(partition, ctx)) {
      const { rows, count } = selectRows(batch, this.predicates, ctx);
      if (count > 0) yield gatherBatch(batch, rows, count);
    }
  }
}
