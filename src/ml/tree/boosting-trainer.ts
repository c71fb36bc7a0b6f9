// Fits boosted_tree_classifier/regressor: XGBoost-style second-order gradient boosting on histogram
// trees. Each round is one loss pass (which also brings every batch's cached margins up to date) and the
// level passes of one tree per output (K for multiclass, grown together).

import { resolveClassWeights } from '../core/class-weights.js';
import { denseView } from '../core/dense-view.js';
import { rowNumber, type TrainingBatch } from '../core/feature-batch.js';
import type { IterationInfo } from '../core/model.js';
import { converged, type ModelOptions } from '../core/model-options.js';
import { mlError } from '../core/ml-error.js';
import { rowUniform } from '../core/seeded-random.js';
import { trainingStatsPass } from '../core/training-stats-pass.js';
import {
  duringIteration,
  type Fitting,
  type PassState,
  runPass,
  type TrainingPass,
} from '../core/training-pass.js';
import { schemaDimension, type TrainingSchema } from '../core/training-schema.js';
import { binSamplePass } from './bin-edges.js';
import { BinnedBatches } from './binned-batches.js';
import { flattenTrees } from './flatten-trees.js';
import { featuresPerNode } from './forest-trainer.js';
import { TreeEnsembleModel } from './tree-ensemble-model.js';
import { type GrownTree, growTrees, type RowBuffers, type RowTargets } from './tree-grower.js';
import { statLayout } from './tree-stats.js';

type Objective = 'squared' | 'logistic' | 'softmax';

export function* fitBoosting(options: ModelOptions, schema: TrainingSchema): Fitting<TreeEnsembleModel> {
  const classification = options.modelType === 'boosted_tree_classifier';
  const k = schema.classes.length;
  if (classification && k < 2)
    throw mlError(`${options.modelType} needs at least 2 distinct labels in "${schema.label}", found ${k}`);
  const d = schemaDimension(schema);
  if (d === 0) throw mlError(`${options.modelType} needs at least one feature`);
  const dense = denseView(schema, options.modelType);
  const stats = yield* runPass(trainingStatsPass(schema));
  stats.validate();
  const classWeights = classification
    ? resolveClassWeights(options, schema.classes, stats.classCounts)
    : null;
  const sample = yield* runPass(binSamplePass(options.seed, options.maxBins, dense));
  const thresholds = sample.thresholds(d, options.maxBins);
  const binned = new BinnedBatches(thresholds, dense);
  const objective: Objective = !classification ? 'squared' : k === 2 ? 'logistic' : 'softmax';
  const outputs = objective === 'softmax' ? k : 1;
  const base = baseScore(objective, stats.label.mean[0] ?? 0, stats.classCounts, classWeights);
  const margins = new MarginCache(base, outputs, binned, options.learnRate);
  const layout = statLayout('boosting', 0);
  const info: IterationInfo[] = [];
  let started = performance.now();
  // The loss at the current margins (after `info.length` rounds), shown as progress.
  let latest: number | undefined;
  for (let round = 0; ; round++) {
    const loss = yield* duringIteration(
      runPass(lossPass(objective, margins, classWeights)),
      info.length,
      latest,
    );
    const value = loss.lossSum / loss.weightSum;
    latest = value;
    if (round > 0) {
      const now = performance.now();
      info.push({ iteration: round, loss: value, durationMs: now - started, learnRate: options.learnRate });
      started = now;
      const previous = info.length > 1 ? info[info.length - 2]!.loss : Infinity;
      if (options.earlyStop && converged(previous, value, options.minRelProgress)) break;
    }
    if (round === options.maxIterations) break;
    const targets = new BoostTargets(
      objective,
      margins,
      options.seed,
      round,
      options.subsample,
      classWeights,
    );
    const growing = growTrees(
      {
        layout,
        rules: {
          minRowsPerNode: options.minRowsPerNode,
          minGain: options.minSplitLoss,
          lambda: options.l2Reg,
          minChildWeight: options.minTreeChildWeight,
        },
        maxDepth: options.maxTreeDepth,
        featuresPerNode: featuresPerNode(
          options.featureSubsetStrategy === 'auto' ? 'all' : options.featureSubsetStrategy,
          d,
          1,
          classification,
        ),
        seed: options.seed,
        stream: round + 1,
      },
      outputs,
      targets,
      binned,
    );
    const trees = yield* duringIteration(growing, info.length, latest);
    margins.addRound(trees);
  }
  const flat = flattenTrees(margins.trees, thresholds, 1, options.learnRate);
  return new TreeEnsembleModel({
    modelType: options.modelType,
    schema,
    combine: 'boosted',
    valueSize: 1,
    outputs,
    ...flat,
    baseScore: base,
    trainingInfo: info,
  });
}

/** Starting margins: the label mean, the log-odds of class 1, or the log class priors. */
function baseScore(
  objective: Objective,
  labelMean: number,
  counts: Float64Array,
  classWeights: Float64Array | null,
): Float64Array {
  if (objective === 'squared') return Float64Array.of(labelMean);
  const weighted = Float64Array.from(counts, (c, i) => c * (classWeights ? classWeights[i]! : 1));
  const total = weighted.reduce((a, b) => a + b, 0);
  const prior = (i: number): number => Math.min(Math.max(weighted[i]! / total, 1e-12), 1 - 1e-12);
  if (objective === 'logistic') return Float64Array.of(Math.log(prior(1) / (1 - prior(1))));
  return Float64Array.from(weighted, (_, i) => Math.log(prior(i)));
}

/**
 * Current margins of each batch (output-major), kept between passes and brought up to date by routing
 * rows through the rounds added since (on bins, which the trees split on).
 */
class MarginCache {
  readonly trees: GrownTree[] = [];
  private readonly cache = new WeakMap<TrainingBatch, { rounds: number; values: Float64Array }>();

  constructor(
    private readonly base: Float64Array,
    readonly outputs: number,
    private readonly binned: BinnedBatches,
    private readonly learnRate: number,
  ) {}

  addRound(trees: GrownTree[]): void {
    this.trees.push(...trees);
  }

  of(batch: TrainingBatch): Float64Array {
    const n = batch.rows;
    let entry = this.cache.get(batch);
    if (!entry) {
      const values = new Float64Array(n * this.outputs);
      for (let o = 0; o < this.outputs; o++) values.fill(this.base[o]!, o * n, (o + 1) * n);
      entry = { rounds: 0, values };
      this.cache.set(batch, entry);
    }
    const rounds = this.trees.length / this.outputs;
    if (entry.rounds < rounds) {
      const bins = this.binned.of(batch);
      for (let t = entry.rounds * this.outputs; t < this.trees.length; t++) {
        const { feature, bin, left, right, value } = this.trees[t]!;
        const base = (t % this.outputs) * n;
        for (let i = 0; i < n; i++) {
          let node = 0;
          while (feature[node]! >= 0)
            node = bins[feature[node]!]![i]! <= bin[node]! ? left[node]! : right[node]!;
          entry.values[base + i]! += this.learnRate * value[node]!;
        }
      }
      entry.rounds = rounds;
    }
    return entry.values;
  }
}

/** Gradient and hessian of the loss at the current margins, for tree `output` of the round. */
class BoostTargets implements RowTargets {
  constructor(
    private readonly objective: Objective,
    private readonly margins: MarginCache,
    private readonly seed: number,
    private readonly round: number,
    private readonly subsample: number,
    private readonly classWeights: Float64Array | null,
  ) {}

  fill(batch: TrainingBatch, output: number, out: RowBuffers): void {
    const n = batch.rows;
    const f = this.margins.of(batch);
    const y = batch.label!;
    const k = this.margins.outputs;
    const { a, b, w, c } = out;
    for (let i = 0; i < n; i++) {
      const keep =
        this.subsample >= 1 || rowUniform(this.seed, this.round + 1, rowNumber(batch, i)) < this.subsample;
      c[i] = keep ? 1 : 0;
      w[i] = keep
        ? (batch.weight ? batch.weight[i]! : 1) * (this.classWeights ? this.classWeights[y[i]!]! : 1)
        : 0;
      if (this.objective === 'squared') {
        a[i] = f[i]! - y[i]!;
        b[i] = 1;
      } else if (this.objective === 'logistic') {
        const p = 1 / (1 + Math.exp(-f[i]!));
        a[i] = p - y[i]!;
        b[i] = Math.max(p * (1 - p), 1e-16);
      } else {
        let max = -Infinity;
        for (let o = 0; o < k; o++) max = Math.max(max, f[o * n + i]!);
        let sum = 0;
        for (let o = 0; o < k; o++) sum += Math.exp(f[o * n + i]! - max);
        const p = Math.exp(f[output * n + i]! - max) / sum;
        a[i] = p - (y[i] === output ? 1 : 0);
        b[i] = Math.max(p * (1 - p), 1e-16);
      }
    }
  }
}

class BoostLossState implements PassState {
  lossSum = 0;
  weightSum = 0;

  constructor(
    private readonly objective: Objective,
    private readonly margins: MarginCache,
    private readonly classWeights: Float64Array | null,
  ) {}

  update(batch: TrainingBatch): void {
    const n = batch.rows;
    const f = this.margins.of(batch);
    const y = batch.label!;
    const k = this.margins.outputs;
    for (let i = 0; i < n; i++) {
      const wi = (batch.weight ? batch.weight[i]! : 1) * (this.classWeights ? this.classWeights[y[i]!]! : 1);
      let loss: number;
      if (this.objective === 'squared') loss = (f[i]! - y[i]!) ** 2;
      else if (this.objective === 'logistic') {
        const z = f[i]!;
        loss = Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i]! * z;
      } else {
        let max = -Infinity;
        for (let o = 0; o < k; o++) max = Math.max(max, f[o * n + i]!);
        let sum = 0;
        for (let o = 0; o < k; o++) sum += Math.exp(f[o * n + i]! - max);
        loss = max + Math.log(sum) - f[y[i]! * n + i]!;
      }
      this.lossSum += wi * loss;
      this.weightSum += wi;
    }
  }

  merge(other: BoostLossState): void {
    this.lossSum += other.lossSum;
    this.weightSum += other.weightSum;
  }
}

function lossPass(
  objective: Objective,
  margins: MarginCache,
  classWeights: Float64Array | null,
): TrainingPass<BoostLossState> {
  return { name: 'boosting loss', create: () => new BoostLossState(objective, margins, classWeights) };
}
