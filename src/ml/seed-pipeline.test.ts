// The spec's seed pipeline at the library level: reviews tokenized and hashed to 10,000 features, rating
// bucketized at 4.5 into the label, binomial logistic regression with maxIter 10, regParam 0.0001,
// elasticNetParam 1.0 (sparse features end to end), then the model file round trip.

import { describe, expect, it } from 'vitest';
import { createTrainer } from './create-trainer.js';
import { SeededRandom } from './core/seeded-random.js';
import { parseModelOptions } from './core/model-options.js';
import { fitLocal } from './core/training-pass.js';
import { assembleFeatures } from './data/feature-assembler.js';
import { decodeModel, encodeModelBinary } from './format/model-codec.js';
import { ClassificationMetricsState } from './metrics/classification-metrics.js';
import { hashingTf } from './transform/hashing-tf.js';
import { bucketize } from './transform/numeric-transforms.js';
import { tokenize } from './transform/text-transforms.js';

const GOOD = ['great', 'love', 'excellent', 'perfect', 'happy', 'recommend'];
const BAD = ['broken', 'awful', 'refund', 'terrible', 'waste', 'disappointed'];
const FILLER = ['the', 'product', 'arrived', 'it', 'is', 'a', 'box', 'color', 'size', 'works', 'day', 'use'];

function reviews(n: number, seed: number): { text: string[]; rating: Float64Array } {
  const rng = new SeededRandom(seed);
  const text: string[] = [];
  const rating = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const positive = rng.next() < 0.5;
    const words: string[] = [];
    for (let w = 0; w < 12; w++) {
      const r = rng.next();
      const pool = r < 0.25 ? (positive ? GOOD : BAD) : r < 0.3 ? (positive ? BAD : GOOD) : FILLER;
      words.push(pool[rng.int(pool.length)]!);
    }
    text.push(words.join(' '));
    rating[i] = positive ? 4.5 + rng.int(2) * 0.5 : 1 + rng.int(7) * 0.5;
  }
  return { text, rating };
}

function featurize(text: string[], rating: Float64Array) {
  const policy = { column: 'rating', handleInvalid: 'error' as const, skip: new Uint8Array(text.length) };
  const tokens = tokenize(text);
  if (tokens.kind !== 'tokens') throw new Error('expected tokens');
  const features = assembleFeatures(
    [{ name: 'features', column: hashingTf(tokens.values, 10_000) }],
    text.length,
  );
  const label = bucketize(rating, [4.5], policy);
  if (label.kind !== 'number') throw new Error('expected numbers');
  return { ...features, label: label.values };
}

describe('seed pipeline (review sentiment)', () => {
  it('trains on hashed sparse features and scores held-out reviews', () => {
    const train = reviews(4000, 1);
    const test = reviews(1000, 2);
    const f = featurize(train.text, train.rating);
    const { options } = parseModelOptions({
      model_type: 'logistic_reg',
      max_iterations: 10,
      reg_param: 0.0001,
      elastic_net_param: 1.0,
    });
    const schema = { dense: f.dense, sparse: f.sparse, label: 'label', classes: [0, 1] };
    const batch = { ...f.batch, label: f.label, weight: null, firstRow: 0 };
    const model = fitLocal(createTrainer(options, schema).fit(), [[batch]]);
    expect(model.trainingInfo.length).toBeLessThanOrEqual(10);
    const t = featurize(test.text, test.rating);
    const scored = decodeModel(encodeModelBinary(model)).model.predict(t.batch);
    if (scored.kind !== 'class') throw new Error('expected classes');
    const metrics = new ClassificationMetricsState(2);
    metrics.update(t.label, scored.classIndex, scored.probabilities, t.batch.rows);
    const m = metrics.finish();
    expect(m.accuracy!).toBeGreaterThan(0.85);
    process.stdout.write(
      `seed pipeline: accuracy ${m.accuracy!.toFixed(3)}, roc_auc ${m.roc_auc!.toFixed(3)}\n`,
    );
    expect(m.roc_auc!).toBeGreaterThan(0.93);
    // L1 leaves the hashed buckets of words that never occur at exactly zero.
    const zeros = model.weights!().filter((w) => w.weight === 0).length;
    expect(zeros).toBeGreaterThan(9000);
  });
});
