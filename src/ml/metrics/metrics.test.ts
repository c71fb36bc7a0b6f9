// Metrics against scikit-learn 1.2.1 (sklearn.metrics) on small hand-checkable vectors.

import { describe, expect, it } from 'vitest';
import { ClassificationMetricsState } from './classification-metrics.js';
import { RegressionMetricsState } from './regression-metrics.js';
import { averagePrecision, curvePoints, percentileThresholds, rocAuc } from './score-curves.js';

describe('regression metrics', () => {
  it('match mean_absolute_error, mean_squared_error, median_absolute_error, r2_score, explained_variance_score', () => {
    const a = new RegressionMetricsState();
    const b = new RegressionMetricsState();
    a.update(Float64Array.of(2.5, 0.0), Float64Array.of(3, -0.5), 2);
    b.update(Float64Array.of(2, 8, 4.0, NaN), Float64Array.of(2, 7, 4.2, 1), 4);
    a.merge(b);
    const m = a.finish();
    expect(m.mean_absolute_error).toBeCloseTo(0.44, 12);
    expect(m.mean_squared_error).toBeCloseTo(0.308, 12);
    expect(m.median_absolute_error).toBeCloseTo(0.5, 12);
    expect(m.r2_score).toBeCloseTo(0.9496600418410042, 12);
    expect(m.explained_variance).toBeCloseTo(0.9538441422594142, 12);
    expect(m.mean_squared_log_error).toBeNull(); // undefined for negative values, as scikit-learn
    const msle = new RegressionMetricsState();
    msle.update(Float64Array.of(1.5, 2, 2.5, 5), Float64Array.of(1, 2, 3, 4), 4);
    expect(msle.finish().mean_squared_log_error).toBeCloseTo(0.02521620684528324, 12);
  });
});

describe('classification metrics', () => {
  const labels = Float64Array.of(0, 0, 1, 1, 1, 0, 1, 0);
  const scores = Float64Array.of(0.1, 0.4, 0.35, 0.8, 0.7, 0.7, 0.2, 0.05);
  const positive = Uint8Array.from(labels);

  it('binary: precision, recall, f1, accuracy, log loss and ROC AUC', () => {
    const s = new ClassificationMetricsState(2);
    const predicted = Int32Array.from(scores, (p) => (p > 0.5 ? 1 : 0));
    s.update(labels, predicted, [scores.map((p) => 1 - p), scores], labels.length);
    const m = s.finish();
    expect(m.precision).toBeCloseTo(0.6666666666666666, 12);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.f1_score).toBeCloseTo(0.5714285714285715, 12);
    expect(m.accuracy).toBeCloseTo(0.625, 12);
    expect(m.log_loss).toBeCloseTo(0.638816346290378, 12);
    expect(m.roc_auc).toBeCloseTo(0.71875, 12);
    expect(Array.from(s.confusion)).toEqual([3, 1, 2, 2]);
  });

  it('ROC AUC with ties, average precision and curve points', () => {
    expect(rocAuc(scores, positive)).toBeCloseTo(0.71875, 12);
    expect(averagePrecision(scores, positive)).toBeCloseTo(0.7333333333333333, 12);
    const points = curvePoints(scores, positive, [0.5]);
    expect(points[0]).toMatchObject({
      truePositives: 2,
      falsePositives: 1,
      trueNegatives: 3,
      falseNegatives: 2,
      recall: 0.5,
    });
    expect(points[0]!.falsePositiveRate).toBeCloseTo(0.25, 12);
    const all = curvePoints(scores, positive, null);
    expect(all.at(-1)).toMatchObject({ recall: 1, falsePositiveRate: 1 });
    expect(percentileThresholds(scores, 4)).toEqual([0.05, 0.1, 0.35, 0.7, 0.8]);
  });

  it('multiclass: macro averages, log loss and one-vs-rest macro ROC AUC', () => {
    const p = [
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
      [0.2, 0.2, 0.6],
      [0.5, 0.3, 0.2],
      [0.1, 0.3, 0.6],
      [0.3, 0.4, 0.3],
    ];
    const columns = [0, 1, 2].map((c) => Float64Array.from(p, (r) => r[c]!));
    const predicted = Int32Array.from(p, (r) => r.indexOf(Math.max(...r)));
    const s = new ClassificationMetricsState(3);
    s.update(Float64Array.of(0, 1, 2, 1, 2, 0), predicted, columns, 6);
    const m = s.finish();
    expect(m.precision).toBeCloseTo(0.6666666666666666, 12);
    expect(m.recall).toBeCloseTo(0.6666666666666666, 12);
    expect(m.f1_score).toBeCloseTo(0.6666666666666666, 12);
    expect(m.accuracy).toBeCloseTo(0.6666666666666666, 12);
    expect(m.log_loss).toBeCloseTo(0.6682358919061325, 12);
    expect(m.roc_auc).toBeCloseTo(0.8958333333333334, 12);
    expect(s.finish('micro').precision).toBeCloseTo(m.accuracy!, 12);
  });
});
