// The regularization of linear models. Objective: (1/Σw)·Σ w·loss + l1·‖θ‖₁ + (l2/2)·‖θ‖², with θ the
// coefficients in standardized feature space when standardize_features (Spark's convention) and the
// intercept never penalized. reg_param λ and elastic_net_param α give l1 = λα and l2 = λ(1−α); for
// linear_reg, l2 is divided by the label's standard deviation, as Spark (and glmnet) do by fitting a
// standardized label, so the same λ gives the same model as Spark.

import type { ModelOptions } from '../core/model-options.js';

export interface Penalty {
  readonly l1: number;
  readonly l2: number;
}

export function linearPenalty(options: ModelOptions, labelStd: number): Penalty {
  if (options.regParam === null) return { l1: options.l1Reg, l2: options.l2Reg };
  const lambda = options.regParam;
  const alpha = options.elasticNetParam;
  const l2 = lambda * (1 - alpha);
  const linear = options.modelType === 'linear_reg';
  return { l1: lambda * alpha, l2: linear && labelStd > 0 ? l2 / labelStd : l2 };
}
