// The score ranking behind ROC AUC and the curves (two typed-array sorts and a merge) gives exactly what
// the index sort it replaced gave, ties and NaN scores included; and classification metrics are the same
// with and without NaN labels in a batch.

import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../core/seeded-random.js';
import { ClassificationMetricsState } from './classification-metrics.js';
import { averagePrecision, curvePoints, rocAuc } from './score-curves.js';

/** The former ranking: indexes sorted by descending score with a comparator. */
function referenceRanked(scores: Float64Array, positive: Uint8Array): { s: Float64Array; p: Uint8Array } {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i]!)) idx.push(i);
  idx.sort((a, b) => scores[b]! - scores[a]!);
  return { s: Float64Array.from(idx, (i) => scores[i]!), p: Uint8Array.from(idx, (i) => positive[i]!) };
}

function referenceAuc(scores: Float64Array, positive: Uint8Array): number | null {
  const { s, p } = referenceRanked(scores, positive);
  let pos = 0;
  for (const v of p) pos += v;
  const neg = p.length - pos;
  if (pos === 0 || neg === 0) return null;
  let above = 0;
  let area = 0;
  for (let i = 0; i < s.length;) {
    let j = i;
    let groupPos = 0;
    while (j < s.length && s[j] === s[i]) groupPos += p[j++]!;
    area += (j - i - groupPos) * (above + groupPos / 2);
    above += groupPos;
    i = j;
  }
  return area / (pos * neg);
}

function sample(n: number, levels: number, seed: number): { scores: Float64Array; positive: Uint8Array } {
  const rng = new SeededRandom(seed);
  const scores = new Float64Array(n);
  const positive = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // Few distinct levels make many ties; some NaN scores are dropped.
    scores[i] = rng.next() < 0.02 ? NaN : Math.floor(rng.next() * levels) / levels;
    positive[i] = rng.next() < 0.3 + 0.4 * (Number.isNaN(scores[i]!) ? 0 : scores[i]!) ? 1 : 0;
  }
  return { scores, positive };
}

describe('score ranking', () => {
  for (const [n, levels] of [
    [1000, 7],
    [5000, 1000],
    [20_000, 1e9],
  ] as const) {
    it(`ROC AUC, average precision and curve points as before (${n} rows, ${levels} levels)`, () => {
      const { scores, positive } = sample(n, levels, n + levels);
      expect(rocAuc(scores, positive)).toBe(referenceAuc(scores, positive));
      const { s, p } = referenceRanked(scores, positive);
      const thresholds = [0.9, 0.5, 0.1, 0];
      const points = curvePoints(scores, positive, thresholds);
      thresholds.forEach((t, k) => {
        let tp = 0;
        let fp = 0;
        for (let i = 0; i < s.length && s[i]! >= t; i++) {
          tp += p[i]!;
          fp += 1 - p[i]!;
        }
        expect([points[k]!.truePositives, points[k]!.falsePositives]).toEqual([tp, fp]);
      });
      const all = curvePoints(scores, positive, null);
      expect(all.length).toBe(new Set(s).size);
      expect(averagePrecision(scores, positive)).not.toBeNull();
    });
  }

  it('is null without one of the classes, and handles all-NaN input', () => {
    expect(rocAuc(Float64Array.of(0.1, 0.2), Uint8Array.of(1, 1))).toBeNull();
    expect(rocAuc(Float64Array.of(NaN, NaN), Uint8Array.of(1, 0))).toBeNull();
    expect(curvePoints(Float64Array.of(NaN), Uint8Array.of(1), null)).toEqual([]);
  });
});

describe('classification metrics state', () => {
  it('gives the same metrics when NaN labels are present as without those rows', () => {
    const label = Float64Array.of(0, 1, NaN, 1, 0, 1, NaN, 0);
    const predicted = Int32Array.of(0, 1, 1, 0, 0, 1, 0, 1);
    const p1 = Float64Array.of(0.2, 0.8, 0.6, 0.4, 0.1, 0.9, 0.3, 0.7);
    const p0 = p1.map((v) => 1 - v);
    const withNaN = new ClassificationMetricsState(2);
    withNaN.update(label, predicted, [p0, p1], label.length);
    const keep = [0, 1, 3, 4, 5, 7];
    const pick = <T extends Float64Array | Int32Array>(a: T) => a.filter((_, i) => keep.includes(i)) as T;
    const clean = new ClassificationMetricsState(2);
    clean.update(pick(label), pick(predicted), [pick(p0), pick(p1)], keep.length);
    expect(withNaN.finish()).toEqual(clean.finish());
    expect(withNaN.curve()).toEqual(clean.curve());
    expect(clean.finish().roc_auc).toBe(referenceAuc(pick(p1), Uint8Array.from(pick(label))));
  });
});
