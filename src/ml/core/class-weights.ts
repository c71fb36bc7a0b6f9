// Class weights: balanced (auto_class_weights, n / (K · n_k) as BigQuery ML and scikit-learn) or given per
// label (class_weights); folded into row weights so every trainer sees one weight per row.

import type { TrainingBatch } from './feature-batch.js';
import type { ModelOptions } from './model-options.js';
import { mlError } from './ml-error.js';

/** Weight per class index, or null when no class weighting is asked for. */
export function resolveClassWeights(
  options: ModelOptions,
  classes: readonly (string | number)[],
  counts: Float64Array,
): Float64Array | null {
  if (options.autoClassWeights) {
    let n = 0;
    let present = 0;
    for (const c of counts) {
      n += c;
      if (c > 0) present++;
    }
    return Float64Array.from(counts, (c) => (c > 0 ? n / (present * c) : 0));
  }
  if (options.classWeights === null) return null;
  const given = options.classWeights;
  const known = new Set(classes.map(String));
  for (const label of Object.keys(given))
    if (!known.has(label))
      throw mlError(`class_weights names label '${label}', which is not in the training data`);
  return Float64Array.from(classes, (c) => {
    const w = given[String(c)];
    if (w === undefined) throw mlError(`class_weights has no weight for label '${String(c)}'`);
    return w;
  });
}

/** Row weights of a batch with class weights applied (reuses `scratch` when large enough). */
export function effectiveWeights(
  batch: TrainingBatch,
  classWeights: Float64Array | null,
  scratch: { buffer: Float64Array },
): Float64Array | null {
  if (!classWeights) return batch.weight;
  const n = batch.rows;
  if (scratch.buffer.length < n) scratch.buffer = new Float64Array(n);
  const out = scratch.buffer;
  const label = batch.label!;
  const w = batch.weight;
  for (let i = 0; i < n; i++) out[i] = classWeights[label[i]!]! * (w ? w[i]! : 1);
  return out.subarray(0, n);
}
