// Scoring a model against labelled rows: the metrics of ML.EVALUATE for the model's task, the confusion
// matrix of classifiers and the ROC points of binary classifiers. Labels arrive as class indexes for
// classifiers (NaN for labels the model does not know) and as values otherwise.

import {
  ClassificationMetricsState,
  ClusteringMetricsState,
  type CurvePoint,
  type FeatureBatch,
  KmeansModel,
  type Model,
  RegressionMetricsState,
} from '../../ml/index.js';
import { CURVE_POINTS } from './model-metadata.js';

/** Features with their labels: class index (classifiers) or value; null for unsupervised models. */
export interface LabelledBatch extends FeatureBatch {
  readonly label: Float64Array | null;
}

export interface Evaluation {
  readonly metrics: Record<string, number | null>;
  /** counts[actual][predicted] for classifiers. */
  readonly confusion: number[][] | null;
  /** ROC points of binary classifiers (class index 1 positive), at most CURVE_POINTS of them. */
  readonly roc: CurvePoint[] | null;
}

/** Metrics of `model` over labelled rows; ROC points only when `curve` is asked for. */
export function evaluateModel(
  model: Model,
  batches: readonly LabelledBatch[],
  threshold?: number,
  curve = false,
): Evaluation {
  switch (model.task) {
    case 'classification': {
      const k = model.classes.length;
      const state = new ClassificationMetricsState(k);
      for (const batch of batches) {
        const label = batch.label;
        if (batch.rows === 0 || label === null) continue;
        const p = model.predict(batch, threshold === undefined ? {} : { threshold });
        if (p.kind === 'class') state.update(label, p.classIndex, p.probabilities, batch.rows);
      }
      const confusion = Array.from({ length: k }, (_, a) =>
        Array.from({ length: k }, (_, p) => state.confusion[a * k + p]!),
      );
      return {
        metrics: { ...state.finish() },
        confusion,
        roc: curve && k === 2 ? state.curve(1, null, CURVE_POINTS) : null,
      };
    }
    case 'regression':
    case 'recommendation': {
      const state = new RegressionMetricsState();
      for (const batch of batches) {
        const label = batch.label;
        if (batch.rows === 0 || label === null) continue;
        const p = model.predict(batch);
        if (p.kind === 'value') state.update(p.value, label, batch.rows);
      }
      return { metrics: { ...state.finish() }, confusion: null, roc: null };
    }
    case 'clustering': {
      if (!(model instanceof KmeansModel)) return { metrics: {}, confusion: null, roc: null };
      const state = new ClusteringMetricsState(model);
      for (const batch of batches) if (batch.rows > 0) state.update(batch);
      return { metrics: { ...state.finish() }, confusion: null, roc: null };
    }
    default:
      return { metrics: {}, confusion: null, roc: null };
  }
}
