// ML.PREDICT's prediction columns as scalar functions of the model's leaf columns, so that scoring is a
// projection in the plan and runs wherever the projection runs, worker threads included. A function
// carries its model's stored file (decoded once per thread and version); the columns of one ML.PREDICT
// call share one scoring of each batch.

import type { ModelVersion } from '../../catalog/catalog.js';
import type { Vector } from '../../columnar/vector.js';
import type { ScalarFunction } from '../../functions/function.js';
import type { Prediction } from '../../ml/index.js';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { type DataType, listType, Types } from '../../types/data-type.js';
import { decodeModelFile, type DecodedModel, type LoadedModel } from './loaded-model.js';
import { predictionColumns, predictionOutput, predictionVectors, predictRows } from './prediction-columns.js';
import { PREDICTION_FUNCTION, type PredictionSpec } from './prediction-spec.js';

/** Least recently used first; a few entries are kept per thread. */
class SmallCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string, make: () => V): V {
    let value = this.entries.get(key);
    if (value === undefined) value = make();
    else this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}

const decodedModels = new SmallCache<DecodedModel>(8);
const scorings = new SmallCache<BatchScoring>(32);
const versionKeys = new WeakMap<ModelVersion, string>();
let nextKey = 1;
let nextCall = 1;

/** Runs the program and the model once per batch of leaf vectors (the last batch is remembered). */
class BatchScoring {
  private last: { args: readonly Vector[]; result: { prediction: Prediction; skip: Uint8Array } } | null =
    null;
  private readonly leaves: readonly number[];

  constructor(
    private readonly decoded: DecodedModel,
    private readonly threshold: number | undefined,
  ) {
    this.leaves = predictionOutput(decoded).leaves;
  }

  score(args: readonly Vector[], argTypes: readonly DataType[], rows: number) {
    const last = this.last;
    if (last !== null && last.args.length === args.length && last.args.every((v, i) => v === args[i]))
      return last.result;
    const result = predictRows(this.decoded, this.leaves, args, argTypes, rows, this.threshold);
    this.last = { args, result };
    return result;
  }
}

/**
 * Specs of every prediction column of one ML.PREDICT call of `loaded` (on the calling thread), then
 * PREDICT_PROBA's.
 */
export function predictionSpecs(loaded: LoadedModel, threshold: number | undefined): PredictionSpec[] {
  let modelKey = versionKeys.get(loaded.version);
  if (modelKey === undefined) {
    modelKey = `${loaded.entry.name}@${loaded.version.version}#${nextKey++}`;
    versionKeys.set(loaded.version, modelKey);
  }
  // This thread has the version decoded already.
  decodedModels.get(modelKey, () => loaded);
  const callKey = `${modelKey}/${nextCall++}`;
  const base = { model: `${loaded.entry.name}@${loaded.version.version}`, modelKey, callKey, threshold };
  const columns: PredictionSpec['column'][] = [...predictionColumns(loaded).keys(), 'proba'];
  return columns.map((column) => ({ ...base, file: loaded.version.file, column }));
}

/** PREDICT_PROBA's type: the second class's probability for binary classifiers, else all of them. */
export function probaType(decoded: DecodedModel): DataType {
  return decoded.model.classes.length === 2 ? Types.float8 : listType(Types.float8);
}

function probaVector(decoded: DecodedModel, p: Prediction, skip: Uint8Array, rows: number): Vector {
  const type = probaType(decoded);
  if (p.kind !== 'class') return vectorFromScalars(type, new Array<null>(rows).fill(null));
  const binary = decoded.model.classes.length === 2;
  return vectorFromScalars(
    type,
    Array.from({ length: rows }, (_, i) =>
      skip[i] ? null : binary ? p.probabilities[1]![i]! : p.probabilities.map((c) => c[i]!),
    ),
  );
}

/**
 * The function computing one prediction column (or PREDICT_PROBA's value) from the model's leaf
 * columns (of types `argTypes`).
 */
export function predictionFunction(spec: PredictionSpec, argTypes: readonly DataType[]): ScalarFunction {
  const decoded = decodedModels.get(spec.modelKey, () => decodeModelFile(spec.file));
  const column = spec.column;
  const output =
    column === 'proba'
      ? { name: 'predict_proba', type: probaType(decoded) }
      : predictionColumns(decoded)[column]!;
  const probabilities = decoded.model.task === 'classification' && column === 1;
  return {
    name: 'ml.predict',
    signature: `ml.predict(model ${spec.model}, ${output.name})`,
    argTypes,
    returnType: output.type,
    strict: false,
    volatile: false,
    stable: true,
    rebuild: { factory: PREDICTION_FUNCTION, args: spec },
    // The first column scores every row, so handle_invalid errors are raised even if nothing is read.
    ...(spec.column === 0 ? { validatesRows: true } : {}),
    kernel: (vectors, rows) => {
      const scoring = scorings.get(spec.callKey, () => new BatchScoring(decoded, spec.threshold));
      const { prediction, skip } = scoring.score(vectors, argTypes, rows);
      if (column === 'proba') return probaVector(decoded, prediction, skip, rows);
      return predictionVectors(decoded, prediction, skip, rows, probabilities)[column]!;
    },
  };
}
