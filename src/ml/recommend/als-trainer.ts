// Fits matrix_factorization by alternating least squares (Spark's ALS): explicit ratings minimize
// Σ(r − xᵤ·yᵢ)² + λ(nᵤ‖xᵤ‖² + nᵢ‖yᵢ‖²); implicit feedback uses Hu-Koren-Volinsky confidences 1 + α|r| on
// preferences [r > 0]. The ratings are collected in one pass; the solves are k×k systems per user and item.

import { choleskySolve, nonNegativeSolve, solveSymmetric } from '../core/dense-linear-algebra.js';
import type { IterationInfo } from '../core/model.js';
import { converged, type ModelOptions } from '../core/model-options.js';
import { mlError } from '../core/ml-error.js';
import { SeededRandom } from '../core/seeded-random.js';
import { type Fitting, runPass } from '../core/training-pass.js';
import type { TrainingSchema } from '../core/training-schema.js';
import { AlsModel } from './als-model.js';
import { distinctSorted, groupRatings, type RatingBlocks, ratingCollectorPass } from './rating-collector.js';

export function* fitAls(options: ModelOptions, schema: TrainingSchema): Fitting<AlsModel> {
  if (schema.dense.length !== 2 || schema.sparse.length > 0)
    throw mlError('matrix_factorization takes exactly two features: the user and item columns');
  const names = { user: schema.dense[0]!, item: schema.dense[1]!, rating: schema.label ?? 'rating' };
  const collected = yield* runPass(ratingCollectorPass(names));
  const userIds = distinctSorted(collected.users);
  const itemIds = distinctSorted(collected.items);
  if (userIds.length === 0) throw mlError('matrix_factorization needs at least one rating');
  const byUser = groupRatings(collected.users, collected.items, collected.ratings, userIds, itemIds);
  const byItem = groupRatings(collected.items, collected.users, collected.ratings, itemIds, userIds);
  const k = options.numFactors;
  const lambda = options.regParam ?? options.l2Reg;
  const implicit = options.feedbackType === 'implicit';
  const rng = new SeededRandom(options.seed);
  const userFactors = initialFactors(rng, userIds.length, k, options.nonnegative);
  const itemFactors = initialFactors(rng, itemIds.length, k, options.nonnegative);
  const solve = { k, lambda, implicit, alpha: options.walsAlpha, nonnegative: options.nonnegative };
  const info: IterationInfo[] = [];
  let started = performance.now();
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    solveSide(byUser, itemFactors, userFactors, solve);
    solveSide(byItem, userFactors, itemFactors, solve);
    const loss = trainingLoss(byUser, userFactors, itemFactors, solve);
    const now = performance.now();
    info.push({ iteration, loss, durationMs: now - started });
    started = now;
    const previous = info.length > 1 ? info[info.length - 2]!.loss : Infinity;
    if (options.earlyStop && converged(previous, loss, options.minRelProgress)) break;
  }
  return new AlsModel({
    schema,
    feedbackType: options.feedbackType,
    k,
    userIds,
    itemIds,
    userFactors,
    itemFactors,
    trainingInfo: info,
  });
}

/** Gaussian factors scaled to unit length (absolute values when non-negative), as Spark initializes. */
function initialFactors(rng: SeededRandom, n: number, k: number, nonnegative: boolean): Float64Array {
  const f = new Float64Array(n * k);
  for (let u = 0; u < n; u++) {
    let norm = 0;
    for (let c = 0; c < k; c++) {
      const v = rng.normal();
      f[u * k + c] = nonnegative ? Math.abs(v) : v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let c = 0; c < k; c++) f[u * k + c]! /= norm;
  }
  return f;
}

interface SolveOptions {
  readonly k: number;
  readonly lambda: number;
  readonly implicit: boolean;
  readonly alpha: number;
  readonly nonnegative: boolean;
}

/** Solves every row's factors given the other side's fixed factors. */
function solveSide(blocks: RatingBlocks, fixed: Float64Array, out: Float64Array, o: SolveOptions): void {
  const { k } = o;
  const a = new Float64Array(k * k);
  const b = new Float64Array(k);
  // Implicit feedback: YᵀY over all items, computed once per half-iteration.
  const gram = o.implicit ? gramOf(fixed, k) : null;
  for (let s = 0; s < blocks.ids.length; s++) {
    const start = blocks.offsets[s]!;
    const end = blocks.offsets[s + 1]!;
    if (gram) a.set(gram);
    else a.fill(0);
    b.fill(0);
    for (let p = start; p < end; p++) {
      const y = blocks.other[p]! * k;
      const r = blocks.rating[p]!;
      const c = o.implicit ? o.alpha * Math.abs(r) : 1; // implicit: the extra confidence c − 1
      const target = o.implicit ? (r > 0 ? 1 + c : 0) : r;
      for (let i = 0; i < k; i++) {
        const yi = fixed[y + i]!;
        b[i]! += target * yi;
        for (let j = 0; j <= i; j++) a[i * k + j]! += c * yi * fixed[y + j]!;
      }
    }
    const ridge = o.lambda * (end - start);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < i; j++) a[j * k + i] = a[i * k + j]!;
      a[i * k + i]! += ridge;
    }
    const x = o.nonnegative
      ? nonNegativeSolve(a, b, k, out.slice(s * k, s * k + k))
      : (choleskySolve(a, b, k) ?? solveSymmetric(a, b, k));
    out.set(x, s * k);
  }
}

function gramOf(f: Float64Array, k: number): Float64Array {
  const g = new Float64Array(k * k);
  for (let p = 0; p < f.length; p += k)
    for (let i = 0; i < k; i++) for (let j = 0; j <= i; j++) g[i * k + j]! += f[p + i]! * f[p + j]!;
  return g;
}

/** Root mean squared error on the training ratings (explicit), or on preferences (implicit). */
function trainingLoss(
  byUser: RatingBlocks,
  users: Float64Array,
  items: Float64Array,
  o: SolveOptions,
): number {
  const { k } = o;
  let sum = 0;
  let count = 0;
  for (let u = 0; u < byUser.ids.length; u++) {
    for (let p = byUser.offsets[u]!; p < byUser.offsets[u + 1]!; p++) {
      const item = byUser.other[p]! * k;
      let dot = 0;
      for (let c = 0; c < k; c++) dot += users[u * k + c]! * items[item + c]!;
      const r = byUser.rating[p]!;
      const target = o.implicit ? (r > 0 ? 1 : 0) : r;
      sum += (target - dot) ** 2;
      count++;
    }
  }
  return Math.sqrt(sum / count);
}
