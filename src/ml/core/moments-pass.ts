// Weighted means, co-moments, minima and maxima of a set of columns in one pass, merged across partitions
// with Chan's parallel formula (stable for large means): the sufficient statistics of linear regression,
// PCA, standardization and Gaussian naive Bayes.

import type { TrainingBatch } from './feature-batch.js';
import type { PassState, TrainingPass } from './training-pass.js';

/** Which columns of a batch the moments are over (e.g. the dense features, then the label). */
export type ColumnSelector = (batch: TrainingBatch) => readonly Float64Array[];

export class MomentsState implements PassState {
  /** Sum of row weights. */
  weightSum = 0;
  /** Number of rows. */
  count = 0;
  readonly mean: Float64Array;
  /** Σ w (x_j − mean_j)(x_k − mean_k): d×d row-major when `full`, else the d diagonal entries. */
  readonly comoment: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;

  constructor(
    private readonly select: ColumnSelector,
    readonly dimension: number,
    readonly full: boolean,
  ) {
    this.mean = new Float64Array(dimension);
    this.comoment = new Float64Array(full ? dimension * dimension : dimension);
    this.min = new Float64Array(dimension).fill(Infinity);
    this.max = new Float64Array(dimension).fill(-Infinity);
  }

  update(batch: TrainingBatch): void {
    const columns = this.select(batch);
    const n = batch.rows;
    const w = batch.weight;
    const d = this.dimension;
    let wsum = 0;
    if (w) for (let i = 0; i < n; i++) wsum += w[i]!;
    else wsum = n;
    if (wsum <= 0) {
      this.count += n;
      return;
    }
    const part = new MomentsState(this.select, d, this.full);
    part.weightSum = wsum;
    part.count = n;
    const centered: Float64Array[] = [];
    for (let j = 0; j < d; j++) {
      const x = columns[j]!;
      let s = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        s += w ? w[i]! * v : v;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const m = s / wsum;
      part.mean[j] = m;
      part.min[j] = lo;
      part.max[j] = hi;
      if (!this.full) {
        part.comoment[j] = centeredSquares(x, w, m, n);
        continue;
      }
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++) c[i] = x[i]! - m;
      centered.push(c);
    }
    if (this.full)
      for (let j = 0; j < d; j++) {
        const cj = centered[j]!;
        for (let k = j; k < d; k++) {
          const ck = centered[k]!;
          let s = 0;
          if (w) for (let i = 0; i < n; i++) s += w[i]! * cj[i]! * ck[i]!;
          else for (let i = 0; i < n; i++) s += cj[i]! * ck[i]!;
          part.comoment[j * d + k] = s;
          part.comoment[k * d + j] = s;
        }
      }
    this.merge(part);
  }

  merge(other: MomentsState): void {
    const d = this.dimension;
    if (other.weightSum === 0) {
      this.count += other.count;
      return;
    }
    const wa = this.weightSum;
    const wb = other.weightSum;
    const w = wa + wb;
    const delta = new Float64Array(d);
    for (let j = 0; j < d; j++) delta[j] = other.mean[j]! - this.mean[j]!;
    const f = (wa * wb) / w;
    if (this.full) {
      for (let j = 0; j < d; j++)
        for (let k = 0; k < d; k++)
          this.comoment[j * d + k]! += other.comoment[j * d + k]! + f * delta[j]! * delta[k]!;
    } else {
      for (let j = 0; j < d; j++) this.comoment[j]! += other.comoment[j]! + f * delta[j]! * delta[j]!;
    }
    for (let j = 0; j < d; j++) {
      this.mean[j]! += (delta[j]! * wb) / w;
      if (other.min[j]! < this.min[j]!) this.min[j] = other.min[j]!;
      if (other.max[j]! > this.max[j]!) this.max[j] = other.max[j]!;
    }
    this.weightSum = w;
    this.count += other.count;
  }

  /** Weighted population variance of column j. */
  variance(j: number): number {
    const c = this.full ? this.comoment[j * this.dimension + j]! : this.comoment[j]!;
    return this.weightSum > 0 ? Math.max(0, c / this.weightSum) : 0;
  }

  /** Weighted sample standard deviation of column j (Spark's unbiased estimate for unit weights). */
  sampleStd(j: number): number {
    const c = this.full ? this.comoment[j * this.dimension + j]! : this.comoment[j]!;
    const denom = this.weightSum - this.weightSum / Math.max(this.count, 1);
    return denom > 0 ? Math.sqrt(Math.max(0, c / denom)) : 0;
  }

  /** Weighted population covariance matrix (d×d row-major); needs `full`. */
  covariance(): Float64Array {
    const out = new Float64Array(this.comoment.length);
    for (let i = 0; i < out.length; i++) out[i] = this.weightSum > 0 ? this.comoment[i]! / this.weightSum : 0;
    return out;
  }
}

/** Σ w·(x − m)² over the first n rows (w = 1 when null). */
function centeredSquares(x: Float64Array, w: Float64Array | null, m: number, n: number): number {
  let s = 0;
  if (w)
    for (let i = 0; i < n; i++) {
      const c = x[i]! - m;
      s += w[i]! * c * c;
    }
  else
    for (let i = 0; i < n; i++) {
      const c = x[i]! - m;
      s += c * c;
    }
  return s;
}

/** A pass computing moments of the selected columns. */
export function momentsPass(
  select: ColumnSelector,
  dimension: number,
  full: boolean,
): TrainingPass<MomentsState> {
  return { name: 'moments', create: () => new MomentsState(select, dimension, full) };
}
