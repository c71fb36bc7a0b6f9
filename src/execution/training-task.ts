// A training pass run on a worker thread: the calling thread sends the pass's spec and one partition
// of training batches (arrays in shared memory, so nothing is copied); the worker folds the batches
// into a fresh state and returns the state's data, which the calling thread merges.

import { passStateData, remotePass, type RemotePassSpec, type TrainingBatch } from '../ml/index.js';
import { toWireError, type WireError } from './fragment-task.js';

export interface TrainingPassTask {
  readonly mode: 'training_pass';
  readonly pass: RemotePassSpec;
  readonly batches: readonly TrainingBatch[];
}

/** Does nothing: makes the pool start a thread (see startWorkers). */
export interface StartTask {
  readonly mode: 'start';
}

export type TrainingPassResult =
  { readonly mode: 'state'; readonly state: unknown } | { readonly mode: 'error'; readonly error: WireError };

/** Runs on the worker. */
export function runTrainingPassTask(task: TrainingPassTask): TrainingPassResult {
  try {
    const state = remotePass(task.pass).create();
    for (const batch of task.batches) if (batch.rows > 0) state.update(batch);
    return { mode: 'state', state: passStateData(state) };
  } catch (e) {
    return { mode: 'error', error: toWireError(e) };
  }
}
