// ML.IMPUTE(x, 'mean' | 'median' | 'mode'): NULL/NaN replaced by a statistic of the training values;
// strings take 'mode' (most frequent, ties alphabetical).

import { mlError } from '../core/ml-error.js';
import { quantile, ValueCollector } from './quantile-bucketize.js';
import { CategoryCounter } from './string-index.js';
import type { FittedTransform, InvalidPolicy, MlColumn, TransformFitter } from './ml-column.js';

export type ImputeStrategy = 'mean' | 'median' | 'mode';

export class ImputeFitter implements TransformFitter {
  private readonly values = new ValueCollector('ML.IMPUTE');
  private readonly categories = new CategoryCounter('ML.IMPUTE');
  private kind: 'number' | 'string' | null = null;

  constructor(private readonly strategy: ImputeStrategy) {
    if (!['mean', 'median', 'mode'].includes(strategy))
      throw mlError(`ML.IMPUTE: strategy must be 'mean', 'median' or 'mode', got '${strategy}'`);
  }

  update(input: MlColumn): void {
    if (input.kind !== 'number' && input.kind !== 'string')
      throw mlError(`ML.IMPUTE expects numbers or strings, got ${input.kind}`);
    this.kind = input.kind;
    if (input.kind === 'number') this.values.update(input);
    else this.categories.update(input);
  }

  merge(other: ImputeFitter): void {
    this.kind ??= other.kind;
    this.values.merge(other.values);
    this.categories.merge(other.categories);
  }

  finish(): Impute {
    if (this.kind === 'string') {
      if (this.strategy !== 'mode')
        throw mlError(`ML.IMPUTE of a string column needs strategy 'mode', got '${this.strategy}'`);
      return new Impute(this.strategy, this.categories.finish().labels[0]!);
    }
    const sorted = this.values.sorted();
    if (this.strategy === 'median') return new Impute('median', quantile(sorted, 0.5));
    if (this.strategy === 'mean')
      return new Impute('mean', sorted.reduce((a, b) => a + b, 0) / sorted.length);
    let best = sorted[0]!;
    let bestCount = 0;
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      if (j - i > bestCount) {
        best = sorted[i]!;
        bestCount = j - i;
      }
      i = j;
    }
    return new Impute('mode', best);
  }
}

export class Impute implements FittedTransform {
  readonly kind = 'impute';

  constructor(
    readonly strategy: ImputeStrategy,
    readonly value: number | string,
  ) {}

  apply(input: MlColumn, policy: InvalidPolicy): MlColumn {
    if (typeof this.value === 'string') {
      if (input.kind !== 'string')
        throw mlError(`ML.IMPUTE was fitted on strings, "${policy.column}" is ${input.kind}`);
      return { kind: 'string', values: input.values.map((v) => v ?? (this.value as string)) };
    }
    if (input.kind !== 'number')
      throw mlError(`ML.IMPUTE was fitted on numbers, "${policy.column}" is ${input.kind}`);
    const fill = this.value;
    return { kind: 'number', values: input.values.map((v) => (Number.isNaN(v) ? fill : v)) };
  }

  toJSON(): { kind: string; strategy: ImputeStrategy; value: number | string } {
    return { kind: this.kind, strategy: this.strategy, value: this.value };
  }
}
