// The ML library's public surface for the SQL layer: options, trainers and the pass protocol, models and
// their file format, TRANSFORM functions, metrics, data splits and hyperparameter tuning.

export type { FeatureBatch, SparseBlock, TrainingBatch } from './core/feature-batch.js';
export {
  denseBatch,
  denseTrainingBatch,
  filterTrainingBatch,
  SHARED_ARRAYS,
  rowNumber,
  sliceTrainingBatch,
} from './core/feature-batch.js';
export type { PassState, RemotePassSpec, TrainingPass, Fitting } from './core/training-pass.js';
export { fitLocal, passStateData, runPassLocal } from './core/training-pass.js';
export type { TrainingSchema, SparseFeature } from './core/training-schema.js';
export { expandFeatureNames } from './core/training-schema.js';
export type { HParamSpec, ModelOptions, ParsedOptions, RawOptionValue } from './core/model-options.js';
export { parseModelOptions, withTrialValues } from './core/model-options.js';
export type {
  ImportanceRow,
  IterationInfo,
  Model,
  ModelArtifact,
  ModelTask,
  ModelType,
  Prediction,
  PredictOptions,
  WeightRow,
} from './core/model.js';
export { MODEL_TYPES } from './core/model.js';
export { createTrainer, type Trainer } from './create-trainer.js';

export { LinearModel } from './linear/linear-model.js';
export { TreeEnsembleModel } from './tree/tree-ensemble-model.js';
export { NaiveBayesModel } from './bayes/naive-bayes-model.js';
export { KmeansModel, type CentroidRow } from './cluster/kmeans-model.js';
export { PcaModel } from './decomposition/pca-model.js';
export { AlsModel, type Recommendations } from './recommend/als-model.js';
export { TransformOnlyModel } from './transform/transform-only-model.js';
export {
  decodeModel,
  encodeModelBinary,
  encodeModelJson,
  MODEL_FORMAT_VERSION,
} from './format/model-codec.js';

export type { FittedTransform, InvalidPolicy, MlColumn, TransformFitter } from './transform/ml-column.js';
export { ngrams, removeStopWords, tokenize } from './transform/text-transforms.js';
export { hashingTf } from './transform/hashing-tf.js';
export { bucketize, featureCross, polynomialExpand } from './transform/numeric-transforms.js';
export {
  createFitter,
  FITTED_TRANSFORMS,
  fittedTransformFromJson,
} from './transform/fitted-transform-codec.js';
export { assembleFeatures } from './data/feature-assembler.js';
export { FeatureInfoState, type FeatureInfoRow } from './data/feature-info.js';
export { evaluationRows, foldOf, planSplit, seqSplitThreshold, type SplitPlan } from './data/data-split.js';

export { REGRESSION_METRICS, RegressionMetricsState } from './metrics/regression-metrics.js';
export { CLASSIFICATION_METRICS, ClassificationMetricsState } from './metrics/classification-metrics.js';
export { CLUSTERING_METRICS, ClusteringMetricsState } from './metrics/clustering-metrics.js';
export {
  averagePrecision,
  curvePoints,
  percentileThresholds,
  rocAuc,
  type CurvePoint,
} from './metrics/score-curves.js';

export { canonicalObjective, defaultObjective, planTrials, type TrialPlan } from './tuning/hparam-search.js';
export { runTrials, type TrialEvaluator, type TrialResult } from './tuning/cross-validation.js';
export { remotePass } from './remote-passes.js';
