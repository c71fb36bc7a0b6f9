// A fitted kmeans model: centroids in the standardized space it was trained in, with the standardization,
// so scoring and ML.CENTROIDS (which reports original units) need nothing else.

import { denseView } from '../core/dense-view.js';
import type { FeatureBatch } from '../core/feature-batch.js';
import type { IterationInfo, Model, ModelArtifact, Prediction } from '../core/model.js';
import { checkBatchLayout, expandFeatureNames, type TrainingSchema } from '../core/training-schema.js';
import { nearestCentroids, prepareRows } from './centroid-distance.js';

export interface KmeansState {
  readonly schema: TrainingSchema;
  readonly distanceType: 'euclidean' | 'cosine';
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** k × d, standardized space. */
  readonly centroids: Float64Array;
  readonly k: number;
  readonly trainingInfo: readonly IterationInfo[];
}

/** One row of ML.CENTROIDS. */
export interface CentroidRow {
  /** 1-based, as BigQuery ML's CENTROID_ID. */
  readonly centroidId: number;
  readonly feature: string;
  readonly value: number;
}

export class KmeansModel implements Model {
  readonly modelType = 'kmeans';
  readonly task = 'clustering';
  readonly classes: readonly (string | number)[] = [];
  private names: string[] | null = null;

  constructor(readonly state: KmeansState) {}

  get featureNames(): readonly string[] {
    return (this.names ??= expandFeatureNames(this.state.schema));
  }

  get trainingInfo(): readonly IterationInfo[] {
    return this.state.trainingInfo;
  }

  /** Rows prepared as in training (standardized; unit length for cosine). */
  prepare(batch: FeatureBatch): Float64Array[] {
    const { schema, mean, scale, distanceType } = this.state;
    checkBatchLayout(
      batch,
      schema.dense.length,
      schema.sparse.map((s) => s.dim),
    );
    return prepareRows(
      denseView(schema, 'kmeans')(batch),
      batch.rows,
      mean,
      scale,
      distanceType === 'cosine',
    );
  }

  /** Nearest centroid (0-based; ML.PREDICT's CENTROID_ID is this + 1) and its distance. */
  predict(batch: FeatureBatch): Prediction {
    const { centroids, k, distanceType } = this.state;
    const x = this.prepare(batch);
    const { centroid, distance } = nearestCentroids(x, batch.rows, centroids, k, x.length);
    for (let i = 0; i < batch.rows; i++)
      distance[i] = distanceType === 'cosine' ? distance[i]! / 2 : Math.sqrt(distance[i]!);
    return { kind: 'cluster', centroid, distance };
  }

  /** ML.CENTROIDS: each centroid's coordinates in original feature units. */
  centroids(): CentroidRow[] {
    const { centroids, k, mean, scale } = this.state;
    const names = this.featureNames;
    const d = names.length;
    const rows: CentroidRow[] = [];
    for (let c = 0; c < k; c++)
      for (let j = 0; j < d; j++)
        rows.push({
          centroidId: c + 1,
          feature: names[j]!,
          value: centroids[c * d + j]! * scale[j]! + mean[j]!,
        });
    return rows;
  }

  toArtifact(): ModelArtifact {
    const { schema, distanceType, k, trainingInfo, mean, scale, centroids } = this.state;
    return {
      modelType: 'kmeans',
      params: { schema, distanceType, k, trainingInfo },
      buffers: { mean, scale, centroids },
    };
  }

  static fromArtifact(a: ModelArtifact): KmeansModel {
    const p = a.params as unknown as Pick<KmeansState, 'schema' | 'distanceType' | 'k' | 'trainingInfo'>;
    return new KmeansModel({
      ...p,
      mean: a.buffers.mean as Float64Array,
      scale: a.buffers.scale as Float64Array,
      centroids: a.buffers.centroids as Float64Array,
    });
  }
}
