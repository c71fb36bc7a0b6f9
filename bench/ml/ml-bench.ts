// ML in SQL against scikit-learn in the same run, on the same files and the same train/test rows:
// logistic regression and random forests on the shared datasets, the SpamAssassin corpus through
// tokenize → hashing TF → logistic regression, fit time and PREDICT throughput on a generated logistic
// problem, and ALS on ratings with known factors against the noise floor (scikit-learn has no ALS).
// On the generated problem both sides fit `--runs` times on the same rows and the best (minimum) fit time
// is compared, as PREDICT throughput is; the target "fit ≤ 2x scikit-learn's" uses that best-of ratio.
// The first fit of each side (for Larch the first CREATE MODEL in the process when the section runs
// first, so JIT warm-up and worker-thread start included) is printed as its own row.
//   npm run bench -- ml [--rows 1000000] [--runs 3] [--forest-seeds 5] [--spam-features 65536]
//                       [--only datasets,spam,large,als]

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { formatMs, peakMemoryMb, printTable } from '../measure.js';
import {
  larchAls,
  larchForest,
  larchLargeLogistic,
  larchLogistic,
  larchSpam,
  loadNumericCsv,
} from './larch-ml.js';
import {
  SHARED_DATASETS,
  writeLogisticProblem,
  writeRatings,
  writeSharedDataset,
  writeSpamCorpus,
} from './ml-data.js';
import { findSklearnPython, runSklearn, type SklearnFigures } from './sklearn-ml.js';

export interface MlBenchOptions {
  /** Rows of the generated logistic problem. */
  readonly rows: number;
  /** Timed fits of the generated logistic problem and timed PREDICT runs (the best is reported). */
  readonly runs: number;
  /** num_features of the spam pipeline's hashing TF, on both sides. */
  readonly spamFeatures: number;
  /** Random forests are fitted once per seed 1 … forestSeeds on both sides; the means are shown. */
  readonly forestSeeds: number;
  /** Sections to run (all when empty). */
  readonly only: readonly string[];
}

const LARGE_FEATURES = 20;
// 100k ratings at rank 5 over 500 users × 400 items (half the cells, ~180 ratings a user, ~225 an item).
// No estimator beats the least-squares limit σ·√(1 + p/n), p = (users + items)·rank fitted parameters and
// n ≈ 90,000 training ratings: here p = 4,500 and the limit is ≈ 1.025σ, so "test RMSE within 5% of σ" is
// reachable. The earlier 2,000 × 1,000 shape (p = 15,000, limit ≈ 1.08σ) made that target unreachable by
// any estimator.
const RATINGS = { users: 500, items: 400, rank: 5, count: 100_000, sigma: 0.1 };

const out = (line = '') => void process.stdout.write(`${line}\n`);
const pct = (x: number) => (x * 100).toFixed(1);
const ratio = (a: number, b: number | undefined) => (b === undefined ? '-' : (a / b).toFixed(2));
const opt = (x: number | undefined, f: (x: number) => string) => (x === undefined ? '-' : f(x));
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const millions = (rowsPerSecond: number) => `${(rowsPerSecond / 1e6).toFixed(2)}M`;

export async function mlBench(options: MlBenchOptions): Promise<void> {
  const wants = (section: string) => options.only.length === 0 || options.only.includes(section);
  const dir = mkdtempSync(join(tmpdir(), 'larch-ml-bench-'));
  const { python, reason } = findSklearnPython();
  out(`ml: Larch vs scikit-learn on the same files and splits (${dir})`);
  out(`machine: ${cpus().length} cores, load average ${loadAverage()} at start`);
  if (python === null) out(`scikit-learn column skipped: no Python imports sklearn (${reason})`);
  const sklearn = (request: Parameters<typeof runSklearn>[1]): SklearnFigures | null =>
    python === null ? null : runSklearn(python, request);
  const engine = await Engine.open();
  const misses: string[] = [];
  try {
    if (wants('datasets')) {
      const files = SHARED_DATASETS.map((name) => writeSharedDataset(dir, name));
      const peer = sklearn({
        datasets: files.map((f) => ({ name: f.name, path: f.path })),
        forest_seeds: options.forestSeeds,
      });
      if (peer) out(`scikit-learn ${peer.version} (${python})`);
      const rows: string[][] = [];
      for (const file of files) {
        await loadNumericCsv(engine, file);
        const theirs = peer?.datasets?.[file.name];
        for (const [model, ours, their] of [
          ['logistic_reg', await larchLogistic(engine, file), theirs?.logistic],
          ['random_forest', await larchForest(engine, file, options.forestSeeds), theirs?.forest],
        ] as const) {
          const gap = their === undefined ? undefined : (ours.accuracy - their.accuracy) * 100;
          if (gap !== undefined && gap < -1)
            misses.push(`${file.name} ${model}: ${gap.toFixed(1)} points below scikit-learn`);
          rows.push([
            `${file.name} (${file.rows - file.testRows}/${file.testRows})`,
            model,
            pct(ours.accuracy),
            opt(their?.accuracy, pct),
            opt(gap, (g) => (g >= 0 ? '+' : '') + g.toFixed(1)),
            formatMs(ours.fitMs),
            opt(their?.fit_ms, formatMs),
            ratio(ours.fitMs, their?.fit_ms),
          ]);
        }
      }
      out(
        `\nshared datasets (train/test rows): test accuracy % and fit time (random forests: means over ${options.forestSeeds} seeds)`,
      );
      printTable(
        ['dataset', 'model', 'larch %', 'sklearn %', 'Δ pts', 'larch ms', 'sklearn ms', 'fit ratio'],
        rows,
      );
    }

    if (wants('spam')) {
      const file = writeSpamCorpus(dir);
      const peer = sklearn({ spam: { path: file.path, num_features: options.spamFeatures } })?.spam;
      const ours = await larchSpam(engine, file, options.spamFeatures);
      if (ours.accuracy < 0.97) misses.push(`spam: accuracy ${pct(ours.accuracy)}% < 97%`);
      out(
        `\nSpamAssassin (${file.rows - file.testRows} train / ${file.testRows} test): tokenize → hashing TF (${options.spamFeatures}) → logistic_reg`,
      );
      printTable(
        ['pipeline', 'larch %', 'sklearn %', 'larch ms', 'sklearn ms', 'fit ratio'],
        [
          [
            'spam vs ham',
            pct(ours.accuracy),
            opt(peer?.accuracy, pct),
            formatMs(ours.fitMs),
            opt(peer?.fit_ms, formatMs),
            ratio(ours.fitMs, peer?.fit_ms),
          ],
        ],
      );
    }

    if (wants('large')) {
      const t0 = performance.now();
      const file = await writeLogisticProblem(dir, options.rows, LARGE_FEATURES);
      out(`\n(wrote ${file.path} in ${formatMs(performance.now() - t0)} ms)`);
      const peer = sklearn({ large: { path: file.path, runs: options.runs } })?.large;
      const t1 = performance.now();
      await loadNumericCsv(engine, file);
      out(`(Larch loaded it in ${formatMs(performance.now() - t1)} ms)`);
      // No model was trained before in this process unless an earlier section ran.
      const firstInProcess = !wants('datasets') && !wants('spam');
      const ours = await larchLargeLogistic(engine, file, options.runs);
      const fitRatio = peer === undefined ? undefined : ours.fitMs / peer.fit_ms;
      if (fitRatio !== undefined && fitRatio > 2)
        misses.push(
          `logistic ${options.rows} rows: fit (best of ${options.runs}) ${fitRatio.toFixed(2)}x scikit-learn's (target ≤ 2x)`,
        );
      if (ours.labelRowsPerSecond < 5e6)
        misses.push(`PREDICT ${millions(ours.labelRowsPerSecond)} rows/s (target ≥ 5M)`);
      out(
        `\ngenerated logistic problem: ${options.rows.toLocaleString('en-US')} rows × ${LARGE_FEATURES} features (${file.rows - file.testRows} train / ${file.testRows} test); fit and PREDICT over all rows, best of ${options.runs} (scikit-learn: predict_proba + argmax); accuracy of the last fit`,
      );
      const peerRate = peer?.predict_rows_per_second;
      printTable(
        ['measure', 'larch', 'sklearn', 'ratio'],
        [
          ['test accuracy %', pct(ours.accuracy), opt(peer?.accuracy, pct), '-'],
          [
            `fit ms (best of ${options.runs})`,
            formatMs(ours.fitMs),
            opt(peer?.fit_ms, formatMs),
            ratio(ours.fitMs, peer?.fit_ms),
          ],
          [
            firstInProcess ? 'fit ms (first in process)' : 'fit ms (first of this section)',
            formatMs(ours.firstFitMs),
            opt(peer?.first_fit_ms, formatMs),
            ratio(ours.firstFitMs, peer?.first_fit_ms),
          ],
          [
            'predict rows/s: label',
            millions(ours.labelRowsPerSecond),
            opt(peerRate, millions),
            ratio(ours.labelRowsPerSecond, peerRate),
          ],
          [
            'predict rows/s: label + probs',
            millions(ours.probsRowsPerSecond),
            opt(peerRate, millions),
            ratio(ours.probsRowsPerSecond, peerRate),
          ],
        ],
      );
      if (peer) out(`(scikit-learn lbfgs: ${peer.iterations} iterations)`);
      await engine.sql(`DROP MODEL ${file.name}_lr`);
      await engine.sql(`DROP TABLE ${file.name}`);
    }

    if (wants('als')) {
      const { users, items, rank, count, sigma } = RATINGS;
      const file = writeRatings(dir, users, items, rank, count, sigma);
      const ours = await larchAls(engine, file, rank);
      const above = ours.rmse / sigma - 1;
      const params = (users + items) * rank;
      const trainRatings = file.rows - file.testRows;
      const limit = sigma * Math.sqrt(1 + params / trainRatings);
      if (above > 0.05) misses.push(`ALS: test RMSE ${(above * 100).toFixed(1)}% above σ (target ≤ 5%)`);
      out(
        `\nmatrix_factorization (ALS): ${users} users × ${items} items, rank ${rank}, ${count.toLocaleString('en-US')} ratings (${file.rows - file.testRows} train / ${file.testRows} test), noise σ = ${sigma}`,
      );
      out(
        'scikit-learn has no ALS: the reference is the noise floor (the noise actually drawn on the test rows too)',
      );
      printTable(
        ['measure', 'larch', 'noise floor', 'ratio'],
        [
          ['test RMSE vs σ', ours.rmse.toFixed(4), sigma.toFixed(4), (ours.rmse / sigma).toFixed(3)],
          [
            'test RMSE vs drawn noise',
            ours.rmse.toFixed(4),
            file.testNoiseRmse.toFixed(4),
            (ours.rmse / file.testNoiseRmse).toFixed(3),
          ],
          ['test RMSE vs LS limit', ours.rmse.toFixed(4), limit.toFixed(4), (ours.rmse / limit).toFixed(3)],
          ['fit ms', formatMs(ours.fitMs), '-', '-'],
        ],
      );
      out(
        `(LS limit: σ·√(1 + p/n) with p = (users + items)·rank = ${params} fitted parameters and n = ${trainRatings} training ratings, what least squares with the true rank can reach on new ratings)`,
      );
    }
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
  out(`\npeak memory: ${peakMemoryMb().toFixed(0)} MB; load average ${loadAverage()} at the end`);
  if (python === null) out('(targets relative to scikit-learn not checked: no scikit-learn)');
  out(misses.length === 0 ? 'all targets checked met' : `targets missed:\n  ${misses.join('\n  ')}`);
}
