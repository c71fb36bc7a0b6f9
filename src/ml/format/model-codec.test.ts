// Every model type survives JSON and binary export/import with identical predictions; format versions.

import { describe, expect, it } from 'vitest';
import { createTrainer } from '../create-trainer.js';
import { denseTrainingBatch, type TrainingBatch } from '../core/feature-batch.js';
import { MODEL_TYPES, type Model, type Prediction } from '../core/model.js';
import { parseModelOptions, type RawOptionValue } from '../core/model-options.js';
import { fitLocal } from '../core/training-pass.js';
import { denseSchema } from '../core/training-schema.js';
import { loadDataset } from '../testing/dataset-fixtures.js';
import { StandardScaler } from '../transform/standard-scaler.js';
import { TransformOnlyModel } from '../transform/transform-only-model.js';
import { decodeModel, encodeModelBinary, encodeModelJson } from './model-codec.js';

const iris = loadDataset('iris');

function trained(modelType: string): { model: Model; batch: TrainingBatch } {
  if (modelType === 'matrix_factorization') {
    const batch = denseTrainingBatch(
      [Float64Array.of(1, 1, 2, 2, 3), Float64Array.of(10, 20, 10, 30, 20)],
      Float64Array.of(5, 3, 4, 1, 2),
    );
    const { options } = parseModelOptions({ model_type: modelType, num_factors: 2 });
    return { model: fitLocal(createTrainer(options, denseSchema(['u', 'i'], 'r')).fit(), [[batch]]), batch };
  }
  const classifier = /classifier|logistic|bayes/.test(modelType);
  const unsupervised = modelType === 'kmeans' || modelType === 'pca';
  const label = unsupervised ? null : classifier ? iris.label : iris.columns[0]!;
  const columns = classifier || unsupervised ? iris.columns : iris.columns.slice(1);
  const names = classifier || unsupervised ? iris.names : iris.names.slice(1);
  const batch = denseTrainingBatch(columns, label);
  const extra: Record<string, RawOptionValue> = modelType.includes('forest')
    ? { num_trees: 5 }
    : modelType === 'kmeans'
      ? { num_clusters: 3 }
      : {};
  const { options } = parseModelOptions({ model_type: modelType, ...extra });
  const schema = denseSchema(
    names,
    unsupervised ? null : 'label',
    classifier ? ['setosa', 'versicolor', 'virginica'] : [],
  );
  return { model: fitLocal(createTrainer(options, schema).fit(), [[batch]]), batch };
}

function arrays(p: Prediction): number[][] {
  switch (p.kind) {
    case 'value':
      return [Array.from(p.value)];
    case 'class':
      return [Array.from(p.classIndex), ...p.probabilities.map((c) => Array.from(c))];
    case 'cluster':
      return [Array.from(p.centroid), Array.from(p.distance)];
    case 'projection':
      return p.components.map((c) => Array.from(c));
  }
}

describe('model files', () => {
  for (const modelType of MODEL_TYPES.filter((t) => t !== 'transform_only')) {
    it(`${modelType}: JSON and binary round trips predict identically`, () => {
      const { model, batch } = trained(modelType);
      const expected = arrays(model.predict(batch));
      const json = decodeModel(encodeModelJson(model, { transform: 'ML.STANDARD_SCALER(x)' }));
      expect(json.metadata).toEqual({ transform: 'ML.STANDARD_SCALER(x)' });
      expect(arrays(json.model.predict(batch))).toEqual(expected);
      const binary = decodeModel(encodeModelBinary(model));
      expect(arrays(binary.model.predict(batch))).toEqual(expected);
      expect(binary.model.classes).toEqual(model.classes);
      expect(binary.model.trainingInfo.length).toBe(model.trainingInfo.length);
    });
  }

  it('transform_only keeps its fitted transforms', () => {
    const model = new TransformOnlyModel({ x_scaled: new StandardScaler(2, 0.5) });
    const back = decodeModel(encodeModelJson(model)).model as TransformOnlyModel;
    expect(back.transforms.x_scaled!.toJSON()).toEqual({ kind: 'standard_scaler', mean: 2, std: 0.5 });
  });

  it('refuses newer format versions and foreign files with clear messages', () => {
    const text = encodeModelJson(trained('linear_reg').model);
    const newer = JSON.stringify({ ...JSON.parse(text), format_version: 7 });
    expect(() => decodeModel(newer)).toThrow(/format version 7 is newer than this Larch reads \(version 1\)/);
    expect(() => decodeModel('{"format":"onnx"}')).toThrow(/not a Larch model file/);
    expect(() => decodeModel(new Uint8Array(20))).toThrow(/bad magic/);
  });
});
