import { describe, expect, it } from 'vitest';
import { mergeRuns } from './merge-sorted.js';

describe('mergeRuns', () => {
  it('merges consecutive sorted runs, a tie going to the earlier run', () => {
    // Runs [1, 3, 3], [], [0, 3, 9], [3]: values by row index.
    const values = [1, 3, 3, 0, 3, 9, 3];
    const order = mergeRuns((i, j) => values[i]! - values[j]!, [3, 0, 3, 1]);
    expect([...order]).toEqual([3, 0, 1, 2, 4, 6, 5]);
  });

  it('returns nothing for no rows, and one run as it is', () => {
    expect([...mergeRuns(() => 0, [])]).toEqual([]);
    expect([...mergeRuns(() => 0, [0, 0])]).toEqual([]);
    expect([...mergeRuns(() => 0, [4])]).toEqual([0, 1, 2, 3]);
  });
});
