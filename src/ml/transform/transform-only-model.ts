// A transform_only model: no estimator, only the fitted TRANSFORM functions (kept by the SQL layer in the
// model's metadata), so ML.TRANSFORM can replay them; it has no predictions.

import type { FeatureBatch } from '../core/feature-batch.js';
import type { IterationInfo, Model, ModelArtifact, Prediction } from '../core/model.js';
import { mlError } from '../core/ml-error.js';
import type { FittedTransform } from './ml-column.js';
import { fittedTransformFromJson } from './fitted-transform-codec.js';

export class TransformOnlyModel implements Model {
  readonly modelType = 'transform_only';
  readonly task = 'transform';
  readonly featureNames: readonly string[] = [];
  readonly classes: readonly (string | number)[] = [];
  readonly trainingInfo: readonly IterationInfo[] = [];

  /** Fitted transforms by output alias. */
  constructor(readonly transforms: Readonly<Record<string, FittedTransform>>) {}

  predict(_batch: FeatureBatch): Prediction {
    throw mlError('a transform_only model has no predictions; use ML.TRANSFORM');
  }

  toArtifact(): ModelArtifact {
    const transforms = Object.fromEntries(
      Object.entries(this.transforms).map(([alias, t]) => [alias, t.toJSON()]),
    );
    return { modelType: 'transform_only', params: { transforms }, buffers: {} };
  }

  static fromArtifact(a: ModelArtifact): TransformOnlyModel {
    const stored = (a.params.transforms ?? {}) as Record<string, { kind: string } & Record<string, unknown>>;
    return new TransformOnlyModel(
      Object.fromEntries(Object.entries(stored).map(([alias, t]) => [alias, fittedTransformFromJson(t)])),
    );
  }
}
