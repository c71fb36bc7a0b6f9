// One pass of a generalized linear model's objective: weighted loss and gradient at given coefficients,
// for squared (linear_reg), logistic (binary) and softmax (multiclass) losses, over dense and sparse features.

import { effectiveWeights } from '../core/class-weights.js';
import type { TrainingBatch } from '../core/feature-batch.js';
import type { PassState, TrainingPass } from '../core/training-pass.js';
import { accumulateMargins, ROW_CHUNK } from './linear-margins.js';

export type LinearLoss = 'squared' | 'logistic' | 'softmax';

/** Coefficients in the raw feature space: `outputs` rows of `dim` coefficients, one intercept each. */
export interface LinearParams {
  readonly loss: LinearLoss;
  readonly dim: number;
  /** 1 for squared and logistic losses, K for softmax. */
  readonly outputs: number;
  /** outputs × dim, row-major. */
  readonly coefficients: Float64Array;
  readonly intercepts: Float64Array;
  readonly classWeights: Float64Array | null;
}

export class LinearLossState implements PassState {
  lossSum = 0;
  weightSum = 0;
  /** d(Σ w·loss)/dβ, outputs × dim, row-major. */
  readonly gradient: Float64Array;
  /** d(Σ w·loss)/db per output. */
  readonly interceptGradient: Float64Array;
  /** Margins of one chunk (output o at o·ROW_CHUNK), overwritten by d loss / d margin. */
  private readonly residual: Float64Array;
  private readonly scratch = { buffer: new Float64Array(0) };

  constructor(private readonly params: LinearParams) {
    this.gradient = new Float64Array(params.outputs * params.dim);
    this.interceptGradient = new Float64Array(params.outputs);
    this.residual = new Float64Array(params.outputs * ROW_CHUNK);
  }

  update(batch: TrainingBatch): void {
    const { params } = this;
    const w = effectiveWeights(batch, params.classWeights, this.scratch);
    for (let start = 0; start < batch.rows; start += ROW_CHUNK) {
      const end = Math.min(batch.rows, start + ROW_CHUNK);
      const r = this.residual;
      accumulateMargins(
        batch,
        params.coefficients,
        params.intercepts,
        params.dim,
        params.outputs,
        r,
        start,
        end,
        ROW_CHUNK,
      );
      if (params.loss === 'squared') this.squared(batch.label!, w, start, end);
      else if (params.loss === 'logistic') this.logistic(batch.label!, w, start, end);
      else this.softmax(batch.label!, w, start, end);
      this.accumulateGradient(batch, start, end);
    }
  }

  private squared(y: Float64Array, w: Float64Array | null, start: number, end: number): void {
    const m = this.residual;
    let loss = 0;
    let wsum = 0;
    for (let i = start; i < end; i++) {
      const wi = w ? w[i]! : 1;
      const r = m[i - start]! - y[i]!;
      loss += 0.5 * wi * r * r;
      m[i - start] = wi * r;
      wsum += wi;
    }
    this.lossSum += loss;
    this.weightSum += wsum;
  }

  private logistic(y: Float64Array, w: Float64Array | null, start: number, end: number): void {
    const m = this.residual;
    let loss = 0;
    let wsum = 0;
    for (let i = start; i < end; i++) {
      const wi = w ? w[i]! : 1;
      const z = m[i - start]!;
      // log(1 + e^z) − y·z and σ(z) − y, without overflow for large |z|.
      const e = Math.exp(-Math.abs(z));
      const softplus = Math.max(z, 0) + Math.log1p(e);
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      loss += wi * (softplus - y[i]! * z);
      m[i - start] = wi * (p - y[i]!);
      wsum += wi;
    }
    this.lossSum += loss;
    this.weightSum += wsum;
  }

  private softmax(y: Float64Array, w: Float64Array | null, start: number, end: number): void {
    const m = this.residual;
    const k = this.params.outputs;
    let loss = 0;
    let wsum = 0;
    for (let i = start; i < end; i++) {
      const c = i - start;
      const wi = w ? w[i]! : 1;
      let max = -Infinity;
      for (let o = 0; o < k; o++) max = Math.max(max, m[o * ROW_CHUNK + c]!);
      let sum = 0;
      for (let o = 0; o < k; o++) sum += Math.exp(m[o * ROW_CHUNK + c]! - max);
      const logSum = max + Math.log(sum);
      const yi = y[i]!;
      loss += wi * (logSum - m[yi * ROW_CHUNK + c]!);
      for (let o = 0; o < k; o++) {
        const p = Math.exp(m[o * ROW_CHUNK + c]! - logSum);
        m[o * ROW_CHUNK + c] = wi * (p - (o === yi ? 1 : 0));
      }
      wsum += wi;
    }
    this.lossSum += loss;
    this.weightSum += wsum;
  }

  private accumulateGradient(batch: TrainingBatch, start: number, end: number): void {
    const { dim, outputs } = this.params;
    const g = this.gradient;
    const r = this.residual;
    for (let o = 0; o < outputs; o++) {
      const base = o * ROW_CHUNK - start;
      let s = 0;
      for (let i = start; i < end; i++) s += r[base + i]!;
      this.interceptGradient[o]! += s;
      addDenseDots(batch.dense, r, base, start, end, g, o * dim);
      let offset = batch.dense.length;
      for (const block of batch.sparse) {
        const { offsets, indices, values } = block;
        const gBase = o * dim + offset;
        for (let i = start; i < end; i++) {
          const ri = r[base + i]!;
          if (ri === 0) continue;
          for (let p = offsets[i]!; p < offsets[i + 1]!; p++) g[gBase + indices[p]!]! += ri * values[p]!;
        }
        offset += block.dim;
      }
    }
  }

  merge(other: LinearLossState): void {
    this.lossSum += other.lossSum;
    this.weightSum += other.weightSum;
    for (let j = 0; j < this.gradient.length; j++) this.gradient[j]! += other.gradient[j]!;
    for (let o = 0; o < this.interceptGradient.length; o++)
      this.interceptGradient[o]! += other.interceptGradient[o]!;
  }
}

/** g[to + j] += Σ_i r[base + i]·x_j[i] over rows [start, end), four feature columns per sweep of r. */
function addDenseDots(
  dense: readonly Float64Array[],
  r: Float64Array,
  base: number,
  start: number,
  end: number,
  g: Float64Array,
  to: number,
): void {
  let j = 0;
  for (; j + 4 <= dense.length; j += 4) {
    const x0 = dense[j]!;
    const x1 = dense[j + 1]!;
    const x2 = dense[j + 2]!;
    const x3 = dense[j + 3]!;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let i = start; i < end; i++) {
      const ri = r[base + i]!;
      d0 += ri * x0[i]!;
      d1 += ri * x1[i]!;
      d2 += ri * x2[i]!;
      d3 += ri * x3[i]!;
    }
    g[to + j]! += d0;
    g[to + j + 1]! += d1;
    g[to + j + 2]! += d2;
    g[to + j + 3]! += d3;
  }
  for (; j < dense.length; j++) {
    const x = dense[j]!;
    let dot = 0;
    for (let i = start; i < end; i++) dot += r[base + i]! * x[i]!;
    g[to + j]! += dot;
  }
}

export function linearLossPass(params: LinearParams): TrainingPass<LinearLossState> {
  return {
    name: 'gradient',
    create: () => new LinearLossState(params),
    remote: { kind: 'linear-loss', args: params },
  };
}
