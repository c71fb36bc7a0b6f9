// ML.STANDARD_SCALER: (x − mean) / sample standard deviation of the training values; a constant column
// scales to 0. NULL/NaN follow handle_invalid ('keep' leaves NaN for a later ML.IMPUTE).

import { mlError } from '../core/ml-error.js';
import {
  expectKind,
  type FittedTransform,
  type InvalidPolicy,
  type MlColumn,
  onInvalid,
  type TransformFitter,
} from './ml-column.js';

/** Count, mean and Σ(x − mean)² of non-NaN values, merged with Chan's formula. */
export class NumericMoments implements TransformFitter {
  count = 0;
  mean = 0;
  m2 = 0;
  min = Infinity;
  max = -Infinity;

  constructor(private readonly fn: string) {}

  update(input: MlColumn): void {
    const x = expectKind(input, 'number', this.fn, 'input').values;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) throw mlError(`${this.fn}: infinite value in training data`);
      this.count++;
      const delta = v - this.mean;
      this.mean += delta / this.count;
      this.m2 += delta * (v - this.mean);
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
    }
  }

  merge(other: NumericMoments): void {
    if (other.count === 0) return;
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    this.mean += (delta * other.count) / n;
    this.count = n;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  get sampleStd(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : 0;
  }

  finish(): StandardScaler {
    if (this.count === 0) throw mlError(`${this.fn}: the training data has no non-NULL values`);
    return new StandardScaler(this.mean, this.sampleStd);
  }
}

export class StandardScaler implements FittedTransform {
  readonly kind = 'standard_scaler';

  constructor(
    readonly mean: number,
    readonly std: number,
  ) {}

  apply(input: MlColumn, policy: InvalidPolicy): MlColumn {
    const x = expectKind(input, 'number', 'ML.STANDARD_SCALER', policy.column).values;
    const out = new Float64Array(x.length);
    const inv = this.std > 0 ? 1 / this.std : 0;
    for (let i = 0; i < x.length; i++) {
      if (Number.isNaN(x[i]!)) {
        onInvalid(policy, i, 'NULL or NaN value');
        out[i] = NaN;
      } else out[i] = (x[i]! - this.mean) * inv;
    }
    return { kind: 'number', values: out };
  }

  toJSON(): { kind: string; mean: number; std: number } {
    return { kind: this.kind, mean: this.mean, std: this.std };
  }
}
