// What running operators share for one query: evaluation context, parameters, cancellation,
// recursive-CTE work tables and per-operator metrics for EXPLAIN ANALYZE.

import type { Batch } from '../columnar/batch.js';
import type { Scalar } from '../columnar/vector.js';
import { LarchError, SqlState } from '../engine/errors.js';
import type { EvalContext } from '../functions/function.js';

export interface OperatorMetrics {
  rows: number;
  batches: number;
  /** Milliseconds spent in the operator itself (children excluded). */
  time: number;
}

export class TaskContext {
  /** Batches of each recursive CTE's work table, by id. */
  readonly workTables = new Map<number, Batch[]>();
  readonly metrics: Map<object, OperatorMetrics> | null;

  constructor(
    readonly evalContext: EvalContext,
    readonly params: readonly Scalar[],
    readonly signal: AbortSignal | undefined,
    analyze: boolean,
  ) {
    this.metrics = analyze ? new Map() : null;
  }

  /** Throws 57014 when the query was cancelled. Operators call it once per batch. */
  checkCancelled(): void {
    if (this.signal?.aborted) {
      throw new LarchError(SqlState.queryCanceled, 'canceling statement due to user request');
    }
  }
}
