// The first pass of supervised training: feature means and deviations (dense and sparse), label moments or
// class counts, and validation of every value, so bad rows fail before any fitting starts.

import type { TrainingBatch } from './feature-batch.js';
import { MomentsState } from './moments-pass.js';
import { mlError } from './ml-error.js';
import type { PassState, TrainingPass } from './training-pass.js';
import type { TrainingSchema } from './training-schema.js';

export class TrainingStatsState implements PassState {
  /** Moments of the dense features (diagonal only). */
  readonly dense: MomentsState;
  /** Moments of the label (regression). */
  readonly label: MomentsState;
  /** Rows per class (classifiers), unweighted. */
  readonly classCounts: Float64Array;
  /** Weighted Σx and Σx² per sparse dimension, block after block. */
  readonly sparseSum: Float64Array;
  readonly sparseSumSq: Float64Array;

  constructor(private readonly schema: TrainingSchema) {
    this.dense = new MomentsState((b) => b.dense, schema.dense.length, false);
    this.label = new MomentsState((b) => [b.label!], schema.label === null ? 0 : 1, false);
    this.classCounts = new Float64Array(schema.classes.length);
    const sparseDim = schema.sparse.reduce((s, b) => s + b.dim, 0);
    this.sparseSum = new Float64Array(sparseDim);
    this.sparseSumSq = new Float64Array(sparseDim);
  }

  update(batch: TrainingBatch): void {
    const { schema } = this;
    if (schema.label !== null) {
      if (!batch.label) throw mlError(`label column "${schema.label}" is missing`);
      const k = schema.classes.length;
      if (k > 0) countClasses(batch.label, batch.rows, k, this.classCounts, schema.label);
      else this.label.update(batch);
    }
    this.dense.update(batch);
    const w = batch.weight;
    if (w) checkWeights(w, batch.rows);
    let offset = 0;
    for (const block of batch.sparse) {
      for (let i = 0; i < batch.rows; i++) {
        const wi = w ? w[i]! : 1;
        for (let p = block.offsets[i]!; p < block.offsets[i + 1]!; p++) {
          const v = block.values[p]!;
          this.sparseSum[offset + block.indices[p]!]! += wi * v;
          this.sparseSumSq[offset + block.indices[p]!]! += wi * v * v;
        }
      }
      offset += block.dim;
    }
  }

  merge(other: TrainingStatsState): void {
    this.dense.merge(other.dense);
    this.label.merge(other.label);
    for (let k = 0; k < this.classCounts.length; k++) this.classCounts[k]! += other.classCounts[k]!;
    for (let j = 0; j < this.sparseSum.length; j++) {
      this.sparseSum[j]! += other.sparseSum[j]!;
      this.sparseSumSq[j]! += other.sparseSumSq[j]!;
    }
  }

  /** Number of training rows. */
  get rows(): number {
    return this.dense.count;
  }

  /** Throws for empty input and for NULL/NaN/infinite features or labels, naming the column. */
  validate(minRows = 1): void {
    const { schema } = this;
    if (this.rows < minRows)
      throw mlError(
        `training needs at least ${minRows} row${minRows === 1 ? '' : 's'}, the query returned ${this.rows}`,
      );
    for (let j = 0; j < schema.dense.length; j++)
      if (!Number.isFinite(this.dense.mean[j]!) || !Number.isFinite(this.dense.comoment[j]!))
        throw mlError(
          `feature column "${schema.dense[j]}" contains NULL, NaN or infinite values`,
          "impute them (ML.IMPUTE), filter them, or set handle_invalid = 'skip'",
        );
    if (schema.label !== null && schema.classes.length === 0 && !Number.isFinite(this.label.mean[0]!))
      throw mlError(`label column "${schema.label}" contains NULL, NaN or infinite values`);
    let offset = 0;
    for (const block of schema.sparse) {
      for (let j = offset; j < offset + block.dim; j++)
        if (!Number.isFinite(this.sparseSumSq[j]!))
          throw mlError(`feature "${block.name}" contains NaN or infinite values`);
      offset += block.dim;
    }
  }

  /**
   * Sample standard deviation of every feature (dense, then sparse dimensions), as Spark standardizes;
   * 0 for constant features.
   */
  featureStd(): Float64Array {
    const d = this.schema.dense.length;
    const std = new Float64Array(d + this.sparseSum.length);
    for (let j = 0; j < d; j++) std[j] = this.dense.sampleStd(j);
    const w = this.dense.weightSum;
    const denom = w - w / Math.max(this.rows, 1);
    for (let j = 0; j < this.sparseSum.length; j++) {
      const mean = this.sparseSum[j]! / w;
      const variance = denom > 0 ? (this.sparseSumSq[j]! - w * mean * mean) / denom : 0;
      std[d + j] = variance > 0 ? Math.sqrt(variance) : 0;
    }
    return std;
  }

  /** Mean of every feature (dense, then sparse dimensions). */
  featureMean(): Float64Array {
    const d = this.schema.dense.length;
    const mean = new Float64Array(d + this.sparseSum.length);
    mean.set(this.dense.mean);
    for (let j = 0; j < this.sparseSum.length; j++) mean[d + j] = this.sparseSum[j]! / this.dense.weightSum;
    return mean;
  }
}

function countClasses(label: Float64Array, n: number, k: number, counts: Float64Array, name: string): void {
  for (let i = 0; i < n; i++) {
    const y = label[i]!;
    if (!(y >= 0 && y < k && Number.isInteger(y)))
      throw mlError(
        Number.isNaN(y)
          ? `label column "${name}" contains NULL`
          : `label column "${name}": class index ${y} is outside [0, ${k})`,
      );
    counts[y]!++;
  }
}

function checkWeights(w: Float64Array, n: number): void {
  for (let i = 0; i < n; i++)
    if (!(w[i]! >= 0 && w[i]! < Infinity))
      throw mlError(`row weights must be finite and non-negative, got ${w[i]}`);
}

export function trainingStatsPass(schema: TrainingSchema): TrainingPass<TrainingStatsState> {
  return {
    name: 'statistics',
    create: () => new TrainingStatsState(schema),
    remote: { kind: 'training-stats', args: schema },
  };
}
