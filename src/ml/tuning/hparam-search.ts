// Hyperparameter trials from HPARAM_CANDIDATES / HPARAM_RANGE specs: the grid of all candidate
// combinations (grid_search) or seeded random draws (random_search; log-uniform for ranges over at
// least two decades of positive values), and the objectives trials are compared by.

import type { HParamSpec } from '../core/model-options.js';
import { isIntegerOption } from '../core/model-options.js';
import type { ModelTask } from '../core/model.js';
import { mlError } from '../core/ml-error.js';
import { SeededRandom } from '../core/seeded-random.js';

export interface TrialPlan {
  /** 1-based, as ML.TRIAL_INFO's trial_id. */
  readonly trialId: number;
  readonly values: Readonly<Record<string, number | string>>;
}

/** Largest grid grid_search enumerates. */
const MAX_GRID = 10_000;

export function planTrials(
  space: Readonly<Record<string, HParamSpec>>,
  algorithm: 'grid_search' | 'random_search',
  numTrials: number,
  seed: number,
): TrialPlan[] {
  const names = Object.keys(space).sort();
  if (names.length === 0) return [{ trialId: 1, values: {} }];
  if (algorithm === 'grid_search') {
    for (const name of names)
      if (space[name]!.kind === 'range')
        throw mlError(`grid_search needs HPARAM_CANDIDATES for "${name}", not HPARAM_RANGE`);
    let grid: Record<string, number | string>[] = [{}];
    for (const name of names) {
      const values = (space[name] as Extract<HParamSpec, { kind: 'candidates' }>).values;
      grid = grid.flatMap((g) => values.map((v) => ({ ...g, [name]: v })));
      if (grid.length > MAX_GRID)
        throw mlError(`the hyperparameter grid has more than ${MAX_GRID} combinations`);
    }
    return grid.slice(0, numTrials).map((values, i) => ({ trialId: i + 1, values }));
  }
  const rng = new SeededRandom(seed, 0x7e57);
  return Array.from({ length: numTrials }, (_, i) => {
    const values: Record<string, number | string> = {};
    for (const name of names) values[name] = draw(space[name]!, rng, isIntegerOption(name));
    return { trialId: i + 1, values };
  });
}

function draw(spec: HParamSpec, rng: SeededRandom, integer: boolean): number | string {
  if (spec.kind === 'candidates') return spec.values[rng.int(spec.values.length)]!;
  const { min, max } = spec;
  const u = rng.next();
  const v =
    min > 0 && max / min >= 100
      ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min)))
      : min + u * (max - min);
  return integer ? Math.min(max, Math.max(min, Math.round(v))) : v;
}

const MAXIMIZED = new Set([
  'r2_score',
  'explained_variance',
  'precision',
  'recall',
  'accuracy',
  'f1_score',
  'roc_auc',
  'pr_auc',
]);

/** The spec's short metric names as ML.EVALUATE names them. */
const ALIASES: Readonly<Record<string, string>> = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  r2: 'r2_score',
  davies_bouldin: 'davies_bouldin_index',
};

export function canonicalObjective(name: string): string {
  const lower = name.toLowerCase();
  return ALIASES[lower] ?? lower;
}

export function isMaximized(objective: string): boolean {
  return MAXIMIZED.has(canonicalObjective(objective));
}

/** BigQuery ML's default tuning objective per task. */
export function defaultObjective(task: ModelTask): string {
  switch (task) {
    case 'regression':
    case 'recommendation':
      return task === 'regression' ? 'r2_score' : 'mean_squared_error';
    case 'classification':
      return 'roc_auc';
    case 'clustering':
      return 'davies_bouldin_index';
    case 'dimensionality_reduction':
    case 'transform':
      throw mlError(`models of task ${task} cannot be tuned`);
  }
}
