// Histogram bins for tree training: a bottom-k row sample (priorities are hashes of the row number, so the
// sample is the same however rows are partitioned) gives each feature up to max_bins − 1 split thresholds.

import type { TrainingBatch } from '../core/feature-batch.js';
import { rowNumber } from '../core/feature-batch.js';
import { rowHash } from '../core/seeded-random.js';
import type { PassState, TrainingPass } from '../core/training-pass.js';

/** Rows sampled to place thresholds (Spark samples max(maxBins², 10000)). */
export function sampleSize(maxBins: number): number {
  return Math.max(maxBins * maxBins, 10_000);
}

const SAMPLE_STREAM = 0x5eed;

export class BinSampleState implements PassState {
  private priorities: number[] = [];
  private rows: Float64Array[] = [];
  /** Priority of the last kept row once the sample is full: rows above it cannot enter. */
  private cut = Infinity;

  constructor(
    private readonly seed: number,
    private readonly capacity: number,
    private readonly dense: (b: TrainingBatch) => readonly Float64Array[],
  ) {}

  update(batch: TrainingBatch): void {
    const columns = this.dense(batch);
    for (let i = 0; i < batch.rows; i++) {
      const priority = rowHash(this.seed, SAMPLE_STREAM, rowNumber(batch, i));
      if (priority >= this.cut) continue;
      this.priorities.push(priority);
      this.rows.push(Float64Array.from(columns, (c) => c[i]!));
      if (this.priorities.length >= 2 * this.capacity) this.compact();
    }
  }

  merge(other: BinSampleState): void {
    for (let k = 0; k < other.priorities.length; k++) {
      this.priorities.push(other.priorities[k]!);
      this.rows.push(other.rows[k]!);
    }
    this.compact();
  }

  /** Keeps the `capacity` rows of lowest priority. */
  private compact(): void {
    if (this.priorities.length <= this.capacity) return;
    const order = this.priorities
      .map((_, k) => k)
      .sort((a, b) => this.priorities[a]! - this.priorities[b]! || a - b);
    const keep = order.slice(0, this.capacity);
    this.priorities = keep.map((k) => this.priorities[k]!);
    this.rows = keep.map((k) => this.rows[k]!);
    this.cut = this.priorities[this.capacity - 1]!;
  }

  /** The sampled rows (each a Float64Array of feature values), lowest priority first. */
  sampledRows(): readonly Float64Array[] {
    this.compact();
    const order = this.priorities
      .map((_, k) => k)
      .sort((a, b) => this.priorities[a]! - this.priorities[b]! || a - b);
    return order.map((k) => this.rows[k]!);
  }

  /** Split thresholds per feature: x ≤ thresholds[f][b] falls in bin ≤ b. */
  thresholds(features: number, maxBins: number): Float64Array[] {
    this.compact();
    const out: Float64Array[] = [];
    for (let f = 0; f < features; f++) {
      const values = Float64Array.from(this.rows, (r) => r[f]!).sort();
      out.push(chooseThresholds(values, maxBins));
    }
    return out;
  }
}

/**
 * Midpoints between adjacent distinct sample values: all of them when there are at most maxBins distinct
 * values (exact splits), else those nearest the maxBins-quantiles.
 */
export function chooseThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) counts[counts.length - 1]!++;
    else {
      distinct.push(sorted[i]!);
      counts.push(1);
    }
  }
  if (distinct.length <= maxBins) {
    return Float64Array.from(
      { length: Math.max(0, distinct.length - 1) },
      (_, k) => (distinct[k]! + distinct[k + 1]!) / 2,
    );
  }
  const out: number[] = [];
  const stride = sorted.length / maxBins;
  let cumulative = 0;
  let target = stride;
  for (let k = 0; k < distinct.length - 1 && out.length < maxBins - 1; k++) {
    cumulative += counts[k]!;
    if (cumulative < target) continue;
    out.push((distinct[k]! + distinct[k + 1]!) / 2);
    while (target <= cumulative) target += stride;
  }
  return Float64Array.from(out);
}

export function binSamplePass(
  seed: number,
  maxBins: number,
  dense: (b: TrainingBatch) => readonly Float64Array[],
): TrainingPass<BinSampleState> {
  return rowSamplePass(seed, sampleSize(maxBins), dense);
}

/** A pass keeping a seeded sample of `size` rows (bottom-k by row-number hash). */
export function rowSamplePass(
  seed: number,
  size: number,
  dense: (b: TrainingBatch) => readonly Float64Array[],
): TrainingPass<BinSampleState> {
  return { name: 'row sample', create: () => new BinSampleState(seed, size, dense) };
}

/** Bin of every row of a column: the number of thresholds below the value (binary search). */
export function binColumn(x: Float64Array, thresholds: Float64Array, n: number, out: Uint16Array): void {
  const t = thresholds;
  const m = t.length;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = lo;
  }
}
