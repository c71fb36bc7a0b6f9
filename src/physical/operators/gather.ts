// GatherExec: the exchange to worker threads. A plan fragment over one large scan (filters,
// projections, joins probing from it, optionally a partial aggregate on top) runs on the worker
// pool, one task per partition of that scan; results come back as they finish.

import { availableParallelism } from 'node:os';
import type { Batch } from '../../columnar/batch.js';
import type { SourcePartition } from '../../catalog/table-source.js';
import {
  type FragmentResult,
  type FragmentTask,
  fromWireError,
  type WireEvalContext,
} from '../../execution/fragment-task.js';
import { planToWire } from '../../execution/plan-wire.js';
import { runOnWorker } from '../../execution/pool.js';
import type { OperatorMetrics, TaskContext } from '../../execution/task-context.js';
import type { LogicalPlan, ScanNode } from '../../logical/plan.js';
import { allSettings } from '../../engine/settings.js';
import { ExecNode } from '../exec-node.js';
import type { BroadcastExec } from './broadcast.js';
import type { PartialGroups } from './hash-aggregate.js';

export class GatherExec extends ExecNode {
  readonly name = 'Gather';

  constructor(
    /** The fragment: what each worker runs. */
    private readonly fragment: LogicalPlan,
    /** The scan whose partitions are spread over the workers. */
    private readonly driving: ScanNode,
    private readonly mode: FragmentTask['mode'],
    /** Partitions of the driving scan: one task each, one per thread. */
    private readonly partitionCount: number,
    /** The fragment planned locally: shown by EXPLAIN, with the workers' metrics. */
    local: ExecNode,
    /** Join build sides computed here first and sent to every task. */
    private readonly broadcasts: readonly BroadcastExec[] = [],
    /**
     * How groups are kept apart, for an aggregate completed by each task. By hash: task i of
     * `partitionCount` reads the whole input and runs `fragmentFor(i)`, which keeps its slice of the
     * hash. By ranges: each task reads its partition, which no other holds a group key value of.
     * `text` says of what, for EXPLAIN.
     */
    private readonly slices:
      | { kind: 'hash'; fragmentFor(index: number): LogicalPlan; text: string }
      | { kind: 'ranges'; text: string }
      | null = null,
  ) {
    super(local.schema, 1, [local, ...broadcasts]);
  }

  override detail(): string {
    const what = this.mode === 'batches' ? 'rows' : 'partial aggregates';
    const partitions =
      this.slices === null
        ? `${this.partitionCount} partitions`
        : `${this.partitionCount} partitions by ${this.slices.kind} of ${this.slices.text}`;
    return `${what} from worker threads over ${this.driving.source.name}, ${partitions}`;
  }

  /** Each task's fragment and the part of the driving scan it reads (undefined: all of it). */
  private tasks(): { fragment: LogicalPlan; part: SourcePartition | undefined }[] {
    if (this.slices?.kind === 'hash') {
      const { fragmentFor } = this.slices;
      return Array.from({ length: this.partitionCount }, (_, i) => ({
        fragment: fragmentFor(i),
        part: undefined,
      }));
    }
    return this.driving.source
      .partitions(this.partitionCount)
      .map((part) => ({ fragment: this.fragment, part }));
  }

  private context(ctx: TaskContext): WireEvalContext {
    const e = ctx.evalContext;
    return {
      timeZone: e.timeZone.name,
      transactionTime: e.transactionTime,
      statementTime: e.statementTime,
      settings: allSettings().flatMap((d) => {
        const v = e.setting(d.name);
        return v === undefined ? [] : [[d.name, v] as const];
      }),
      currentUser: e.currentUser,
      database: e.database,
    };
  }

  /** Starts one task per partition; yields each result as it finishes, with its task's index. */
  private async *results(ctx: TaskContext): AsyncGenerator<{ index: number; result: FragmentResult }> {
    for (const b of this.broadcasts) await b.compute(ctx);
    const tasks = this.tasks();
    const context = this.context(ctx);
    const pending = new Map<number, Promise<{ index: number; result: FragmentResult }>>();
    // Workers poll this flag between batches: set on cancellation, on error and when the consumer
    // stops early, so no task keeps a thread busy for a query that is over.
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const onAbort = () => Atomics.store(stop, 0, 1);
    ctx.signal?.addEventListener('abort', onAbort);
    tasks.forEach(({ fragment, part }, index) => {
      const task: FragmentTask = {
        plan: planToWire(fragment, (s) =>
          s === this.driving.source && part !== undefined ? [part] : undefined,
        ),
        mode: this.mode,
        params: ctx.params,
        context,
        analyze: ctx.metrics !== null,
        // Tasks run this many at a time; each may hold its share of what the query has left.
        memoryLimit:
          (ctx.memory.limit - ctx.memory.bytesUsed) / Math.min(tasks.length, availableParallelism()),
        memorySetting: ctx.memory.setting,
        stop,
      };
      pending.set(
        index,
        runOnWorker(task).then((result) => ({ index, result })),
      );
    });
    try {
      while (pending.size > 0) {
        const { index, result } = await Promise.race(pending.values());
        pending.delete(index);
        if (result.mode === 'error') {
          // A worker that stopped for the query's cancellation reports it as the query would.
          ctx.checkCancelled();
          throw fromWireError(result.error);
        }
        this.recordMetrics(ctx, result.metrics);
        yield { index, result };
      }
    } finally {
      // On error, cancellation or an early stop: the rest stop at their next batch, quietly.
      Atomics.store(stop, 0, 1);
      ctx.signal?.removeEventListener('abort', onAbort);
      for (const p of pending.values()) p.catch(() => undefined);
    }
  }

  /** Adds a worker's per-operator metrics to the locally planned fragment shown by EXPLAIN. */
  private recordMetrics(ctx: TaskContext, metrics: readonly OperatorMetrics[] | undefined): void {
    if (ctx.metrics === null || metrics === undefined) return;
    let i = 0;
    const visit = (n: ExecNode) => {
      const m = metrics[i++];
      if (m !== undefined) {
        const mine = ctx.metrics!.get(n) ?? { rows: 0, batches: 0, time: 0 };
        ctx.metrics!.set(n, {
          rows: mine.rows + m.rows,
          batches: mine.batches + m.batches,
          time: mine.time + m.time,
        });
      }
      n.children.forEach(visit);
    };
    visit(this.children[0]!);
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    for await (const { result } of this.results(ctx)) if (result.mode === 'batches') yield* result.batches;
  }

  /**
   * Each task's batches (mode batches) as one list, by the index of the task's part of the scan
   * (parts are in the scan's order), once every task is done.
   */
  async runs(ctx: TaskContext): Promise<(readonly Batch[])[]> {
    const runs: (readonly Batch[])[] = [];
    for await (const { index, result } of this.results(ctx))
      if (result.mode === 'batches') runs[index] = result.batches;
    return runs.filter((r) => r !== undefined);
  }

  /** Partial aggregates from the workers (mode partial_aggregate), one array of grouping sets each. */
  async *partials(ctx: TaskContext): AsyncGenerator<readonly PartialGroups[]> {
    const started = performance.now();
    let groups = 0;
    let results = 0;
    for await (const { result: r } of this.results(ctx)) {
      if (r.mode !== 'partial_aggregate') continue;
      groups += r.partials.reduce((n, p) => n + p.count, 0);
      results++;
      yield r.partials;
    }
    // Shown by EXPLAIN ANALYZE: partial groups received and the time spent waiting for them.
    ctx.metrics?.set(this, { rows: groups, batches: results, time: performance.now() - started });
  }
}
