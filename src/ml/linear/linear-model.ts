// A fitted linear_reg or logistic_reg model: coefficients in the raw feature space, so scoring is one
// margin loop per output with no standardization step.

import type { FeatureBatch } from '../core/feature-batch.js';
import type {
  IterationInfo,
  Model,
  ModelArtifact,
  Prediction,
  PredictOptions,
  WeightRow,
} from '../core/model.js';
import { mlError } from '../core/ml-error.js';
import {
  checkBatchLayout,
  expandFeatureNames,
  featureName,
  type TrainingSchema,
} from '../core/training-schema.js';
import { batchMargins } from './linear-margins.js';
import type { LinearLoss } from './linear-loss-pass.js';

export interface LinearModelState {
  readonly loss: LinearLoss;
  readonly schema: TrainingSchema;
  readonly dim: number;
  readonly outputs: number;
  readonly coefficients: Float64Array;
  readonly intercepts: Float64Array;
  readonly trainingInfo: readonly IterationInfo[];
}

export class LinearModel implements Model {
  readonly modelType: 'linear_reg' | 'logistic_reg';
  readonly task: 'regression' | 'classification';
  private names: string[] | null = null;

  constructor(readonly state: LinearModelState) {
    this.modelType = state.loss === 'squared' ? 'linear_reg' : 'logistic_reg';
    this.task = state.loss === 'squared' ? 'regression' : 'classification';
  }

  get featureNames(): readonly string[] {
    return (this.names ??= expandFeatureNames(this.state.schema));
  }

  get classes(): readonly (string | number)[] {
    return this.state.schema.classes;
  }

  get trainingInfo(): readonly IterationInfo[] {
    return this.state.trainingInfo;
  }

  predict(batch: FeatureBatch, options: PredictOptions = {}): Prediction {
    const { loss, schema, dim, outputs, coefficients, intercepts } = this.state;
    checkBatchLayout(
      batch,
      schema.dense.length,
      schema.sparse.map((s) => s.dim),
    );
    const n = batch.rows;
    const margins = batchMargins(batch, coefficients, intercepts, dim, outputs);
    if (loss === 'squared') return { kind: 'value', value: margins };
    const classIndex = new Int32Array(n);
    if (loss === 'logistic') {
      const threshold = options.threshold ?? 0.5;
      if (!(threshold >= 0 && threshold <= 1)) throw mlError(`threshold must be in [0, 1], got ${threshold}`);
      const p1 = margins;
      const p0 = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const z = p1[i]!;
        const e = Math.exp(-Math.abs(z));
        const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        p1[i] = p;
        p0[i] = 1 - p;
        classIndex[i] = p > threshold ? 1 : 0;
      }
      return { kind: 'class', classIndex, probabilities: [p0, p1] };
    }
    if (options.threshold !== undefined) throw mlError('threshold applies to binary classifiers only');
    const probabilities = Array.from({ length: outputs }, (_, o) => margins.subarray(o * n, (o + 1) * n));
    softmaxColumns(probabilities, n, classIndex);
    return { kind: 'class', classIndex, probabilities };
  }

  weights(): WeightRow[] {
    const { schema, dim, outputs, coefficients, intercepts, loss } = this.state;
    const rows: WeightRow[] = [];
    for (let o = 0; o < outputs; o++) {
      const classLabel = loss === 'softmax' ? schema.classes[o]! : null;
      for (let j = 0; j < dim; j++)
        rows.push({ feature: featureName(schema, j), weight: coefficients[o * dim + j]!, classLabel });
      rows.push({ feature: '__INTERCEPT__', weight: intercepts[o]!, classLabel });
    }
    return rows;
  }

  toArtifact(): ModelArtifact {
    const { loss, schema, dim, outputs, coefficients, intercepts, trainingInfo } = this.state;
    return {
      modelType: this.modelType,
      params: { loss, schema, dim, outputs, trainingInfo },
      buffers: { coefficients, intercepts },
    };
  }

  static fromArtifact(a: ModelArtifact): LinearModel {
    const p = a.params as unknown as Omit<LinearModelState, 'coefficients' | 'intercepts'>;
    return new LinearModel({
      ...p,
      coefficients: a.buffers.coefficients as Float64Array,
      intercepts: a.buffers.intercepts as Float64Array,
    });
  }
}

/** Turns per-class margin columns into probabilities in place (log-sum-exp) and picks the argmax. */
export function softmaxColumns(columns: readonly Float64Array[], n: number, classIndex: Int32Array): void {
  const k = columns.length;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    let best = 0;
    for (let o = 0; o < k; o++) {
      const v = columns[o]![i]!;
      if (v > max) {
        max = v;
        best = o;
      }
    }
    let sum = 0;
    for (let o = 0; o < k; o++) sum += Math.exp(columns[o]![i]! - max);
    for (let o = 0; o < k; o++) columns[o]![i] = Math.exp(columns[o]![i]! - max) / sum;
    classIndex[i] = best;
  }
}
