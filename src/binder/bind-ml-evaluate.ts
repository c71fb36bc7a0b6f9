// ML.EVALUATE, ML.CONFUSION_MATRIX, ML.ROC_CURVE and ML.PR_CURVE: over given data, the rows go through
// the model a batch at a time and are scored when the statement runs; without data, the results stored
// with the model (its held-out rows) are returned.

import type { Batch } from '../columnar/batch.js';
import { rowsBatch } from '../columnar/batch.js';
import { SqlState } from '../engine/errors.js';
import { type LoadedModel } from '../engine/ml/loaded-model.js';
import { evaluateModel, type LabelledBatch } from '../engine/ml/model-evaluation.js';
import { leavesOf, modelRows } from '../engine/ml/model-features.js';
import { confusionRows, evaluationRows, type InfoRows } from '../engine/ml/model-info-rows.js';
import { classIndexes, labelValues } from '../engine/ml/model-labels.js';
import { mlColumnOf } from '../engine/ml/vector-columns.js';
import { type CurvePoint, type MlColumn } from '../ml/index.js';
import { type PgNode } from '../sql/ast.js';
import { Types } from '../types/data-type.js';
import type { Binder } from './binder.js';
import type { CteScope } from './context.js';
import {
  type BoundInput,
  type BoundMlFunction,
  bindInput,
  numberField,
  rowsOf,
  runner,
  streamed,
  structFields,
} from './bind-ml-input.js';

/** Labelled feature batches of an input, for ML.EVALUATE, ML.CONFUSION_MATRIX and ML.ROC_CURVE. */
async function labelledBatches(
  loaded: LoadedModel,
  bound: BoundInput,
  leaves: readonly number[],
  batches: AsyncIterable<Batch>,
): Promise<LabelledBatch[]> {
  const out: LabelledBatch[] = [];
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    const columns: MlColumn[] = [];
    leaves.forEach((leaf, j) => {
      columns[leaf] = mlColumnOf(
        batch.columns[bound.inputCount + j]!,
        bound.leafTypes[j]!,
        batch.length,
        loaded.meta.program.leafNames[leaf]!,
      );
    });
    const r = modelRows(loaded.runner, loaded.meta, columns, batch.length, true);
    const label =
      r.label === null
        ? null
        : loaded.model.task === 'classification'
          ? classIndexes(r.label, loaded.model.classes, batch.length)
          : Float64Array.from(labelValues(r.label, loaded.meta.label!));
    if (label !== null) for (let i = 0; i < batch.length; i++) if (r.skip[i]) label[i] = NaN;
    out.push({ ...r.batch, label });
  }
  return out;
}

export function bindScored(
  b: Binder,
  fn: 'evaluate' | 'confusion_matrix' | 'roc_curve' | 'pr_curve',
  loaded: LoadedModel,
  input: PgNode | undefined,
  struct: PgNode | undefined,
  ctes: CteScope | null,
): BoundMlFunction {
  const { meta } = loaded;
  const threshold = numberField(b, structFields(b, struct), 'threshold', struct);
  const classifier = loaded.model.task === 'classification';
  if (fn !== 'evaluate' && !classifier)
    throw b.ctx.error(
      SqlState.wrongObjectType,
      `ML.${fn.toUpperCase()} needs a classifier; model "${loaded.entry.name}" is a ${meta.modelType} model`,
    );
  if ((fn === 'roc_curve' || fn === 'pr_curve') && loaded.model.classes.length !== 2)
    throw b.ctx.error(
      SqlState.wrongObjectType,
      `ML.${fn.toUpperCase()} needs a binary classifier; model "${loaded.entry.name}" has ${loaded.model.classes.length} classes`,
    );
  if (input === undefined && fn === 'evaluate' && threshold === undefined)
    return rowsOf(b, fn, evaluationRows(loaded.model.task, meta.evaluation));
  if (input === undefined && fn === 'confusion_matrix' && threshold === undefined && meta.confusion !== null)
    return rowsOf(b, fn, confusionRows(loaded, meta.confusion));
  if (input === undefined && (fn === 'roc_curve' || fn === 'pr_curve') && meta.curve != null)
    return rowsOf(b, fn, curveRows(meta.curve, fn === 'pr_curve'));
  if (input === undefined)
    throw b.ctx.error(
      SqlState.invalidParameterValue,
      `ML.${fn.toUpperCase()} of model "${loaded.entry.name}" needs data: (query) or TABLE name`,
    );
  const aliases = meta.label === null ? meta.features : [...meta.features, meta.label];
  const leaves = [...leavesOf(loaded.runner, aliases)].sort((x, y) => x - y);
  const bound = bindInput(b, loaded, input, leaves, ctes, `ML.${fn.toUpperCase()}`);
  const run = runner(b);
  const score = async () =>
    evaluateModel(
      loaded.model,
      await labelledBatches(loaded, bound, leaves, run(bound.plan, bound.columns)),
      threshold,
      fn === 'roc_curve' || fn === 'pr_curve',
    );
  const shape =
    fn === 'evaluate'
      ? evaluationRows(loaded.model.task, {})
      : fn === 'confusion_matrix'
        ? confusionRows(loaded, [])
        : curveRows([], fn === 'pr_curve');
  return streamed(b, fn, shape.columns, async function* () {
    const e = await score();
    const info =
      fn === 'evaluate'
        ? evaluationRows(loaded.model.task, e.metrics)
        : fn === 'confusion_matrix'
          ? confusionRows(loaded, e.confusion ?? [])
          : curveRows(e.roc ?? [], fn === 'pr_curve');
    if (info.rows.length === 0) return;
    yield rowsBatch(info.columns, info.rows);
  });
}

/** ML.ROC_CURVE's rows, or ML.PR_CURVE's (precision in place of the false positive rate). */
function curveRows(points: readonly CurvePoint[], precision: boolean): InfoRows {
  const f8 = Types.float8;
  const i8 = Types.int8;
  return {
    columns: [
      { name: 'threshold', type: f8 },
      { name: 'recall', type: f8 },
      { name: precision ? 'precision' : 'false_positive_rate', type: f8 },
      { name: 'true_positives', type: i8 },
      { name: 'false_positives', type: i8 },
      { name: 'true_negatives', type: i8 },
      { name: 'false_negatives', type: i8 },
    ],
    rows: points.map((p) => [
      p.threshold,
      p.recall,
      precision ? p.precision : p.falsePositiveRate,
      p.truePositives,
      p.falsePositives,
      p.trueNegatives,
      p.falseNegatives,
    ]),
  };
}
