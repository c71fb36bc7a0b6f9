// Model-free evaluation aggregates that work with GROUP BY: ml_rmse(predicted, actual),
// ml_mae(predicted, actual), ml_r2(predicted, actual) and ml_auc(score, label) (label 1/true positive,
// exact ROC AUC with ties averaged). Rows where either argument is NULL are skipped.

import type { Vector } from '../../columnar/vector.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
// From its own module, not the ML index: workers load this aggregate, and the index loads all of ML.
import { rocAuc } from '../../ml/metrics/score-curves.js';
import { Types } from '../../types/data-type.js';
import type { AggregateDefinition, AggregateState, StateSnapshot } from '../function.js';
import { restoreInto, rowValid, snapshotOf } from './state-helpers.js';

type Metric = 'ml_rmse' | 'ml_mae' | 'ml_r2' | 'ml_auc';

/** Keeps each group's (first, second) pairs; the metric is computed at finish. */
class PairsState implements AggregateState {
  firsts: number[][] = [];
  seconds: number[][] = [];

  constructor(private readonly metric: Metric) {}

  resize(): void {}

  update(groups: Int32Array, args: readonly Vector[], n: number): void {
    const [a, b] = args as [Vector, Vector];
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g < 0 || !rowValid(a, i) || !rowValid(b, i)) continue;
      (this.firsts[g] ??= []).push(Number(getScalar(a, i)));
      (this.seconds[g] ??= []).push(Number(getScalar(b, i)));
    }
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = other as PairsState;
    for (let g = 0; g < mapping.length; g++) {
      const to = mapping[g]!;
      if (o.firsts[g] === undefined) continue;
      (this.firsts[to] ??= []).push(...o.firsts[g]!);
      (this.seconds[to] ??= []).push(...o.seconds[g]!);
    }
  }

  finish(count: number): Vector {
    const out: (number | null)[] = [];
    for (let g = 0; g < count; g++) out.push(this.value(this.firsts[g] ?? [], this.seconds[g] ?? []));
    return vectorFromScalars(Types.float8, out);
  }

  private value(x: readonly number[], y: readonly number[]): number | null {
    const n = x.length;
    if (n === 0) return null;
    switch (this.metric) {
      case 'ml_rmse':
        return Math.sqrt(x.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0) / n);
      case 'ml_mae':
        return x.reduce((s, v, i) => s + Math.abs(v - y[i]!), 0) / n;
      case 'ml_r2': {
        const mean = y.reduce((s, v) => s + v, 0) / n;
        const total = y.reduce((s, v) => s + (v - mean) ** 2, 0);
        const residual = x.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0);
        return total === 0 ? null : 1 - residual / total;
      }
      case 'ml_auc':
        return rocAuc(
          Float64Array.from(x),
          Uint8Array.from(y, (v) => (v === 1 ? 1 : 0)),
        );
    }
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['firsts', 'seconds']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['firsts', 'seconds']);
  }
}

function metric(name: Metric, description: string, example: string): AggregateDefinition {
  return {
    kind: 'aggregate',
    name,
    description,
    example,
    overloads: [
      { args: [Types.float8, Types.float8], returns: Types.float8, create: () => new PairsState(name) },
      ...(name === 'ml_auc'
        ? [{ args: [Types.float8, Types.bool], returns: Types.float8, create: () => new PairsState(name) }]
        : []),
    ],
  };
}

export const mlRmse = metric(
  'ml_rmse',
  'Root mean squared error of (predicted, actual) pairs.',
  'ml_rmse(predicted_y, y)',
);
export const mlMae = metric(
  'ml_mae',
  'Mean absolute error of (predicted, actual) pairs.',
  'ml_mae(predicted_y, y)',
);
export const mlR2 = metric(
  'ml_r2',
  'Coefficient of determination of (predicted, actual) pairs.',
  'ml_r2(predicted_y, y)',
);
export const mlAuc = metric(
  'ml_auc',
  'Area under the ROC curve of (score, label) pairs; label 1 or true is positive.',
  'ml_auc(probability, label)',
);
