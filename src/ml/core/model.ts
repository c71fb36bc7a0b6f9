// What a fitted model is: typed predictions over column batches, introspection for the ML.* functions,
// and an artifact (JSON manifest plus typed-array buffers) for export and import.

import type { FeatureBatch } from './feature-batch.js';

export const MODEL_TYPES = [
  'linear_reg',
  'logistic_reg',
  'decision_tree_classifier',
  'decision_tree_regressor',
  'random_forest_classifier',
  'random_forest_regressor',
  'boosted_tree_classifier',
  'boosted_tree_regressor',
  'naive_bayes',
  'kmeans',
  'pca',
  'matrix_factorization',
  'transform_only',
] as const;

export type ModelType = (typeof MODEL_TYPES)[number];

/** What predictions mean, which decides ML.PREDICT's and ML.EVALUATE's output schemas. */
export type ModelTask =
  | 'regression'
  | 'classification'
  | 'clustering'
  | 'dimensionality_reduction'
  | 'recommendation'
  | 'transform';

/** Predictions for one batch: a few typed arrays, no per-row objects. */
export type Prediction =
  | { readonly kind: 'value'; readonly value: Float64Array }
  | {
      readonly kind: 'class';
      /** Index into the model's `classes`. */
      readonly classIndex: Int32Array;
      /** probabilities[k][i]: probability of class k for row i. */
      readonly probabilities: readonly Float64Array[];
    }
  | { readonly kind: 'cluster'; readonly centroid: Int32Array; readonly distance: Float64Array }
  | { readonly kind: 'projection'; readonly components: readonly Float64Array[] };

/** Options of ML.PREDICT: STRUCT(0.5 AS threshold) for binary classifiers. */
export interface PredictOptions {
  readonly threshold?: number;
}

/** One row of ML.TRAINING_INFO. */
export interface IterationInfo {
  readonly iteration: number;
  readonly loss: number;
  readonly durationMs: number;
  readonly learnRate?: number;
}

/** One row of ML.WEIGHTS: a feature's weight, per class for multiclass models. */
export interface WeightRow {
  readonly feature: string;
  readonly weight: number;
  /** The class for multiclass logistic regression, else null. */
  readonly classLabel: string | number | null;
}

/** One row of ML.FEATURE_IMPORTANCE (tree models): gain-based importance, normalized to sum 1. */
export interface ImportanceRow {
  readonly feature: string;
  readonly importanceGain: number;
  readonly importanceWeight: number;
}

/** The serialized form: a JSON-safe manifest and named typed-array parameters. */
export interface ModelArtifact {
  readonly modelType: ModelType;
  /** JSON-safe parameters (shapes, options, class labels, tree node counts …). */
  readonly params: Record<string, unknown>;
  readonly buffers: Readonly<Record<string, Float64Array | Int32Array>>;
}

export interface Model {
  readonly modelType: ModelType;
  readonly task: ModelTask;
  /** Names of the input features in order (dense columns, then sparse dimensions as `name[i]`). */
  readonly featureNames: readonly string[];
  /** Class labels of classifiers (prediction class indices point into it); empty otherwise. */
  readonly classes: readonly (string | number)[];
  /** Loss per iteration, for ML.TRAINING_INFO. */
  readonly trainingInfo: readonly IterationInfo[];
  predict(batch: FeatureBatch, options?: PredictOptions): Prediction;
  toArtifact(): ModelArtifact;
  /** ML.WEIGHTS (linear models). */
  weights?(): WeightRow[];
  /** ML.FEATURE_IMPORTANCE (tree models). */
  featureImportance?(): ImportanceRow[];
}
