// naive_bayes against scikit-learn 1.2.1 GaussianNB / MultinomialNB posteriors on tiny data.

import { describe, expect, it } from 'vitest';
import { denseBatch, denseTrainingBatch } from '../core/feature-batch.js';
import { parseModelOptions } from '../core/model-options.js';
import { fitLocal } from '../core/training-pass.js';
import { denseSchema } from '../core/training-schema.js';
import { fitNaiveBayes } from './naive-bayes-trainer.js';

function fit(distribution: string, x: number[][], y: number[]) {
  const { options } = parseModelOptions({ model_type: 'naive_bayes', nb_distribution: distribution });
  const columns = x[0]!.map((_, j) => Float64Array.from(x, (r) => r[j]!));
  const batch = denseTrainingBatch(columns, Float64Array.from(y));
  const halves = [
    [{ ...batch, rows: 3, dense: columns.map((c) => c.subarray(0, 3)), label: batch.label!.subarray(0, 3) }],
    [
      {
        ...batch,
        rows: batch.rows - 3,
        dense: columns.map((c) => c.subarray(3)),
        label: batch.label!.subarray(3),
        firstRow: 3,
      },
    ],
  ];
  return fitLocal(
    fitNaiveBayes(
      options,
      denseSchema(
        columns.map((_, j) => `x${j}`),
        'label',
        [0, 1],
      ),
    ),
    halves,
  );
}

function probabilities(model: ReturnType<typeof fit>, rows: number[][]): number[][] {
  const p = model.predict(denseBatch(rows[0]!.map((_, j) => Float64Array.from(rows, (r) => r[j]!))));
  if (p.kind !== 'class') throw new Error('expected classes');
  return rows.map((_, i) => p.probabilities.map((c) => c[i]!));
}

describe('naive_bayes', () => {
  it('gaussian: posteriors equal GaussianNB', () => {
    const m = fit(
      'gaussian',
      [
        [1, 2],
        [2, 1],
        [3, 4],
        [4, 3],
        [5, 6],
        [6, 4],
      ],
      [0, 0, 0, 1, 1, 1],
    );
    const p = probabilities(m, [
      [3.5, 3.5],
      [1, 1],
    ]);
    expect(p[0]![0]).toBeCloseTo(0.4466326272996492, 10);
    expect(p[0]![1]).toBeCloseTo(0.5533673727003505, 10);
    expect(p[1]![1]).toBeCloseTo(6.47594833721433e-7, 12);
  });

  it('multinomial: posteriors equal MultinomialNB(alpha=1)', () => {
    const m = fit(
      'multinomial',
      [
        [2, 1, 0],
        [3, 0, 1],
        [0, 2, 3],
        [1, 0, 4],
      ],
      [0, 0, 1, 1],
    );
    const p = probabilities(m, [[1, 1, 1]]);
    expect(p[0]![0]).toBeCloseTo(0.5234691446271149, 12);
  });

  it('multinomial refuses negative features, naming the column', () => {
    expect(() =>
      fit(
        'multinomial',
        [
          [2, -1, 0],
          [3, 0, 1],
          [0, 2, 3],
          [1, 0, 4],
        ],
        [0, 0, 1, 1],
      ),
    ).toThrow(/"x1" has -1/);
  });
});
