// EXPORT MODEL … OPTIONS (format = 'sql'): the exported expression, run as plain SQL over the input, gives
// the same predictions as ML.PREDICT (linear_reg, binary logistic_reg, kmeans, tree regressors and
// binary tree classifiers).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../index.js';

const dir = mkdtempSync(join(tmpdir(), 'larch-ml-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exported(engine: Engine, model: string): Promise<string> {
  const file = join(dir, `${model}.sql`);
  await engine.sql(`EXPORT MODEL ${model} TO '${file}' OPTIONS (format = 'sql')`);
  return readFileSync(file, 'utf8').trim();
}

describe("EXPORT MODEL … format = 'sql'", () => {
  it('linear, logistic, k-means and tree models predict the same as ML.PREDICT', async () => {
    const engine = await Engine.open();
    await engine.sql(
      `CREATE TABLE iris AS SELECT row_number() OVER () AS id, sepal_length_cm::float8 AS sl, sepal_width_cm::float8 AS sw, petal_length_cm::float8 AS pl, petal_width_cm::float8 AS pw, label FROM read_csv('../shared/datasets/iris.csv')`,
    );
    await engine.sql(
      `CREATE MODEL lin OPTIONS (model_type = 'linear_reg', input_label_cols = ['pw']) AS SELECT sl, sw, pl, pw FROM iris`,
    );
    await engine.sql(
      `CREATE MODEL logit OPTIONS (model_type = 'logistic_reg', l2_reg = 0.01) AS SELECT sl, sw, CASE WHEN label = 2 THEN 'virginica' ELSE 'other' END AS label FROM iris`,
    );
    await engine.sql(
      `CREATE MODEL km OPTIONS (model_type = 'kmeans', num_clusters = 3, seed = 2) AS SELECT sl, sw, pl, pw FROM iris`,
    );
    const lin = await exported(engine, 'lin');
    const diff = await engine.sql(
      `SELECT max(abs(${lin} - p.predicted_pw)) AS d FROM ML.PREDICT(MODEL lin, TABLE iris) AS p`,
    );
    expect(Number(diff.rows[0]!.d)).toBeLessThan(1e-9);
    const logit = await exported(engine, 'logit');
    const agree = await engine.sql(
      `SELECT count(*) FILTER (WHERE ${logit} = p.predicted_label) AS same, count(*) AS n FROM ML.PREDICT(MODEL logit, TABLE iris) AS p`,
    );
    expect(agree.rows[0]!.same).toBe(agree.rows[0]!.n);
    const km = await exported(engine, 'km');
    const clusters = await engine.sql(
      `SELECT count(*) FILTER (WHERE ${km} = p.centroid_id) AS same FROM ML.PREDICT(MODEL km, TABLE iris) AS p`,
    );
    expect(clusters.rows[0]!.same).toBe(150);
    for (const [name, type, label] of [
      ['forest', 'random_forest_regressor', 'pw'],
      ['gbt', 'boosted_tree_classifier', 'label'],
    ] as const) {
      await engine.sql(
        `CREATE MODEL ${name} OPTIONS (model_type = '${type}', input_label_cols = ['${label}'], seed = 1, ${type.startsWith('random') ? 'num_trees = 5' : 'max_iterations = 5'}) AS SELECT sl, sw, pl, ${label === 'pw' ? 'pw' : "CASE WHEN label = 2 THEN 'virginica' ELSE 'other' END AS label"} FROM iris`,
      );
      const sql = await exported(engine, name);
      const check =
        label === 'pw'
          ? `SELECT count(*) FILTER (WHERE abs(${sql} - p.predicted_pw) < 1e-9) AS same FROM ML.PREDICT(MODEL ${name}, TABLE iris) AS p`
          : `SELECT count(*) FILTER (WHERE ${sql} = p.predicted_label) AS same FROM ML.PREDICT(MODEL ${name}, TABLE iris) AS p`;
      expect((await engine.sql(check)).rows[0]!.same).toBe(150);
    }
    await expect(
      engine.sql(`EXPORT MODEL km TO '${join(dir, 'x')}' OPTIONS (format = 'onnx')`),
    ).rejects.toThrow(/unknown export format/);
    await engine.close();
  });
});
