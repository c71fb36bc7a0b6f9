// Larch's side of the ML benchmark: each case loads the bench's files into tables and trains with CREATE
// MODEL … OPTIONS (data_split_method = 'custom', data_split_col = 'split'), so the rows with split = 1 are
// held out, the same rows as scikit-learn's test set; accuracy is scored on them with ML.PREDICT. Fit
// time is the CREATE MODEL statement's wall time (which includes Larch's evaluation on the held-out rows).

import type { Engine } from '../../src/engine/engine.js';
import type { DatasetFile, RatingsFile } from './ml-data.js';

export interface ClassifierFigures {
  readonly accuracy: number;
  readonly fitMs: number;
}

const ms = (t0: number) => performance.now() - t0;

/** Held-out rows are those with split = 1. */
const SPLIT = `data_split_method = 'custom', data_split_col = 'split'`;

async function scalar(engine: Engine, sql: string): Promise<number> {
  const row = (await engine.sql(sql)).arrays[0];
  return Number(row?.[0]);
}

async function timed(engine: Engine, sql: string): Promise<number> {
  const t0 = performance.now();
  await engine.sql(sql);
  return ms(t0);
}

/** A CSV with numeric features, `label` and `split` as table `name` (features as float8). */
export async function loadNumericCsv(engine: Engine, file: DatasetFile): Promise<void> {
  const columns = file.features.map((f) => `${f}::float8 AS ${f}`).join(', ');
  await engine.sql(
    `CREATE TABLE ${file.name} AS SELECT ${columns}, label::int AS label, split::int AS split FROM read_csv('${file.path}')`,
  );
}

async function accuracy(engine: Engine, model: string, table: string): Promise<number> {
  return scalar(
    engine,
    `SELECT avg(CASE WHEN predicted_label = label THEN 1.0 ELSE 0.0 END)::float8 FROM ML.PREDICT(MODEL ${model}, (SELECT * FROM ${table} WHERE split = 1))`,
  );
}

/**
 * logistic_reg as scikit-learn's StandardScaler + LogisticRegression(C = 1): standardized features and
 * l2_reg = 1 / (C · training rows).
 */
export async function larchLogistic(
  engine: Engine,
  file: DatasetFile,
  replace = false,
): Promise<ClassifierFigures> {
  const model = `${file.name}_lr`;
  const fitMs = await timed(
    engine,
    `CREATE ${replace ? 'OR REPLACE ' : ''}MODEL ${model} OPTIONS (model_type = 'logistic_reg', ${SPLIT}, l2_reg = ${1 / (file.rows - file.testRows)}, max_iterations = 1000) AS SELECT ${file.features.join(', ')}, label, split FROM ${file.name}`,
  );
  return { accuracy: await accuracy(engine, model, file.name), fitMs };
}

/**
 * random_forest_classifier with scikit-learn's defaults (100 trees, bootstrap, √d features per split),
 * once per seed 1 … seeds: the mean accuracy and mean fit time (test sets of 38 to 449 rows make one
 * seed's accuracy move by a row's worth).
 */
export async function larchForest(
  engine: Engine,
  file: DatasetFile,
  seeds: number,
): Promise<ClassifierFigures> {
  let accuracySum = 0;
  let fitSum = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const model = `${file.name}_rf${seed}`;
    fitSum += await timed(
      engine,
      `CREATE MODEL ${model} OPTIONS (model_type = 'random_forest_classifier', ${SPLIT}, num_trees = 100, subsample = 1, seed = ${seed}) AS SELECT ${file.features.join(', ')}, label, split FROM ${file.name}`,
    );
    accuracySum += await accuracy(engine, model, file.name);
  }
  return { accuracy: accuracySum / seeds, fitMs: fitSum / seeds };
}

/** Tokenize → hashing TF (`numFeatures`) → logistic regression over the spam corpus's text. */
export async function larchSpam(
  engine: Engine,
  file: DatasetFile,
  numFeatures: number,
): Promise<ClassifierFigures> {
  await engine.sql(
    `CREATE TABLE spam AS SELECT text, label::int AS label, split::int AS split FROM read_json('${file.path}')`,
  );
  const fitMs = await timed(
    engine,
    `CREATE MODEL spam_lr
       TRANSFORM (ML.HASHING_TF(ML.TOKENIZE(text, '\\W+'), ${numFeatures}) AS features, label, split)
       OPTIONS (model_type = 'logistic_reg', ${SPLIT},
                l2_reg = ${1 / (file.rows - file.testRows)}, max_iterations = 200)
     AS SELECT text, label, split FROM spam`,
  );
  return { accuracy: await accuracy(engine, 'spam_lr', 'spam'), fitMs };
}

export interface ThroughputFigures extends ClassifierFigures {
  /** The first fit's time (fitMs is the best of `runs`). */
  readonly firstFitMs: number;
  /** PREDICT over every row, consuming predicted_label only. */
  readonly labelRowsPerSecond: number;
  /** The same, consuming the probabilities too. */
  readonly probsRowsPerSecond: number;
}

async function best(engine: Engine, sql: string, runs: number): Promise<number> {
  await engine.sql(sql);
  let fastest = Infinity;
  for (let r = 0; r < runs; r++) fastest = Math.min(fastest, await timed(engine, sql));
  return fastest;
}

/**
 * The generated logistic problem: `runs` fits on the same rows (CREATE MODEL, then CREATE OR REPLACE
 * MODEL), reporting the best fit time, the first (the first CREATE MODEL of the process when the section
 * runs alone, so JIT warm-up and worker start included) and the final model's test accuracy; then
 * ML.PREDICT over every row with the outputs consumed by aggregates (best of `runs`, after one warm-up).
 */
export async function larchLargeLogistic(
  engine: Engine,
  file: DatasetFile,
  runs: number,
): Promise<ThroughputFigures> {
  let fit = await larchLogistic(engine, file);
  const firstFitMs = fit.fitMs;
  let bestFitMs = firstFitMs;
  for (let r = 1; r < runs; r++) {
    fit = await larchLogistic(engine, file, true);
    bestFitMs = Math.min(bestFitMs, fit.fitMs);
  }
  const predict = `ML.PREDICT(MODEL ${file.name}_lr, (SELECT ${file.features.join(', ')} FROM ${file.name}))`;
  const label = await best(
    engine,
    `SELECT count(predicted_label), sum(predicted_label) FROM ${predict}`,
    runs,
  );
  const probs = await best(
    engine,
    `SELECT count(predicted_label), sum(predicted_label), sum((predicted_label_probs[2]).prob) FROM ${predict}`,
    runs,
  );
  return {
    accuracy: fit.accuracy,
    fitMs: bestFitMs,
    firstFitMs,
    labelRowsPerSecond: file.rows / (label / 1000),
    probsRowsPerSecond: file.rows / (probs / 1000),
  };
}

export interface RecommenderFigures {
  readonly rmse: number;
  readonly fitMs: number;
}

/** matrix_factorization (ALS, explicit) with the true rank; RMSE over the held-out ratings. */
export async function larchAls(engine: Engine, file: RatingsFile, rank: number): Promise<RecommenderFigures> {
  await engine.sql(
    `CREATE TABLE ratings AS SELECT user_id::int AS user_id, item_id::int AS item_id, rating::float8 AS rating, split::int AS split FROM read_csv('${file.path}')`,
  );
  const fitMs = await timed(
    engine,
    `CREATE MODEL ratings_mf OPTIONS (model_type = 'matrix_factorization', user_col = 'user_id', item_col = 'item_id', rating_col = 'rating', num_factors = ${rank}, l2_reg = 0.001, max_iterations = 30, seed = 1, ${SPLIT}) AS SELECT user_id, item_id, rating, split FROM ratings`,
  );
  const rmse = await scalar(
    engine,
    `SELECT sqrt(avg((predicted_rating - rating) ^ 2)) FROM ML.PREDICT(MODEL ratings_mf, (SELECT * FROM ratings WHERE split = 1))`,
  );
  return { rmse, fitMs };
}
