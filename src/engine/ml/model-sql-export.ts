// EXPORT MODEL … OPTIONS (format = 'sql'): the prediction as one plain SQL expression over the input
// columns, runnable on any SQL engine (PostgreSQL 15 included). Supported: linear_reg and tree
// regressors (the value), binary logistic_reg and binary tree classifiers (the predicted label by the 0.5
// threshold) and kmeans (the 1-based centroid id), over features that are input columns passed through.

import { KmeansModel, LinearModel, TreeEnsembleModel } from '../../ml/index.js';
import { LarchError, SqlState } from '../errors.js';
import type { LoadedModel } from './loaded-model.js';

function identifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function literal(x: number): string {
  if (!Number.isFinite(x))
    throw new LarchError(SqlState.invalidParameterValue, 'the model has a non-finite parameter');
  return `${x}`;
}

function labelLiteral(loaded: LoadedModel, label: string | number): string {
  return loaded.meta.labelType === 'text' ? `'${String(label).replace(/'/g, "''")}'` : String(label);
}

/** The input column of each feature, when every feature is a column passed through. */
function plainColumns(loaded: LoadedModel): string[] {
  const { program, features } = loaded.meta;
  return features.map((alias) => {
    const item = program.items.find((i) => i.alias === alias)!;
    if (
      item.node.op !== 'leaf' ||
      program.leafNames[item.node.leaf] !== alias ||
      loaded.model.featureNames.length !== features.length
    )
      throw new LarchError(
        SqlState.featureNotSupported,
        `format = 'sql' exports models whose features are plain numeric columns; "${alias}" is computed`,
      );
    return identifier(alias);
  });
}

function linearSql(loaded: LoadedModel, model: LinearModel): string {
  const columns = plainColumns(loaded);
  const { coefficients, intercepts, outputs } = model.state;
  if (outputs !== 1)
    throw new LarchError(
      SqlState.featureNotSupported,
      "format = 'sql' exports binary classifiers, not multiclass ones",
    );
  const margin = [
    literal(intercepts[0]!),
    ...columns.map((c, j) => `${literal(coefficients[j]!)} * ${c}`),
  ].join(' + ');
  if (model.task === 'regression') return `(${margin})`;
  const [negative, positive] = loaded.model.classes;
  return `(CASE WHEN ${margin} > 0 THEN ${labelLiteral(loaded, positive!)} ELSE ${labelLiteral(loaded, negative!)} END)`;
}

function kmeansSql(loaded: LoadedModel, model: KmeansModel): string {
  const columns = plainColumns(loaded);
  if (model.state.distanceType !== 'euclidean')
    throw new LarchError(SqlState.featureNotSupported, "format = 'sql' exports euclidean k-means only");
  const rows = model.centroids();
  const k = model.state.k;
  const distances = Array.from({ length: k }, (_, c) =>
    columns
      .map((col, j) => {
        const value = rows.find(
          (r) => r.centroidId === c + 1 && r.feature === loaded.model.featureNames[j],
        )!.value;
        const scale = model.state.scale[j]!;
        return `power((${col} - ${literal(value)}) / ${literal(scale)}, 2)`;
      })
      .join(' + '),
  );
  const least = `least(${distances.map((d) => `(${d})`).join(', ')})`;
  const cases = distances.map((d, c) => `WHEN (${d}) = ${least} THEN ${c + 1}`).join(' ');
  return `(CASE ${cases} END)`;
}

/** One tree as nested CASE expressions; `leaf` gives a leaf node's value as SQL. */
function treeSql(
  model: TreeEnsembleModel,
  columns: readonly string[],
  node: number,
  leaf: (node: number) => string,
): string {
  const { feature, threshold, left, right } = model.state;
  const f = feature[node]!;
  if (f < 0) return leaf(node);
  return `CASE WHEN ${columns[f]} <= ${literal(threshold[node]!)} THEN ${treeSql(model, columns, left[node]!, leaf)} ELSE ${treeSql(model, columns, right[node]!, leaf)} END`;
}

function treesSql(loaded: LoadedModel, model: TreeEnsembleModel): string {
  const columns = plainColumns(loaded);
  const s = model.state;
  const classes = model.classes;
  if (classes.length > 2)
    throw new LarchError(
      SqlState.featureNotSupported,
      "format = 'sql' exports binary classifiers, not multiclass ones",
    );
  const trees = Array.from({ length: s.treeStart.length - 1 }, (_, t) => t);
  // Forests average leaf values (class 1's probability for classifiers); boosting sums them onto a base.
  const leafValue = (node: number) =>
    literal(s.value[node * s.valueSize + (classes.length === 2 && s.combine === 'average' ? 1 : 0)]!);
  const sum = trees.map((t) => `(${treeSql(model, columns, s.treeStart[t]!, leafValue)})`).join(' + ');
  const score =
    s.combine === 'average' ? `(${sum}) / ${trees.length}` : `${literal(s.baseScore[0]!)} + ${sum}`;
  if (classes.length === 0) return `(${score})`;
  const cut = s.combine === 'average' ? '0.5' : '0';
  return `(CASE WHEN ${score} > ${cut} THEN ${labelLiteral(loaded, classes[1]!)} ELSE ${labelLiteral(loaded, classes[0]!)} END)`;
}

/**
 * The model's prediction as a SQL expression over its input columns.
 * @example linear_reg over x, y: (0.5 + 2 * x + -1 * y)
 */
export function modelAsSql(loaded: LoadedModel): string {
  const model = loaded.model;
  if (model instanceof LinearModel) return linearSql(loaded, model);
  if (model instanceof KmeansModel) return kmeansSql(loaded, model);
  if (model instanceof TreeEnsembleModel) return treesSql(loaded, model);
  throw new LarchError(
    SqlState.featureNotSupported,
    `format = 'sql' cannot export a ${loaded.meta.modelType} model`,
    {
      hint: 'linear, tree (regressors and binary classifiers) and kmeans models export as SQL.',
    },
  );
}
