// The collecting pass of matrix factorization: (user, item, rating) triplets from every partition, then
// indexed by distinct id and laid out by user and by item (CSR) for the alternating solves.

import type { TrainingBatch } from '../core/feature-batch.js';
import { mlError } from '../core/ml-error.js';
import type { PassState, TrainingPass } from '../core/training-pass.js';

export class RatingCollector implements PassState {
  users: Float64Array[] = [];
  items: Float64Array[] = [];
  ratings: Float64Array[] = [];

  constructor(private readonly names: { user: string; item: string; rating: string }) {}

  update(batch: TrainingBatch): void {
    const [u, v] = batch.dense;
    const r = batch.label;
    if (!u || !v || !r) throw mlError('matrix_factorization needs user, item and rating columns');
    const n = batch.rows;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(u[i]!))
        throw mlError(`user column "${this.names.user}" contains NULL or a non-numeric id`);
      if (!Number.isFinite(v[i]!))
        throw mlError(`item column "${this.names.item}" contains NULL or a non-numeric id`);
      if (!Number.isFinite(r[i]!))
        throw mlError(`rating column "${this.names.rating}" contains NULL, NaN or infinite values`);
    }
    this.users.push(Float64Array.from(u.subarray(0, n)));
    this.items.push(Float64Array.from(v.subarray(0, n)));
    this.ratings.push(Float64Array.from(r.subarray(0, n)));
  }

  merge(other: RatingCollector): void {
    this.users.push(...other.users);
    this.items.push(...other.items);
    this.ratings.push(...other.ratings);
  }
}

export function ratingCollectorPass(names: {
  user: string;
  item: string;
  rating: string;
}): TrainingPass<RatingCollector> {
  return { name: 'collect ratings', create: () => new RatingCollector(names) };
}

/** Ratings grouped by one side: rows of `side` with the other side's index and the rating. */
export interface RatingBlocks {
  /** Sorted distinct ids; index = position. */
  readonly ids: Float64Array;
  readonly offsets: Int32Array;
  readonly other: Int32Array;
  readonly rating: Float64Array;
}

/** Sorted distinct values. */
export function distinctSorted(chunks: readonly Float64Array[]): Float64Array {
  const all = new Float64Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  all.sort();
  let m = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[m++] = all[i]!;
  return all.slice(0, m);
}

/** Position of `id` in sorted `ids`, or −1. */
export function indexOf(ids: Float64Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Groups ratings by `side` ids (CSR), with indices of `otherIds` as the other side. */
export function groupRatings(
  side: readonly Float64Array[],
  other: readonly Float64Array[],
  ratings: readonly Float64Array[],
  sideIds: Float64Array,
  otherIds: Float64Array,
): RatingBlocks {
  const total = ratings.reduce((s, c) => s + c.length, 0);
  const sideIndex = new Int32Array(total);
  const otherIndex = new Int32Array(total);
  const value = new Float64Array(total);
  const offsets = new Int32Array(sideIds.length + 1);
  let at = 0;
  for (let c = 0; c < ratings.length; c++) {
    for (let i = 0; i < ratings[c]!.length; i++, at++) {
      sideIndex[at] = indexOf(sideIds, side[c]![i]!);
      otherIndex[at] = indexOf(otherIds, other[c]![i]!);
      value[at] = ratings[c]![i]!;
      offsets[sideIndex[at]! + 1]!++;
    }
  }
  for (let s = 0; s < sideIds.length; s++) offsets[s + 1]! += offsets[s]!;
  const fill = offsets.slice(0, sideIds.length);
  const otherOut = new Int32Array(total);
  const ratingOut = new Float64Array(total);
  for (let t = 0; t < total; t++) {
    const p = fill[sideIndex[t]!]!++;
    otherOut[p] = otherIndex[t]!;
    ratingOut[p] = value[t]!;
  }
  return { ids: sideIds, offsets, other: otherOut, rating: ratingOut };
}
