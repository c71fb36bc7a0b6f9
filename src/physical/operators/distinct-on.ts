// DistinctOnExec: keeps the first row of each run of equal keys in sorted input (DISTINCT ON).

import { type Batch, gatherBatch } from '../../columnar/batch.js';
import type { Vector } from '../../columnar/vector.js';
import type { TaskContext } from '../../execution/task-context.js';
import { ExecNode } from '../exec-node.js';
import type { Evaluator } from '../expr/compile.js';
import { GroupTable } from '../hash/group-table.js';

export class DistinctOnExec extends ExecNode {
  readonly name = 'DistinctOn';

  constructor(
    private readonly input: ExecNode,
    private readonly keys: readonly Evaluator[],
  ) {
    super(input.schema, 1, [input]);
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    // Input is sorted by the keys, so a key seen before is a repeat: a hash table of keys suffices.
    let table: GroupTable | null = null;
    for await (const batch of this.input.executeAll(ctx)) {
      const keys: Vector[] = this.keys.map((k) => k(batch, ctx));
      table ??= new GroupTable(keys.map((k) => k.type));
      const before = table.size;
      const ids = table.ids(keys, batch.length, true);
      const rows = new Int32Array(batch.length);
      let count = 0;
      let next = before;
      for (let i = 0; i < batch.length; i++) {
        if (ids[i] === next) {
          rows[count++] = i;
          next++;
        }
      }
      if (count > 0) yield gatherBatch(batch, rows, count);
    }
  }
}
