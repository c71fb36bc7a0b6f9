// Scalar PREDICT(MODEL m, t.*) and PREDICT_PROBA(MODEL m, t.*): the model's leaf expressions bound in the
// current scope (qualified by t when given), and one call of ML.PREDICT's prediction function
// (engine/ml/prediction-function.ts): the TRANSFORM program and the model over whole batches, on worker
// threads when the plan runs there.
//   PREDICT: the predicted label, value or centroid id.
//   PREDICT_PROBA: the probability of the second class for binary classifiers, else the class
//   probabilities as an array in class order.

import type { FuncCall } from '@pgsql/types';
import { SqlState } from '../engine/errors.js';
import { predictionFunction, predictionSpecs } from '../engine/ml/prediction-function.js';
import { leavesOf } from '../engine/ml/model-features.js';
import type { Expr } from '../logical/expr.js';
import { bodyOf, type PgNode, stringList, tagOf } from '../sql/ast.js';
import { bindExpr } from './bind-expr.js';
import { modelArgument } from './bind-ml-input.js';
import type { Binder, ExprState } from './binder.js';

/** Whether a call is PREDICT / PREDICT_PROBA with a MODEL argument (rewritten to a string literal). */
export function isModelCall(name: string, f: FuncCall): boolean {
  const first = f.args?.[0];
  return (
    (name === 'predict' || name === 'predict_proba') &&
    first !== undefined &&
    tagOf(first) === 'A_Const' &&
    bodyOf<{ sval?: unknown }>(first).sval !== undefined
  );
}

/** A leaf AST with its column references qualified by `qualifier`. */
function qualified(node: unknown, qualifier: readonly string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => qualified(n, qualifier));
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if ('ColumnRef' in o) {
    const fields = (o.ColumnRef as { fields: PgNode[] }).fields;
    if (fields.length === 1)
      return { ColumnRef: { fields: [...qualifier.map((q) => ({ String: { sval: q } })), ...fields] } };
    return o;
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, qualified(v, qualifier)]));
}

export function bindPredictCall(b: Binder, f: FuncCall, name: string, st: ExprState): Expr {
  const fnLabel = name.toUpperCase();
  const loaded = modelArgument(b, f.args?.[0], fnLabel);
  if (loaded.model.task === 'transform')
    throw b.ctx.error(
      SqlState.wrongObjectType,
      `model "${loaded.entry.name}" is transform_only and has no predictions`,
      f.location,
    );
  const proba = name === 'predict_proba';
  if (proba && loaded.model.task !== 'classification')
    throw b.ctx.error(
      SqlState.wrongObjectType,
      `PREDICT_PROBA needs a classifier; model "${loaded.entry.name}" is a ${loaded.meta.modelType} model`,
      f.location,
    );
  const rows = f.args?.[1];
  let qualifier: string[] = [];
  if (rows !== undefined && tagOf(rows) === 'ColumnRef') {
    const fields = stringList(bodyOf<{ fields: PgNode[] }>(rows).fields);
    if (fields.at(-1) === '*') qualifier = fields.slice(0, -1);
  }
  const leaves = [...leavesOf(loaded.runner, loaded.meta.features)].sort((x, y) => x - y);
  const args = leaves.map((leaf) =>
    bindExpr(b, qualified(loaded.meta.program.leaves[leaf], qualifier) as PgNode, st),
  );
  // PREDICT is ML.PREDICT's first column; PREDICT_PROBA the spec after its columns.
  const specs = predictionSpecs(loaded, undefined);
  const fn = predictionFunction(
    proba ? specs.at(-1)! : specs[0]!,
    args.map((a) => a.type),
  );
  return { kind: 'call', fn, args, type: fn.returnType };
}
