// The introspection functions' fixed schemas and rows, from a loaded model or the catalog's model entries:
// ML.TRAINING_INFO, ML.FEATURE_INFO, ML.WEIGHTS, ML.FEATURE_IMPORTANCE, ML.CENTROIDS, ML.TRIAL_INFO,
// ML.EVALUATE and ML.CONFUSION_MATRIX without data, DESCRIBE MODEL, information_schema.models and
// information_schema.model_versions.

import type { ModelEntry } from '../../catalog/catalog.js';
import type { Scalar } from '../../columnar/vector.js';
import {
  CLASSIFICATION_METRICS,
  CLUSTERING_METRICS,
  KmeansModel,
  type ModelTask,
  REGRESSION_METRICS,
} from '../../ml/index.js';
import { type DataType, Types } from '../../types/data-type.js';
import { LarchError, SqlState } from '../errors.js';
import { type LoadedModel, loadModel } from './loaded-model.js';
import { labelDataType, labelValue } from './prediction-columns.js';

export interface InfoRows {
  readonly columns: readonly { readonly name: string; readonly type: DataType }[];
  readonly rows: readonly (readonly Scalar[])[];
}

const f8 = Types.float8;
const i8 = Types.int8;
const text = Types.text;

function cols(spec: readonly (readonly [string, DataType])[]): InfoRows['columns'] {
  return spec.map(([name, type]) => ({ name, type }));
}

function notFor(fn: string, loaded: LoadedModel, what: string): LarchError {
  return new LarchError(
    SqlState.wrongObjectType,
    `${fn} needs ${what}; model "${loaded.entry.name}" is a ${loaded.meta.modelType} model`,
  );
}

/** ML.EVALUATE's columns for a task. */
export function metricNames(task: ModelTask): readonly string[] {
  switch (task) {
    case 'classification':
      return CLASSIFICATION_METRICS;
    case 'regression':
    case 'recommendation':
      return REGRESSION_METRICS;
    case 'clustering':
      return CLUSTERING_METRICS;
    default:
      return [];
  }
}

export function evaluationRows(task: ModelTask, metrics: Readonly<Record<string, number | null>>): InfoRows {
  const names = metricNames(task);
  return {
    columns: cols(names.map((n) => [n, f8] as const)),
    rows: [names.map((n) => metrics[n] ?? null)],
  };
}

export function confusionRows(loaded: LoadedModel, counts: readonly (readonly number[])[]): InfoRows {
  const classes = loaded.model.classes;
  return {
    columns: [
      { name: 'expected_label', type: labelDataType(loaded) },
      ...classes.map((c) => ({ name: String(c), type: i8 })),
    ],
    rows: classes.map((c, a) => [labelValue(loaded, c), ...classes.map((_, p) => counts[a]?.[p] ?? 0)]),
  };
}

export function trainingInfoRows(loaded: LoadedModel): InfoRows {
  return {
    columns: cols([
      ['training_run', i8],
      ['iteration', i8],
      ['loss', f8],
      ['eval_loss', f8],
      ['learning_rate', f8],
      ['duration_ms', f8],
    ]),
    rows: loaded.model.trainingInfo.map((r) => [
      0,
      r.iteration,
      r.loss,
      null,
      r.learnRate ?? null,
      r.durationMs,
    ]),
  };
}

export function featureInfoRows(loaded: LoadedModel): InfoRows {
  return {
    columns: cols([
      ['input', text],
      ['min', f8],
      ['max', f8],
      ['mean', f8],
      ['median', f8],
      ['stddev', f8],
      ['category_count', i8],
      ['null_count', i8],
      ['dimension', i8],
    ]),
    rows: loaded.meta.featureInfo.map((r) => [
      r.input,
      r.min,
      r.max,
      r.mean,
      r.median,
      r.stddev,
      r.categoryCount,
      r.nullCount,
      r.dimension,
    ]),
  };
}

export function weightRows(loaded: LoadedModel): InfoRows {
  const weights = loaded.model.weights?.();
  if (weights === undefined) throw notFor('ML.WEIGHTS', loaded, 'a linear model');
  return {
    columns: cols([
      ['processed_input', text],
      ['weight', f8],
      ['class_label', text],
    ]),
    rows: weights.map((w) => [w.feature, w.weight, w.classLabel === null ? null : String(w.classLabel)]),
  };
}

export function importanceRows(loaded: LoadedModel): InfoRows {
  const rows = loaded.model.featureImportance?.();
  if (rows === undefined) throw notFor('ML.FEATURE_IMPORTANCE', loaded, 'a tree model');
  return {
    columns: cols([
      ['feature', text],
      ['importance_weight', f8],
      ['importance_gain', f8],
    ]),
    rows: rows.map((r) => [r.feature, r.importanceWeight, r.importanceGain]),
  };
}

export function centroidRows(loaded: LoadedModel): InfoRows {
  if (!(loaded.model instanceof KmeansModel)) throw notFor('ML.CENTROIDS', loaded, 'a kmeans model');
  return {
    columns: cols([
      ['centroid_id', i8],
      ['feature', text],
      ['numerical_value', f8],
    ]),
    rows: loaded.model.centroids().map((r) => [r.centroidId, r.feature, r.value]),
  };
}

export function trialRows(loaded: LoadedModel): InfoRows {
  const trials = loaded.meta.trials;
  if (trials === null)
    throw new LarchError(
      SqlState.wrongObjectType,
      `model "${loaded.entry.name}" was not trained with tuning`,
      {
        hint: 'Give an option as HPARAM_CANDIDATES([...]) or HPARAM_RANGE(lo, hi) with num_trials.',
      },
    );
  return {
    columns: cols([
      ['trial_id', i8],
      ['hyperparameters', text],
      ['hparam_tuning_evaluation_metrics', text],
      ['objective', f8],
      ['is_optimal', Types.bool],
    ]),
    rows: trials.map((t) => [
      t.trialId,
      JSON.stringify(t.hparams),
      JSON.stringify(t.metrics),
      t.objective,
      t.isOptimal,
    ]),
  };
}

export function describeRows(entry: ModelEntry): InfoRows {
  return {
    columns: cols([
      ['model_name', text],
      ['version', i8],
      ['is_active', Types.bool],
      ['model_type', text],
      ['task', text],
      ['label', text],
      ['features', text],
      ['options', text],
      ['transform', text],
      ['query', text],
      ['training_rows', i8],
      ['evaluation_rows', i8],
      ['training_ms', f8],
    ]),
    rows: entry.versions.map((v) => {
      const { meta } = loadModel(entry, v.version);
      return [
        entry.name,
        v.version,
        v.version === entry.activeVersion,
        meta.modelType,
        meta.task,
        meta.label,
        meta.features.join(', '),
        JSON.stringify(meta.options),
        meta.transformText,
        meta.queryText,
        meta.trainingRows,
        meta.evaluationRows,
        meta.trainingMs,
      ];
    }),
  };
}

const micros = (ms: number) => ms * 1000;

export function modelsRows(entries: readonly ModelEntry[]): InfoRows {
  return {
    columns: cols([
      ['model_schema', text],
      ['model_name', text],
      ['model_type', text],
      ['active_version', i8],
      ['versions', i8],
      ['created', Types.timestamptz],
      ['description', text],
    ]),
    rows: [...entries]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((e) => [
        e.schema,
        e.name,
        loadModel(e, null).meta.modelType,
        e.activeVersion,
        e.versions.length,
        micros(Math.min(...e.versions.map((v) => v.createdAt))),
        e.description,
      ]),
  };
}

export function versionRows(entries: readonly ModelEntry[]): InfoRows {
  return {
    columns: cols([
      ['model_schema', text],
      ['model_name', text],
      ['version', i8],
      ['is_active', Types.bool],
      ['model_type', text],
      ['created', Types.timestamptz],
      ['training_rows', i8],
      ['evaluation_rows', i8],
      ['metrics', text],
    ]),
    rows: [...entries]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .flatMap((e) =>
        e.versions.map((v) => {
          const { meta } = loadModel(e, v.version);
          return [
            e.schema,
            e.name,
            v.version,
            v.version === e.activeVersion,
            meta.modelType,
            micros(v.createdAt),
            meta.trainingRows,
            meta.evaluationRows,
            JSON.stringify(meta.evaluation),
          ];
        }),
      ),
  };
}
