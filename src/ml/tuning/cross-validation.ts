// Runs tuning trials through a fit/evaluate callback: each trial is evaluated on one train/eval split or,
// with num_folds = k, on k folds whose metrics are averaged; the best trial by the objective wins.

import { mlError } from '../core/ml-error.js';
import type { TrialPlan } from './hparam-search.js';
import { canonicalObjective, isMaximized } from './hparam-search.js';

export type MetricRow = Readonly<Record<string, number | null>>;

/** Fits with a trial's option values on all rows but `fold` (or the training split when fold is null) and evaluates. */
export type TrialEvaluator = (
  values: TrialPlan['values'],
  fold: number | null,
) => MetricRow | Promise<MetricRow>;

/** One row of ML.TRIAL_INFO. */
export interface TrialResult {
  readonly trialId: number;
  readonly values: TrialPlan['values'];
  /** Metrics averaged over folds. */
  readonly metrics: MetricRow;
  readonly objective: number | null;
  readonly isOptimal: boolean;
}

/** Runs the trials one fit at a time (an evaluator may wait between passes, e.g. for a cancel). */
export async function runTrials(
  plans: readonly TrialPlan[],
  numFolds: number,
  objective: string,
  evaluate: TrialEvaluator,
): Promise<{ trials: TrialResult[]; best: TrialResult }> {
  if (numFolds === 1) throw mlError('num_folds must be 0 (one split) or at least 2');
  const key = canonicalObjective(objective);
  const scored: { plan: TrialPlan; metrics: MetricRow; objective: number | null }[] = [];
  for (const plan of plans) {
    const runs: MetricRow[] = [];
    if (numFolds === 0) runs.push(await evaluate(plan.values, null));
    else for (let f = 0; f < numFolds; f++) runs.push(await evaluate(plan.values, f));
    const metrics = averageMetrics(runs);
    if (!(key in metrics))
      throw mlError(
        `hparam_tuning_objectives names "${objective}", which this model's evaluation does not report`,
      );
    scored.push({ plan, metrics, objective: metrics[key] ?? null });
  }
  const sign = isMaximized(key) ? 1 : -1;
  let best = -1;
  scored.forEach((s, i) => {
    if (s.objective === null || Number.isNaN(s.objective)) return;
    if (best < 0 || sign * s.objective > sign * scored[best]!.objective!) best = i;
  });
  if (best < 0) throw mlError(`no trial produced a value for objective "${objective}"`);
  const trials = scored.map((s, i) => ({
    trialId: s.plan.trialId,
    values: s.plan.values,
    metrics: s.metrics,
    objective: s.objective,
    isOptimal: i === best,
  }));
  return { trials, best: trials[best]! };
}

function averageMetrics(runs: readonly MetricRow[]): MetricRow {
  const out: Record<string, number | null> = {};
  for (const name of Object.keys(runs[0] ?? {})) {
    const values = runs.map((r) => r[name]).filter((v): v is number => v !== null && v !== undefined);
    out[name] = values.length === runs.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }
  return out;
}
