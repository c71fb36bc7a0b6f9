// The physical operator interface: a node produces batches for each of its partitions.

import type { Batch } from '../columnar/batch.js';
import type { TaskContext } from '../execution/task-context.js';
import type { OutputColumn } from '../logical/plan.js';
import { type Layout, layoutOf } from './expr/compile.js';

export abstract class ExecNode {
  /** Operator name for EXPLAIN, e.g. `HashJoin`. */
  abstract readonly name: string;

  constructor(
    /** Output columns, in batch order. */
    readonly schema: readonly OutputColumn[],
    /** Number of output partitions; `execute` is called once per partition. */
    readonly partitions: number,
    readonly children: readonly ExecNode[],
  ) {}

  /** One line of detail for EXPLAIN (keys, predicates, …). */
  detail(): string {
    return '';
  }

  /** Column positions of this node's output, by column id. */
  layout(): Layout {
    return layoutOf(this.schema.map((c) => c.id));
  }

  protected abstract run(partition: number, ctx: TaskContext): AsyncGenerator<Batch>;

  /** Produces one partition's batches, recording metrics when the query is analyzed. */
  async *execute(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const metrics = ctx.metrics;
    if (metrics === null) {
      for await (const b of this.run(partition, ctx)) {
        await ctx.yieldIfDue();
        if (b.length > 0) yield b;
      }
      return;
    }
    let m = metrics.get(this);
    if (m === undefined) {
      m = { rows: 0, batches: 0, time: 0 };
      metrics.set(this, m);
    }
    const it = this.run(partition, ctx);
    for (;;) {
      const t0 = performance.now();
      const r = await it.next();
      m.time += performance.now() - t0;
      if (r.done) return;
      await ctx.yieldIfDue();
      if (r.value.length === 0) continue;
      m.rows += r.value.length;
      m.batches++;
      yield r.value;
    }
  }

  /** All batches of all partitions, one partition after another. */
  executeAll(ctx: TaskContext): AsyncGenerator<Batch> {
    // One partition (most small queries): its generator itself, without another layer around it.
    return this.partitions === 1 ? this.execute(0, ctx) : this.executeEach(ctx);
  }

  private async *executeEach(ctx: TaskContext): AsyncGenerator<Batch> {
    for (let p = 0; p < this.partitions; p++) yield* this.execute(p, ctx);
  }
}
