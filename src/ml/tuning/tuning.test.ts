// Hyperparameter search and cross-validation through the fit/evaluate interface, plus data splits.

import { describe, expect, it } from 'vitest';
import { evaluationRows, foldOf, planSplit, seqSplitThreshold } from '../data/data-split.js';
import { denseTrainingBatch, filterTrainingBatch } from '../core/feature-batch.js';
import { parseModelOptions, withTrialValues } from '../core/model-options.js';
import { fitLocal } from '../core/training-pass.js';
import { denseSchema } from '../core/training-schema.js';
import { fitLinearModel } from '../linear/linear-trainer.js';
import { RegressionMetricsState } from '../metrics/regression-metrics.js';
import { logisticProblem } from '../testing/dataset-fixtures.js';
import { runTrials } from './cross-validation.js';
import { planTrials } from './hparam-search.js';

describe('hyperparameter search', () => {
  it('grid search enumerates candidates; random search is seeded and respects ranges', () => {
    const grid = planTrials(
      { a: { kind: 'candidates', values: [1, 2] }, b: { kind: 'candidates', values: ['x', 'y'] } },
      'grid_search',
      10,
      0,
    );
    expect(grid.map((t) => t.values)).toEqual([
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
    ]);
    const space = {
      l2_reg: { kind: 'range', min: 1e-4, max: 10 },
      max_tree_depth: { kind: 'range', min: 2, max: 8 },
    } as const;
    const r1 = planTrials(space, 'random_search', 20, 5);
    expect(planTrials(space, 'random_search', 20, 5)).toEqual(r1);
    for (const t of r1) {
      expect(Number.isInteger(t.values.max_tree_depth)).toBe(true);
      expect(t.values.l2_reg as number).toBeGreaterThanOrEqual(1e-4);
      expect(t.values.l2_reg as number).toBeLessThanOrEqual(10);
    }
    expect(() => planTrials(space, 'grid_search', 5, 0)).toThrow(/needs HPARAM_CANDIDATES/);
  });

  it('k-fold cross-validation picks the regularization that generalizes', async () => {
    // linear_reg on 40 noisy rows × 30 features: heavy ridge beats none out of sample.
    const { batch } = logisticProblem(40, 30, 4);
    const names = batch.dense.map((_, j) => `x${j}`);
    const target = denseTrainingBatch(
      batch.dense,
      batch.dense[0]!.map((v, i) => v + batch.label![i]! * 2),
    );
    const parsed = parseModelOptions({
      model_type: 'linear_reg',
      l2_reg: { kind: 'candidates', values: [0, 1] },
    });
    const plans = planTrials(parsed.searchSpace, 'grid_search', 10, 0);
    const folds = foldOf(target, 0, 4);
    const { trials, best } = await runTrials(plans, 4, 'mean_squared_error', (values, fold) => {
      const options = withTrialValues(parsed.options, parsed.given, values);
      const train = filterTrainingBatch(
        target,
        Uint8Array.from(folds, (f) => (f === fold ? 0 : 1)),
      );
      const test = filterTrainingBatch(
        target,
        Uint8Array.from(folds, (f) => (f === fold ? 1 : 0)),
      );
      const model = fitLocal(fitLinearModel(options, denseSchema(names, 'y')), [[train]]);
      const p = model.predict(test);
      const m = new RegressionMetricsState();
      if (p.kind === 'value') m.update(p.value, test.label!, test.rows);
      return m.finish();
    });
    expect(trials).toHaveLength(2);
    expect(best.values).toEqual({ l2_reg: 1 });
    expect(trials.filter((t) => t.isOptimal)).toHaveLength(1);
  });
});

describe('data splits', () => {
  const batch = denseTrainingBatch([new Float64Array(10_000)], new Float64Array(10_000), { firstRow: 0 });

  it('auto_split follows BigQuery ML and random splits hold out the fraction, independent of batching', () => {
    const options = parseModelOptions({ model_type: 'linear_reg' }).options;
    expect(planSplit(options, 499).method).toBe('no_split');
    expect(planSplit(options, 10_000)).toEqual({ method: 'random', evalFraction: 0.2 });
    expect(planSplit(options, 100_000).evalFraction).toBeCloseTo(0.1, 12);
    const plan = { method: 'random', evalFraction: 0.2 } as const;
    const held = evaluationRows(plan, batch, 1);
    const share = held.reduce((a, b) => a + b, 0) / held.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.22);
    const second = evaluationRows(plan, { ...batch, rows: 5000, firstRow: 5000 }, 1);
    expect(Array.from(second)).toEqual(Array.from(held.subarray(5000)));
  });

  it('seq holds out the largest data_split_col values; custom follows the flag', () => {
    const values = Float64Array.from({ length: 10 }, (_, i) => 10 - i);
    const small = denseTrainingBatch([values], values);
    const threshold = seqSplitThreshold(values, 0.3);
    expect(
      Array.from(evaluationRows({ method: 'seq', evalFraction: 0.3 }, small, 0, values, threshold)),
    ).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const flags = Float64Array.of(0, 1, 0, 0, 0, 0, 0, 0, 0, 1);
    expect(Array.from(evaluationRows({ method: 'custom', evalFraction: 0 }, small, 0, flags))).toEqual(
      Array.from(flags),
    );
  });
});
