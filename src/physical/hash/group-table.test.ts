import { describe, expect, it } from 'vitest';
import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { Types } from '../../types/data-type.js';
import { GroupTable } from './group-table.js';

describe('GroupTable', () => {
  it('numbers distinct keys in order of first appearance, NULL as its own group', () => {
    const t = new GroupTable([Types.int4]);
    const ids = t.ids([vectorFromScalars(Types.int4, [5, 7, 5, null, 7, null])], 6, true);
    expect([...ids]).toEqual([0, 1, 0, 2, 1, 2]);
    expect(t.size).toBe(3);
  });

  it('treats equal numerics of different scales and NaNs as one key', () => {
    const t = new GroupTable([Types.numeric]);
    const values = vectorFromScalars(Types.numeric, [
      { m: 10n, s: 1 },
      { m: 100n, s: 2 },
      { m: 1n, s: 0 },
    ]);
    expect([...t.ids([values], 3, true)]).toEqual([0, 0, 0]);
    const f = new GroupTable([Types.float8]);
    expect([...f.ids([vectorFromScalars(Types.float8, [NaN, NaN, 0, -0])], 4, true)]).toEqual([0, 0, 1, 1]);
  });

  it('combines several key columns and looks keys up without inserting', () => {
    const t = new GroupTable([Types.int4, Types.text]);
    const a = vectorFromScalars(Types.int4, [1, 1, 2]);
    const b = vectorFromScalars(Types.text, ['x', 'y', 'x']);
    expect([...t.ids([a, b], 3, true)]).toEqual([0, 1, 2]);
    const probe = t.ids(
      [vectorFromScalars(Types.int4, [2, 3]), vectorFromScalars(Types.text, ['x', 'x'])],
      2,
      false,
    );
    expect([...probe]).toEqual([2, -1]);
  });

  it('never matches NULL keys when NULLs do not match (joins)', () => {
    const t = new GroupTable([Types.int4]);
    expect([...t.ids([vectorFromScalars(Types.int4, [1, null])], 2, true, false)]).toEqual([0, -1]);
  });

  it('switches from a direct map to hashing when integer keys spread out', () => {
    const t = new GroupTable([Types.int4]);
    t.ids([vectorFromScalars(Types.int4, [1, 2, 3])], 3, true);
    const ids = t.ids([vectorFromScalars(Types.int4, [2, 50_000_000, 1])], 3, true);
    expect([...ids]).toEqual([1, 3, 0]);
  });

  it('grows the direct map mid-batch, below and above, keeping the ids given before', () => {
    const t = new GroupTable([Types.int4]);
    const batches = [
      [100, 101, 102, null, 101],
      [101, 99, 150, null, 40, 102, 3000, 99],
      [3000, 7, null, 8000, 100],
    ];
    const seen = new Map<number | null, number>();
    for (const keys of batches) {
      const ids = t.ids([vectorFromScalars(Types.int4, keys)], keys.length, true);
      const expected = keys.map((k) => seen.get(k) ?? seen.set(k, seen.size).get(k)!);
      expect([...ids]).toEqual(expected);
    }
  });

  it('hashes the scattered keys of a few rows at a time instead of mapping their whole range', () => {
    // The groups of a join's few matches: one row a batch, keys millions apart.
    const t = new GroupTable([Types.int4]);
    const keys = Array.from({ length: 40 }, (_, i) => ((i * 7_919_993) % 9_000_000) + 1);
    for (const k of keys) t.ids([vectorFromScalars(Types.int4, [k])], 1, true);
    const probe = [...keys].reverse();
    expect([...t.ids([vectorFromScalars(Types.int4, probe)], probe.length, false)]).toEqual(
      probe.map((k) => keys.indexOf(k)),
    );
    expect(t.size).toBe(40);
  });

  it('codes whole float64 keys (bigint columns) through the direct map, other numbers by hash', () => {
    const t = new GroupTable([Types.int8]);
    expect([...t.ids([vectorFromScalars(Types.int8, [6_000_000, 3, 6_000_000])], 3, true)]).toEqual([
      0, 1, 0,
    ]);
    // Lookups outside the map or between integers find nothing and leave the map as it is.
    const probe = vectorFromScalars(Types.float8, [3, 7_000_000, -5, 3.5, 6_000_000, null]);
    expect([...t.ids([probe], 6, false, false)]).toEqual([1, -1, -1, -1, 0, -1]);
    // A key that is not a whole number moves the map into the hash index.
    const f = new GroupTable([Types.float8]);
    expect([...f.ids([vectorFromScalars(Types.float8, [1, 2])], 2, true)]).toEqual([0, 1]);
    expect([...f.ids([vectorFromScalars(Types.float8, [2.5, 1, NaN, 2])], 4, true)]).toEqual([2, 0, 3, 1]);
  });

  describe('keys spread thinly over a wide range, coded in one call (a join build side)', () => {
    // 100,000 keys, every 40th value from 10 up to about 4,000,000, in descending order, with NULLs.
    const keys = Array.from({ length: 100_000 }, (_, i) => (i % 1000 === 7 ? null : 10 + 40 * (99_999 - i)));
    const build = () => {
      const t = new GroupTable([Types.int8]);
      const ids = t.ids([vectorFromScalars(Types.int8, keys)], keys.length, true, false);
      return { t, ids };
    };

    it('numbers them in order of first appearance and finds them again', () => {
      const { t, ids } = build();
      let next = 0;
      expect([...ids]).toEqual(keys.map((k) => (k === null ? -1 : next++)));
      expect(t.size).toBe(next);
      const probe = [10 + 40 * 99_999, 10, 50, 11, 49.5, 9, 10 + 40 * 100_000, -30, 1e12, NaN, null];
      expect([...t.ids([vectorFromScalars(Types.float8, probe)], probe.length, false, false)]).toEqual([
        0, 99_899, 99_898, -1, -1, -1, -1, -1, -1, -1, -1,
      ]);
    });

    it('rules out probe rows by one bit per value (a superset of the matches)', () => {
      const { t } = build();
      const probe = vectorFromScalars(Types.int8, [10, 11, 50, 4_000_050, -30, null, 90]);
      const rows = new Int32Array(7);
      const count = t.knownFirstKeys(probe, 7, rows);
      expect([...rows.subarray(0, count)]).toEqual([0, 2, 6]);
    });

    it('moves them into the hash index when a later call inserts a key the set lacks', () => {
      const { t, ids } = build();
      const more = vectorFromScalars(Types.int8, [10, 12, 50, 12]);
      expect([...t.ids([more], 4, true, false)]).toEqual([ids[99_999], t.size - 1, ids[99_998], t.size - 1]);
      expect([...t.ids([vectorFromScalars(Types.int8, [12, 13])], 2, false, false)]).toEqual([
        t.size - 1,
        -1,
      ]);
    });
  });
});
