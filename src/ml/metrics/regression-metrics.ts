// ML.EVALUATE for regression (and explicit matrix factorization): a mergeable state over (prediction,
// label) pairs producing BigQuery ML's fixed columns; also the model-free ML_RMSE aggregate.

export const REGRESSION_METRICS = [
  'mean_absolute_error',
  'mean_squared_error',
  'mean_squared_log_error',
  'median_absolute_error',
  'r2_score',
  'explained_variance',
] as const;

export type RegressionMetrics = Record<(typeof REGRESSION_METRICS)[number], number | null>;

export class RegressionMetricsState {
  private count = 0;
  private absSum = 0;
  private sqSum = 0;
  private logSqSum = 0;
  private negative = false;
  /** Label and residual moments (mean, Σ(x − mean)²), merged with Chan's formula. */
  private labelMean = 0;
  private labelM2 = 0;
  private errorMean = 0;
  private errorM2 = 0;
  private absErrors: Float64Array[] = [];

  /** Adds pairs; rows where either value is NaN (NULL, or a cold-start prediction) are skipped. */
  update(predicted: Float64Array, label: Float64Array, n: number): void {
    const abs = new Float64Array(n);
    let m = 0;
    let lm = 0;
    let em = 0;
    let lm2 = 0;
    let em2 = 0;
    for (let i = 0; i < n; i++) {
      const p = predicted[i]!;
      const y = label[i]!;
      if (Number.isNaN(p) || Number.isNaN(y)) continue;
      const e = y - p;
      abs[m++] = Math.abs(e);
      this.absSum += Math.abs(e);
      this.sqSum += e * e;
      if (p < 0 || y < 0) this.negative = true;
      else this.logSqSum += (Math.log1p(y) - Math.log1p(p)) ** 2;
      const dl = y - lm;
      lm += dl / m;
      lm2 += dl * (y - lm);
      const de = e - em;
      em += de / m;
      em2 += de * (e - em);
    }
    if (m === 0) return;
    this.absErrors.push(abs.slice(0, m));
    const total = this.count + m;
    const f = (this.count * m) / total;
    this.labelM2 += lm2 + f * (lm - this.labelMean) ** 2;
    this.errorM2 += em2 + f * (em - this.errorMean) ** 2;
    this.labelMean += ((lm - this.labelMean) * m) / total;
    this.errorMean += ((em - this.errorMean) * m) / total;
    this.count = total;
  }

  merge(other: RegressionMetricsState): void {
    if (other.count === 0) return;
    const total = this.count + other.count;
    const f = (this.count * other.count) / total;
    this.labelM2 += other.labelM2 + f * (other.labelMean - this.labelMean) ** 2;
    this.errorM2 += other.errorM2 + f * (other.errorMean - this.errorMean) ** 2;
    this.labelMean += ((other.labelMean - this.labelMean) * other.count) / total;
    this.errorMean += ((other.errorMean - this.errorMean) * other.count) / total;
    this.count = total;
    this.absSum += other.absSum;
    this.sqSum += other.sqSum;
    this.logSqSum += other.logSqSum;
    this.negative ||= other.negative;
    this.absErrors.push(...other.absErrors);
  }

  /** The metrics; null where undefined (no rows; log error of negative values; constant label for r²). */
  finish(): RegressionMetrics {
    const n = this.count;
    if (n === 0) return Object.fromEntries(REGRESSION_METRICS.map((m) => [m, null])) as RegressionMetrics;
    return {
      mean_absolute_error: this.absSum / n,
      mean_squared_error: this.sqSum / n,
      mean_squared_log_error: this.negative ? null : this.logSqSum / n,
      median_absolute_error: median(this.absErrors, n),
      r2_score: this.labelM2 > 0 ? 1 - this.sqSum / this.labelM2 : null,
      explained_variance: this.labelM2 > 0 ? 1 - this.errorM2 / this.labelM2 : null,
    };
  }

  /** Root mean squared error (ML_RMSE). */
  rmse(): number | null {
    return this.count > 0 ? Math.sqrt(this.sqSum / this.count) : null;
  }
}

function median(chunks: readonly Float64Array[], n: number): number {
  const all = new Float64Array(n);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  all.sort();
  return n % 2 === 1 ? all[(n - 1) / 2]! : (all[n / 2 - 1]! + all[n / 2]!) / 2;
}
