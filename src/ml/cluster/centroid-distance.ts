// Nearest-centroid search over column-major rows, shared by k-means training, prediction and metrics.

import { ROW_CHUNK } from '../linear/linear-margins.js';

/**
 * Index of the nearest centroid and the squared Euclidean distance to it, per row. Rows of cosine models
 * are unit length (prepareRows), so the squared distance is 2·(1 − cos).
 */
export function nearestCentroids(
  x: readonly Float64Array[],
  n: number,
  centroids: Float64Array,
  k: number,
  d: number,
): { centroid: Int32Array; distance: Float64Array } {
  const centroid = new Int32Array(n);
  const distance = new Float64Array(n).fill(Infinity);
  const scratch = new Float64Array(ROW_CHUNK);
  for (let start = 0; start < n; start += ROW_CHUNK) {
    const end = Math.min(n, start + ROW_CHUNK);
    for (let c = 0; c < k; c++) {
      scratch.fill(0);
      for (let j = 0; j < d; j++) {
        const col = x[j]!;
        const m = centroids[c * d + j]!;
        for (let i = start; i < end; i++) {
          const delta = col[i]! - m;
          scratch[i - start]! += delta * delta;
        }
      }
      for (let i = start; i < end; i++) {
        if (scratch[i - start]! < distance[i]!) {
          distance[i] = scratch[i - start]!;
          centroid[i] = c;
        }
      }
    }
  }
  return { centroid, distance };
}

/** Standardizes columns ((x − mean) / scale) and, for cosine distance, scales each row to unit length. */
export function prepareRows(
  columns: readonly Float64Array[],
  n: number,
  mean: Float64Array,
  scale: Float64Array,
  cosine: boolean,
): Float64Array[] {
  const out = columns.map((col, j) => {
    const m = mean[j]!;
    const s = scale[j]!;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = (col[i]! - m) / s;
    return z;
  });
  if (!cosine) return out;
  const norms = new Float64Array(n);
  for (const z of out) for (let i = 0; i < n; i++) norms[i]! += z[i]! * z[i]!;
  for (let i = 0; i < n; i++) norms[i] = norms[i]! > 0 ? 1 / Math.sqrt(norms[i]!) : 0;
  for (const z of out) for (let i = 0; i < n; i++) z[i]! *= norms[i]!;
  return out;
}
