// Fits decision_tree_* and random_forest_* models: a statistics pass, a bin-sample pass, then all trees
// grown together level by level, each on a Poisson bootstrap of the rows (forests) keyed by row number.

import { resolveClassWeights } from '../core/class-weights.js';
import { denseView } from '../core/dense-view.js';
import { rowNumber, type TrainingBatch } from '../core/feature-batch.js';
import type { ModelOptions } from '../core/model-options.js';
import { mlError } from '../core/ml-error.js';
import { modelLossPass } from '../core/model-loss-pass.js';
import { rowPoisson, rowUniform } from '../core/seeded-random.js';
import { trainingStatsPass } from '../core/training-stats-pass.js';
import { type Fitting, runPass } from '../core/training-pass.js';
import { schemaDimension, type TrainingSchema } from '../core/training-schema.js';
import { binSamplePass } from './bin-edges.js';
import { BinnedBatches } from './binned-batches.js';
import { flattenTrees } from './flatten-trees.js';
import { TreeEnsembleModel } from './tree-ensemble-model.js';
import { growTrees, type RowBuffers, type RowTargets } from './tree-grower.js';
import { statLayout } from './tree-stats.js';

export function* fitForest(options: ModelOptions, schema: TrainingSchema): Fitting<TreeEnsembleModel> {
  const classification = options.modelType.endsWith('_classifier');
  const k = schema.classes.length;
  if (classification && k < 2)
    throw mlError(`${options.modelType} needs at least 2 distinct labels in "${schema.label}", found ${k}`);
  if (!classification && k > 0) throw mlError(`${options.modelType} takes a numeric label, not classes`);
  const d = schemaDimension(schema);
  if (d === 0) throw mlError(`${options.modelType} needs at least one feature`);
  const dense = denseView(schema, options.modelType);
  const stats = yield* runPass(trainingStatsPass(schema));
  stats.validate();
  const started = performance.now();
  const classWeights = classification
    ? resolveClassWeights(options, schema.classes, stats.classCounts)
    : null;
  const sample = yield* runPass(binSamplePass(options.seed, options.maxBins, dense));
  const thresholds = sample.thresholds(d, options.maxBins);
  const forest = options.modelType.startsWith('random_forest');
  const numTrees = forest ? options.numTrees : 1;
  const layout = statLayout(classification ? 'classification' : 'regression', k);
  const targets = new ForestTargets(options.seed, forest && numTrees > 1, options.subsample, classWeights);
  const trees = yield* growTrees(
    {
      layout,
      rules: {
        minRowsPerNode: options.minRowsPerNode,
        minGain: options.minSplitLoss,
        lambda: 0,
        minChildWeight: 0,
      },
      maxDepth: options.maxTreeDepth,
      featuresPerNode: featuresPerNode(options.featureSubsetStrategy, d, numTrees, classification),
      seed: options.seed,
      stream: 0,
    },
    numTrees,
    targets,
    new BinnedBatches(thresholds, dense),
  );
  const flat = flattenTrees(trees, thresholds, layout.valueSize);
  const state = {
    modelType: options.modelType,
    schema,
    combine: 'average' as const,
    valueSize: layout.valueSize,
    outputs: 1,
    ...flat,
    baseScore: new Float64Array(1),
  };
  const grown = new TreeEnsembleModel({ ...state, trainingInfo: [] });
  const durationMs = performance.now() - started;
  const loss = yield* runPass(modelLossPass(grown));
  return new TreeEnsembleModel({ ...state, trainingInfo: [{ iteration: 1, loss: loss.loss, durationMs }] });
}

/** Features tried per node (Spark's featureSubsetStrategy). */
export function featuresPerNode(
  strategy: ModelOptions['featureSubsetStrategy'],
  d: number,
  numTrees: number,
  classification: boolean,
): number {
  switch (strategy) {
    case 'all':
      return d;
    case 'sqrt':
      return Math.ceil(Math.sqrt(d));
    case 'log2':
      return Math.max(1, Math.ceil(Math.log2(d)));
    case 'onethird':
      return Math.ceil(d / 3);
    case 'auto':
      if (numTrees === 1) return d;
      return classification ? Math.ceil(Math.sqrt(d)) : Math.ceil(d / 3);
  }
}

const BAG_STREAM = 0xba6;

/**
 * Label and weight per row; a tree's bootstrap multiplicity is Poisson(subsample) of (seed, tree, row),
 * drawn once per batch and tree and kept for the following level passes.
 */
class ForestTargets implements RowTargets {
  private readonly counts = new WeakMap<TrainingBatch, Uint8Array[]>();

  constructor(
    private readonly seed: number,
    private readonly bootstrap: boolean,
    private readonly subsample: number,
    private readonly classWeights: Float64Array | null,
  ) {}

  fill(batch: TrainingBatch, tree: number, out: RowBuffers): void {
    const { a, w, c } = out;
    const y = batch.label!;
    const rowWeight = batch.weight;
    const counts = this.countsOf(batch, tree);
    for (let i = 0; i < batch.rows; i++) {
      const count = counts ? counts[i]! : 1;
      a[i] = y[i]!;
      c[i] = count;
      w[i] = count * (rowWeight ? rowWeight[i]! : 1) * (this.classWeights ? this.classWeights[y[i]!]! : 1);
    }
  }

  /** Sample multiplicities of a batch's rows in a tree, or null when every row counts once. */
  private countsOf(batch: TrainingBatch, tree: number): Uint8Array | null {
    if (!this.bootstrap && this.subsample >= 1) return null;
    let perTree = this.counts.get(batch);
    if (!perTree) this.counts.set(batch, (perTree = []));
    let counts = perTree[tree];
    if (counts) return counts;
    const stream = BAG_STREAM + tree * 7;
    counts = new Uint8Array(batch.rows);
    for (let i = 0; i < batch.rows; i++) {
      const row = rowNumber(batch, i);
      counts[i] = this.bootstrap
        ? rowPoisson(this.seed, stream, row, this.subsample)
        : rowUniform(this.seed, stream, row) < this.subsample
          ? 1
          : 0;
    }
    perTree[tree] = counts;
    return counts;
  }
}
