// A fitted matrix_factorization model: sorted user and item ids with their latent factors. Scoring looks
// ids up by binary search; unseen users or items score NaN (cold_start_strategy 'drop' removes those rows).

import type { FeatureBatch } from '../core/feature-batch.js';
import type { IterationInfo, Model, ModelArtifact, Prediction } from '../core/model.js';
import type { ModelOptions } from '../core/model-options.js';
import { mlError } from '../core/ml-error.js';
import type { TrainingSchema } from '../core/training-schema.js';
import { indexOf } from './rating-collector.js';

export interface AlsState {
  readonly schema: TrainingSchema;
  readonly feedbackType: ModelOptions['feedbackType'];
  readonly k: number;
  readonly userIds: Float64Array;
  readonly itemIds: Float64Array;
  readonly userFactors: Float64Array;
  readonly itemFactors: Float64Array;
  readonly trainingInfo: readonly IterationInfo[];
}

/** ML.RECOMMEND rows for a set of users, column-major. */
export interface Recommendations {
  readonly user: Float64Array;
  readonly item: Float64Array;
  readonly score: Float64Array;
}

export class AlsModel implements Model {
  readonly modelType = 'matrix_factorization';
  readonly task = 'recommendation';
  readonly classes: readonly (string | number)[] = [];

  constructor(readonly state: AlsState) {}

  get featureNames(): readonly string[] {
    return this.state.schema.dense;
  }

  get trainingInfo(): readonly IterationInfo[] {
    return this.state.trainingInfo;
  }

  /** Predicted rating (or preference) for dense[0] = user id, dense[1] = item id. */
  predict(batch: FeatureBatch): Prediction {
    const { k, userIds, itemIds, userFactors, itemFactors } = this.state;
    if (batch.dense.length !== 2) throw mlError('matrix_factorization scores (user, item) pairs');
    const [users, items] = batch.dense as [Float64Array, Float64Array];
    const value = new Float64Array(batch.rows);
    for (let i = 0; i < batch.rows; i++) {
      const u = indexOf(userIds, users[i]!);
      const v = indexOf(itemIds, items[i]!);
      if (u < 0 || v < 0) {
        value[i] = NaN;
        continue;
      }
      let dot = 0;
      for (let c = 0; c < k; c++) dot += userFactors[u * k + c]! * itemFactors[v * k + c]!;
      value[i] = dot;
    }
    return { kind: 'value', value };
  }

  /** The top_k items by predicted score for each known user (all users when `users` is null). */
  recommend(users: Float64Array | null, topK: number): Recommendations {
    const { k, userIds, itemIds, userFactors, itemFactors } = this.state;
    const wanted = users ?? userIds;
    const take = Math.min(topK, itemIds.length);
    const out = { user: [] as number[], item: [] as number[], score: [] as number[] };
    const scores = new Float64Array(itemIds.length);
    const order = new Int32Array(itemIds.length);
    for (const id of wanted) {
      const u = indexOf(userIds, id);
      if (u < 0) continue;
      for (let v = 0; v < itemIds.length; v++) {
        let dot = 0;
        for (let c = 0; c < k; c++) dot += userFactors[u * k + c]! * itemFactors[v * k + c]!;
        scores[v] = dot;
        order[v] = v;
      }
      order.sort((a, b) => scores[b]! - scores[a]! || a - b);
      for (let r = 0; r < take; r++) {
        out.user.push(id);
        out.item.push(itemIds[order[r]!]!);
        out.score.push(scores[order[r]!]!);
      }
    }
    return {
      user: Float64Array.from(out.user),
      item: Float64Array.from(out.item),
      score: Float64Array.from(out.score),
    };
  }

  toArtifact(): ModelArtifact {
    const { schema, feedbackType, k, trainingInfo, userIds, itemIds, userFactors, itemFactors } = this.state;
    return {
      modelType: 'matrix_factorization',
      params: { schema, feedbackType, k, trainingInfo },
      buffers: { userIds, itemIds, userFactors, itemFactors },
    };
  }

  static fromArtifact(a: ModelArtifact): AlsModel {
    const p = a.params as unknown as Pick<AlsState, 'schema' | 'feedbackType' | 'k' | 'trainingInfo'>;
    const b = a.buffers;
    return new AlsModel({
      ...p,
      userIds: b.userIds as Float64Array,
      itemIds: b.itemIds as Float64Array,
      userFactors: b.userFactors as Float64Array,
      itemFactors: b.itemFactors as Float64Array,
    });
  }
}
