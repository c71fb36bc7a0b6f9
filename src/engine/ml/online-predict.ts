// Online scoring: rows given as JSON objects scored by a model's committed version, with exactly
// ML.PREDICT's prediction columns and values. Models whose leaves are bare input columns are scored
// directly (the decoded model, its TRANSFORM program and predict(), no SQL parse or plan); others run
// ML.PREDICT over the rows (online-predict-sql.ts).

import { DEFAULT_SCHEMA, type ModelEntry } from '../../catalog/catalog.js';
import { getScalar } from '../../columnar/vector-ops.js';
import type { MlColumn } from '../../ml/index.js';
import { typeName } from '../../types/data-type.js';
import { UTC } from '../../types/datetime.js';
import type { Engine } from '../engine.js';
import { LarchError, SqlState } from '../errors.js';
import { toJs, type ResultColumn, type Row } from '../result.js';
import { checkColumnsPresent, type JsonRow, jsonColumn } from './json-feature-columns.js';
import { type LoadedModel, loadModel, undefinedModel } from './loaded-model.js';
import { modelRows } from './model-features.js';
import { predictSqlRows } from './online-predict-sql.js';
import { predictionColumns, predictionVectors } from './prediction-columns.js';
import { scoringPlan } from './scoring-plan.js';

export type { JsonRow } from './json-feature-columns.js';

export interface OnlinePredictOptions {
  /** The model version; the active one when absent or null. */
  readonly version?: number | null;
  /** ML.PREDICT's STRUCT(x AS threshold) for binary classifiers. */
  readonly threshold?: number;
}

export interface OnlinePrediction {
  readonly model: string;
  readonly version: number;
  /** The prediction columns, as ML.PREDICT adds them. */
  readonly columns: readonly ResultColumn[];
  /** One object per input row with the prediction columns only, valued as `QueryResult.rows` values. */
  readonly rows: readonly Row[];
  /** `direct` when scored without SQL, `sql` when ML.PREDICT ran over the rows. */
  readonly path: 'direct' | 'sql';
}

/** A committed model by name (as written, else folded to lower case as SQL does); 42P01 when none. */
export function committedModel(engine: Engine, name: string): ModelEntry {
  if (engine.isClosed) throw new LarchError(SqlState.adminShutdown, 'the database is closed');
  const committed = engine.database.committed;
  let entry = committed.get(DEFAULT_SCHEMA, name);
  if (entry?.kind !== 'model') entry = committed.get(DEFAULT_SCHEMA, name.toLowerCase());
  if (entry?.kind !== 'model') throw undefinedModel(name);
  return entry;
}

function scoreDirect(loaded: LoadedModel, rows: readonly JsonRow[], threshold: number | undefined): Row[] {
  const plan = scoringPlan(loaded);
  const n = rows.length;
  const leafColumns: MlColumn[] = [];
  plan.leaves.forEach((leaf, j) => {
    const column = plan.leafColumns![j]!;
    leafColumns[leaf] = jsonColumn(rows, column.name, column.kind!);
  });
  const r = modelRows(loaded.runner, loaded.meta, leafColumns, n, false);
  const prediction = loaded.model.predict(r.batch, threshold === undefined ? {} : { threshold });
  const vectors = predictionVectors(loaded, prediction, r.skip, n);
  const columns = predictionColumns(loaded);
  const out: Row[] = new Array<Row>(n);
  for (let i = 0; i < n; i++) {
    const row: Row = {};
    columns.forEach((c, k) => {
      row[c.name] = toJs(c.type, getScalar(vectors[k]!, i), UTC);
    });
    out[i] = row;
  }
  return out;
}

/**
 * Scores rows with model `name` (its active version unless `options.version`).
 *
 * @example
 * const p = await predictJsonRows(engine, 'm', [{ x1: 1.5, cat: 'a' }]);
 * p.rows; // [{ predicted_label: true, predicted_label_probs: [{ label: false, prob: 0.1 }, …] }]
 */
export async function predictJsonRows(
  engine: Engine,
  name: string,
  rows: readonly JsonRow[],
  options: OnlinePredictOptions = {},
): Promise<OnlinePrediction> {
  const loaded = loadModel(committedModel(engine, name), options.version ?? null);
  if (loaded.model.task === 'transform')
    throw new LarchError(
      SqlState.wrongObjectType,
      `model "${name}" is transform_only and has no predictions`,
    );
  const plan = scoringPlan(loaded);
  checkColumnsPresent(
    rows,
    plan.columns.map((c) => c.name),
    name,
  );
  const columns = predictionColumns(loaded).map((c) => ({ name: c.name, type: typeName(c.type) }));
  const base = { model: loaded.entry.name, version: loaded.version.version, columns };
  if (rows.length === 0) return { ...base, rows: [], path: plan.leafColumns === null ? 'sql' : 'direct' };
  if (plan.leafColumns !== null)
    return { ...base, rows: scoreDirect(loaded, rows, options.threshold), path: 'direct' };
  // The same checks as the direct path, so both answer a wrong-typed value alike.
  for (const c of plan.columns) if (c.kind !== null) jsonColumn(rows, c.name, c.kind);
  const predicted = await predictSqlRows(engine, loaded, plan, rows, options.threshold);
  return { ...base, rows: predicted, path: 'sql' };
}
