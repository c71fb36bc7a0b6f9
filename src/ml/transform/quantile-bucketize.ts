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
    const kept = new Float64Array(x.length);
    let n = 0;
    for (let i = 0; i < x.length; i++) if (x[i] === x[i]) kept[n++] = x[i]!;
    this.chunks.push(n === x.length ? kept : kept.slice(0, n));
  }

  merge(other: ValueCollector): void {
    this.chunks.push(...other.chunks);
  }

  /** The collected values in collection order (a new array). */
  all(): Float64Array {
    const all = new Float64Array(this.chunks.reduce((s, c) => s + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    if (all.length === 0) throw mlError(`${this.fn}: the training data has no non-NULL values`);
    return all;
  }

  sorted(): Float64Array {
    return this.all().sort();
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

/**
 * quantile(sorted values, q) without sorting: two selections in O(n) (Hoare's quickselect, median of
 * three pivots). Reorders `values`.
 */
export function quantileOfUnsorted(values: Float64Array, q: number): number {
  const pos = q * (values.length - 1);
  const lo = Math.floor(pos);
  const low = selectKth(values, lo);
  if (lo + 1 >= values.length || pos === lo) return low;
  // After selection everything right of lo is ≥ values[lo]: the next order statistic is their minimum.
  let next = Infinity;
  for (let i = lo + 1; i < values.length; i++) if (values[i]! < next) next = values[i]!;
  return low + (next - low) * (pos - lo);
}

/** Puts the k-th smallest value at index k (smaller ones left of it, larger right) and returns it. */
function selectKth(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    const pivot = medianOf3(a[left]!, a[mid]!, a[right]!);
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k]!;
}

function medianOf3(x: number, y: number, z: number): number {
  return x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
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
