// Decision trees, random forests and boosted trees: known thresholds, determinism, serialization-free checks.

import { describe, expect, it } from 'vitest';
import { denseTrainingBatch } from '../core/feature-batch.js';
import { parseModelOptions, type RawOptionValue } from '../core/model-options.js';
import { fitLocal } from '../core/training-pass.js';
import { denseSchema } from '../core/training-schema.js';
import { SeededRandom } from '../core/seeded-random.js';
import { partitionBatch } from '../testing/dataset-fixtures.js';
import { fitBoosting } from './boosting-trainer.js';
import { fitForest } from './forest-trainer.js';
import { chooseThresholds } from './bin-edges.js';

function fitTree(
  raw: Record<string, RawOptionValue>,
  x: Float64Array[],
  y: Float64Array,
  classes: number[] = [],
) {
  const { options } = parseModelOptions(raw);
  const schema = denseSchema(
    x.map((_, j) => `x${j}`),
    'label',
    classes,
  );
  const batch = denseTrainingBatch(x, y);
  const fit = options.modelType.startsWith('boosted')
    ? fitBoosting(options, schema)
    : fitForest(options, schema);
  return { model: fitLocal(fit, partitionBatch(batch, 2)), batch };
}

describe('decision trees', () => {
  it('split a known threshold: y = x0 > 0.37 with a noise feature', () => {
    const rng = new SeededRandom(3);
    const n = 2000;
    const x0 = Float64Array.from({ length: n }, () => rng.next());
    const x1 = Float64Array.from({ length: n }, () => rng.next());
    const y = x0.map((v) => (v > 0.37 ? 1 : 0));
    const { model } = fitTree(
      { model_type: 'decision_tree_classifier', max_tree_depth: 1, max_bins: 4096 },
      [x0, x1],
      y,
      [0, 1],
    );
    const s = model.state;
    expect(s.feature[0]).toBe(0);
    expect(s.threshold[0]).toBeGreaterThan(0.36);
    expect(s.threshold[0]).toBeLessThan(0.38);
    expect(s.value[s.left[0]! * 2]).toBe(1); // left leaf: all class 0
    expect(s.value[s.right[0]! * 2 + 1]).toBe(1);
  });

  it('regression tree: leaf values are the means of each side', () => {
    const x = Float64Array.of(1, 2, 3, 4, 5, 6);
    const y = Float64Array.of(10, 11, 12, 30, 31, 32);
    const { model, batch } = fitTree({ model_type: 'decision_tree_regressor', max_tree_depth: 1 }, [x], y);
    expect(model.state.threshold[0]).toBe(3.5);
    const p = model.predict(batch);
    if (p.kind !== 'value') throw new Error('expected values');
    expect(Array.from(p.value)).toEqual([11, 11, 11, 31, 31, 31]);
    // ML.TRAINING_INFO: the mean squared error on the training rows.
    expect(model.trainingInfo[0]!.loss).toBeCloseTo(4 / 6, 12);
  });

  it('exact thresholds for few distinct values, quantile thresholds otherwise', () => {
    expect(Array.from(chooseThresholds(Float64Array.of(1, 1, 2, 3, 3), 4))).toEqual([1.5, 2.5]);
    const many = Float64Array.from({ length: 1000 }, (_, i) => i);
    const t = chooseThresholds(many, 4);
    expect(Array.from(t)).toEqual([249.5, 499.5, 749.5]);
  });
});

describe('forests and boosting', () => {
  const rng = new SeededRandom(11);
  const n = 3000;
  const x = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => rng.normal()));
  const yc = Float64Array.from({ length: n }, (_, i) => (x[0]![i]! * x[1]![i]! > 0 ? 1 : 0));
  const yr = Float64Array.from({ length: n }, (_, i) => Math.sin(x[0]![i]!) + 0.5 * x[2]![i]! ** 2);

  it('random forest learns an interaction (XOR of signs) and is reproducible for a seed', () => {
    const opts = { model_type: 'random_forest_classifier', num_trees: 20, max_tree_depth: 8, seed: 5 };
    const a = fitTree(opts, x, yc, [0, 1]);
    const b = fitTree(opts, x, yc, [0, 1]);
    expect(Array.from(a.model.state.threshold)).toEqual(Array.from(b.model.state.threshold));
    const p = a.model.predict(a.batch);
    if (p.kind !== 'class') throw new Error('expected classes');
    let hit = 0;
    for (let i = 0; i < n; i++) hit += p.classIndex[i] === yc[i] ? 1 : 0;
    expect(hit / n).toBeGreaterThan(0.95);
    const importance = a.model.featureImportance();
    expect(importance[0]!.importanceGain + importance[1]!.importanceGain).toBeGreaterThan(0.8);
    const c = fitTree({ ...opts, seed: 6 }, x, yc, [0, 1]);
    expect(Array.from(c.model.state.threshold)).not.toEqual(Array.from(a.model.state.threshold));
  });

  it('gives the same forest however the rows are partitioned', () => {
    const { options } = parseModelOptions({
      model_type: 'random_forest_regressor',
      num_trees: 5,
      max_tree_depth: 6,
      seed: 2,
    });
    const schema = denseSchema(x.map((_, j) => `x${j}`));
    const batch = denseTrainingBatch(x, yr);
    const one = fitLocal(fitForest(options, schema), [[batch]]);
    const three = fitLocal(fitForest(options, schema), partitionBatch(batch, 3));
    expect(Array.from(three.state.threshold)).toEqual(Array.from(one.state.threshold));
    expect(Array.from(three.state.feature)).toEqual(Array.from(one.state.feature));
  });

  it('boosted regressor drives the training loss down round after round', () => {
    const { model, batch } = fitTree(
      {
        model_type: 'boosted_tree_regressor',
        max_iterations: 30,
        learn_rate: 0.3,
        max_tree_depth: 4,
        early_stop: false,
      },
      x,
      yr,
    );
    const losses = model.trainingInfo.map((r) => r.loss);
    expect(losses.length).toBe(30);
    for (let r = 1; r < losses.length; r++) expect(losses[r]).toBeLessThanOrEqual(losses[r - 1]! + 1e-12);
    const p = model.predict(batch);
    if (p.kind !== 'value') throw new Error('expected values');
    let mse = 0;
    for (let i = 0; i < n; i++) mse += (p.value[i]! - yr[i]!) ** 2 / n;
    // The model's own predictions reproduce the training loss of the last round.
    expect(mse).toBeCloseTo(losses.at(-1)!, 9);
    expect(mse).toBeLessThan(0.05);
  });

  it('boosted classifier: binary and multiclass', () => {
    const { model, batch } = fitTree(
      { model_type: 'boosted_tree_classifier', max_iterations: 20 },
      x,
      yc,
      [0, 1],
    );
    const p = model.predict(batch);
    if (p.kind !== 'class') throw new Error('expected classes');
    let hit = 0;
    for (let i = 0; i < n; i++) hit += p.classIndex[i] === yc[i] ? 1 : 0;
    expect(hit / n).toBeGreaterThan(0.95);
    const y3 = Float64Array.from({ length: n }, (_, i) => (x[0]![i]! < -0.5 ? 0 : x[0]![i]! < 0.5 ? 1 : 2));
    const m3 = fitTree(
      { model_type: 'boosted_tree_classifier', max_iterations: 10, max_bins: 256 },
      x,
      y3,
      [0, 1, 2],
    );
    const p3 = m3.model.predict(m3.batch);
    if (p3.kind !== 'class') throw new Error('expected classes');
    let hit3 = 0;
    for (let i = 0; i < n; i++) hit3 += p3.classIndex[i] === y3[i] ? 1 : 0;
    expect(hit3 / n).toBeGreaterThan(0.99);
  });
});
