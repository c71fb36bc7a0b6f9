// ML on worker threads: training passes over partitions held in shared memory give exactly the states
// the calling thread computes for the same partitions, and a worker's error arrives as the same
// LarchError; ML.PREDICT is a projection that runs per partition on the workers, with the results, the
// NULL-feature error and the pruned probabilities of the calling thread.

import { describe, expect, it } from 'vitest';
import { Engine } from '../../index.js';
import {
  filterTrainingBatch,
  runPassLocal,
  SHARED_ARRAYS,
  type TrainingBatch,
  type TrainingSchema,
} from '../../ml/index.js';
import { trainingStatsPass } from '../../ml/core/training-stats-pass.js';
import { linearLossPass } from '../../ml/linear/linear-loss-pass.js';
import { SeededRandom } from '../../ml/core/seeded-random.js';
import { runPassParallel } from './parallel-pass.js';

function sharedBatches(batches: number, rows: number, dim: number): TrainingBatch[] {
  const rng = new SeededRandom(7);
  return Array.from({ length: batches }, (_, b) => {
    const dense = Array.from({ length: dim }, () => Float64Array.from({ length: rows }, () => rng.normal()));
    const label = Float64Array.from({ length: rows }, (_, i) => (dense[0]![i]! + rng.normal() > 0 ? 1 : 0));
    const batch = { rows, dense, sparse: [], label, weight: null, firstRow: b * rows };
    return filterTrainingBatch(batch, new Uint8Array(rows).fill(1), SHARED_ARRAYS);
  });
}

const schema: TrainingSchema = { dense: ['a', 'b', 'c', 'd', 'e'], sparse: [], label: 'y', classes: [0, 1] };

describe('training passes on worker threads', () => {
  const batches = sharedBatches(6, 5000, 5);
  const partitions = [batches.slice(0, 2), batches.slice(2, 4), batches.slice(4)];

  it('merge to exactly the states of the calling thread', async () => {
    const loss = linearLossPass({
      loss: 'logistic',
      dim: 5,
      outputs: 1,
      coefficients: Float64Array.of(0.5, -0.25, 0.125, 0, 1),
      intercepts: Float64Array.of(0.1),
      classWeights: null,
    });
    const local = runPassLocal(loss, partitions);
    const parallel = await runPassParallel(loss, partitions);
    expect(parallel.lossSum).toBe(local.lossSum);
    expect(parallel.weightSum).toBe(30_000);
    expect(Array.from(parallel.gradient)).toEqual(Array.from(local.gradient));
    expect(Array.from(parallel.interceptGradient)).toEqual(Array.from(local.interceptGradient));
    const stats = trainingStatsPass(schema);
    const localStats = runPassLocal(stats, partitions);
    const parallelStats = await runPassParallel(stats, partitions);
    expect(Array.from(parallelStats.featureMean())).toEqual(Array.from(localStats.featureMean()));
    expect(Array.from(parallelStats.featureStd())).toEqual(Array.from(localStats.featureStd()));
    expect(Array.from(parallelStats.classCounts)).toEqual(Array.from(localStats.classCounts));
  });

  it("report a worker's error as the calling thread would", async () => {
    const unlabelled = partitions.map((p) => p.map((b) => ({ ...b, label: null })));
    await expect(runPassParallel(trainingStatsPass(schema), unlabelled)).rejects.toMatchObject({
      code: '22023',
      message: 'label column "y" is missing',
    });
  });
});

describe('ML.PREDICT on worker threads', () => {
  const ROWS = 60_000;

  it('scores per partition with the results of one thread', async () => {
    const engine = await Engine.open();
    await engine.sql(
      `CREATE TABLE t AS SELECT g AS id, sin(g)::float8 AS a, cos(g * 0.7)::float8 AS b,
         (sin(g) + cos(g * 0.7) > 0.1)::int AS y FROM generate_series(1, ${ROWS}) AS s(g)`,
    );
    await engine.sql(
      `CREATE MODEL m OPTIONS (model_type = 'logistic_reg', input_label_cols = ['y'], data_split_method = 'no_split') AS SELECT a, b, y FROM t`,
    );
    const query = `SELECT count(*) AS n, sum(predicted_y) AS positives, sum((predicted_y_probs[2]).prob) AS p
      FROM ML.PREDICT(MODEL m, (SELECT a, b FROM t))`;
    const rows = `SELECT id, predicted_y, (predicted_y_probs[2]).prob AS p FROM ML.PREDICT(MODEL m, TABLE t) ORDER BY id`;
    await engine.sql('SET threads = 1');
    const oneThread = [(await engine.sql(query)).rows, (await engine.sql(rows)).rows];
    await engine.sql('SET threads = 2');
    await engine.sql('SET parallel_min_rows = 1000');
    const plan = (await engine.sql(`EXPLAIN ${query}`)).arrays.map((r) => String(r[0])).join('\n');
    expect(plan).toMatch(/Gather partial aggregates from worker threads over t, \d+ partitions/);
    expect(plan).toMatch(/ml\.predict\(/);
    const [aggregated, scored] = [(await engine.sql(query)).rows, (await engine.sql(rows)).rows];
    expect(Number(aggregated[0]!.n)).toBe(ROWS);
    expect(aggregated[0]!.positives).toBe(oneThread[0]![0]!.positives);
    expect(aggregated[0]!.p as number).toBeCloseTo(oneThread[0]![0]!.p as number, 8);
    expect(scored).toEqual(oneThread[1]);
    // Scalar PREDICT and PREDICT_PROBA are the same functions: they run on the workers too.
    const scalar = `SELECT sum(PREDICT(MODEL m, t.*)) AS positives, sum(PREDICT_PROBA(MODEL m, t.*)) AS p FROM t`;
    expect((await engine.sql(`EXPLAIN ${scalar}`)).arrays.map((r) => String(r[0])).join('\n')).toMatch(
      /Gather partial aggregates from worker threads over t/,
    );
    const [sums] = (await engine.sql(scalar)).rows;
    expect(sums!.positives).toBe(aggregated[0]!.positives);
    expect(sums!.p as number).toBeCloseTo(aggregated[0]!.p as number, 8);
    // A NULL feature fails in the worker with the error of the calling thread, read or not.
    await engine.sql(`INSERT INTO t VALUES (${ROWS + 1}, NULL, 0.5, 1)`);
    for (const sql of [query, `SELECT count(*) FROM ML.PREDICT(MODEL m, (SELECT a, b FROM t))`])
      await expect(engine.sql(sql)).rejects.toMatchObject({
        code: '22004',
        message: 'feature "a" is NULL or NaN',
      });
    await engine.close();
  });
});
