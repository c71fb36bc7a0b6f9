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
  /**
   * Reads only `other`'s data fields, never its methods: a state computed on a worker thread arrives as
   * its fields (see `passStateData`) and merges the same way.
   */
  merge(other: this): void;
}

/**
 * A pass another thread can rebuild: its kind in `REMOTE_PASSES` (remote-passes.ts) and the
 * structured-clonable arguments of that factory.
 */
export interface RemotePassSpec {
  readonly kind: string;
  readonly args: unknown;
}

/** One pass over the training rows: a factory of per-partition states. */
export interface TrainingPass<S extends PassState = PassState> {
  /** Shown as progress, e.g. 'gradient', 'tree level 3'. */
  readonly name: string;
  create(): S;
  /** Set when the pass can run on worker threads (one partition each). */
  readonly remote?: RemotePassSpec;
  /** Shown as progress: the fit's iterations finished when the pass starts (see `duringIteration`). */
  readonly iteration?: number;
  /**
   * Shown as progress: the objective after the last finished iteration (its loss in ML.TRAINING_INFO), or
   * at the starting point while `iteration` is 0; unset when the trainer does not know it yet.
   */
  readonly loss?: number;
}

/** A state's data fields, recursively, without functions: what a worker sends back for `merge`. */
export function passStateData(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(passStateData);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value))
    if (typeof field !== 'function') out[key] = passStateData(field);
  return out;
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

/**
 * Runs a sub-fit (one pass, or e.g. the tree growing of a boosting round) with each of its passes marked
 * with where the fit stands, for progress: `iteration` iterations finished, the last with `loss`.
 * @example
 *   const sums = yield* duringIteration(runPass(lloydPass(...)), info.length, info.at(-1)?.loss);
 */
export function* duringIteration<T>(
  fitting: Fitting<T>,
  iteration: number,
  loss: number | undefined,
): Fitting<T> {
  let step = fitting.next();
  while (!step.done) step = fitting.next(yield { ...step.value, iteration, loss });
  return step.value;
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
