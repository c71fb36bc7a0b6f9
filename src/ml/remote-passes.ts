// The training passes a worker thread can rebuild from a RemotePassSpec: the data-parallel ones (a
// statistics or gradient pass over a partition), which are most of the time of linear training.

import { mlAssert } from './core/ml-error.js';
import { type RemotePassSpec, type TrainingPass } from './core/training-pass.js';
import { trainingStatsPass } from './core/training-stats-pass.js';
import type { TrainingSchema } from './core/training-schema.js';
import { type LinearParams, linearLossPass } from './linear/linear-loss-pass.js';

const REMOTE_PASSES: Readonly<Record<string, (args: never) => TrainingPass>> = {
  'linear-loss': (params: LinearParams) => linearLossPass(params),
  'training-stats': (schema: TrainingSchema) => trainingStatsPass(schema),
};

/** The pass a spec describes, as the calling thread made it. */
export function remotePass(spec: RemotePassSpec): TrainingPass {
  const factory = REMOTE_PASSES[spec.kind];
  mlAssert(factory !== undefined, `unknown remote training pass "${spec.kind}"`);
  return factory(spec.args as never);
}
