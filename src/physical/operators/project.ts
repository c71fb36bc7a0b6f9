// ProjectExec: computes the output columns from each input batch.

import type { Batch } from '../../columnar/batch.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { Expr } from '../../logical/expr.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';
import type { Evaluator } from '../expr/compile.js';
import { explainExpr } from '../../logical/explain-expr.js';

export class ProjectExec extends ExecNode {
  readonly name = 'Project';

  constructor(
    schema: readonly OutputColumn[],
    private readonly input: ExecNode,
    private readonly exprs: readonly Evaluator[],
    private readonly source: readonly Expr[],
  ) {
    super(schema, input.partitions, [input]);
  }

  override detail(): string {
    return this.source
      .map((e, i) => {
        const text = explainExpr(e);
        const name = this.schema[i]!.name;
        return text === name ? text : `${text} AS ${name}`;
      })
      .join(', ');
  }

  protected async *run(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    for await (const batch of this.input.execute(partition, ctx)) {
      yield { length: batch.length, columns: this.exprs.map((e) => e(batch, ctx)) };
    }
  }
}
