// The training protocol: a fit is a generator of passes over the training rows; each pass is an aggregate
// (per-partition state, update per batch, merge, finish) whose merged state is sent back to the generator.

import type { TrainingBatch } from './feature-batch.js';

/**
 * Per-partition state of one pass, the same shape as the engine's AggregateState: `update` folds a batch
 * in, `merge` folds another partition's state in (the same pass created both), and the merged state goes
 * back to the fitting generator, which finishes it.
 */
export interface PassState {
  update(batch: TrainingBatch): void;
  merge(other: this): void;
}

/** One pass over the training rows: a factory of per-partition states. */
export interface TrainingPass<S extends PassState = PassState> {
  /** Shown as progress, e.g. 'gradient', 'tree level 3'. */
  readonly name: string;
  create(): S;
}

/**
 * A running fit: yields passes, receives each pass's merged state, returns the result. The driver runs
 * every yielded pass over all partitions, merges the states and resumes the generator with the result.
 */
export type Fitting<T> = Generator<TrainingPass, T, PassState>;

/** Yields a pass and types the merged state that comes back (the only cast of the protocol). */
export function* runPass<S extends PassState>(pass: TrainingPass<S>): Generator<TrainingPass, S, PassState> {
  return (yield pass) as S;
}

/** Runs a pass over in-memory partitions and merges the per-partition states in partition order. */
export function runPassLocal<S extends PassState>(
  pass: TrainingPass<S>,
  partitions: readonly (readonly TrainingBatch[])[],
): S {
  let merged: S | null = null;
  for (const partition of partitions) {
    const state = pass.create();
    for (const batch of partition) if (batch.rows > 0) state.update(batch);
    if (merged === null) merged = state;
    else merged.merge(state);
  }
  return merged ?? pass.create();
}

/**
 * Drives a fit over in-memory partitions (tests, tuning, cross-validation). The engine's driver does the
 * same with partitions of a plan, checking for cancellation between passes.
 * @example
 *   const model = fitLocal(createTrainer('linear_reg', options, schema).fit(), [[batch]]);
 */
export function fitLocal<T>(fitting: Fitting<T>, partitions: readonly (readonly TrainingBatch[])[]): T {
  let step = fitting.next();
  while (!step.done) step = fitting.next(runPassLocal(step.value, partitions));
  return step.value;
}
