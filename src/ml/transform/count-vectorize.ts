// ML.COUNT_VECTORIZE (Spark's CountVectorizer): a vocabulary of the vocab_size most frequent training
// terms (ties alphabetical), and per row a sparse vector of term counts; unseen terms are ignored.

import { mlError } from '../core/ml-error.js';
import {
  expectKind,
  type FittedTransform,
  type InvalidPolicy,
  type MlColumn,
  type TransformFitter,
} from './ml-column.js';

/** Spark's default vocabSize. */
const DEFAULT_VOCAB_SIZE = 1 << 18;

export class CountVectorizeFitter implements TransformFitter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly vocabSize = DEFAULT_VOCAB_SIZE) {
    if (!Number.isInteger(vocabSize) || vocabSize < 1)
      throw mlError(`ML.COUNT_VECTORIZE: vocab_size must be a positive integer, got ${vocabSize}`);
  }

  update(input: MlColumn): void {
    for (const row of expectKind(input, 'tokens', 'ML.COUNT_VECTORIZE', 'input').values)
      for (const t of row ?? []) this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
  }

  merge(other: CountVectorizeFitter): void {
    for (const [k, v] of other.counts) this.counts.set(k, (this.counts.get(k) ?? 0) + v);
  }

  finish(): CountVectorize {
    const vocabulary = [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, this.vocabSize)
      .map((e) => e[0]);
    if (vocabulary.length === 0) throw mlError('ML.COUNT_VECTORIZE: the training data has no terms');
    return new CountVectorize(vocabulary);
  }
}

export class CountVectorize implements FittedTransform {
  readonly kind = 'count_vectorize';
  private readonly index: Map<string, number>;

  constructor(readonly vocabulary: readonly string[]) {
    this.index = new Map(vocabulary.map((t, i) => [t, i]));
  }

  apply(input: MlColumn, policy: InvalidPolicy): MlColumn {
    const rows = expectKind(input, 'tokens', 'ML.COUNT_VECTORIZE', policy.column).values;
    const offsets = new Int32Array(rows.length + 1);
    const indices: number[] = [];
    const values: number[] = [];
    const counts = new Map<number, number>();
    rows.forEach((row, i) => {
      counts.clear();
      for (const t of row ?? []) {
        const at = this.index.get(t);
        if (at !== undefined) counts.set(at, (counts.get(at) ?? 0) + 1);
      }
      for (const at of [...counts.keys()].sort((a, b) => a - b)) {
        indices.push(at);
        values.push(counts.get(at)!);
      }
      offsets[i + 1] = indices.length;
    });
    return {
      kind: 'sparse',
      block: {
        dim: this.vocabulary.length,
        offsets,
        indices: Int32Array.from(indices),
        values: Float64Array.from(values),
      },
      names: this.vocabulary.map((t) => `${policy.column}_${t}`),
    };
  }

  toJSON(): { kind: string; vocabulary: readonly string[] } {
    return { kind: this.kind, vocabulary: this.vocabulary };
  }
}
