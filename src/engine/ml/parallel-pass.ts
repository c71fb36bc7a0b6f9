// Runs a training pass over partitions at the same time: the first partition on the calling thread,
// each other one on a worker thread, and the states merged in partition order (so the result is the
// one runPassLocal gives for the same partitions).

import { runTrainingPassOnWorker } from '../../execution/pool.js';
import { fromWireError } from '../../execution/fragment-task.js';
import type { TrainingPassResult } from '../../execution/training-task.js';
import { type PassState, runPassLocal, type TrainingBatch, type TrainingPass } from '../../ml/index.js';

/** Fits over at least this many training rows run their remotable passes on worker threads. */
export const PARALLEL_PASS_ROWS = 100_000;

export async function runPassParallel<S extends PassState>(
  pass: TrainingPass<S>,
  partitions: readonly (readonly TrainingBatch[])[],
): Promise<S> {
  const [first = [], ...rest] = partitions;
  if (pass.remote === undefined || rest.length === 0) return runPassLocal(pass, partitions);
  const spec = pass.remote;
  const remote = Promise.all(
    rest.map((batches) => runTrainingPassOnWorker({ mode: 'training_pass', pass: spec, batches })),
  );
  let merged: S;
  try {
    merged = runPassLocal(pass, [first]);
  } catch (e) {
    await remote.catch(() => undefined);
    throw e;
  }
  for (const result of await remote) merged.merge(stateOf<S>(result));
  return merged;
}

/** A worker's state data, typed as the state it merges into (merge reads data fields only). */
function stateOf<S>(result: TrainingPassResult): S {
  if (result.mode === 'error') throw fromWireError(result.error);
  return result.state as S;
}
