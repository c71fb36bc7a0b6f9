// Collects an operator's whole output into one batch (for sorts, windows and join build sides).

import type { Batch } from '../../columnar/batch.js';
import { concatVectors } from '../../columnar/vector-ops.js';
import { batchBytes } from '../../execution/memory-budget.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { OutputColumn } from '../../logical/plan.js';
import type { ExecNode } from '../exec-node.js';

export function concatBatches(schema: readonly OutputColumn[], batches: readonly Batch[]): Batch {
  const length = batches.reduce((s, b) => s + b.length, 0);
  if (batches.length === 1) return batches[0]!;
  return {
    length,
    columns: schema.map((c, i) =>
      concatVectors(
        c.type,
        batches.map((b) => b.columns[i]!),
      ),
    ),
  };
}

/** All of `node`'s rows in one batch, reserved from the query's memory for `operator`. */
export async function materializeAll(node: ExecNode, ctx: TaskContext, operator: string): Promise<Batch> {
  const batches: Batch[] = [];
  for await (const b of node.executeAll(ctx)) {
    ctx.memory.reserve(batchBytes(b), operator);
    batches.push(b);
  }
  return concatBatches(node.schema, batches);
}
