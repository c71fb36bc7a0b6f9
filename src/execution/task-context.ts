// What running operators share for one query: evaluation context, parameters, cancellation,
// recursive-CTE work tables and per-operator metrics for EXPLAIN ANALYZE.

import type { Batch } from '../columnar/batch.js';
import type { Scalar } from '../columnar/vector.js';
import { LarchError, SqlState } from '../engine/errors.js';
import type { EvalContext } from '../functions/function.js';
import type { KeyFilter } from '../physical/key-filter.js';
import { MemoryBudget } from './memory-budget.js';

/** Longest time a query runs before letting other work on the event loop run. */
const YIELD_INTERVAL_MS = 25;

export interface OperatorMetrics {
  rows: number;
  batches: number;
  /** Milliseconds spent in the operator itself (children excluded). */
  time: number;
}

export class TaskContext {
  /** Batches of each recursive CTE's work table, by id. */
  readonly workTables = new Map<number, Batch[]>();
  /** Rows of the WITH queries computed once per statement, by their operators (see CteScanExec). */
  readonly cteRows = new Map<object, Promise<Batch[]>>();
  readonly metrics: Map<object, OperatorMetrics> | null;
  /** Hash joins' build keys for the scans that read their probe rows, by scan operator. */
  readonly keyFilters = new Map<object, KeyFilter>();

  constructor(
    readonly evalContext: EvalContext,
    readonly params: readonly Scalar[],
    readonly signal: AbortSignal | undefined,
    analyze: boolean,
    /** The memory_limit this query's operators reserve their buffers from. */
    readonly memory = new MemoryBudget(Infinity),
    /** On worker threads: the flag the calling thread sets to stop this task (see GatherExec). */
    private readonly stop: Int32Array | null = null,
  ) {
    this.metrics = analyze ? new Map() : null;
  }

  /** Throws 57014 when the query was cancelled. Operators call it once per batch. */
  checkCancelled(): void {
    if (this.stop !== null && Atomics.load(this.stop, 0) !== 0) {
      throw new LarchError(SqlState.queryCanceled, 'canceling statement due to user request');
    }
    if (this.signal?.aborted) {
      const reason: unknown = this.signal.reason;
      if (reason instanceof LarchError) throw reason;
      throw new LarchError(SqlState.queryCanceled, 'canceling statement due to user request');
    }
  }

  private lastYield = performance.now();

  /**
   * Lets the event loop run (timers, Ctrl-C, cancel requests, other sessions) when the query has
   * held it for a while, then checks for cancellation. Undefined (nothing to wait for) otherwise.
   */
  yieldIfDue(): Promise<void> | undefined {
    if (performance.now() - this.lastYield < YIELD_INTERVAL_MS) return undefined;
    return this.yieldNow();
  }

  private async yieldNow(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.lastYield = performance.now();
    this.checkCancelled();
  }
}
