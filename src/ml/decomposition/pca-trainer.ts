// Fits pca from one pass of means and co-moments: eigenvectors of the sample covariance (or correlation,
// with standardize_features) by Jacobi rotations, kept by count or by explained variance ratio.

import { symmetricEigen } from '../core/dense-linear-algebra.js';
import { denseView } from '../core/dense-view.js';
import { momentsPass } from '../core/moments-pass.js';
import type { ModelOptions } from '../core/model-options.js';
import { mlError } from '../core/ml-error.js';
import { type Fitting, runPass } from '../core/training-pass.js';
import { schemaDimension, type TrainingSchema } from '../core/training-schema.js';
import { PcaModel } from './pca-model.js';

export function* fitPca(options: ModelOptions, schema: TrainingSchema): Fitting<PcaModel> {
  const d = schemaDimension(schema);
  if (d === 0) throw mlError('pca needs at least one feature');
  const view = denseView(schema, 'pca');
  const moments = yield* runPass(momentsPass((b) => view(b), d, true));
  if (moments.count < 2) throw mlError(`pca needs at least 2 rows, the query returned ${moments.count}`);
  for (let j = 0; j < d; j++)
    if (!Number.isFinite(moments.mean[j]!))
      throw mlError(`feature "${schema.dense[j] ?? j}" contains NULL, NaN or infinite values`);
  const started = performance.now();
  const denominator = moments.weightSum - moments.weightSum / moments.count;
  const scale = new Float64Array(d).fill(1);
  if (options.standardizeFeatures) for (let j = 0; j < d; j++) scale[j] = moments.sampleStd(j) || 1;
  const cov = new Float64Array(d * d);
  for (let j = 0; j < d; j++)
    for (let k = 0; k < d; k++)
      cov[j * d + k] = moments.comoment[j * d + k]! / denominator / (scale[j]! * scale[k]!);
  const { values, vectors } = symmetricEigen(cov, d);
  let total = 0;
  for (const v of values) total += Math.max(v, 0);
  const count = componentCount(options, values, total, d);
  const components = new Float64Array(count * d);
  for (let c = 0; c < count; c++) {
    const v = vectors[c]!;
    // Deterministic sign: the entry of largest magnitude is positive.
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    const sign = v[big]! < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * v[j]!;
  }
  const variance = Float64Array.from(values.subarray(0, count), (v) => Math.max(v, 0));
  // Training loss: the fraction of variance the kept components leave unexplained.
  const kept = variance.reduce((s, v) => s + v, 0);
  return new PcaModel({
    schema,
    mean: Float64Array.from(moments.mean),
    scale,
    components,
    explainedVariance: variance,
    explainedVarianceRatio: Float64Array.from(variance, (v) => (total > 0 ? v / total : 0)),
    trainingInfo: [
      { iteration: 1, loss: total > 0 ? 1 - kept / total : 0, durationMs: performance.now() - started },
    ],
  });
}

function componentCount(options: ModelOptions, values: Float64Array, total: number, d: number): number {
  if (options.numPrincipalComponents !== null) {
    if (options.numPrincipalComponents > d)
      throw mlError(
        `num_principal_components is ${options.numPrincipalComponents} but there are only ${d} features`,
      );
    return options.numPrincipalComponents;
  }
  if (options.pcaExplainedVarianceRatio === null) return d;
  let cumulative = 0;
  for (let c = 0; c < d; c++) {
    cumulative += Math.max(values[c]!, 0) / total;
    if (cumulative >= options.pcaExplainedVarianceRatio - 1e-12) return c + 1;
  }
  return d;
}
