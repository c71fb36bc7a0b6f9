// ML.STRING_INDEX (Spark's StringIndexer): categories numbered by descending frequency, ties in
// alphabetical order; NULL and unseen categories follow handle_invalid ('keep' gives index K).

import { mlError } from '../core/ml-error.js';
import {
  categoriesOf,
  type FittedTransform,
  type InvalidPolicy,
  type MlColumn,
  onInvalid,
  type TransformFitter,
} from './ml-column.js';

export class CategoryCounter implements TransformFitter {
  readonly counts = new Map<string, number>();

  constructor(private readonly fn = 'ML.STRING_INDEX') {}

  update(input: MlColumn): void {
    for (const v of categoriesOf(input, this.fn, 'input'))
      if (v !== null) this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
  }

  merge(other: CategoryCounter): void {
    for (const [k, v] of other.counts) this.counts.set(k, (this.counts.get(k) ?? 0) + v);
  }

  /** Categories by descending count, then alphabetically. */
  ordered(): string[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map((e) => e[0]);
  }

  finish(): StringIndex {
    if (this.counts.size === 0) throw mlError(`${this.fn}: the training data has no non-NULL values`);
    return new StringIndex(this.ordered());
  }
}

export class StringIndex implements FittedTransform {
  readonly kind = 'string_index';
  private readonly index: Map<string, number>;

  constructor(readonly labels: readonly string[]) {
    this.index = new Map(labels.map((l, i) => [l, i]));
  }

  /** Index of a category, or −1. */
  lookup(value: string): number {
    return this.index.get(value) ?? -1;
  }

  apply(input: MlColumn, policy: InvalidPolicy): MlColumn {
    const values = categoriesOf(input, 'ML.STRING_INDEX', policy.column);
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const at = v === null ? -1 : this.lookup(v);
      if (at >= 0) {
        out[i] = at;
        continue;
      }
      onInvalid(policy, i, v === null ? 'NULL category' : `category '${v}' was not seen in training`);
      out[i] = this.labels.length;
    }
    return { kind: 'number', values: out };
  }

  toJSON(): { kind: string; labels: readonly string[] } {
    return { kind: this.kind, labels: this.labels };
  }
}
