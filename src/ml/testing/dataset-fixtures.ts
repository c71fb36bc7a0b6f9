// Test fixtures: the shared CSV datasets (last column `label`) as column-major arrays, scikit-learn's
// stratified-free fixed split, and generated problems with known answers.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { denseTrainingBatch, type TrainingBatch } from '../core/feature-batch.js';
import { SeededRandom } from '../core/seeded-random.js';

/** shared/datasets beside the repository (as in CI), unless LARCH_DATASETS names another folder. */
export const DATASETS_DIR =
  process.env.LARCH_DATASETS ?? fileURLToPath(new URL('../../../../shared/datasets', import.meta.url));

export interface Dataset {
  readonly names: string[];
  readonly columns: Float64Array[];
  readonly label: Float64Array;
  readonly rows: number;
}

export function loadDataset(name: string): Dataset {
  const lines = readFileSync(`${DATASETS_DIR}/${name}.csv`, 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.length - 1;
  const d = header.length - 1;
  const columns = Array.from({ length: d }, () => new Float64Array(rows));
  const label = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const cells = lines[i + 1]!.split(',');
    for (let j = 0; j < d; j++) columns[j]![i] = Number(cells[j]);
    label[i] = Number(cells[d]);
  }
  return { names: header.slice(0, d), columns, label, rows };
}

/** Rows whose index modulo 4 is 3 are the test set (25%, as train_test_split's default size, no shuffle). */
export function fixedSplit(data: Dataset): { train: TrainingBatch; test: TrainingBatch } {
  const pick = (test: boolean): TrainingBatch => {
    const idx: number[] = [];
    for (let i = 0; i < data.rows; i++) if ((i % 4 === 3) === test) idx.push(i);
    const take = (c: Float64Array): Float64Array => Float64Array.from(idx, (i) => c[i]!);
    return denseTrainingBatch(data.columns.map(take), take(data.label));
  };
  return { train: pick(false), test: pick(true) };
}

/** Splits one batch into `parts` partitions of consecutive rows (row numbers kept). */
export function partitionBatch(b: TrainingBatch, parts: number): TrainingBatch[][] {
  const out: TrainingBatch[][] = [];
  const size = Math.ceil(b.rows / parts);
  for (let start = 0; start < b.rows; start += size) {
    const end = Math.min(b.rows, start + size);
    out.push([
      {
        rows: end - start,
        dense: b.dense.map((c) => c.subarray(start, end)),
        sparse: [],
        label: b.label?.subarray(start, end) ?? null,
        weight: b.weight?.subarray(start, end) ?? null,
        firstRow: b.firstRow + start,
      },
    ]);
  }
  return out;
}

/** n rows of d standard-normal features with a logistic label from known weights (+ intercept 0.5). */
export function logisticProblem(
  n: number,
  d: number,
  seed = 1,
): { batch: TrainingBatch; weights: Float64Array } {
  const rng = new SeededRandom(seed);
  const weights = Float64Array.from({ length: d }, (_, j) => ((j % 5) - 2) * 0.5);
  const columns = Array.from({ length: d }, () => new Float64Array(n));
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0.5;
    for (let j = 0; j < d; j++) {
      const x = rng.normal();
      columns[j]![i] = x;
      z += weights[j]! * x;
    }
    label[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { batch: denseTrainingBatch(columns, label), weights };
}

/** Accuracy of predicted class indices against labels. */
export function accuracy(predicted: Int32Array, label: Float64Array): number {
  let hit = 0;
  for (let i = 0; i < label.length; i++) if (predicted[i] === label[i]) hit++;
  return hit / label.length;
}

/** Ratings u·v + N(0, noise²) of rank-`rank` factors for a random `density` of the users × items cells. */
export function lowRankRatings(
  users: number,
  items: number,
  rank: number,
  count: number,
  noise: number,
  seed: number,
) {
  const rng = new SeededRandom(seed);
  const u = Float64Array.from({ length: users * rank }, () => rng.normal());
  const v = Float64Array.from({ length: items * rank }, () => rng.normal());
  const cells = rng.sample(users * items, count);
  const user = new Float64Array(count);
  const item = new Float64Array(count);
  const rating = new Float64Array(count);
  // Shuffle the cells so a prefix is a random subset (train/test split).
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [cells[i], cells[j]] = [cells[j]!, cells[i]!];
  }
  for (let t = 0; t < count; t++) {
    const a = Math.floor(cells[t]! / items);
    const b = cells[t]! % items;
    let dot = 0;
    for (let c = 0; c < rank; c++) dot += u[a * rank + c]! * v[b * rank + c]!;
    user[t] = a * 7 + 1000; // ids need not be dense
    item[t] = b;
    rating[t] = dot + noise * rng.normal();
  }
  return { user, item, rating };
}
