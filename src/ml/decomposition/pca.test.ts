// pca against the covariance eigenvectors (scikit-learn 1.2.1 PCA on iris).

import { describe, expect, it } from 'vitest';
import { denseBatch, denseTrainingBatch } from '../core/feature-batch.js';
import { parseModelOptions } from '../core/model-options.js';
import { fitLocal } from '../core/training-pass.js';
import { denseSchema } from '../core/training-schema.js';
import { loadDataset, partitionBatch } from '../testing/dataset-fixtures.js';
import { fitPca } from './pca-trainer.js';

describe('pca', () => {
  const iris = loadDataset('iris');
  const fit = (raw: Record<string, number | boolean | string>) => {
    const { options } = parseModelOptions({ model_type: 'pca', standardize_features: false, ...raw });
    return fitLocal(
      fitPca(options, denseSchema(iris.names, null)),
      partitionBatch(denseTrainingBatch(iris.columns, null), 4),
    );
  };

  it('explained variances and the first component match PCA().fit(iris)', () => {
    const m = fit({});
    const ratio = [0.9246187232017271, 0.05306648311706783, 0.017102609807929773, 0.005212183873275374];
    const variance = [4.228241706034864, 0.24267074792863344, 0.07820950004291942, 0.023835092973449434];
    for (let c = 0; c < 4; c++) {
      expect(m.state.explainedVarianceRatio[c]).toBeCloseTo(ratio[c]!, 10);
      expect(m.state.explainedVariance[c]).toBeCloseTo(variance[c]!, 9);
    }
    const pc1 = [0.3613865917853687, -0.08452251406456868, 0.8566706059498351, 0.3582891971515508];
    for (let j = 0; j < 4; j++) expect(m.state.components[j]).toBeCloseTo(pc1[j]!, 9);
  });

  it('projections are uncorrelated with the component variances; ratio picks the count', () => {
    const m = fit({ num_principal_components: 2 });
    const p = m.predict(denseBatch(iris.columns));
    if (p.kind !== 'projection') throw new Error('expected projections');
    const [a, b] = p.components as [Float64Array, Float64Array];
    let va = 0;
    let cov = 0;
    for (let i = 0; i < a.length; i++) {
      va += (a[i]! * a[i]!) / (a.length - 1);
      cov += (a[i]! * b[i]!) / (a.length - 1);
    }
    expect(va).toBeCloseTo(4.228241706034864, 9);
    expect(cov).toBeCloseTo(0, 9);
    expect(fit({ pca_explained_variance_ratio: 0.95 }).componentCount).toBe(2);
  });
});
