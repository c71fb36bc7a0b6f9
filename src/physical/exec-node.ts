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

  /** Produces one partition's batches (never empty ones), recording metrics when the query is analyzed. */
  execute(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const batches = this.run(partition, ctx);
    return ctx.metrics === null ? new NonEmptyBatches(batches, ctx) : this.measured(batches, ctx);
  }

  private async *measured(it: AsyncGenerator<Batch>, ctx: TaskContext): AsyncGenerator<Batch> {
    let m = ctx.metrics!.get(this);
    if (m === undefined) {
      m = { rows: 0, batches: 0, time: 0 };
      ctx.metrics!.set(this, m);
    }
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

/**
 * An operator's batches without the empty ones, letting the event loop run when the query has held
 * it for a while: a plain iterator rather than another async generator layer per operator, which
 * small queries (one batch through a few operators) would mostly spend their time in.
 */
class NonEmptyBatches implements AsyncGenerator<Batch> {
  constructor(
    private readonly batches: AsyncGenerator<Batch>,
    private readonly ctx: TaskContext,
  ) {}

  async next(): Promise<IteratorResult<Batch>> {
    for (;;) {
      const r = await this.batches.next();
      if (r.done) return r;
      const pause = this.ctx.yieldIfDue();
      if (pause !== undefined) await pause;
      if (r.value.length > 0) return r;
    }
  }

  return(value?: unknown): Promise<IteratorResult<Batch>> {
    return this.batches.return(value);
  }

  throw(e?: unknown): Promise<IteratorResult<Batch>> {
    return this.batches.throw(e);
  }

  [Symbol.asyncIterator](): AsyncGenerator<Batch> {
    return this;
  }
}
