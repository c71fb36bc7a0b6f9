// Bin indices of every training batch's features, computed on first sight and kept for later passes of the
// same fit (keyed by batch object: a driver that re-creates batches each pass just recomputes them).

import type { TrainingBatch } from '../core/feature-batch.js';
import { binColumn } from './bin-edges.js';

export class BinnedBatches {
  private readonly cache = new WeakMap<TrainingBatch, Uint16Array[]>();

  constructor(
    readonly thresholds: readonly Float64Array[],
    private readonly dense: (b: TrainingBatch) => readonly Float64Array[],
  ) {}

  /** Bins per feature (column-major) of a batch. */
  of(batch: TrainingBatch): Uint16Array[] {
    let bins = this.cache.get(batch);
    if (bins) return bins;
    const columns = this.dense(batch);
    bins = this.thresholds.map((t, f) => {
      const out = new Uint16Array(batch.rows);
      binColumn(columns[f]!, t, batch.rows, out);
      return out;
    });
    this.cache.set(batch, bins);
    return bins;
  }

  /** Largest number of bins of any feature. */
  get maxBins(): number {
    let m = 1;
    for (const t of this.thresholds) m = Math.max(m, t.length + 1);
    return m;
  }
}
