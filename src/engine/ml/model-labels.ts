// Labels: the classes a classifier learns (sorted distinct label values) and label columns as class
// indexes or values, with NULL labels answered by a clear error.

import type { MlColumn, ModelTask, ModelType } from '../../ml/index.js';
import { LarchError, SqlState } from '../errors.js';

export type ClassLabel = string | number;

/** Whether a model type learns classes. */
export function isClassifier(modelType: string): boolean {
  return modelType === 'logistic_reg' || modelType === 'naive_bayes' || modelType.endsWith('_classifier');
}

/** What a model type's predictions are, known before training. */
export function taskOf(modelType: ModelType): ModelTask {
  if (isClassifier(modelType)) return 'classification';
  switch (modelType) {
    case 'kmeans':
      return 'clustering';
    case 'pca':
      return 'dimensionality_reduction';
    case 'matrix_factorization':
      return 'recommendation';
    case 'transform_only':
      return 'transform';
    default:
      return 'regression';
  }
}

function valueAt(c: MlColumn, i: number): ClassLabel | null {
  if (c.kind === 'number') return Number.isNaN(c.values[i]!) ? null : c.values[i]!;
  if (c.kind === 'string') return c.values[i] ?? null;
  throw new LarchError(SqlState.datatypeMismatch, 'the label must be a number or text');
}

/** Sorted distinct labels of the rows not skipped; NULL labels are an error. */
export function collectClasses(
  columns: readonly { label: MlColumn; skip: Uint8Array; rows: number }[],
  labelName: string,
): ClassLabel[] {
  const seen = new Set<ClassLabel>();
  for (const { label, skip, rows } of columns)
    for (let i = 0; i < rows; i++) {
      if (skip[i]) continue;
      const v = valueAt(label, i);
      if (v === null)
        throw new LarchError(SqlState.nullValueNotAllowed, `label column "${labelName}" contains NULL`, {
          hint: 'Filter out rows without a label.',
        });
      seen.add(v);
    }
  const classes = [...seen].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0,
  );
  if (classes.length < 2)
    throw new LarchError(
      SqlState.invalidParameterValue,
      `label column "${labelName}" has ${classes.length === 0 ? 'no values' : `only one class (${String(classes[0])})`}`,
      { hint: 'A classifier needs at least two classes.' },
    );
  return classes;
}

/** Class index of each row's label; NaN for NULL or labels not among `classes`. */
export function classIndexes(label: MlColumn, classes: readonly ClassLabel[], rows: number): Float64Array {
  const out = new Float64Array(rows);
  if (label.kind === 'number') {
    // Labels are few: a numeric label finds its class without a string key per row.
    const index = new Map<number, number>();
    classes.forEach((c, k) => {
      if (typeof c === 'number') index.set(c, k);
    });
    let last = NaN;
    let lastIndex = NaN;
    for (let i = 0; i < rows; i++) {
      const v = label.values[i]!;
      if (v !== last) {
        last = v;
        lastIndex = index.get(v) ?? NaN;
      }
      out[i] = lastIndex;
    }
    return out;
  }
  const index = new Map<string, number>(classes.map((c, i) => [String(c), i]));
  for (let i = 0; i < rows; i++) {
    const v = valueAt(label, i);
    out[i] = v === null ? NaN : (index.get(String(v)) ?? NaN);
  }
  return out;
}

/** Numeric label values (regression, ratings); text is an error naming the column. */
export function labelValues(label: MlColumn, labelName: string): Float64Array {
  if (label.kind !== 'number')
    throw new LarchError(
      SqlState.datatypeMismatch,
      `label column "${labelName}" must be numeric for this model type`,
    );
  return label.values;
}
