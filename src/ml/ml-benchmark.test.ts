// Timings of the numerical core, run on demand: ML_BENCH=1 npx vitest run src/ml/ml-benchmark.test.ts
// scikit-learn 1.2.1 reference for the logistic fit, on the same distribution (numpy's generator):
//   X = default_rng(1).standard_normal((1_000_000, 20)); w = [((j % 5) - 2) * 0.5 for j in range(20)]
//   y = rng.random(n) < 1 / (1 + exp(-(X @ w + 0.5)));  LogisticRegression(C=1, solver='lbfgs').fit(X, y)
//   measured: 10 iterations, 1.69 s cpu; predict_proba 6.2M rows/s (time.process_time, best of 3)

import { describe, expect, it } from 'vitest';
import { parseModelOptions } from './core/model-options.js';
import { fitLocal } from './core/training-pass.js';
import { denseSchema } from './core/training-schema.js';
import { fitLinearModel } from './linear/linear-trainer.js';
import { logisticProblem, lowRankRatings, partitionBatch } from './testing/dataset-fixtures.js';
import { denseBatch, denseTrainingBatch } from './core/feature-batch.js';
import { fitAls } from './recommend/als-trainer.js';
import { RegressionMetricsState } from './metrics/regression-metrics.js';

const log = (line: string): void => void process.stdout.write(`${line}\n`);

describe.skipIf(!process.env.ML_BENCH)('ml benchmarks', () => {
  it('logistic_reg on 1M × 20: fit and predict', () => {
    const n = 1_000_000;
    const d = 20;
    const { batch } = logisticProblem(n, d);
    const names = Array.from({ length: d }, (_, j) => `x${j}`);
    const partitions = partitionBatch(batch, 8);
    const runs: Record<string, number>[] = [{ l2_reg: 1 / n }, { l2_reg: 1 / n, min_rel_progress: 1e-6 }];
    for (const raw of runs) {
      const { options } = parseModelOptions({
        model_type: 'logistic_reg',
        standardize_features: false,
        ...raw,
      });
      const cpu = process.cpuUsage();
      const started = performance.now();
      const model = fitLocal(fitLinearModel(options, denseSchema(names, 'label', [0, 1])), partitions);
      const fitMs = performance.now() - started;
      const fitCpuMs = process.cpuUsage(cpu).user / 1000;
      const info = model.trainingInfo;
      log(
        `fit ${JSON.stringify(raw)}: ${(fitMs / 1000).toFixed(3)} s wall, ${(fitCpuMs / 1000).toFixed(3)} s cpu, ${info.length} iterations, loss ${info.at(-1)!.loss.toFixed(10)}`,
      );
      // Best of three predictions over all rows (the machine is shared; the best run is the least disturbed).
      let predictMs = Infinity;
      let predictCpuMs = Infinity;
      let p = model.predict(batch);
      for (let run = 0; run < 3; run++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        p = model.predict(batch);
        predictMs = Math.min(predictMs, performance.now() - t0);
        predictCpuMs = Math.min(predictCpuMs, process.cpuUsage(c0).user / 1000);
      }
      let hit = 0;
      if (p.kind === 'class') for (let i = 0; i < n; i++) hit += p.classIndex[i] === batch.label![i] ? 1 : 0;
      log(
        `predict: ${(n / predictMs / 1000).toFixed(1)}M rows/s wall, ${(n / predictCpuMs / 1000).toFixed(1)}M rows/s cpu, accuracy ${(hit / n).toFixed(4)}`,
      );
      expect(hit / n).toBeGreaterThan(0.8);
    }
  });

  it('matrix_factorization on 100k ratings with known rank-5 factors', () => {
    const noise = 0.1;
    const total = 110_000;
    const train = 100_000;
    const { user, item, rating } = lowRankRatings(500, 400, 5, total, noise, 11);
    const { options } = parseModelOptions({
      model_type: 'matrix_factorization',
      num_factors: 5,
      l2_reg: 0.001,
      max_iterations: 30,
    });
    const started = performance.now();
    const batch = denseTrainingBatch(
      [user.subarray(0, train), item.subarray(0, train)],
      rating.subarray(0, train),
    );
    const model = fitLocal(
      fitAls(options, denseSchema(['user', 'item'], 'rating')),
      partitionBatch(batch, 4),
    );
    const fitMs = performance.now() - started;
    const p = model.predict(denseBatch([user.subarray(train), item.subarray(train)]));
    const m = new RegressionMetricsState();
    if (p.kind === 'value') m.update(p.value, rating.subarray(train), total - train);
    const rmse = m.rmse()!;
    log(
      `als: fit ${(fitMs / 1000).toFixed(3)} s (${model.trainingInfo.length} iterations), test RMSE ${rmse.toFixed(4)} vs noise ${noise} (${((rmse / noise - 1) * 100).toFixed(1)}% above)`,
    );
    expect(rmse).toBeLessThan(noise * 1.05);
  });
});
