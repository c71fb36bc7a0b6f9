// SortExec: sorts all input rows by the keys; with a row limit it keeps only the top rows (top-N).

import { BATCH_SIZE, type Batch, gatherBatch, sliceBatch } from '../../columnar/batch.js';
import { batchBytes } from '../../execution/memory-budget.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { SortKey } from '../../logical/expr.js';
import { concatVectors } from '../../columnar/vector-ops.js';
import { ExecNode } from '../exec-node.js';
import type { Evaluator } from '../expr/compile.js';
import { explainSortKey } from '../../logical/explain-expr.js';
import { rowComparator, sortIndexes } from '../sort-keys.js';
import { concatBatches } from './materialize.js';
import { evaluateCount } from './limit.js';

export class SortExec extends ExecNode {
  get name(): string {
    return this.limit === null ? 'Sort' : 'TopN';
  }

  constructor(
    private readonly input: ExecNode,
    private readonly keys: readonly Evaluator[],
    private readonly specs: readonly SortKey[],
    /** Rows to keep (LIMIT + OFFSET) for a top-N sort; null sorts everything. */
    private readonly limit: { count: Evaluator | null; offset: Evaluator | null } | null,
  ) {
    super(input.schema, 1, [input]);
  }

  override detail(): string {
    return this.specs.map(explainSortKey).join(', ');
  }

  private sorted(batch: Batch, ctx: TaskContext, keep: number): Batch {
    const keys = this.keys.map((k) => k(batch, ctx));
    const idx = sortIndexes(keys, this.specs, batch.length);
    const n = Math.min(keep, batch.length);
    return gatherBatch(batch, idx, n);
  }

  /**
   * The rows of `batch` that sort strictly before `boundary`'s one row: a row equal to it comes later
   * in the input, so a stable sort puts it after the rows already kept.
   */
  private before(batch: Batch, boundary: Batch, ctx: TaskContext): Batch {
    const keys = this.keys.map((k) => {
      const last = k(boundary, ctx);
      return concatVectors(last.type, [last, k(batch, ctx)]);
    });
    const cmp = rowComparator(keys, this.specs);
    const rows = new Int32Array(batch.length);
    let count = 0;
    for (let i = 0; i < batch.length; i++) {
      rows[count] = i;
      if (cmp(i + 1, 0) < 0) count++;
    }
    return count === batch.length ? batch : gatherBatch(batch, rows, count);
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    let keep = Infinity;
    if (this.limit !== null) {
      const count = evaluateCount(this.limit.count, ctx, 'LIMIT');
      const offset = evaluateCount(this.limit.offset, ctx, 'OFFSET') ?? 0;
      if (count !== null) keep = count + offset;
    }
    if (keep === 0) return;
    let pending: Batch[] = [];
    let pendingRows = 0;
    let reserved = 0;
    // Top-N: once `keep` rows are kept, the last of them; later rows must sort before it to count.
    let boundary: Batch | null = null;
    for await (const input of this.input.executeAll(ctx)) {
      const b = boundary === null ? input : this.before(input, boundary, ctx);
      if (b.length === 0) continue;
      const bytes = batchBytes(b);
      ctx.memory.reserve(bytes, this.name);
      reserved += bytes;
      pending.push(b);
      pendingRows += b.length;
      // Top-N: prune to the best `keep` rows whenever the buffer grows well past them.
      if (keep !== Infinity && pendingRows > Math.max(2 * keep, BATCH_SIZE)) {
        const pruned = this.sorted(concatBatches(this.schema, pending), ctx, keep);
        pending = [pruned];
        pendingRows = pruned.length;
        if (pruned.length === keep) boundary = sliceBatch(pruned, keep - 1, keep);
        ctx.memory.release(reserved);
        reserved = batchBytes(pruned);
        ctx.memory.reserve(reserved, this.name);
      }
    }
    if (pendingRows === 0) return;
    const all = this.sorted(concatBatches(this.schema, pending), ctx, keep);
    for (let start = 0; start < all.length; start += BATCH_SIZE) {
      yield sliceBatch(all, start, Math.min(all.length, start + BATCH_SIZE));
    }
  }
}
