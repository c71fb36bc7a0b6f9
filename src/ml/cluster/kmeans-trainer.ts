// Fits kmeans: optional standardization, k-means++ seeding (one pass per center, sampling by D² with
// row-number-keyed exponential keys so it is mergeable and seed-deterministic) or a random row sample,
// then Lloyd iterations, each one pass of per-cluster sums.

import { denseView, type DenseView } from '../core/dense-view.js';
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
import { rowSamplePass } from '../tree/bin-edges.js';
import { nearestCentroids, prepareRows } from './centroid-distance.js';
import { KmeansModel } from './kmeans-model.js';

const SEEDING_STREAM = 0x4b2b;

export function* fitKmeans(options: ModelOptions, schema: TrainingSchema): Fitting<KmeansModel> {
  const d = schemaDimension(schema);
  if (d === 0) throw mlError('kmeans needs at least one feature');
  const stats = yield* runPass(trainingStatsPass({ ...schema, label: null, classes: [] }));
  stats.validate();
  const k = options.numClusters ?? Math.max(2, Math.round(Math.log10(stats.rows)));
  if (k > stats.rows) throw mlError(`num_clusters is ${k} but the training data has only ${stats.rows} rows`);
  const mean = options.standardizeFeatures ? stats.featureMean() : new Float64Array(d);
  const std = stats.featureStd();
  const scale = Float64Array.from(std, (s) => (options.standardizeFeatures && s > 0 ? s : 1));
  const cosine = options.distanceType === 'cosine';
  const view = preparedView(denseView(schema, 'kmeans'), mean, scale, cosine);
  const centroids = new Float64Array(k * d);
  if (options.kmeansInitMethod === 'random') {
    const sample = yield* runPass(rowSamplePass(options.seed, k, view));
    sample.sampledRows().forEach((row, c) => centroids.set(row, c * d));
  } else {
    for (let c = 0; c < k; c++) {
      const pick = yield* runPass(seedingPass(view, centroids, c, d, options.seed));
      if (!pick.row) throw mlError(`kmeans could not find ${k} distinct starting points; lower num_clusters`);
      centroids.set(pick.row, c * d);
    }
  }
  const info: IterationInfo[] = [];
  let started = performance.now();
  let previous = Infinity;
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    const sums = yield* duringIteration(
      runPass(lloydPass(view, centroids, k, d)),
      info.length,
      info.at(-1)?.loss,
    );
    const loss = sums.inertia / sums.weightSum;
    for (let c = 0; c < k; c++) {
      const w = sums.weight[c]!;
      if (w === 0) continue; // an empty cluster keeps its centroid
      for (let j = 0; j < d; j++) centroids[c * d + j] = sums.sum[c * d + j]! / w;
      if (cosine) normalize(centroids, c * d, d);
    }
    const now = performance.now();
    info.push({ iteration, loss, durationMs: now - started });
    started = now;
    if (options.earlyStop && converged(previous, loss, options.minRelProgress)) break;
    previous = loss;
  }
  return new KmeansModel({
    schema,
    distanceType: options.distanceType,
    mean,
    scale,
    centroids,
    k,
    trainingInfo: info,
  });
}

/** Rows as the model sees them: standardized, and unit length for cosine distance; cached per batch. */
function preparedView(view: DenseView, mean: Float64Array, scale: Float64Array, cosine: boolean): DenseView {
  const cache = new WeakMap<object, readonly Float64Array[]>();
  return (b) => {
    const hit = cache.get(b);
    if (hit) return hit;
    const out = prepareRows(view(b), b.rows, mean, scale, cosine);
    cache.set(b, out);
    return out;
  };
}

function normalize(v: Float64Array, at: number, d: number): void {
  let s = 0;
  for (let j = 0; j < d; j++) s += v[at + j]! * v[at + j]!;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = 0; j < d; j++) v[at + j]! /= norm;
}

/** k-means++ step c: the row maximizing u^(1/D²) (weighted reservoir sampling by squared distance). */
class SeedingState implements PassState {
  key = -Infinity;
  row: Float64Array | null = null;

  constructor(
    private readonly view: DenseView,
    private readonly centroids: Float64Array,
    private readonly chosen: number,
    private readonly d: number,
    private readonly seed: number,
  ) {}

  update(batch: TrainingBatch): void {
    const x = this.view(batch);
    const n = batch.rows;
    const dist =
      this.chosen === 0
        ? null
        : nearestCentroids(x, n, this.centroids.subarray(0, this.chosen * this.d), this.chosen, this.d)
            .distance;
    for (let i = 0; i < n; i++) {
      const weight = (dist ? dist[i]! : 1) * (batch.weight ? batch.weight[i]! : 1);
      if (!(weight > 0)) continue;
      const u = rowUniform(this.seed, SEEDING_STREAM + this.chosen, rowNumber(batch, i));
      const key = Math.log(u || Number.MIN_VALUE) / weight;
      if (key > this.key) {
        this.key = key;
        this.row = Float64Array.from(x, (c) => c[i]!);
      }
    }
  }

  merge(other: SeedingState): void {
    if (other.key > this.key) {
      this.key = other.key;
      this.row = other.row;
    }
  }
}

function seedingPass(
  view: DenseView,
  centroids: Float64Array,
  chosen: number,
  d: number,
  seed: number,
): TrainingPass<SeedingState> {
  return {
    name: `kmeans++ center ${chosen + 1}`,
    create: () => new SeedingState(view, centroids, chosen, d, seed),
  };
}

/** Per-cluster weighted sums of the rows assigned to each centroid, and the total squared distance. */
class LloydState implements PassState {
  readonly sum: Float64Array;
  readonly weight: Float64Array;
  inertia = 0;
  weightSum = 0;

  constructor(
    private readonly view: DenseView,
    private readonly centroids: Float64Array,
    private readonly k: number,
    private readonly d: number,
  ) {
    this.sum = new Float64Array(k * d);
    this.weight = new Float64Array(k);
  }

  update(batch: TrainingBatch): void {
    const x = this.view(batch);
    const n = batch.rows;
    const { centroid, distance } = nearestCentroids(x, n, this.centroids, this.k, this.d);
    const w = batch.weight;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i]! : 1;
      this.weight[centroid[i]!]! += wi;
      this.inertia += wi * distance[i]!;
      this.weightSum += wi;
    }
    for (let j = 0; j < this.d; j++) {
      const col = x[j]!;
      for (let i = 0; i < n; i++) this.sum[centroid[i]! * this.d + j]! += (w ? w[i]! : 1) * col[i]!;
    }
  }

  merge(other: LloydState): void {
    for (let t = 0; t < this.sum.length; t++) this.sum[t]! += other.sum[t]!;
    for (let c = 0; c < this.k; c++) this.weight[c]! += other.weight[c]!;
    this.inertia += other.inertia;
    this.weightSum += other.weightSum;
  }
}

function lloydPass(view: DenseView, centroids: Float64Array, k: number, d: number): TrainingPass<LloydState> {
  const frozen = Float64Array.from(centroids);
  return { name: 'kmeans iteration', create: () => new LloydState(view, frozen, k, d) };
}
