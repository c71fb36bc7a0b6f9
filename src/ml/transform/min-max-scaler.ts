// ML.MIN_MAX_SCALER: (x − min) / (max − min) of the training values, capped to [0, 1] for values outside
// the training range (BigQuery ML); a constant column maps to 0.5 (Spark).

import { mlError } from '../core/ml-error.js';
import { NumericMoments } from './standard-scaler.js';
import {
  expectKind,
  type FittedTransform,
  type InvalidPolicy,
  type MlColumn,
  onInvalid,
  type TransformFitter,
} from './ml-column.js';

export class MinMaxFitter implements TransformFitter {
  private readonly moments = new NumericMoments('ML.MIN_MAX_SCALER');

  update(input: MlColumn): void {
    this.moments.update(input);
  }

  merge(other: MinMaxFitter): void {
    this.moments.merge(other.moments);
  }

  finish(): MinMaxScaler {
    if (this.moments.count === 0)
      throw mlError('ML.MIN_MAX_SCALER: the training data has no non-NULL values');
    return new MinMaxScaler(this.moments.min, this.moments.max);
  }
}

export class MinMaxScaler implements FittedTransform {
  readonly kind = 'min_max_scaler';

  constructor(
    readonly min: number,
    readonly max: number,
  ) {}

  apply(input: MlColumn, policy: InvalidPolicy): MlColumn {
    const x = expectKind(input, 'number', 'ML.MIN_MAX_SCALER', policy.column).values;
    const out = new Float64Array(x.length);
    const range = this.max - this.min;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      if (Number.isNaN(v)) {
        onInvalid(policy, i, 'NULL or NaN value');
        out[i] = NaN;
      } else out[i] = range > 0 ? Math.min(1, Math.max(0, (v - this.min) / range)) : 0.5;
    }
    return { kind: 'number', values: out };
  }

  toJSON(): { kind: string; min: number; max: number } {
    return { kind: this.kind, min: this.min, max: this.max };
  }
}
