// linear_reg and logistic_reg against closed forms and scikit-learn 1.2.1 reference coefficients.

import { describe, expect, it } from 'vitest';
import { denseTrainingBatch } from '../core/feature-batch.js';
import { parseModelOptions, type RawOptionValue } from '../core/model-options.js';
import { fitLocal } from '../core/training-pass.js';
import { denseSchema } from '../core/training-schema.js';
import { loadDataset, partitionBatch } from '../testing/dataset-fixtures.js';
import { fitLinearModel } from './linear-trainer.js';
import type { LinearModel } from './linear-model.js';
import { linearLossPass } from './linear-loss-pass.js';
import { runPassLocal } from '../core/training-pass.js';

function fit(
  raw: Record<string, RawOptionValue>,
  names: string[],
  batch = wine(),
  classes: number[] = [],
): LinearModel {
  const { options } = parseModelOptions(raw);
  return fitLocal(fitLinearModel(options, denseSchema(names, 'label', classes)), partitionBatch(batch, 3));
}

/** wine: predict alcohol (column 0) from the other 12 measurements. */
function wine() {
  const data = loadDataset('wine');
  return denseTrainingBatch(data.columns.slice(1), data.columns[0]!);
}
const wineNames = loadDataset('wine').names.slice(1);

function iris(binary: boolean) {
  const data = loadDataset('iris');
  const label = binary ? data.label.map((y) => (y === 2 ? 1 : 0)) : data.label;
  return { batch: denseTrainingBatch(data.columns, label), names: data.names, n: data.rows };
}

describe('linear_reg', () => {
  it('matches least squares (numpy/scikit-learn LinearRegression)', () => {
    const m = fit({ model_type: 'linear_reg' }, wineNames);
    // LinearRegression().fit(wine[:, 1:-1], wine[:, 0]): the first three coefficients and the intercept.
    expect(m.state.coefficients[0]).toBeCloseTo(0.13163622253781604, 8);
    expect(m.state.coefficients[1]).toBeCloseTo(0.1378536117803861, 8);
    expect(m.state.coefficients[6]).toBeCloseTo(-0.20779570101602174, 8);
    expect(m.state.intercepts[0]).toBeCloseTo(11.071849541591936, 7);
  });

  it('matches ElasticNet(alpha=0.1, l1_ratio=0.5) by normal equations and by OWL-QN', () => {
    const expected = [
      0.055958865050307914, 0, -0.02317940448547695, 0, 0, 0, 0, 0, 0.11838501342787995, 0, 0,
      0.0013133144430104015,
    ];
    for (const optimizer of ['normal_equation', 'lbfgs']) {
      const m = fit(
        {
          model_type: 'linear_reg',
          l1_reg: 0.05,
          l2_reg: 0.05,
          standardize_features: false,
          optimizer,
          max_iterations: 2000,
        },
        wineNames,
      );
      for (let j = 0; j < expected.length; j++) expect(m.state.coefficients[j]).toBeCloseTo(expected[j]!, 4);
      expect(m.state.intercepts[0]).toBeCloseTo(11.742052023429247, 3);
    }
  });

  it('matches Ridge(alpha=10): l2_reg = alpha / n on the mean loss', () => {
    const m = fit({ model_type: 'linear_reg', l2_reg: 10 / 178, standardize_features: false }, wineNames);
    expect(m.state.coefficients[0]).toBeCloseTo(0.11524844178717078, 8);
    expect(m.state.coefficients[7]).toBeCloseTo(-0.11459342431270679, 8);
    expect(m.state.intercepts[0]).toBeCloseTo(11.328147068960206, 6);
  });
});

describe('logistic_reg', () => {
  it('binary: matches LogisticRegression(C=1) (l2_reg = 1 / (C·n))', () => {
    const { batch, names, n } = iris(true);
    const m = fit(
      { model_type: 'logistic_reg', l2_reg: 1 / n, standardize_features: false, min_rel_progress: 1e-15 },
      names,
      batch,
      [0, 1],
    );
    const expected = [-0.3944478709134282, -0.5133412045343414, 2.9308752347047715, 2.417098787444051];
    for (let j = 0; j < 4; j++) expect(m.state.coefficients[j]).toBeCloseTo(expected[j]!, 4);
    expect(m.state.intercepts[0]).toBeCloseTo(-14.431216714891093, 3);
  });

  it("auto_class_weights: matches LogisticRegression(class_weight='balanced')", () => {
    const { batch, names, n } = iris(true);
    const m = fit(
      {
        model_type: 'logistic_reg',
        l2_reg: 1 / n,
        standardize_features: false,
        auto_class_weights: true,
        min_rel_progress: 1e-15,
      },
      names,
      batch,
      [0, 1],
    );
    // scikit-learn's lbfgs stops early here (gradient 7.7e-6); its solution polished by scipy BFGS
    // (gtol 1e-13) is the reference.
    const expected = [-0.45729169997476865, -0.5534677421160381, 2.999533249546157, 2.4695493531325066];
    for (let j = 0; j < 4; j++) expect(m.state.coefficients[j]).toBeCloseTo(expected[j]!, 5);
    expect(m.state.intercepts[0]).toBeCloseTo(-13.857924773185148, 4);
  });

  it('multiclass: matches multinomial LogisticRegression(C=1)', () => {
    const { batch, names, n } = iris(false);
    const m = fit(
      { model_type: 'logistic_reg', l2_reg: 1 / n, standardize_features: false, min_rel_progress: 1e-15 },
      names,
      batch,
      [0, 1, 2],
    );
    const coef = [
      [-0.42345818624269244, 0.9674006371517376, -2.517168550431804, -1.0792693997806697],
      [0.5343924240185581, -0.32168548227217897, -0.20631233427937426, -0.9443427799716742],
      [-0.11093423777586439, -0.6457151548795563, 2.7234808847111767, 2.0236121797523494],
    ];
    const intercept = [9.848956486435403, 2.2376286249068866, -12.08658511134216];
    for (let k = 0; k < 3; k++) {
      for (let j = 0; j < 4; j++) expect(m.state.coefficients[k * 4 + j]).toBeCloseTo(coef[k]![j]!, 3);
      expect(m.state.intercepts[k]).toBeCloseTo(intercept[k]!, 2);
    }
  });

  it('L1 (Spark reg_param, elastic_net_param = 1): the solution satisfies the optimality conditions', () => {
    const { batch, names } = iris(true);
    const lambda = 0.02;
    const m = fit(
      {
        model_type: 'logistic_reg',
        reg_param: lambda,
        elastic_net_param: 1,
        max_iterations: 1000,
        min_rel_progress: 1e-15,
      },
      names,
      batch,
      [0, 1],
    );
    // Subgradient of mean loss + λ‖θ‖₁ in standardized space: |∂_j| = λ where θ_j ≠ 0, ≤ λ where θ_j = 0.
    const s = runPassLocal(
      linearLossPass({
        loss: 'logistic',
        dim: 4,
        outputs: 1,
        coefficients: m.state.coefficients,
        intercepts: m.state.intercepts,
        classWeights: null,
      }),
      [[batch]],
    );
    const std = batch.dense.map((c) => {
      const mean = c.reduce((a, b) => a + b, 0) / c.length;
      return Math.sqrt(c.reduce((a, b) => a + (b - mean) ** 2, 0) / (c.length - 1));
    });
    let zeros = 0;
    for (let j = 0; j < 4; j++) {
      const g = s.gradient[j]! / s.weightSum / std[j]!;
      const theta = m.state.coefficients[j]! * std[j]!;
      if (theta === 0) {
        zeros++;
        expect(Math.abs(g)).toBeLessThanOrEqual(lambda + 1e-6);
      } else expect(g + lambda * Math.sign(theta)).toBeCloseTo(0, 5);
    }
    expect(zeros).toBeGreaterThan(0);
    expect(Math.abs(s.interceptGradient[0]! / s.weightSum)).toBeLessThan(1e-6);
  });

  it('predicts probabilities that sum to 1 and honours the threshold', () => {
    const { batch, names } = iris(true);
    const m = fit({ model_type: 'logistic_reg' }, names, batch, [0, 1]);
    const p = m.predict(batch);
    if (p.kind !== 'class') throw new Error('expected classes');
    for (let i = 0; i < batch.rows; i++)
      expect(p.probabilities[0]![i]! + p.probabilities[1]![i]!).toBeCloseTo(1, 12);
    const all = m.predict(batch, { threshold: 0 });
    if (all.kind !== 'class') throw new Error('expected classes');
    expect(all.classIndex.every((c) => c === 1)).toBe(true);
  });

  it('names the column that holds NaN and refuses a single class', () => {
    const { batch, names } = iris(true);
    const bad = denseTrainingBatch(
      batch.dense.map((c, j) => (j === 2 ? Float64Array.from(c, (v, i) => (i === 7 ? NaN : v)) : c)),
      batch.label,
    );
    expect(() => fit({ model_type: 'logistic_reg' }, names, bad, [0, 1])).toThrow(
      /"petal_length_cm" contains NULL/,
    );
    expect(() => fit({ model_type: 'logistic_reg' }, names, batch, [0])).toThrow(
      /at least 2 distinct labels/,
    );
  });
});
