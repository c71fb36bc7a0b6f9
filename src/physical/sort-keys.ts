// Row comparators over key vectors: typed-array comparisons, dictionary ranks for strings, and the
// type's comparator for everything else; NULLs first or last per key.

import type { Vector } from '../columnar/vector.js';
import { getScalar } from '../columnar/vector-ops.js';
import { comparatorFor, compareFloats, compareStrings } from '../types/compare.js';

export interface SortSpec {
  readonly desc: boolean;
  readonly nullsFirst: boolean;
}

export type RowComparator = (i: number, j: number) => number;

/** Compares rows of one key vector, NULLs included. */
function keyComparator(v: Vector, spec: SortSpec): RowComparator {
  const sign = spec.desc ? -1 : 1;
  const nullOrder = spec.nullsFirst ? -1 : 1;
  if (v.kind === 'const') return () => 0;
  const validity = v.validity;
  const withNulls = (cmp: RowComparator): RowComparator => {
    if (validity === null) return cmp;
    return (i, j) => {
      const a = (validity[i >>> 3]! & (1 << (i & 7))) !== 0;
      const b = (validity[j >>> 3]! & (1 << (j & 7))) !== 0;
      if (a && b) return cmp(i, j);
      if (a === b) return 0;
      return a ? -nullOrder : nullOrder;
    };
  };
  switch (v.kind) {
    case 'bool':
    case 'i16':
    case 'i32': {
      const d = v.data;
      return withNulls((i, j) => sign * (d[i]! - d[j]!));
    }
    case 'f32':
    case 'f64': {
      const d = v.data;
      if (v.type.id === 'float4' || v.type.id === 'float8')
        return withNulls((i, j) => sign * compareFloats(d[i]!, d[j]!));
      return withNulls((i, j) => {
        const a = d[i]!;
        const b = d[j]!;
        return a < b ? -sign : a > b ? sign : 0;
      });
    }
    case 'numeric': {
      const d = v.data;
      return withNulls((i, j) => sign * (d[i]! - d[j]! < 0 ? -1 : d[i]! > d[j]! ? 1 : 0));
    }
    case 'string': {
      // Rank each dictionary entry once (only those rows use, when the dictionary is larger than
      // the vector); rows then compare by rank.
      const order =
        v.dict.length <= v.length ? v.dict.map((_, k) => k) : usedCodes(v.codes, v.length, v.dict.length);
      const cmp =
        v.type.id === 'bpchar'
          ? comparatorFor(v.type)
          : (a: unknown, b: unknown) => compareStrings(a as string, b as string);
      order.sort((a, b) => cmp(v.dict[a]!, v.dict[b]!));
      const rank = new Int32Array(v.dict.length);
      let r = 0;
      order.forEach((k, idx) => {
        if (idx > 0 && cmp(v.dict[order[idx - 1]!]!, v.dict[k]!) !== 0) r++;
        rank[k] = r;
      });
      const codes = v.codes;
      return withNulls((i, j) => sign * (rank[codes[i]!]! - rank[codes[j]!]!));
    }
    case 'interval':
    case 'boxed': {
      const cmp = comparatorFor(v.type);
      return withNulls((i, j) => sign * cmp(getScalar(v, i)!, getScalar(v, j)!));
    }
  }
}

/** The distinct codes among the first `n`, in order of first use. */
function usedCodes(codes: Int32Array, n: number, dictSize: number): number[] {
  const seen = new Uint8Array(dictSize);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    if (seen[c] === 0) {
      seen[c] = 1;
      out.push(c);
    }
  }
  return out;
}

/** A comparator over several key vectors, in order. */
export function rowComparator(keys: readonly Vector[], specs: readonly SortSpec[]): RowComparator {
  const cmps = keys.map((k, i) => keyComparator(k, specs[i]!));
  if (cmps.length === 1) return cmps[0]!;
  return (i, j) => {
    for (const c of cmps) {
      const r = c(i, j);
      if (r !== 0) return r;
    }
    return 0;
  };
}

/** Row indexes [0, n) sorted by the keys; stable. */
export function sortIndexes(keys: readonly Vector[], specs: readonly SortSpec[], n: number): Int32Array {
  const cmp = rowComparator(keys, specs);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return idx.sort((a, b) => cmp(a, b) || a - b);
}
