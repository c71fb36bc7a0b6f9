// ML.QUANTILE_BUCKETIZE: k buckets with split points at the training values' k-quantiles (exact,
// duplicates merged, so constant stretches make fewer buckets); values bucket as ML.BUCKETIZE does.

import { mlError } from '../core/ml-error.js';
import { bucketize } from './numeric-transforms.js';
import {
  expectKind,
  type FittedTransform,
  type InvalidPolicy,
  type MlColumn,
  type TransformFitter,
} from './ml-column.js';

/** Non-NaN training values, collected (exact quantiles; 8 bytes per training row). */
export class ValueCollector implements TransformFitter {
  chunks: Float64Array[] = [];

  constructor(protected readonly fn: string) {}

  update(input: MlColumn): void {
    const x = expectKind(input, 'number', this.fn, 'input').values;
    this.chunks.push(x.filter((v) => !Number.isNaN(v)));
  }

  merge(other: ValueCollector): void {
    this.chunks.push(...other.chunks);
  }

  sorted(): Float64Array {
    const all = new Float64Array(this.chunks.reduce((s, c) => s + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    if (all.length === 0) throw mlError(`${this.fn}: the training data has no non-NULL values`);
    return all.sort();
  }

  finish(): FittedTransform {
    throw mlError(`${this.fn} needs a bucket count`);
  }
}

export class QuantileBucketizeFitter extends ValueCollector {
  constructor(private readonly buckets: number) {
    super('ML.QUANTILE_BUCKETIZE');
    if (!Number.isInteger(buckets) || buckets < 2)
      throw mlError(`ML.QUANTILE_BUCKETIZE: bucket count must be an integer ≥ 2, got ${buckets}`);
  }

  override finish(): QuantileBucketize {
    const sorted = this.sorted();
    const splits: number[] = [];
    for (let q = 1; q < this.buckets; q++) {
      const v = quantile(sorted, q / this.buckets);
      if (splits.length === 0 || v > splits[splits.length - 1]!) splits.push(v);
    }
    return new QuantileBucketize(splits);
  }
}

/** Linear-interpolated quantile of sorted values (PostgreSQL's percentile_cont). */
export function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export class QuantileBucketize implements FittedTransform {
  readonly kind = 'quantile_bucketize';

  constructor(readonly splits: readonly number[]) {}

  apply(input: MlColumn, policy: InvalidPolicy): MlColumn {
    return bucketize(
      expectKind(input, 'number', 'ML.QUANTILE_BUCKETIZE', policy.column).values,
      this.splits,
      policy,
    );
  }

  toJSON(): { kind: string; splits: readonly number[] } {
    return { kind: this.kind, splits: this.splits };
  }
}
