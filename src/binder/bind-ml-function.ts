// ML.* table functions in FROM, by name: ML.PREDICT (here: a projection adding the prediction columns to
// the input's rows, see prediction-function.ts), ML.EVALUATE and the curves (bind-ml-evaluate.ts), ML.RECOMMEND
// (bind-ml-recommend.ts), ML.TRANSFORM (bind-ml-transform.ts), and the introspection functions whose rows
// come from the model (ML.TRAINING_INFO, ML.WEIGHTS …) or the catalog (ML.MODELS for information_schema).

import type { FuncCall } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import { type LoadedModel, undefinedModel } from '../engine/ml/loaded-model.js';
import {
  centroidRows,
  describeRows,
  featureInfoRows,
  importanceRows,
  modelsRows,
  trainingInfoRows,
  trialRows,
  versionRows,
  weightRows,
} from '../engine/ml/model-info-rows.js';
import { predictionOutput } from '../engine/ml/prediction-columns.js';
import { predictionFunction, predictionSpecs } from '../engine/ml/prediction-function.js';
import type { Expr } from '../logical/expr.js';
import type { OutputColumn } from '../logical/plan.js';
import { type PgNode, stringList } from '../sql/ast.js';
import type { Binder } from './binder.js';
import type { CteScope } from './context.js';
import { bindMlTransform } from './bind-ml-transform.js';
import { bindScored } from './bind-ml-evaluate.js';
import {
  type BoundMlFunction,
  bindInput,
  constant,
  isStruct,
  modelArgument,
  numberField,
  rowsOf,
  structFields,
} from './bind-ml-input.js';
import { bindRecommend } from './bind-ml-recommend.js';

function bindPredict(
  b: Binder,
  loaded: LoadedModel,
  input: PgNode,
  struct: PgNode | undefined,
  ctes: CteScope | null,
): BoundMlFunction {
  if (loaded.model.task === 'transform')
    throw b.ctx.error(
      SqlState.wrongObjectType,
      `model "${loaded.entry.name}" is transform_only and has no predictions`,
    );
  const threshold = numberField(b, structFields(b, struct), 'threshold', struct);
  const output = predictionOutput(loaded);
  const bound = bindInput(b, loaded, input, output.leaves, ctes, 'ML.PREDICT');
  const n = bound.inputCount;
  // Scoring is a projection: the input's columns, then each prediction column as a function of the
  // leaf columns (columns nobody reads, often the probabilities, are pruned like any expression).
  const ref = (c: OutputColumn): Expr => ({ kind: 'column', id: c.id, type: c.type, name: c.name });
  const leaves = bound.columns.slice(n).map(ref);
  const specs = predictionSpecs(loaded, threshold).slice(0, output.columns.length);
  const predictions = specs.map((spec, k) => {
    const fn = predictionFunction(spec, bound.leafTypes);
    return {
      id: b.ctx.newId(),
      name: output.columns[k]!.name,
      expr: { kind: 'call', fn, args: leaves, type: fn.returnType } as const,
    };
  });
  const exprs = [
    ...bound.columns.slice(0, n).map((c) => ({ id: b.ctx.newId(), name: c.name, expr: ref(c) })),
    ...predictions,
  ];
  const columns = exprs.map((e) => ({ id: e.id, name: e.name, type: e.expr.type }));
  return { plan: { kind: 'project', input: bound.plan, exprs, output: columns }, columns };
}

/**
 * Binds `ML.<fn>(…)` in FROM.
 * @example SELECT * FROM ML.PREDICT(MODEL m, TABLE t, STRUCT(0.5 AS threshold))
 */
export function bindMlTableFunction(b: Binder, f: FuncCall, ctes: CteScope | null): BoundMlFunction {
  const fn = stringList(f.funcname).at(-1)!.toLowerCase();
  const args = f.args ?? [];
  const catalog = b.ctx.catalog;
  switch (fn) {
    case 'models':
      return rowsOf(b, fn, modelsRows(catalog.models?.() ?? []));
    case 'model_versions':
      return rowsOf(b, fn, versionRows(catalog.models?.() ?? []));
    case 'describe_model': {
      const name = args[0] !== undefined ? constant(b, args[0]) : null;
      const entry = typeof name === 'string' ? catalog.lookupModel?.(name) : undefined;
      if (entry === undefined) throw undefinedModel(String(name));
      return rowsOf(b, fn, describeRows(entry));
    }
    default:
      break;
  }
  const label = `ML.${fn.toUpperCase()}`;
  const loaded = modelArgument(b, args[0], label);
  const rest = args.slice(1);
  const struct = rest.find(isStruct);
  const input = rest.find((a) => !isStruct(a));
  switch (fn) {
    case 'predict':
      if (input === undefined)
        throw b.ctx.error(SqlState.syntaxError, 'ML.PREDICT needs input: TABLE name or (query)', f.location);
      return bindPredict(b, loaded, input, struct, ctes);
    case 'evaluate':
    case 'confusion_matrix':
    case 'roc_curve':
    case 'pr_curve':
      return bindScored(b, fn, loaded, input, struct, ctes);
    case 'recommend':
      return bindRecommend(b, loaded, input, struct, ctes);
    case 'training_info':
      return rowsOf(b, fn, trainingInfoRows(loaded));
    case 'feature_info':
      return rowsOf(b, fn, featureInfoRows(loaded));
    case 'weights':
      return rowsOf(b, fn, weightRows(loaded));
    case 'feature_importance':
      return rowsOf(b, fn, importanceRows(loaded));
    case 'centroids':
      return rowsOf(b, fn, centroidRows(loaded));
    case 'trial_info':
      return rowsOf(b, fn, trialRows(loaded));
    case 'transform':
      if (input === undefined)
        throw b.ctx.error(
          SqlState.syntaxError,
          'ML.TRANSFORM needs input: TABLE name or (query)',
          f.location,
        );
      return bindMlTransform(b, loaded, input, ctes);
    default:
      throw b.ctx.error(SqlState.undefinedFunction, `function ${label} does not exist`, f.location, {
        hint: 'ML functions in FROM: ML.PREDICT, ML.EVALUATE, ML.CONFUSION_MATRIX, ML.ROC_CURVE, ML.PR_CURVE, ML.RECOMMEND, ML.TRAINING_INFO, ML.FEATURE_INFO, ML.WEIGHTS, ML.FEATURE_IMPORTANCE, ML.CENTROIDS, ML.TRIAL_INFO, ML.TRANSFORM.',
      });
  }
}
