// Models in a database directory: they survive reopening, CREATE OR REPLACE adds versions, ALTER MODEL
// rolls back, DROP MODEL … VERSION removes one, and EXPORT / IMPORT carry a model to another engine.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, LarchError } from '../../index.js';

const IRIS = '../shared/datasets/iris.csv';
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'larch-ml-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function predictions(engine: Engine, model: string): Promise<unknown[]> {
  return (await engine.sql(`SELECT predicted_label FROM ML.PREDICT(MODEL ${model}, TABLE iris)`)).rows.map(
    (r) => r.predicted_label,
  );
}

describe('models in the database directory', () => {
  it('survive reopening, with their versions', async () => {
    const dir = tempDir();
    let engine = await Engine.open(join(dir, 'db'));
    await engine.sql(`CREATE TABLE iris AS SELECT * FROM read_csv('${IRIS}')`);
    await engine.sql(`CREATE MODEL m OPTIONS (model_type = 'logistic_reg') AS SELECT * FROM iris`);
    await engine.sql(
      `CREATE OR REPLACE MODEL m OPTIONS (model_type = 'random_forest_classifier', num_trees = 5, seed = 1) AS SELECT * FROM iris`,
    );
    const before = await predictions(engine, 'm');
    const v1 = await predictions(engine, 'm@1');
    await engine.close();

    engine = await Engine.open(join(dir, 'db'));
    const models = await engine.sql(
      'SELECT model_name, model_type, active_version, versions FROM information_schema.models',
    );
    expect(models.rows).toEqual([
      { model_name: 'm', model_type: 'random_forest_classifier', active_version: 2, versions: 2 },
    ]);
    expect(await predictions(engine, 'm')).toEqual(before);
    expect(await predictions(engine, 'm@1')).toEqual(v1);

    await engine.sql('ALTER MODEL m SET OPTIONS (active_version = 1)');
    expect(await predictions(engine, 'm')).toEqual(v1);
    await engine.sql('DROP MODEL m VERSION 2');
    // The manifest written by CHECKPOINT holds the model too.
    await engine.sql('CHECKPOINT');
    await engine.close();

    engine = await Engine.open(join(dir, 'db'));
    const versions = await engine.sql(
      'SELECT version, is_active, model_type FROM information_schema.model_versions',
    );
    expect(versions.rows).toEqual([{ version: 1, is_active: true, model_type: 'logistic_reg' }]);
    await engine.sql('DROP MODEL m');
    await expect(engine.sql('SELECT * FROM ML.EVALUATE(MODEL m)')).rejects.toThrow(LarchError);
    await engine.close();
  });

  it('export to a file and import into another engine', async () => {
    const dir = tempDir();
    const file = join(dir, 'iris.model.json');
    const a = await Engine.open();
    await a.sql(`CREATE TABLE iris AS SELECT * FROM read_csv('${IRIS}')`);
    await a.sql(
      `CREATE MODEL m TRANSFORM (ML.STANDARD_SCALER(petal_length_cm) OVER () AS pl, petal_width_cm, label) OPTIONS (model_type = 'logistic_reg') AS SELECT * FROM iris`,
    );
    await a.sql(`EXPORT MODEL m TO '${file}'`);
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { format: string; format_version: number };
    expect(manifest.format).toBe('larch-model');
    expect(manifest.format_version).toBe(1);

    const b = await Engine.open();
    await b.sql(`CREATE TABLE iris AS SELECT * FROM read_csv('${IRIS}')`);
    await b.sql(`IMPORT MODEL copied FROM '${file}'`);
    expect(await predictions(b, 'copied')).toEqual(await predictions(a, 'm'));
    const err = await b.sql(`IMPORT MODEL copied FROM '${file}'`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LarchError);
    expect((err as LarchError).code).toBe('42P07');
    await a.close();
    await b.close();
  });
});

describe('a cancelled CREATE MODEL', () => {
  it('ends with 57014 and leaves no model behind', async () => {
    const engine = await Engine.open();
    await engine.sql(`CREATE TABLE digits AS SELECT * FROM read_csv('../shared/datasets/digits.csv')`);
    const controller = new AbortController();
    const training = engine.sql(
      `CREATE MODEL slow OPTIONS (model_type = 'boosted_tree_classifier', max_iterations = 200, seed = 1) AS SELECT * FROM digits`,
      [],
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    const err = await training.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LarchError);
    expect((err as LarchError).code).toBe('57014');
    const models = await engine.sql('SELECT count(*) AS n FROM information_schema.models');
    expect(models.rows).toEqual([{ n: 0 }]);
    await engine.close();
  });

  it('is cancelled inside its tuning trials too', async () => {
    const engine = await Engine.open();
    await engine.sql(`CREATE TABLE digits AS SELECT * FROM read_csv('../shared/datasets/digits.csv')`);
    const controller = new AbortController();
    const started = performance.now();
    const tuning = engine.sql(
      `CREATE MODEL tuned OPTIONS (model_type = 'boosted_tree_classifier', max_iterations = 50, seed = 1,
         learn_rate = HPARAM_RANGE(0.05, 0.5), num_trials = 20, num_folds = 5) AS SELECT * FROM digits`,
      [],
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    const err = await tuning.catch((e: unknown) => e);
    expect((err as LarchError).code).toBe('57014');
    // 100 fits of 50 rounds would take minutes: the cancel ended the first trial's fit.
    expect(performance.now() - started).toBeLessThan(20_000);
    const models = await engine.sql('SELECT count(*) AS n FROM information_schema.models');
    expect(models.rows).toEqual([{ n: 0 }]);
    await engine.close();
  });
});
