// TRANSFORM functions against hand-computed values, their handle_invalid behaviour and JSON round trips.

import { describe, expect, it } from 'vitest';
import { createFitter, fittedTransformFromJson, type FittedTransformName } from './fitted-transform-codec.js';
import { hashingTf, murmur3 } from './hashing-tf.js';
import type { HandleInvalid, InvalidPolicy, MlColumn } from './ml-column.js';
import { bucketize, featureCross, polynomialExpand } from './numeric-transforms.js';
import { ngrams, removeStopWords, tokenize } from './text-transforms.js';

const policy = (n: number, handleInvalid: HandleInvalid = 'error'): InvalidPolicy => ({
  column: 'c',
  handleInvalid,
  skip: new Uint8Array(n),
});
const num = (...v: number[]): MlColumn => ({ kind: 'number', values: Float64Array.from(v) });
const str = (...v: (string | null)[]): MlColumn => ({ kind: 'string', values: v });

/** Fits on two partitions, serializes and reads back, then applies. */
function fitted(name: FittedTransformName, args: (number | string | boolean)[], a: MlColumn, b: MlColumn) {
  const f = createFitter(name, args);
  const g = createFitter(name, args);
  f.update(a);
  g.update(b);
  f.merge(g as never);
  return fittedTransformFromJson(JSON.parse(JSON.stringify(f.finish().toJSON())));
}

describe('stateless transforms', () => {
  it('tokenize, stop words, n-grams', () => {
    const t = tokenize(['The quick  brown Fox', null]);
    expect(t).toEqual({ kind: 'tokens', values: [['the', 'quick', 'brown', 'fox'], null] });
    const tokens = (t as Extract<MlColumn, { kind: 'tokens' }>).values;
    expect((removeStopWords(tokens) as { values: unknown }).values).toEqual([
      ['quick', 'brown', 'fox'],
      null,
    ]);
    expect((ngrams(tokens, 2) as { values: unknown }).values).toEqual([
      ['the quick', 'quick brown', 'brown fox'],
      null,
    ]);
    expect((tokenize(['a,b;;c'], '[,;]') as { values: unknown }).values).toEqual([['a', 'b', 'c']]);
  });

  it('hashing TF: MurmurHash3 x86_32 reference values and counts', () => {
    const enc = new TextEncoder();
    expect(murmur3(enc.encode(''), 0)).toBe(0);
    expect(murmur3(enc.encode('hello'), 0)).toBe(0x248bfa47);
    expect(murmur3(enc.encode('The quick brown fox jumps over the lazy dog'), 0) >>> 0).toBe(0x2e4ff723);
    const h = hashingTf([['a', 'b', 'a'], []], 16);
    if (h.kind !== 'sparse') throw new Error('expected sparse');
    expect(Array.from(h.block.offsets)).toEqual([0, 2, 2]);
    expect(Array.from(h.block.values).sort()).toEqual([1, 2]);
  });

  it('bucketize (with invalid values), feature cross, polynomial expansion', () => {
    const p = policy(4, 'keep');
    expect(
      Array.from(
        (bucketize(Float64Array.of(1, 4.5, 9, NaN), [4.5, 8], p) as { values: Float64Array }).values,
      ),
    ).toEqual([0, 1, 2, 3]);
    expect(() => bucketize(Float64Array.of(NaN), [1], policy(1))).toThrow(
      /column "c": ML.BUCKETIZE got NULL/,
    );
    const skip = policy(2, 'skip');
    bucketize(Float64Array.of(1, NaN), [0], skip);
    expect(Array.from(skip.skip)).toEqual([0, 1]);
    expect(() => bucketize(Float64Array.of(1), [2, 1], policy(1))).toThrow(/strictly increasing/);
    expect(
      featureCross([
        ['a', 'b', null],
        ['x', 'y', 'z'],
      ]),
    ).toEqual({ kind: 'string', values: ['a_x', 'b_y', null] });
    const poly = polynomialExpand([Float64Array.of(2), Float64Array.of(3)], ['a', 'b'], 2);
    if (poly.kind !== 'vector') throw new Error('expected vector');
    expect(poly.names).toEqual(['a', 'b', 'a_a', 'a_b', 'b_b']);
    expect(poly.columns.map((c) => c[0])).toEqual([2, 3, 4, 6, 9]);
  });
});

describe('fitted transforms', () => {
  it('standard and min-max scalers', () => {
    const s = fitted('standard_scaler', [], num(1, 2), num(3, NaN));
    expect(Array.from((s.apply(num(2, 4), policy(2)) as { values: Float64Array }).values)).toEqual([0, 2]);
    const m = fitted('min_max_scaler', [], num(10, 20), num(30));
    expect(Array.from((m.apply(num(15, 40, 0), policy(3)) as { values: Float64Array }).values)).toEqual([
      0.25, 1, 0,
    ]);
    expect(() => m.apply(num(NaN), policy(1))).toThrow(/NULL or NaN/);
  });

  it('string index: frequency order, ties alphabetical; unseen values by handle_invalid', () => {
    const t = fitted('string_index', [], str('b', 'a', 'c'), str('a', 'c', null));
    expect(Array.from((t.apply(str('a', 'c', 'b'), policy(3)) as { values: Float64Array }).values)).toEqual([
      0, 1, 2,
    ]);
    expect(() => t.apply(str('zz'), policy(1))).toThrow(/category 'zz' was not seen/);
    expect(Array.from((t.apply(str('zz'), policy(1, 'keep')) as { values: Float64Array }).values)).toEqual([
      3,
    ]);
  });

  it('one-hot with drop_last and keep', () => {
    const t = fitted('one_hot', [false], str('red', 'red'), str('blue'));
    const out = t.apply(str('blue', 'red'), policy(2));
    if (out.kind !== 'sparse') throw new Error('expected sparse');
    expect(out.names).toEqual(['c_red', 'c_blue']);
    expect(Array.from(out.block.indices)).toEqual([1, 0]);
    const dropped = fitted('one_hot', [], str('red', 'red'), str('blue')).apply(
      str('green'),
      policy(1, 'keep'),
    );
    if (dropped.kind !== 'sparse') throw new Error('expected sparse');
    expect(dropped.block.dim).toBe(2); // red, blue, invalid − the last column
  });

  it('quantile bucketize, impute, count vectorize and IDF', () => {
    const q = fitted('quantile_bucketize', [4], num(1, 2, 3, 4), num(5, 6, 7, 8, 9));
    expect(q.toJSON()).toEqual({ kind: 'quantile_bucketize', splits: [3, 5, 7] });
    expect(
      Array.from(
        (
          fitted('impute', ['median'], num(1, NaN, 10), num(3)).apply(num(NaN, 2), policy(2)) as {
            values: Float64Array;
          }
        ).values,
      ),
    ).toEqual([3, 2]);
    expect(
      (
        fitted('impute', ['mode'], str('x', 'y', 'y'), str(null)).apply(str(null), policy(1)) as {
          values: unknown;
        }
      ).values,
    ).toEqual(['y']);
    const tokens = (v: string[][]): MlColumn => ({ kind: 'tokens', values: v });
    const cv = fitted('count_vectorize', [2], tokens([['a', 'b', 'a']]), tokens([['c', 'a', 'b']]));
    const counts = cv.apply(tokens([['b', 'a', 'a', 'z']]), policy(1));
    if (counts.kind !== 'sparse') throw new Error('expected sparse');
    expect(Array.from(counts.block.indices)).toEqual([0, 1]);
    expect(Array.from(counts.block.values)).toEqual([2, 1]);
    const idf = fitted('idf', [], counts, cv.apply(tokens([['c']]), policy(1)));
    const weighted = idf.apply(counts, policy(1));
    if (weighted.kind !== 'sparse') throw new Error('expected sparse');
    // Two documents, 'a' and 'b' each in one: log(3/2).
    expect(weighted.block.values[0]).toBeCloseTo(2 * Math.log(3 / 2), 12);
  });
});
