// CREATE MODEL end to end on the shared datasets: trained through SQL on a held-out split, scored with
// ML.EVALUATE and ML.PREDICT, deterministic for a seed.

import { describe, expect, it } from 'vitest';
import { Engine } from '../../index.js';

const DATASETS = '../shared/datasets';

async function withDataset(name: string): Promise<Engine> {
  const engine = await Engine.open();
  await engine.sql(`CREATE TABLE ${name} AS SELECT * FROM read_csv('${DATASETS}/${name}.csv')`);
  return engine;
}

async function evaluate(engine: Engine, model: string): Promise<Record<string, number>> {
  return (await engine.sql(`SELECT * FROM ML.EVALUATE(MODEL ${model})`)).rows[0] as Record<string, number>;
}

describe('CREATE MODEL on the shared datasets', () => {
  it('logistic regression and random forest on breast_cancer (20% held out)', async () => {
    const engine = await withDataset('breast_cancer');
    let t = Date.now();
    await engine.sql(
      `CREATE MODEL bc_lr OPTIONS (model_type = 'logistic_reg', data_split_method = 'random', data_split_eval_fraction = 0.25, seed = 7, l2_reg = 0.002) AS SELECT * FROM breast_cancer`,
    );
    const lrMs = Date.now() - t;
    t = Date.now();
    await engine.sql(
      `CREATE MODEL bc_rf OPTIONS (model_type = 'random_forest_classifier', num_trees = 50, data_split_method = 'random', data_split_eval_fraction = 0.25, seed = 7) AS SELECT * FROM breast_cancer`,
    );
    const rfMs = Date.now() - t;
    const lr = await evaluate(engine, 'bc_lr');
    const rf = await evaluate(engine, 'bc_rf');
    process.stdout.write(
      `breast_cancer: logistic ${lr.accuracy!.toFixed(3)} (${lrMs} ms), forest ${rf.accuracy!.toFixed(3)} (${rfMs} ms)\n`,
    );
    expect(lr.accuracy).toBeGreaterThan(0.93);
    expect(rf.accuracy).toBeGreaterThan(0.92);
    expect(lr.roc_auc).toBeGreaterThan(0.97);
    const versions = await engine.sql(
      `SELECT model_name, evaluation_rows, training_rows FROM information_schema.model_versions ORDER BY 1`,
    );
    for (const r of versions.rows) expect(Number(r.evaluation_rows) + Number(r.training_rows)).toBe(569);
    await engine.close();
  });

  it('wine and digits: accuracy on the held-out rows', async () => {
    for (const [name, floor] of [
      ['wine', 0.9],
      ['digits', 0.9],
    ] as const) {
      const engine = await withDataset(name);
      const t = Date.now();
      await engine.sql(
        `CREATE MODEL m OPTIONS (model_type = 'logistic_reg', data_split_method = 'random', data_split_eval_fraction = 0.25, seed = 3, l2_reg = 0.001) AS SELECT * FROM ${name}`,
      );
      const ms = Date.now() - t;
      const m = await evaluate(engine, 'm');
      process.stdout.write(`${name}: logistic ${m.accuracy!.toFixed(3)} (${ms} ms)\n`);
      expect(m.accuracy).toBeGreaterThan(floor);
      await engine.close();
    }
  });

  it('reads parameters in the input query and scores rows with PREDICT and PREDICT_PROBA', async () => {
    const engine = await withDataset('iris');
    await engine.sql(
      `CREATE MODEL versicolor OPTIONS (model_type = 'logistic_reg', input_label_cols = ['is_versicolor'], l2_reg = 0.001) AS SELECT petal_length_cm, petal_width_cm, label = 1 AS is_versicolor FROM iris`,
    );
    const some = await engine.sql(
      'SELECT count(*) AS n FROM ML.PREDICT(MODEL versicolor, (SELECT * FROM iris WHERE label = $1))',
      [2],
    );
    expect(some.rows).toEqual([{ n: 50 }]);
    const scored = await engine.sql(
      'SELECT PREDICT(MODEL versicolor, i.*) AS p, PREDICT_PROBA(MODEL versicolor, i.*) AS prob FROM iris AS i WHERE label = 0 LIMIT 1',
    );
    expect(scored.rows[0]!.p).toBe(false);
    expect(Number(scored.rows[0]!.prob)).toBeLessThan(0.5);
    await engine.close();
  });

  it('the same seed gives the same model', async () => {
    const engine = await withDataset('iris');
    const sql = (n: string) =>
      `CREATE MODEL ${n} OPTIONS (model_type = 'random_forest_classifier', num_trees = 10, seed = 42) AS SELECT * FROM iris`;
    await engine.sql(sql('a'));
    await engine.sql(sql('b'));
    const a = (await engine.sql('SELECT * FROM ML.FEATURE_IMPORTANCE(MODEL a) ORDER BY feature')).rows;
    const b = (await engine.sql('SELECT * FROM ML.FEATURE_IMPORTANCE(MODEL b) ORDER BY feature')).rows;
    expect(a).toEqual(b);
    expect(a.length).toBe(4);
    const pa = (await engine.sql('SELECT predicted_label_probs FROM ML.PREDICT(MODEL a, TABLE iris)')).rows;
    const pb = (await engine.sql('SELECT predicted_label_probs FROM ML.PREDICT(MODEL b, TABLE iris)')).rows;
    expect(pa).toEqual(pb);
    await engine.close();
  });
});
