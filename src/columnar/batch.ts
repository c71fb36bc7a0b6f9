// A batch: equal-length column vectors, the unit every operator consumes and produces.

import type { DataType } from '../types/data-type.js';
import type { Scalar, Vector } from './vector.js';
import { gather, sliceVector, vectorFromScalars } from './vector-ops.js';

/** Rows per batch produced by scans and operators that build output. */
export const BATCH_SIZE = 16384;

export interface Batch {
  readonly length: number;
  readonly columns: readonly Vector[];
}

export function batch(columns: readonly Vector[], length = columns[0]?.length ?? 0): Batch {
  return { length, columns };
}

/** A batch of `rows` (one value per column, missing values NULL) typed by `columns`. */
export function rowsBatch(
  columns: readonly { readonly type: DataType }[],
  rows: readonly (readonly Scalar[])[],
): Batch {
  return {
    length: rows.length,
    columns: columns.map((c, j) =>
      vectorFromScalars(
        c.type,
        rows.map((r) => r[j] ?? null),
      ),
    ),
  };
}

export function sliceBatch(b: Batch, start: number, end: number): Batch {
  if (start === 0 && end === b.length) return b;
  return { length: end - start, columns: b.columns.map((c) => sliceVector(c, start, end)) };
}

export function gatherBatch(b: Batch, indices: Int32Array | Uint32Array, n = indices.length): Batch {
  if (n === b.length) {
    let identity = true;
    for (let i = 0; i < n && identity; i++) identity = indices[i] === i;
    if (identity) return b;
  }
  return { length: n, columns: b.columns.map((c) => gather(c, indices, n)) };
}

export function projectBatch(b: Batch, columns: readonly number[]): Batch {
  return { length: b.length, columns: columns.map((i) => b.columns[i]!) };
}
