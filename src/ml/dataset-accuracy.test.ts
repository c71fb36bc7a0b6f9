// Accuracy on the shared datasets with a fixed split (every 4th row held out), next to scikit-learn 1.2.1
// on the same split, measured once with:
//   /usr/bin/python3 -c "…; te = arange(n) % 4 == 3;
//     make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(X[~te], y[~te]).score(X[te], y[te]);
//     RandomForestClassifier(n_estimators=100, random_state=0).fit(X[~te], y[~te]).score(X[te], y[te])"
// scikit-learn:  logistic (scaled, C=1)  random forest (100 trees)
//   iris           0.946                   0.946
//   wine           0.977                   0.955
//   breast_cancer  0.972                   0.965
//   digits         0.955                   0.973

import { describe, expect, it } from 'vitest';
import { parseModelOptions, type RawOptionValue } from './core/model-options.js';
import { fitLocal } from './core/training-pass.js';
import { denseSchema } from './core/training-schema.js';
import { fitLinearModel } from './linear/linear-trainer.js';
import { accuracy, fixedSplit, loadDataset, partitionBatch } from './testing/dataset-fixtures.js';
import { fitForest } from './tree/forest-trainer.js';
import type { Model } from './core/model.js';

const SKLEARN: Record<string, { logistic: number; forest: number }> = {
  iris: { logistic: 0.946, forest: 0.946 },
  wine: { logistic: 0.977, forest: 0.955 },
  breast_cancer: { logistic: 0.972, forest: 0.965 },
  digits: { logistic: 0.955, forest: 0.973 },
};

function score(name: string, raw: Record<string, RawOptionValue>): number {
  const data = loadDataset(name);
  const { train, test } = fixedSplit(data);
  const classes = [...new Set(data.label)].sort((a, b) => a - b);
  const { options } = parseModelOptions(raw);
  const schema = denseSchema(data.names, 'label', classes);
  const parts = partitionBatch(train, 2);
  const model: Model =
    options.modelType === 'logistic_reg'
      ? fitLocal(fitLinearModel(options, schema), parts)
      : fitLocal(fitForest(options, schema), parts);
  const p = model.predict(test);
  if (p.kind !== 'class') throw new Error('expected classes');
  return accuracy(p.classIndex, test.label!);
}

describe('accuracy on the shared datasets (fixed split)', () => {
  for (const name of Object.keys(SKLEARN)) {
    it(`${name}: logistic_reg and random_forest_classifier within 2.5 points of scikit-learn`, () => {
      const n = Math.ceil((loadDataset(name).rows * 3) / 4);
      // C = 1 on standardized features, as the scikit-learn pipeline: l2_reg = 1 / (C·n).
      const logistic = score(name, { model_type: 'logistic_reg', l2_reg: 1 / n });
      const forest = score(name, {
        model_type: 'random_forest_classifier',
        num_trees: 100,
        subsample: 1,
        seed: 1,
      });
      process.stdout.write(`${name}: logistic ${logistic.toFixed(3)}, forest ${forest.toFixed(3)}\n`);
      expect(logistic).toBeGreaterThanOrEqual(SKLEARN[name]!.logistic - 0.025);
      expect(forest).toBeGreaterThanOrEqual(SKLEARN[name]!.forest - 0.025);
    });
  }
});
