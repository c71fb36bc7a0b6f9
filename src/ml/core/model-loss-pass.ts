// A pass scoring the training rows with a fitted model: the mean log loss (classifiers) or mean squared
// error (regressors) reported by ML.TRAINING_INFO for models fitted without an iterative loss.

import type { TrainingBatch } from './feature-batch.js';
import type { Model } from './model.js';
import type { PassState, TrainingPass } from './training-pass.js';

const EPSILON = 1e-15;

export class ModelLossState implements PassState {
  lossSum = 0;
  weightSum = 0;

  constructor(private readonly model: Model) {}

  update(batch: TrainingBatch): void {
    const p = this.model.predict(batch);
    const y = batch.label!;
    const w = batch.weight;
    for (let i = 0; i < batch.rows; i++) {
      const wi = w ? w[i]! : 1;
      let loss = 0;
      if (p.kind === 'class')
        loss = -Math.log(Math.min(Math.max(p.probabilities[y[i]!]![i]!, EPSILON), 1 - EPSILON));
      else if (p.kind === 'value') loss = (p.value[i]! - y[i]!) ** 2;
      this.lossSum += wi * loss;
      this.weightSum += wi;
    }
  }

  merge(other: ModelLossState): void {
    this.lossSum += other.lossSum;
    this.weightSum += other.weightSum;
  }

  get loss(): number {
    return this.weightSum > 0 ? this.lossSum / this.weightSum : 0;
  }
}

export function modelLossPass(model: Model): TrainingPass<ModelLossState> {
  return { name: 'training loss', create: () => new ModelLossState(model) };
}
