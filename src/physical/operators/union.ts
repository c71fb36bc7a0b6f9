// UnionAllExec: the partitions of every input, one after another, as its own partitions.

import type { Batch } from '../../columnar/batch.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';

export class UnionAllExec extends ExecNode {
  readonly name = 'UnionAll';

  constructor(schema: readonly OutputColumn[], inputs: readonly ExecNode[]) {
    super(
      schema,
      inputs.reduce((s, i) => s + i.partitions, 0),
      inputs,
    );
  }

  protected async *run(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    let p = partition;
    for (const input of this.children) {
      if (p < input.partitions) {
        yield* input.execute(p, ctx);
        return;
      }
      p -= input.partitions;
    }
  }
}
