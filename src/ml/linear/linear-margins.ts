// Linear margins b_o + Σ_j β_oj·x_ij for rows [start, end) of a batch, column by column: the hot loop of
// linear training and prediction (a column-major axpy per feature over a cache-sized row range).

import type { FeatureBatch } from '../core/feature-batch.js';

/**
 * Rows per chunk of the fused margin/loss/gradient loops: the margins of a chunk stay in L1 cache while
 * each feature column streams through once (one pass over memory instead of one per feature).
 */
export const ROW_CHUNK = 2048;

/** Writes margins[o*stride + (i - start)] for every output o and row i in [start, end). */
export function accumulateMargins(
  batch: FeatureBatch,
  coefficients: Float64Array,
  intercepts: Float64Array,
  dim: number,
  outputs: number,
  margins: Float64Array,
  start = 0,
  end = batch.rows,
  stride = end - start,
): void {
  const len = end - start;
  for (let o = 0; o < outputs; o++) {
    const base = o * stride - start;
    margins.fill(intercepts[o]!, o * stride, o * stride + len);
    addDenseTerms(batch.dense, coefficients, o * dim, margins, base, start, end);
    let offset = batch.dense.length;
    for (const block of batch.sparse) {
      const { offsets, indices, values } = block;
      const cBase = o * dim + offset;
      for (let i = start; i < end; i++) {
        let s = 0;
        for (let p = offsets[i]!; p < offsets[i + 1]!; p++)
          s += coefficients[cBase + indices[p]!]! * values[p]!;
        margins[base + i]! += s;
      }
      offset += block.dim;
    }
  }
}

/**
 * margins[base + i] += Σ_j β[from + j]·x_j[i] for rows [start, end), four feature columns per sweep:
 * each margin is loaded and stored a quarter as often, which nearly halves the time of the loop.
 */
function addDenseTerms(
  dense: readonly Float64Array[],
  beta: Float64Array,
  from: number,
  margins: Float64Array,
  base: number,
  start: number,
  end: number,
): void {
  let j = 0;
  for (; j + 4 <= dense.length; j += 4) {
    const b0 = beta[from + j]!;
    const b1 = beta[from + j + 1]!;
    const b2 = beta[from + j + 2]!;
    const b3 = beta[from + j + 3]!;
    const x0 = dense[j]!;
    const x1 = dense[j + 1]!;
    const x2 = dense[j + 2]!;
    const x3 = dense[j + 3]!;
    for (let i = start; i < end; i++)
      margins[base + i]! += b0 * x0[i]! + b1 * x1[i]! + b2 * x2[i]! + b3 * x3[i]!;
  }
  for (; j < dense.length; j++) {
    const b = beta[from + j]!;
    const x = dense[j]!;
    if (b !== 0) for (let i = start; i < end; i++) margins[base + i]! += b * x[i]!;
  }
}

/** Margins of all rows of a batch, chunk by chunk (prediction). */
export function batchMargins(
  batch: FeatureBatch,
  coefficients: Float64Array,
  intercepts: Float64Array,
  dim: number,
  outputs: number,
): Float64Array {
  const n = batch.rows;
  const out = new Float64Array(n * outputs);
  if (outputs === 1) {
    for (let s = 0; s < n; s += ROW_CHUNK)
      accumulateMargins(
        batch,
        coefficients,
        intercepts,
        dim,
        1,
        out.subarray(s),
        s,
        Math.min(n, s + ROW_CHUNK),
      );
    return out;
  }
  const chunk = new Float64Array(ROW_CHUNK * outputs);
  for (let s = 0; s < n; s += ROW_CHUNK) {
    const e = Math.min(n, s + ROW_CHUNK);
    accumulateMargins(batch, coefficients, intercepts, dim, outputs, chunk, s, e, ROW_CHUNK);
    for (let o = 0; o < outputs; o++)
      out.set(chunk.subarray(o * ROW_CHUNK, o * ROW_CHUNK + e - s), o * n + s);
  }
  return out;
}
