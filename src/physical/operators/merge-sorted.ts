// MergeSortedExec: the exchange that merges sorted runs. Each task on the workers sorts its part of
// the rows (a stable sort); the runs come back here and are merged by the same keys, ties taken in
// the order of the parts, so the result is the stable sort of all rows in the scan's order: what
// one thread gives.

import { BATCH_SIZE, type Batch, gatherBatch } from '../../columnar/batch.js';
import { batchBytes } from '../../execution/memory-budget.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { SortKey } from '../../logical/expr.js';
import { explainSortKey } from '../../logical/explain-expr.js';
import { ExecNode } from '../exec-node.js';
import type { Evaluator } from '../expr/compile.js';
import { type RowComparator, rowComparator } from '../sort-keys.js';
import type { GatherExec } from './gather.js';
import { concatBatches } from './materialize.js';

export class MergeSortedExec extends ExecNode {
  readonly name = 'MergeSorted';

  constructor(
    private readonly gather: GatherExec,
    private readonly keys: readonly Evaluator[],
    private readonly specs: readonly SortKey[],
  ) {
    super(gather.schema, 1, [gather]);
  }

  override detail(): string {
    return this.specs.map(explainSortKey).join(', ');
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const runs = await this.gather.runs(ctx);
    // The runs one after another, copied once.
    const all = concatBatches(this.schema, runs.flat());
    if (all.length === 0) return;
    ctx.memory.reserve(batchBytes(all), this.name);
    const order = mergeRuns(
      rowComparator(
        this.keys.map((k) => k(all, ctx)),
        this.specs,
      ),
      runs.map((r) => r.reduce((n, b) => n + b.length, 0)),
    );
    for (let start = 0; start < all.length; start += BATCH_SIZE) {
      const end = Math.min(all.length, start + BATCH_SIZE);
      yield gatherBatch(all, order.subarray(start, end), end - start);
    }
  }
}

/**
 * The order of the rows of consecutive sorted runs of the given lengths (run i's rows follow run
 * i - 1's): a binary heap of the runs' next rows, a tie going to the earlier run.
 */
export function mergeRuns(cmp: RowComparator, lengths: readonly number[]): Int32Array {
  const total = lengths.reduce((a, b) => a + b, 0);
  const next = new Int32Array(lengths.length);
  const end = new Int32Array(lengths.length);
  for (let r = 0, at = 0; r < lengths.length; at += lengths[r]!, r++) {
    next[r] = at;
    end[r] = at + lengths[r]!;
  }
  const before = (a: number, b: number): boolean => {
    const c = cmp(next[a]!, next[b]!);
    return c < 0 || (c === 0 && a < b);
  };
  const heap = [...lengths.keys()].filter((r) => lengths[r]! > 0);
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  const order = new Int32Array(total);
  for (let k = 0; k < total; k++) {
    const run = heap[0]!;
    order[k] = next[run]!++;
    if (next[run] === end[run]) {
      heap[0] = heap[heap.length - 1]!;
      heap.pop();
    }
    down(0);
  }
  return order;
}
