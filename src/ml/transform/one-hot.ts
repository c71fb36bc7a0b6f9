// ML.ONE_HOT (Spark's StringIndexer + OneHotEncoder): a sparse indicator vector over the training
// categories in frequency order; drop_last (default true, as Spark) drops the last category's column;
// 'keep' adds a column for NULL and unseen categories.

import { mlError } from '../core/ml-error.js';
import { CategoryCounter } from './string-index.js';
import {
  categoriesOf,
  type FittedTransform,
  type InvalidPolicy,
  type MlColumn,
  onInvalid,
  type TransformFitter,
} from './ml-column.js';

export class OneHotFitter implements TransformFitter {
  private readonly counter = new CategoryCounter('ML.ONE_HOT');

  constructor(private readonly dropLast: boolean) {}

  update(input: MlColumn): void {
    this.counter.update(input);
  }

  merge(other: OneHotFitter): void {
    this.counter.merge(other.counter);
  }

  finish(): OneHot {
    if (this.counter.counts.size === 0) throw mlError('ML.ONE_HOT: the training data has no non-NULL values');
    return new OneHot(this.counter.ordered(), this.dropLast);
  }
}

export class OneHot implements FittedTransform {
  readonly kind = 'one_hot';
  private readonly index: Map<string, number>;

  constructor(
    readonly labels: readonly string[],
    readonly dropLast: boolean,
  ) {
    this.index = new Map(labels.map((l, i) => [l, i]));
  }

  apply(input: MlColumn, policy: InvalidPolicy): MlColumn {
    const values = categoriesOf(input, 'ML.ONE_HOT', policy.column);
    const keep = policy.handleInvalid === 'keep';
    const width = this.labels.length + (keep ? 1 : 0);
    const dim = width - (this.dropLast ? 1 : 0);
    const offsets = new Int32Array(values.length + 1);
    const indices: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      let at = v === null ? -1 : (this.index.get(v) ?? -1);
      if (at < 0) {
        onInvalid(policy, i, v === null ? 'NULL category' : `category '${v}' was not seen in training`);
        at = this.labels.length;
      }
      if (at < dim) indices.push(at);
      offsets[i + 1] = indices.length;
    }
    const names = [...this.labels, ...(keep ? ['__invalid__'] : [])]
      .slice(0, dim)
      .map((l) => `${policy.column}_${l}`);
    return {
      kind: 'sparse',
      block: {
        dim,
        offsets,
        indices: Int32Array.from(indices),
        values: new Float64Array(indices.length).fill(1),
      },
      names,
    };
  }

  toJSON(): { kind: string; labels: readonly string[]; dropLast: boolean } {
    return { kind: this.kind, labels: this.labels, dropLast: this.dropLast };
  }
}
