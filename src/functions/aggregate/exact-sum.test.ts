import { describe, expect, it } from 'vitest';
import type { Vector } from '../../columnar/vector.js';
import { Types } from '../../types/data-type.js';
import { ExactSums } from './exact-sum.js';

/** A numeric vector of mantissas at `scale`. */
function numeric(mantissas: number[], scale: number): Vector {
  const data = Float64Array.from(mantissas);
  return { kind: 'numeric', type: Types.numeric, length: data.length, validity: null, data, scale };
}

/** Sums of `values` into `groups` (one row each) in a fresh state, as a worker's partial result. */
function partial(groups: number[], values: Vector, size: number): ExactSums {
  const sums = new ExactSums();
  sums.resize(size);
  sums.add(Int32Array.from(groups), values, groups.length);
  const moved = new ExactSums();
  moved.restore(structuredClone(sums.snapshot()));
  return moved;
}

describe('ExactSums.mergeFrom', () => {
  it('adds partial sums exactly past 2^53, at one scale and at different scales', () => {
    const big = 2 ** 51 + 7;
    const merged = new ExactSums();
    merged.resize(2);
    // Mapping: partial group g goes to merged group 1 - g.
    const mapping = Int32Array.from([1, 0]);
    for (let i = 0; i < 5; i++) merged.mergeFrom(partial([0, 0, 1], numeric([big, big, 3], 2), 2), mapping);
    expect(merged.total(1)).toEqual({ m: 10n * BigInt(big), s: 2 });
    expect(merged.total(0)).toEqual({ m: 15n, s: 2 });
    // A partial at another scale takes the general path; the sums stay exact, each group at the
    // largest scale of its own values.
    merged.mergeFrom(partial([1], numeric([5], 3), 2), mapping);
    expect(merged.total(0)).toEqual({ m: 155n, s: 3 });
    expect(merged.total(1)).toEqual({ m: 10n * BigInt(big), s: 2 });
  });
});
