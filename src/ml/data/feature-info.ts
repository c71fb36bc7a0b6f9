// ML.FEATURE_INFO and the training statistics kept for ML.VALIDATE_DATA_SKEW: per input column, a
// mergeable state giving min, max, mean, median, standard deviation, category and NULL counts.

import type { MlColumn } from '../transform/ml-column.js';
import { quantileOfUnsorted, ValueCollector } from '../transform/quantile-bucketize.js';
import { NumericMoments } from '../transform/standard-scaler.js';
import { CategoryCounter } from '../transform/string-index.js';

/** One row of ML.FEATURE_INFO. */
export interface FeatureInfoRow {
  readonly input: string;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  readonly median: number | null;
  readonly stddev: number | null;
  readonly categoryCount: number | null;
  readonly nullCount: number;
  readonly dimension: number;
}

export class FeatureInfoState {
  private readonly moments = new NumericMoments('ML.FEATURE_INFO');
  private readonly values = new ValueCollector('ML.FEATURE_INFO');
  private readonly categories = new CategoryCounter('ML.FEATURE_INFO');
  private nulls = 0;
  private kind: MlColumn['kind'] | null = null;
  private dimension = 1;

  constructor(readonly input: string) {}

  update(column: MlColumn): void {
    this.kind ??= column.kind;
    if (column.kind === 'number') {
      for (const v of column.values) if (v !== v) this.nulls++;
      this.moments.update(column);
      this.values.update(column);
    } else if (column.kind === 'string') {
      for (const v of column.values) if (v === null) this.nulls++;
      this.categories.update(column);
    } else if (column.kind === 'tokens') {
      for (const v of column.values) if (v === null) this.nulls++;
    } else if (column.kind === 'vector') this.dimension = column.columns.length;
    else this.dimension = column.block.dim;
  }

  merge(other: FeatureInfoState): void {
    this.kind ??= other.kind;
    this.nulls += other.nulls;
    this.dimension = Math.max(this.dimension, other.dimension);
    this.moments.merge(other.moments);
    this.values.merge(other.values);
    this.categories.merge(other.categories);
  }

  finish(): FeatureInfoRow {
    const numeric = this.kind === 'number' && this.moments.count > 0;
    return {
      input: this.input,
      min: numeric ? this.moments.min : null,
      max: numeric ? this.moments.max : null,
      mean: numeric ? this.moments.mean : null,
      median: numeric ? quantileOfUnsorted(this.values.all(), 0.5) : null,
      stddev: numeric ? this.moments.sampleStd : null,
      categoryCount: this.kind === 'string' ? this.categories.counts.size : null,
      nullCount: this.nulls,
      dimension: this.dimension,
    };
  }
}
