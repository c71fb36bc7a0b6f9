// Threshold curves of a binary score: ROC and precision-recall points with their confusion counts, exact
// ROC AUC (ties averaged, the Mann-Whitney statistic) and average precision (PR AUC, as scikit-learn).

/** One point of ML.ROC_CURVE / ML.PR_CURVE: rows with score ≥ threshold are predicted positive. */
export interface CurvePoint {
  readonly threshold: number;
  readonly recall: number;
  readonly falsePositiveRate: number;
  readonly precision: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
}

/**
 * Score order (descending) with positives flagged (1); NaN scores are dropped. Positive and negative
 * scores are sorted apart by the native typed-array sort and merged, so tied scores come in no set
 * order: every reader walks a tie group whole.
 */
function ranked(scores: Float64Array, positive: Uint8Array): { s: Float64Array; p: Uint8Array } {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]!)) continue;
    if (positive[i]) positives++;
    else negatives++;
  }
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  positives = 0;
  negatives = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (Number.isNaN(v)) continue;
    if (positive[i]) pos[positives++] = v;
    else neg[negatives++] = v;
  }
  pos.sort();
  neg.sort();
  const n = positives + negatives;
  const s = new Float64Array(n);
  const p = new Uint8Array(n);
  let a = positives - 1;
  let b = negatives - 1;
  for (let k = 0; k < n; k++) {
    if (b < 0 || (a >= 0 && pos[a]! >= neg[b]!)) {
      s[k] = pos[a--]!;
      p[k] = 1;
    } else s[k] = neg[b--]!;
  }
  return { s, p };
}

/** Area under the ROC curve; null when one class is absent. */
export function rocAuc(scores: Float64Array, positive: Uint8Array): number | null {
  const { s, p } = ranked(scores, positive);
  let pos = 0;
  for (const v of p) pos += v;
  const neg = p.length - pos;
  if (pos === 0 || neg === 0) return null;
  // Walk tie groups from the highest score: each negative counts the positives ranked above it (+½ for ties).
  let above = 0;
  let area = 0;
  for (let i = 0; i < s.length;) {
    let j = i;
    let groupPos = 0;
    while (j < s.length && s[j] === s[i]) groupPos += p[j++]!;
    const groupNeg = j - i - groupPos;
    area += groupNeg * (above + groupPos / 2);
    above += groupPos;
    i = j;
  }
  return area / (pos * neg);
}

/** Average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds; null without positives. */
export function averagePrecision(scores: Float64Array, positive: Uint8Array): number | null {
  const points = curvePoints(scores, positive, null);
  let ap = 0;
  let previousRecall = 0;
  for (const q of points) {
    if (q.truePositives + q.falseNegatives === 0) return null;
    ap += (q.recall - previousRecall) * q.precision;
    previousRecall = q.recall;
  }
  return ap;
}

/**
 * Curve points at the given thresholds, or at every distinct score when `thresholds` is null (every
 * k-th of them, and the last, when there are more than `maxPoints`), in decreasing threshold order
 * (increasing recall).
 */
export function curvePoints(
  scores: Float64Array,
  positive: Uint8Array,
  thresholds: readonly number[] | null,
  maxPoints = Infinity,
): CurvePoint[] {
  const { s, p } = ranked(scores, positive);
  let pos = 0;
  for (const v of p) pos += v;
  const neg = s.length - pos;
  const cuts = thresholds
    ? [...thresholds].sort((a, b) => b - a)
    : everyKth(distinctDescending(s), maxPoints);
  const out: CurvePoint[] = [];
  let i = 0;
  let tp = 0;
  let fp = 0;
  for (const t of cuts) {
    while (i < s.length && s[i]! >= t) {
      if (p[i]) tp++;
      else fp++;
      i++;
    }
    out.push({
      threshold: t,
      recall: pos > 0 ? tp / pos : 0,
      falsePositiveRate: neg > 0 ? fp / neg : 0,
      precision: tp + fp > 0 ? tp / (tp + fp) : 1,
      truePositives: tp,
      falsePositives: fp,
      trueNegatives: neg - fp,
      falseNegatives: pos - tp,
    });
  }
  return out;
}

/** Every k-th value so that at most `max` remain, keeping the last. */
export function everyKth<T>(values: readonly T[], max: number): T[] {
  if (values.length <= max) return [...values];
  const step = Math.ceil(values.length / max);
  const out = values.filter((_, i) => i % step === 0);
  if (out.at(-1) !== values.at(-1)) out.push(values.at(-1)!);
  return out;
}

/** BigQuery ML's default curve thresholds: the 0th … 100th percentiles of the scores (distinct). */
export function percentileThresholds(scores: Float64Array, buckets = 100): number[] {
  const sorted = Float64Array.from(scores.filter((x) => !Number.isNaN(x))).sort();
  if (sorted.length === 0) return [];
  const out = new Set<number>();
  for (let q = 0; q <= buckets; q++)
    out.add(sorted[Math.min(sorted.length - 1, Math.floor((q / buckets) * (sorted.length - 1)))]!);
  return [...out];
}

function distinctDescending(s: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) out.push(s[i]!);
  return out;
}
