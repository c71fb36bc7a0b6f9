// A fitted naive_bayes model: per-class log priors plus Gaussian means/variances or log feature
// probabilities; posteriors through log-sum-exp.

import { denseView } from '../core/dense-view.js';
import type { FeatureBatch } from '../core/feature-batch.js';
import type { IterationInfo, Model, ModelArtifact, Prediction } from '../core/model.js';
import type { ModelOptions } from '../core/model-options.js';
import { checkBatchLayout, expandFeatureNames, type TrainingSchema } from '../core/training-schema.js';
import { softmaxColumns } from '../linear/linear-model.js';

export interface NaiveBayesState {
  readonly distribution: ModelOptions['nbDistribution'];
  readonly schema: TrainingSchema;
  readonly logPrior: Float64Array;
  /** K × d: Gaussian means, or log P(feature | class). */
  readonly a: Float64Array;
  /** K × d: Gaussian variances, or log(1 − P) for Bernoulli. */
  readonly b: Float64Array;
  readonly trainingInfo: readonly IterationInfo[];
}

export class NaiveBayesModel implements Model {
  readonly modelType = 'naive_bayes';
  readonly task = 'classification';
  private names: string[] | null = null;

  constructor(readonly state: NaiveBayesState) {}

  get featureNames(): readonly string[] {
    return (this.names ??= expandFeatureNames(this.state.schema));
  }

  get classes(): readonly (string | number)[] {
    return this.state.schema.classes;
  }

  get trainingInfo(): readonly IterationInfo[] {
    return this.state.trainingInfo;
  }

  predict(batch: FeatureBatch): Prediction {
    const { schema, logPrior, a, b, distribution } = this.state;
    checkBatchLayout(
      batch,
      schema.dense.length,
      schema.sparse.map((s) => s.dim),
    );
    const x = denseView(schema, 'naive_bayes')(batch);
    const n = batch.rows;
    const k = logPrior.length;
    const d = x.length;
    const scores = Array.from({ length: k }, (_, c) => new Float64Array(n).fill(logPrior[c]!));
    for (let c = 0; c < k; c++) {
      const out = scores[c]!;
      for (let j = 0; j < d; j++) {
        const col = x[j]!;
        const aj = a[c * d + j]!;
        const bj = b[c * d + j]!;
        if (distribution === 'gaussian') {
          const norm = -0.5 * Math.log(2 * Math.PI * bj);
          const inv = 0.5 / bj;
          for (let i = 0; i < n; i++) {
            const delta = col[i]! - aj;
            out[i]! += norm - delta * delta * inv;
          }
        } else if (distribution === 'multinomial') {
          for (let i = 0; i < n; i++) out[i]! += col[i]! * aj;
        } else {
          for (let i = 0; i < n; i++) out[i]! += col[i]! !== 0 ? aj : bj;
        }
      }
    }
    const classIndex = new Int32Array(n);
    softmaxColumns(scores, n, classIndex);
    return { kind: 'class', classIndex, probabilities: scores };
  }

  toArtifact(): ModelArtifact {
    const { distribution, schema, logPrior, a, b, trainingInfo } = this.state;
    return {
      modelType: 'naive_bayes',
      params: { distribution, schema, trainingInfo },
      buffers: { logPrior, a, b },
    };
  }

  static fromArtifact(art: ModelArtifact): NaiveBayesModel {
    const p = art.params as unknown as Pick<NaiveBayesState, 'distribution' | 'schema' | 'trainingInfo'>;
    return new NaiveBayesModel({
      ...p,
      logPrior: art.buffers.logPrior as Float64Array,
      a: art.buffers.a as Float64Array,
      b: art.buffers.b as Float64Array,
    });
  }
}
