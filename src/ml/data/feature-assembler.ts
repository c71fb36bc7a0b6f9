// The VectorAssembler step: every non-label TRANSFORM output becomes part of the feature vector — numbers
// as dense columns, vectors as several dense columns, sparse vectors as sparse blocks — and the schema
// records a name per feature.

import type { FeatureBatch } from '../core/feature-batch.js';
import { mlError } from '../core/ml-error.js';
import type { SparseFeature } from '../core/training-schema.js';
import type { MlColumn } from '../transform/ml-column.js';

export interface AssembledFeatures {
  readonly batch: FeatureBatch;
  readonly dense: readonly string[];
  readonly sparse: readonly SparseFeature[];
}

/** Assembles named outputs in order; text must be encoded first. */
export function assembleFeatures(
  outputs: readonly { readonly name: string; readonly column: MlColumn }[],
  rows: number,
): AssembledFeatures {
  const denseColumns: Float64Array[] = [];
  const dense: string[] = [];
  const blocks = [];
  const sparse: SparseFeature[] = [];
  for (const { name, column } of outputs) {
    switch (column.kind) {
      case 'number':
        denseColumns.push(column.values);
        dense.push(name);
        break;
      case 'vector':
        denseColumns.push(...column.columns);
        dense.push(...column.names.map((n) => `${name}.${n}`));
        break;
      case 'sparse':
        blocks.push(column.block);
        sparse.push({ name, dim: column.block.dim, ...(column.names ? { names: column.names } : {}) });
        break;
      case 'string':
      case 'tokens':
        throw mlError(
          `feature "${name}" is ${column.kind === 'string' ? 'text' : 'a token list'}`,
          'encode it with ML.ONE_HOT, ML.STRING_INDEX, ML.HASHING_TF or ML.COUNT_VECTORIZE',
        );
    }
  }
  return { batch: { rows, dense: denseColumns, sparse: blocks }, dense, sparse };
}
