// ML.EVALUATE and ML.CONFUSION_MATRIX for classifiers: a mergeable state over predicted classes and
// probabilities. Binary: precision/recall/F1 of the positive class (index 1); multiclass: macro averages
// (BigQuery ML) or micro averages, accuracy over all rows, log loss, and one-vs-rest macro ROC AUC.

import { curvePoints, type CurvePoint, rocAuc } from './score-curves.js';

export const CLASSIFICATION_METRICS = [
  'precision',
  'recall',
  'accuracy',
  'f1_score',
  'log_loss',
  'roc_auc',
] as const;

export type ClassificationMetrics = Record<(typeof CLASSIFICATION_METRICS)[number], number | null>;

/** Probabilities are clipped to [ε, 1 − ε] in the log loss, as scikit-learn. */
const LOG_LOSS_EPSILON = 1e-15;

export class ClassificationMetricsState {
  /** confusion[actual·K + predicted]. */
  readonly confusion: Float64Array;
  private logLossSum = 0;
  private count = 0;
  private labels: Float64Array[] = [];
  private probabilities: Float64Array[][] = [];

  constructor(readonly numClasses: number) {
    this.confusion = new Float64Array(numClasses * numClasses);
  }

  /** Adds rows: label[i] is the actual class index (NaN rows are skipped). */
  update(
    label: Float64Array,
    predicted: Int32Array,
    probabilities: readonly Float64Array[],
    n: number,
  ): void {
    const k = this.numClasses;
    let skipped = 0;
    for (let i = 0; i < n; i++) {
      const y = label[i]!;
      if (Number.isNaN(y)) {
        skipped++;
        continue;
      }
      this.confusion[y * k + predicted[i]!]!++;
      const p = Math.min(Math.max(probabilities[y]![i]!, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
      this.logLossSum -= Math.log(p);
    }
    this.count += n - skipped;
    if (skipped === 0) {
      this.labels.push(label.slice(0, n));
      this.probabilities.push(probabilities.map((column) => column.slice(0, n)));
      return;
    }
    const keep: number[] = [];
    for (let i = 0; i < n; i++) if (!Number.isNaN(label[i]!)) keep.push(i);
    const take = (column: Float64Array) => {
      const out = new Float64Array(keep.length);
      for (let k = 0; k < keep.length; k++) out[k] = column[keep[k]!]!;
      return out;
    };
    this.labels.push(take(label));
    this.probabilities.push(probabilities.map(take));
  }

  merge(other: ClassificationMetricsState): void {
    for (let t = 0; t < this.confusion.length; t++) this.confusion[t]! += other.confusion[t]!;
    this.logLossSum += other.logLossSum;
    this.count += other.count;
    this.labels.push(...other.labels);
    this.probabilities.push(...other.probabilities);
  }

  finish(averaging: 'macro' | 'micro' = 'macro'): ClassificationMetrics {
    const k = this.numClasses;
    if (this.count === 0)
      return Object.fromEntries(CLASSIFICATION_METRICS.map((m) => [m, null])) as ClassificationMetrics;
    let correct = 0;
    for (let c = 0; c < k; c++) correct += this.confusion[c * k + c]!;
    const accuracy = correct / this.count;
    const logLoss = this.logLossSum / this.count;
    if (k === 2) {
      const prf = this.classPrf(1);
      return { ...prf, accuracy, log_loss: logLoss, roc_auc: rocAuc(this.scores(1), this.positives(1)) };
    }
    let precision = 0;
    let recall = 0;
    let f1 = 0;
    let auc = 0;
    let aucClasses = 0;
    for (let c = 0; c < k; c++) {
      const prf = this.classPrf(c);
      precision += prf.precision / k;
      recall += prf.recall / k;
      f1 += prf.f1_score / k;
      const a = rocAuc(this.scores(c), this.positives(c));
      if (a !== null) {
        auc += a;
        aucClasses++;
      }
    }
    // Single-label micro averages of precision, recall and F1 all equal accuracy.
    if (averaging === 'micro')
      ({ precision, recall, f1 } = { precision: accuracy, recall: accuracy, f1: accuracy });
    return {
      precision,
      recall,
      accuracy,
      f1_score: f1,
      log_loss: logLoss,
      roc_auc: aucClasses > 0 ? auc / aucClasses : null,
    };
  }

  /** ML.ROC_CURVE / ML.PR_CURVE points of a binary model (class 1 positive), or one class vs rest. */
  curve(positiveClass = 1, thresholds: readonly number[] | null = null, maxPoints = Infinity): CurvePoint[] {
    return curvePoints(this.scores(positiveClass), this.positives(positiveClass), thresholds, maxPoints);
  }

  /** Probability of class c for every row seen. */
  scores(c: number): Float64Array {
    return concat(
      this.probabilities.map((chunk) => chunk[c]!),
      this.count,
    );
  }

  private positives(c: number): Uint8Array {
    const labels = concat(this.labels, this.count);
    const out = new Uint8Array(labels.length);
    for (let i = 0; i < labels.length; i++) out[i] = labels[i] === c ? 1 : 0;
    return out;
  }

  private classPrf(c: number): { precision: number; recall: number; f1_score: number } {
    const k = this.numClasses;
    let predicted = 0;
    let actual = 0;
    for (let o = 0; o < k; o++) {
      predicted += this.confusion[o * k + c]!;
      actual += this.confusion[c * k + o]!;
    }
    const tp = this.confusion[c * k + c]!;
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = actual > 0 ? tp / actual : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1_score: f1 };
  }
}

function concat(chunks: readonly Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
