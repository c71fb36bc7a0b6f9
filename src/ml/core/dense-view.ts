// Dense columns of a batch for trainers that need them (trees, k-means, PCA, Gaussian naive Bayes): the
// dense features as they are, then each sparse block expanded, cached per batch for later passes.

import type { FeatureBatch } from './feature-batch.js';
import { mlError } from './ml-error.js';
import type { TrainingSchema } from './training-schema.js';

/** Widest sparse input a dense-only trainer expands. */
export const MAX_DENSE_EXPANSION = 4096;

export type DenseView = (batch: FeatureBatch) => readonly Float64Array[];

export function denseView(schema: TrainingSchema, modelType: string): DenseView {
  if (schema.sparse.length === 0) return (b) => b.dense;
  const width = schema.sparse.reduce((s, b) => s + b.dim, 0);
  if (width > MAX_DENSE_EXPANSION) {
    const widest = [...schema.sparse].sort((a, b) => b.dim - a.dim)[0]!;
    throw mlError(
      `${modelType} needs dense features; "${widest.name}" has ${widest.dim} dimensions (at most ${MAX_DENSE_EXPANSION} in all)`,
      'use fewer hashing/vocabulary features, or a linear model',
    );
  }
  const cache = new WeakMap<FeatureBatch, Float64Array[]>();
  return (b) => {
    const hit = cache.get(b);
    if (hit) return hit;
    const columns = [...b.dense];
    for (const block of b.sparse) {
      const expanded = Array.from({ length: block.dim }, () => new Float64Array(b.rows));
      for (let i = 0; i < b.rows; i++)
        for (let p = block.offsets[i]!; p < block.offsets[i + 1]!; p++)
          expanded[block.indices[p]!]![i] = block.values[p]!;
      columns.push(...expanded);
    }
    cache.set(b, columns);
    return columns;
  };
}
