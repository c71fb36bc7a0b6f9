// matrix_factorization (ALS) reconstructing a generated low-rank rating matrix with known noise.

import { describe, expect, it } from 'vitest';
import { denseBatch, denseTrainingBatch } from '../core/feature-batch.js';
import { parseModelOptions, type RawOptionValue } from '../core/model-options.js';
import { fitLocal } from '../core/training-pass.js';
import { denseSchema } from '../core/training-schema.js';
import { RegressionMetricsState } from '../metrics/regression-metrics.js';
import { lowRankRatings, partitionBatch } from '../testing/dataset-fixtures.js';
import { fitAls } from './als-trainer.js';

function fitRatings(
  raw: Record<string, RawOptionValue>,
  user: Float64Array,
  item: Float64Array,
  rating: Float64Array,
) {
  const { options } = parseModelOptions({ model_type: 'matrix_factorization', ...raw });
  const batch = denseTrainingBatch([user, item], rating);
  return fitLocal(fitAls(options, denseSchema(['user_id', 'item_id'], 'rating')), partitionBatch(batch, 4));
}

describe('matrix_factorization', () => {
  it('recovers a rank-3 matrix: test RMSE within 5% of the noise floor', () => {
    const noise = 0.1;
    const { user, item, rating } = lowRankRatings(300, 200, 3, 24_000, noise, 7);
    const train = 20_000;
    const model = fitRatings(
      { num_factors: 3, l2_reg: 0.01, max_iterations: 40 },
      user.subarray(0, train),
      item.subarray(0, train),
      rating.subarray(0, train),
    );
    const p = model.predict(denseBatch([user.subarray(train), item.subarray(train)]));
    if (p.kind !== 'value') throw new Error('expected values');
    const metrics = new RegressionMetricsState();
    metrics.update(p.value, rating.subarray(train), rating.length - train);
    expect(metrics.rmse()!).toBeLessThan(noise * 1.05);
  });

  it('unknown users score NaN; recommendations are the top-scoring items; implicit feedback fits', () => {
    const { user, item, rating } = lowRankRatings(50, 40, 2, 1200, 0.05, 3);
    const model = fitRatings({ num_factors: 2, seed: 1 }, user, item, rating);
    const p = model.predict(denseBatch([Float64Array.of(-1), Float64Array.of(0)]));
    expect(p.kind === 'value' && Number.isNaN(p.value[0]!)).toBe(true);
    const rec = model.recommend(Float64Array.of(user[0]!), 3);
    expect(rec.item.length).toBe(3);
    expect(rec.score[0]!).toBeGreaterThanOrEqual(rec.score[1]!);
    const implicit = fitRatings(
      { num_factors: 2, feedback_type: 'implicit', wals_alpha: 1 },
      user,
      item,
      rating.map(Math.abs),
    );
    expect(implicit.trainingInfo.length).toBeGreaterThan(0);
    const again = fitRatings({ num_factors: 2, seed: 1 }, user, item, rating);
    expect(Array.from(again.state.userFactors)).toEqual(Array.from(model.state.userFactors));
  });

  it('names the rating column that holds NULL', () => {
    expect(() =>
      fitRatings({}, Float64Array.of(1, 2), Float64Array.of(1, 2), Float64Array.of(1, NaN)),
    ).toThrow(/"rating" contains NULL/);
  });
});
