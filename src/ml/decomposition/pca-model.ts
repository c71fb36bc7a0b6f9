// A fitted pca model: projection of centered (and optionally scaled) rows onto the principal components.

import { denseView } from '../core/dense-view.js';
import type { FeatureBatch } from '../core/feature-batch.js';
import type { IterationInfo, Model, ModelArtifact, Prediction } from '../core/model.js';
import { checkBatchLayout, expandFeatureNames, type TrainingSchema } from '../core/training-schema.js';

export interface PcaState {
  readonly schema: TrainingSchema;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** count × d, unit rows, in decreasing explained variance. */
  readonly components: Float64Array;
  readonly explainedVariance: Float64Array;
  readonly explainedVarianceRatio: Float64Array;
  readonly trainingInfo: readonly IterationInfo[];
}

export class PcaModel implements Model {
  readonly modelType = 'pca';
  readonly task = 'dimensionality_reduction';
  readonly classes: readonly (string | number)[] = [];
  private names: string[] | null = null;

  constructor(readonly state: PcaState) {}

  get featureNames(): readonly string[] {
    return (this.names ??= expandFeatureNames(this.state.schema));
  }

  get trainingInfo(): readonly IterationInfo[] {
    return this.state.trainingInfo;
  }

  get componentCount(): number {
    return this.state.explainedVariance.length;
  }

  /** principal_component_1 … principal_component_p per row. */
  predict(batch: FeatureBatch): Prediction {
    const { schema, mean, scale, components } = this.state;
    checkBatchLayout(
      batch,
      schema.dense.length,
      schema.sparse.map((s) => s.dim),
    );
    const x = denseView(schema, 'pca')(batch);
    const n = batch.rows;
    const d = x.length;
    const out = Array.from({ length: this.componentCount }, (_, c) => {
      const z = new Float64Array(n);
      for (let j = 0; j < d; j++) {
        const w = components[c * d + j]! / scale[j]!;
        if (w === 0) continue;
        const m = mean[j]!;
        const col = x[j]!;
        for (let i = 0; i < n; i++) z[i]! += w * (col[i]! - m);
      }
      return z;
    });
    return { kind: 'projection', components: out };
  }

  toArtifact(): ModelArtifact {
    const { schema, trainingInfo, mean, scale, components, explainedVariance, explainedVarianceRatio } =
      this.state;
    return {
      modelType: 'pca',
      params: { schema, trainingInfo },
      buffers: { mean, scale, components, explainedVariance, explainedVarianceRatio },
    };
  }

  static fromArtifact(a: ModelArtifact): PcaModel {
    const p = a.params as unknown as Pick<PcaState, 'schema' | 'trainingInfo'>;
    const b = a.buffers;
    return new PcaModel({
      ...p,
      mean: b.mean as Float64Array,
      scale: b.scale as Float64Array,
      components: b.components as Float64Array,
      explainedVariance: b.explainedVariance as Float64Array,
      explainedVarianceRatio: b.explainedVarianceRatio as Float64Array,
    });
  }
}
