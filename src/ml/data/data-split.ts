// data_split_method: which training rows are held out for evaluation. Random splits and folds hash the
// row number with the seed, so they do not depend on partitioning; 'seq' holds out the rows with the
// largest data_split_col values; 'custom' holds out rows whose data_split_col is true.

import { rowNumber, type TrainingBatch } from '../core/feature-batch.js';
import type { ModelOptions } from '../core/model-options.js';
import { mlError } from '../core/ml-error.js';
import { rowUniform, rowHash } from '../core/seeded-random.js';

const SPLIT_STREAM = 0x5b1;
const FOLD_STREAM = 0xf01d;

export interface SplitPlan {
  readonly method: 'random' | 'seq' | 'custom' | 'no_split';
  readonly evalFraction: number;
}

/**
 * The split for a training set of `rows` rows. auto_split follows BigQuery ML: no split under 500 rows,
 * 20% random up to 50,000 rows, 10,000 random rows beyond.
 */
export function planSplit(options: ModelOptions, rows: number): SplitPlan {
  switch (options.dataSplitMethod) {
    case 'auto_split':
      if (rows < 500) return { method: 'no_split', evalFraction: 0 };
      return { method: 'random', evalFraction: rows <= 50_000 ? 0.2 : 10_000 / rows };
    case 'random':
    case 'seq':
      return { method: options.dataSplitMethod, evalFraction: options.dataSplitEvalFraction ?? 0.2 };
    case 'custom':
      return { method: 'custom', evalFraction: 0 };
    case 'no_split':
      return { method: 'no_split', evalFraction: 0 };
  }
}

/**
 * Marks held-out rows of a batch (1 = evaluation). `splitColumn` is data_split_col (booleans as 0/1 for
 * 'custom', values for 'seq'); `seqThreshold` comes from seqSplitThreshold over all training rows.
 */
export function evaluationRows(
  plan: SplitPlan,
  batch: TrainingBatch,
  seed: number,
  splitColumn: Float64Array | null = null,
  seqThreshold = Infinity,
): Uint8Array {
  const out = new Uint8Array(batch.rows);
  switch (plan.method) {
    case 'no_split':
      return out;
    case 'random':
      for (let i = 0; i < batch.rows; i++)
        out[i] = rowUniform(seed, SPLIT_STREAM, rowNumber(batch, i)) < plan.evalFraction ? 1 : 0;
      return out;
    case 'custom':
    case 'seq': {
      if (!splitColumn) throw mlError(`data_split_method '${plan.method}' needs the data_split_col values`);
      for (let i = 0; i < batch.rows; i++) {
        const v = splitColumn[i]!;
        if (Number.isNaN(v)) throw mlError('data_split_col contains NULL');
        out[i] = plan.method === 'custom' ? (v !== 0 ? 1 : 0) : v > seqThreshold ? 1 : 0;
      }
      return out;
    }
  }
}

/** For 'seq': rows with data_split_col above the returned value are the last evalFraction of rows. */
export function seqSplitThreshold(values: Float64Array, evalFraction: number): number {
  const sorted = Float64Array.from(values).sort();
  const train = Math.round(sorted.length * (1 - evalFraction));
  if (train >= sorted.length) return Infinity;
  if (train <= 0) return -Infinity;
  return sorted[train - 1]!;
}

/** Cross-validation fold (0 … k−1) of every row of a batch. */
export function foldOf(batch: TrainingBatch, seed: number, folds: number): Int32Array {
  return Int32Array.from(
    { length: batch.rows },
    (_, i) => rowHash(seed, FOLD_STREAM, rowNumber(batch, i)) % folds,
  );
}
