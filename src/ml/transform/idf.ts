// ML.IDF (Spark's IDF): inverse document frequency log((m + 1) / (df + 1)) per dimension of a term
// frequency vector, fitted on the training rows and multiplied into each row's vector.

import { mlError } from '../core/ml-error.js';
import type { SparseBlock } from '../core/feature-batch.js';
import type { FittedTransform, InvalidPolicy, MlColumn, TransformFitter } from './ml-column.js';

export class IdfFitter implements TransformFitter {
  private documents = 0;
  private df: Float64Array | null = null;

  update(input: MlColumn): void {
    const block = sparseOf(input, 'input');
    this.df ??= new Float64Array(block.dim);
    if (this.df.length !== block.dim) throw mlError('ML.IDF: rows have different vector sizes');
    const rows = block.offsets.length - 1;
    for (let p = 0; p < block.indices.length; p++) if (block.values[p] !== 0) this.df[block.indices[p]!]!++;
    this.documents += rows;
  }

  merge(other: IdfFitter): void {
    this.documents += other.documents;
    if (!other.df) return;
    if (!this.df) this.df = Float64Array.from(other.df);
    else for (let j = 0; j < this.df.length; j++) this.df[j]! += other.df[j]!;
  }

  finish(): Idf {
    if (!this.df) throw mlError('ML.IDF: the training data has no rows');
    const m = this.documents;
    return new Idf(Float64Array.from(this.df, (df) => Math.log((m + 1) / (df + 1))));
  }
}

export class Idf implements FittedTransform {
  readonly kind = 'idf';

  constructor(readonly weights: Float64Array) {}

  apply(input: MlColumn, policy: InvalidPolicy): MlColumn {
    const block = sparseOf(input, policy.column);
    if (block.dim !== this.weights.length)
      throw mlError(
        `ML.IDF was fitted on vectors of size ${this.weights.length}, "${policy.column}" has ${block.dim}`,
      );
    const values = Float64Array.from(block.values, (v, p) => v * this.weights[block.indices[p]!]!);
    return {
      kind: 'sparse',
      block: { ...block, values },
      ...(input.kind === 'sparse' && input.names ? { names: input.names } : {}),
    };
  }

  toJSON(): { kind: string; weights: number[] } {
    return { kind: this.kind, weights: Array.from(this.weights) };
  }
}

function sparseOf(input: MlColumn, column: string): SparseBlock {
  if (input.kind === 'sparse') return input.block;
  throw mlError(
    `ML.IDF expects a term-frequency vector (ML.HASHING_TF or ML.COUNT_VECTORIZE), "${column}" is ${input.kind}`,
  );
}
