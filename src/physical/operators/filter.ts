// FilterExec: keeps the rows where every conjunct is true, narrowing the batch conjunct by conjunct.

import { type Batch, gatherBatch } from '../../columnar/batch.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { Expr } from '../../logical/expr.js';
import { ExecNode } from '../exec-node.js';
import { type Evaluator, selectTrue } from '../expr/compile.js';
import { explainExpr } from '../explain-expr.js';

export class FilterExec extends ExecNode {
  readonly name = 'Filter';

  constructor(
    private readonly input: ExecNode,
    private readonly predicates: readonly Evaluator[],
    private readonly exprs: readonly Expr[],
  ) {
    super(input.schema, input.partitions, [input]);
  }

  override detail(): string {
    return this.exprs.map(explainExpr).join(' AND ');
  }

  protected async *run(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    for await (const batch of this.input.execute(partition, ctx)) {
      let b = batch;
      for (const p of this.predicates) {
        if (b.length === 0) break;
        const { rows, count } = selectTrue(p(b, ctx), b.length);
        b = gatherBatch(b, rows, count);
      }
      if (b.length > 0) yield b;
    }
  }
}
