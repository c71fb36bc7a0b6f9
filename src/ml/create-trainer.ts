// The entry point of training: a Trainer for validated options and a training schema, whose fit() is the
// generator of passes the engine drives over the partitions of the training query.

import { fitNaiveBayes } from './bayes/naive-bayes-trainer.js';
import { fitKmeans } from './cluster/kmeans-trainer.js';
import type { Model, ModelType } from './core/model.js';
import type { ModelOptions } from './core/model-options.js';
import type { Fitting } from './core/training-pass.js';
import type { TrainingSchema } from './core/training-schema.js';
import { fitPca } from './decomposition/pca-trainer.js';
import { fitLinearModel } from './linear/linear-trainer.js';
import { fitAls } from './recommend/als-trainer.js';
import { TransformOnlyModel } from './transform/transform-only-model.js';
import { fitBoosting } from './tree/boosting-trainer.js';
import { fitForest } from './tree/forest-trainer.js';

export interface Trainer {
  readonly options: ModelOptions;
  readonly schema: TrainingSchema;
  /** A new fit: yields passes over the training rows, returns the model. */
  fit(): Fitting<Model>;
}

type Fit = (options: ModelOptions, schema: TrainingSchema) => Fitting<Model>;

const FITS: Readonly<Record<ModelType, Fit>> = {
  linear_reg: fitLinearModel,
  logistic_reg: fitLinearModel,
  decision_tree_classifier: fitForest,
  decision_tree_regressor: fitForest,
  random_forest_classifier: fitForest,
  random_forest_regressor: fitForest,
  boosted_tree_classifier: fitBoosting,
  boosted_tree_regressor: fitBoosting,
  naive_bayes: fitNaiveBayes,
  kmeans: fitKmeans,
  pca: fitPca,
  matrix_factorization: fitAls,
  // The TRANSFORM functions are fitted by the SQL layer; there is no estimator to fit.
  // eslint-disable-next-line require-yield
  transform_only: function* () {
    return new TransformOnlyModel({});
  },
};

/**
 * @example
 *   const { options } = parseModelOptions({ model_type: 'logistic_reg', l2_reg: 0.01 });
 *   const trainer = createTrainer(options, { dense: ['x1', 'x2'], sparse: [], label: 'y', classes: ['no', 'yes'] });
 *   const model = fitLocal(trainer.fit(), partitions); // the engine drives fit() over plan partitions
 */
export function createTrainer(options: ModelOptions, schema: TrainingSchema): Trainer {
  const fit = FITS[options.modelType];
  return { options, schema, fit: () => fit(options, schema) };
}
