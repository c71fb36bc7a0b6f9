// Fits naive_bayes in one pass of per-class sufficient statistics: Gaussian (weighted means and variances,
// scikit-learn's var_smoothing), multinomial or Bernoulli (smoothed per-class feature totals, as Spark).

import { resolveClassWeights } from '../core/class-weights.js';
import type { TrainingBatch } from '../core/feature-batch.js';
import type { ModelOptions } from '../core/model-options.js';
import { mlError } from '../core/ml-error.js';
import { modelLossPass } from '../core/model-loss-pass.js';
import { denseView, type DenseView } from '../core/dense-view.js';
import { trainingStatsPass } from '../core/training-stats-pass.js';
import { type Fitting, type PassState, runPass, type TrainingPass } from '../core/training-pass.js';
import { schemaDimension, type TrainingSchema, featureName } from '../core/training-schema.js';
import { NaiveBayesModel } from './naive-bayes-model.js';

/** scikit-learn's GaussianNB default: variances get 1e-9 × the largest feature variance added. */
const VAR_SMOOTHING = 1e-9;

export function* fitNaiveBayes(options: ModelOptions, schema: TrainingSchema): Fitting<NaiveBayesModel> {
  const k = schema.classes.length;
  if (k < 2) throw mlError(`naive_bayes needs at least 2 distinct labels in "${schema.label}", found ${k}`);
  const d = schemaDimension(schema);
  if (d === 0) throw mlError('naive_bayes needs at least one feature');
  const stats = yield* runPass(trainingStatsPass(schema));
  stats.validate();
  const classWeights = resolveClassWeights(options, schema.classes, stats.classCounts);
  const distribution = options.nbDistribution;
  const view = denseView(schema, 'naive_bayes');
  const sums = yield* runPass(classSumsPass(schema, k, d, distribution, view, classWeights));
  const started = performance.now();
  const weightSum = sums.weight.reduce((a, b) => a + b, 0);
  const logPrior = new Float64Array(k);
  const a = new Float64Array(k * d);
  const b = new Float64Array(k * d);
  if (distribution === 'gaussian') {
    let maxVariance = 0;
    for (let j = 0; j < d; j++) maxVariance = Math.max(maxVariance, stats.dense.variance(j) || 0);
    const epsilon = VAR_SMOOTHING * maxVariance || 1e-12;
    for (let c = 0; c < k; c++) {
      logPrior[c] = Math.log(sums.weight[c]! / weightSum);
      for (let j = 0; j < d; j++) {
        const w = sums.weight[c]!;
        a[c * d + j] = w > 0 ? sums.first[c * d + j]! : 0;
        b[c * d + j] = (w > 0 ? sums.second[c * d + j]! / w : 0) + epsilon;
      }
    }
  } else {
    const alpha = options.smoothing;
    for (let c = 0; c < k; c++) {
      logPrior[c] = Math.log(sums.weight[c]! + alpha) - Math.log(weightSum + k * alpha);
      let total = 0;
      for (let j = 0; j < d; j++) total += sums.first[c * d + j]!;
      for (let j = 0; j < d; j++) {
        const count = sums.first[c * d + j]!;
        if (distribution === 'multinomial')
          a[c * d + j] = Math.log(count + alpha) - Math.log(total + d * alpha);
        else {
          const p = (count + alpha) / (sums.weight[c]! + 2 * alpha);
          a[c * d + j] = Math.log(p);
          b[c * d + j] = Math.log1p(-p);
        }
      }
    }
  }
  const fitted = { distribution, schema, logPrior, a, b };
  const durationMs = performance.now() - started;
  const loss = yield* runPass(modelLossPass(new NaiveBayesModel({ ...fitted, trainingInfo: [] })));
  return new NaiveBayesModel({ ...fitted, trainingInfo: [{ iteration: 1, loss: loss.loss, durationMs }] });
}

/**
 * Per class: weight, and per feature either the mean and Σw(x − mean)² (Gaussian, merged with Chan's
 * formula) or Σw·x (multinomial) or Σw·[x > 0] (Bernoulli).
 */
class ClassSumsState implements PassState {
  readonly weight: Float64Array;
  readonly first: Float64Array;
  readonly second: Float64Array;

  constructor(
    private readonly schema: TrainingSchema,
    private readonly k: number,
    private readonly d: number,
    private readonly distribution: ModelOptions['nbDistribution'],
    private readonly view: DenseView,
    private readonly classWeights: Float64Array | null,
  ) {
    this.weight = new Float64Array(k);
    this.first = new Float64Array(k * d);
    this.second = new Float64Array(k * d);
  }

  update(batch: TrainingBatch): void {
    const { k, d } = this;
    const part = new ClassSumsState(this.schema, k, d, this.distribution, this.view, this.classWeights);
    const x = this.view(batch);
    const y = batch.label!;
    const n = batch.rows;
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      weights[i] =
        (batch.weight ? batch.weight[i]! : 1) * (this.classWeights ? this.classWeights[y[i]!]! : 1);
      part.weight[y[i]!]! += weights[i]!;
    }
    for (let j = 0; j < d; j++) {
      const col = x[j]!;
      for (let i = 0; i < n; i++) {
        const v = col[i]!;
        if (this.distribution === 'multinomial' && v < 0)
          throw mlError(
            `multinomial naive_bayes needs non-negative features; "${featureName(this.schema, j)}" has ${v}`,
          );
        if (this.distribution === 'bernoulli' && v !== 0 && v !== 1)
          throw mlError(
            `bernoulli naive_bayes needs 0/1 features; "${featureName(this.schema, j)}" has ${v}`,
          );
        part.first[y[i]! * d + j]! += weights[i]! * v;
      }
      if (this.distribution !== 'gaussian') continue;
      for (let c = 0; c < k; c++) if (part.weight[c]! > 0) part.first[c * d + j]! /= part.weight[c]!;
      for (let i = 0; i < n; i++) {
        const delta = col[i]! - part.first[y[i]! * d + j]!;
        part.second[y[i]! * d + j]! += weights[i]! * delta * delta;
      }
    }
    this.merge(part);
  }

  merge(other: ClassSumsState): void {
    const { k, d } = this;
    for (let c = 0; c < k; c++) {
      const wa = this.weight[c]!;
      const wb = other.weight[c]!;
      if (this.distribution === 'gaussian' && wb > 0) {
        const w = wa + wb;
        for (let j = 0; j < d; j++) {
          const at = c * d + j;
          const delta = other.first[at]! - this.first[at]!;
          this.second[at]! += other.second[at]! + (delta * delta * wa * wb) / w;
          this.first[at]! += (delta * wb) / w;
        }
      } else if (this.distribution !== 'gaussian') {
        for (let j = 0; j < d; j++) this.first[c * d + j]! += other.first[c * d + j]!;
      }
      this.weight[c] = wa + wb;
    }
  }
}

function classSumsPass(
  schema: TrainingSchema,
  k: number,
  d: number,
  distribution: ModelOptions['nbDistribution'],
  view: DenseView,
  classWeights: Float64Array | null,
): TrainingPass<ClassSumsState> {
  return {
    name: 'class statistics',
    create: () => new ClassSumsState(schema, k, d, distribution, view, classWeights),
  };
}
