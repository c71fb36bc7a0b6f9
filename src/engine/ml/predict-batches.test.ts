// ML.PREDICT's batch scoring (prediction-columns.ts) against the scalar PREDICT / PREDICT_PROBA: over a
// table of several batches (not a multiple of BATCH_SIZE), every row comes back once, in order, with the
// same label and probabilities; and when a query reads only some of ML.PREDICT's columns (prune_columns
// narrows the function, which then does not build the probabilities), the values read are the same.

import { describe, expect, it } from 'vitest';
import { BATCH_SIZE } from '../../columnar/batch.js';
import { Engine } from '../../index.js';

const ROWS = 2 * BATCH_SIZE + 1234;

async function trained(modelSql: string): Promise<Engine> {
  const engine = await Engine.open();
  await engine.sql(
    `CREATE TABLE t AS SELECT g AS id, sin(g)::float8 AS a, cos(g * 0.7)::float8 AS b, g % 3 AS c,
       (sin(g) + cos(g * 0.7) > 0.1)::int AS y FROM generate_series(1, ${ROWS}) AS s(g)`,
  );
  await engine.sql(modelSql);
  return engine;
}

describe('ML.PREDICT over inputs larger than a batch', () => {
  it('binary logistic_reg: same rows, order, labels and probabilities as the scalar forms', async () => {
    const engine = await trained(
      `CREATE MODEL m OPTIONS (model_type = 'logistic_reg', input_label_cols = ['y'], data_split_method = 'no_split') AS SELECT a, b, c, y FROM t`,
    );
    const batched = await engine.sql(
      `SELECT id, predicted_y, (predicted_y_probs[1]).label AS l0, (predicted_y_probs[1]).prob AS p0,
              (predicted_y_probs[2]).label AS l1, (predicted_y_probs[2]).prob AS p1
       FROM ML.PREDICT(MODEL m, TABLE t)`,
    );
    const scalar = await engine.sql(
      `SELECT id, PREDICT(MODEL m, t.*) AS predicted_y, PREDICT_PROBA(MODEL m, t.*) AS probs FROM t ORDER BY id`,
    );
    const rows = batched.rows;
    expect(rows.length).toBe(ROWS);
    expect(rows.map((r) => r.id)).toEqual(scalar.rows.map((s) => s.id));
    expect(rows.map((r) => r.predicted_y)).toEqual(scalar.rows.map((s) => s.predicted_y));
    // PREDICT_PROBA of a binary classifier: the second class's probability.
    expect(rows.map((r) => r.p1)).toEqual(scalar.rows.map((s) => s.probs));
    expect(rows.every((r) => r.l0 === 0 && r.l1 === 1)).toBe(true);
    expect(rows.every((r) => Math.abs((r.p0 as number) + (r.p1 as number) - 1) < 1e-12)).toBe(true);
    // Aggregated over the whole output, as a dashboard would read it.
    const sums = (
      await engine.sql(
        `SELECT count(*) AS n, sum(predicted_y) AS positives FROM ML.PREDICT(MODEL m, (SELECT a, b, c FROM t))`,
      )
    ).rows[0]!;
    expect(Number(sums.n)).toBe(ROWS);
    expect(Number(sums.positives)).toBe(rows.filter((r) => r.predicted_y === 1).length);
    await engine.close();
  });

  it('reading some of the columns gives the same values as reading them all', async () => {
    const engine = await trained(
      `CREATE MODEL m OPTIONS (model_type = 'logistic_reg', input_label_cols = ['y'], data_split_method = 'no_split') AS SELECT a, b, c, y FROM t`,
    );
    const all = (await engine.sql(`SELECT * FROM ML.PREDICT(MODEL m, TABLE t)`)).rows;
    const labels = (await engine.sql(`SELECT predicted_y FROM ML.PREDICT(MODEL m, TABLE t)`)).rows;
    expect(labels.map((r) => r.predicted_y)).toEqual(all.map((r) => r.predicted_y));
    const probs = (await engine.sql(`SELECT id, predicted_y_probs FROM ML.PREDICT(MODEL m, TABLE t)`)).rows;
    expect(probs.map((r) => [r.id, r.predicted_y_probs])).toEqual(
      all.map((r) => [r.id, r.predicted_y_probs]),
    );
    const counted = (
      await engine.sql(
        `SELECT count(*) AS n, sum(predicted_y) AS s, count(predicted_y_probs) AS p FROM ML.PREDICT(MODEL m, TABLE t)`,
      )
    ).rows[0]!;
    expect([Number(counted.n), Number(counted.s), Number(counted.p)]).toEqual([
      ROWS,
      all.filter((r) => r.predicted_y === 1).length,
      ROWS,
    ]);
    const filtered = (
      await engine.sql(
        `SELECT count(*) AS n, sum((predicted_y_probs[2]).prob) AS p1 FROM ML.PREDICT(MODEL m, (SELECT a, b, c FROM t)) WHERE predicted_y = 1`,
      )
    ).rows[0]!;
    const positives = all.filter((r) => r.predicted_y === 1);
    expect(Number(filtered.n)).toBe(positives.length);
    const p1 = positives.reduce((sum, r) => sum + (r.predicted_y_probs as { prob: number }[])[1]!.prob, 0);
    expect(filtered.p1 as number).toBeCloseTo(p1, 6);
    // NULL features still fail the default handle_invalid = 'error' when no prediction column is read.
    await expect(
      engine.sql(
        `SELECT count(*) FROM ML.PREDICT(MODEL m, (SELECT NULL::float8 AS a, 1.0::float8 AS b, 1 AS c))`,
      ),
    ).rejects.toThrow(/NULL/);
    await engine.close();
  });

  it('multiclass and regression models keep every row too', async () => {
    const engine = await trained(
      `CREATE MODEL k OPTIONS (model_type = 'logistic_reg', input_label_cols = ['c'], data_split_method = 'no_split') AS SELECT a, b, c FROM t`,
    );
    await engine.sql(
      `CREATE MODEL r OPTIONS (model_type = 'linear_reg', input_label_cols = ['a'], data_split_method = 'no_split') AS SELECT a, b FROM t`,
    );
    const k = await engine.sql(
      `SELECT id, predicted_c, array_length(predicted_c_probs, 1) AS classes FROM ML.PREDICT(MODEL k, TABLE t)`,
    );
    const kScalar = await engine.sql(`SELECT PREDICT(MODEL k, t.*) AS p FROM t ORDER BY id`);
    expect(k.rows.map((x) => x.id)).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    expect(k.rows.map((x) => x.predicted_c)).toEqual(kScalar.rows.map((x) => x.p));
    expect(new Set(k.rows.map((x) => x.classes))).toEqual(new Set([3]));
    const r = await engine.sql(`SELECT predicted_a FROM ML.PREDICT(MODEL r, TABLE t)`);
    const rScalar = await engine.sql(`SELECT PREDICT(MODEL r, t.*) AS p FROM t ORDER BY id`);
    expect(r.rows.map((x) => x.predicted_a)).toEqual(rScalar.rows.map((x) => x.p));
    await engine.close();
  });
});
