// Prediction as a batch operation: the leaf columns of a batch go through the model's TRANSFORM program
// into one predict() call, and the Prediction becomes ML.PREDICT's fixed output columns for the model's
// task (predicted_<label> and its probabilities, centroid_id and distance, principal components).

import type { Scalar, Vector } from '../../columnar/vector.js';
import { type Bitmap, clearBit, newBitmap } from '../../columnar/bitmap.js';
import type { MlColumn, Prediction } from '../../ml/index.js';
import { type DataType, listType, Types } from '../../types/data-type.js';
import type { DecodedModel } from './loaded-model.js';
import { leavesOf, modelRows } from './model-features.js';
import { mlColumnOf } from './vector-columns.js';

/** ML.PREDICT's extra columns and the leaves its features read. */
export interface PredictionOutput {
  readonly columns: readonly { readonly name: string; readonly type: DataType }[];
  /** Leaves the features read, ascending: the order the prediction functions take their vectors in. */
  readonly leaves: readonly number[];
}

/** The SQL type predicted labels have. */
export function labelDataType(loaded: DecodedModel): DataType {
  switch (loaded.meta.labelType) {
    case 'text':
      return Types.text;
    case 'integer':
      return Types.int8;
    case 'bool':
      return Types.bool;
    default:
      return Types.float8;
  }
}

/** A class label as a value of `labelDataType`. */
export function labelValue(loaded: DecodedModel, label: string | number): Scalar {
  switch (loaded.meta.labelType) {
    case 'text':
      return String(label);
    case 'bool':
      return label === 1 || label === 'true';
    default:
      return Number(label);
  }
}

export function probsType(loaded: DecodedModel): DataType {
  return listType({
    id: 'struct',
    fields: [
      { name: 'label', type: labelDataType(loaded) },
      { name: 'prob', type: Types.float8 },
    ],
  });
}

/** Validity of the rows not skipped and not NaN (null when all are valid). */
function validityOf(skip: Uint8Array, values: Float64Array | null, rows: number): Bitmap | null {
  let bitmap: Bitmap | null = null;
  for (let i = 0; i < rows; i++) {
    if (skip[i] === 0 && (values === null || !Number.isNaN(values[i]!))) continue;
    bitmap ??= newBitmap(rows, true);
    clearBit(bitmap, i);
  }
  return bitmap;
}

function doubles(values: Float64Array, skip: Uint8Array, type: DataType = Types.float8): Vector {
  const rows = skip.length;
  return {
    kind: 'f64',
    type,
    length: rows,
    validity: validityOf(skip, values, rows),
    data: values.subarray(0, rows),
  };
}

/** Predicted labels straight from class indexes: text as dictionary codes, numbers as doubles. */
function labelVector(loaded: DecodedModel, classIndex: Int32Array, skip: Uint8Array): Vector {
  const rows = skip.length;
  const type = labelDataType(loaded);
  const validity = validityOf(skip, null, rows);
  const classes = loaded.model.classes;
  if (type.id === 'text')
    return {
      kind: 'string',
      type,
      length: rows,
      validity,
      dict: classes.map(String),
      codes: classIndex.subarray(0, rows),
    };
  const values = classes.map((c) => Number(labelValue(loaded, c)));
  if (type.id === 'bool')
    return {
      kind: 'bool',
      type,
      length: rows,
      validity,
      data: Uint8Array.from(classIndex.subarray(0, rows), (k) => values[k]!),
    };
  const data = new Float64Array(rows);
  for (let i = 0; i < rows; i++) data[i] = values[classIndex[i]!]!;
  return { kind: 'f64', type, length: rows, validity, data };
}

/** The prediction columns of a model's task. */
export function predictionColumns(loaded: DecodedModel): { name: string; type: DataType }[] {
  const { meta, model } = loaded;
  const label = meta.label ?? 'label';
  switch (model.task) {
    case 'classification':
      return [
        { name: `predicted_${label}`, type: labelDataType(loaded) },
        { name: `predicted_${label}_probs`, type: probsType(loaded) },
      ];
    case 'clustering':
      return [
        { name: 'centroid_id', type: Types.int8 },
        { name: 'centroid_distance', type: Types.float8 },
      ];
    case 'dimensionality_reduction': {
      const k = (model.toArtifact().params.k as number | undefined) ?? pcaComponents(loaded);
      return Array.from({ length: k }, (_, i) => ({
        name: `principal_component_${i + 1}`,
        type: Types.float8,
      }));
    }
    default:
      return [{ name: `predicted_${label}`, type: Types.float8 }];
  }
}

function pcaComponents(loaded: DecodedModel): number {
  const artifact = loaded.model.toArtifact();
  const components = artifact.buffers.components;
  const d = loaded.model.featureNames.length;
  return components === undefined || d === 0 ? 0 : components.length / d;
}

/** Prediction vectors for one batch; without `probabilities`, a classifier's probabilities are NULL. */
export function predictionVectors(
  loaded: DecodedModel,
  p: Prediction,
  skip: Uint8Array,
  rows: number,
  probabilities = true,
): Vector[] {
  switch (p.kind) {
    case 'value':
      return [doubles(p.value, skip)];
    case 'class': {
      if (!probabilities)
        return [
          labelVector(loaded, p.classIndex, skip),
          { kind: 'const', type: probsType(loaded), length: rows, validity: null, value: null },
        ];
      const labels = loaded.model.classes.map((c) => labelValue(loaded, c));
      const k = labels.length;
      const probs: Scalar[] = new Array<Scalar>(rows);
      for (let i = 0; i < rows; i++) {
        if (skip[i]) {
          probs[i] = null;
          continue;
        }
        const row = new Array<Scalar>(k);
        for (let c = 0; c < k; c++) row[c] = { label: labels[c]!, prob: p.probabilities[c]![i]! };
        probs[i] = row;
      }
      return [
        labelVector(loaded, p.classIndex, skip),
        {
          kind: 'boxed',
          type: probsType(loaded),
          length: rows,
          validity: validityOf(skip, null, rows),
          values: probs,
        },
      ];
    }
    case 'cluster':
      return [
        doubles(
          Float64Array.from(p.centroid, (c) => c + 1),
          skip,
          Types.int8,
        ),
        doubles(p.distance, skip),
      ];
    case 'projection':
      return p.components.map((c) => doubles(c, skip));
  }
}

/** Runs the program and the model over one batch of leaf vectors. */
export function predictRows(
  loaded: DecodedModel,
  leaves: readonly number[],
  leafVectors: readonly Vector[],
  leafTypes: readonly DataType[],
  rows: number,
  threshold: number | undefined,
): { prediction: Prediction; skip: Uint8Array } {
  const columns: MlColumn[] = [];
  leaves.forEach((leaf, j) => {
    columns[leaf] = mlColumnOf(leafVectors[j]!, leafTypes[j]!, rows, loaded.meta.program.leafNames[leaf]!);
  });
  const r = modelRows(loaded.runner, loaded.meta, columns, rows, false);
  const prediction = loaded.model.predict(r.batch, threshold === undefined ? {} : { threshold });
  return { prediction, skip: r.skip };
}

export function predictionOutput(loaded: DecodedModel): PredictionOutput {
  const leaves = [...leavesOf(loaded.runner, loaded.meta.features)].sort((a, b) => a - b);
  return { columns: predictionColumns(loaded), leaves };
}
