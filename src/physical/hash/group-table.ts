// A hash table from composite keys to dense group ids, shared by aggregation, DISTINCT, set
// operations, window partitioning and hash joins.

import type { Vector } from '../../columnar/vector.js';
import type { DataType } from '../../types/data-type.js';
import { KeyCodes, MISSING_CODE, NULL_CODE, PairIndex } from './key-codes.js';

export class GroupTable {
  private readonly columns: KeyCodes[];
  private readonly pairs: PairIndex[];
  /** Group count for a single-column table. */
  private singleCount = 0;
  /**
   * A single-column table's group id by code, once a NULL key has an id. Until then none is needed:
   * codes 1.. are given in order of first appearance, as ids 0.. are, so a key's id is its code - 1.
   */
  private singleMap: Int32Array | null = null;

  constructor(readonly types: readonly DataType[]) {
    this.columns = types.map((t) => new KeyCodes(t));
    this.pairs = types.slice(1).map(() => new PairIndex());
  }

  get size(): number {
    if (this.types.length === 0) return this.singleCount;
    if (this.types.length === 1) return this.singleCount;
    return this.pairs[this.pairs.length - 1]!.size;
  }

  /**
   * Group ids for rows [0, n). When `insert`, new keys get new ids (in order of first appearance);
   * otherwise unseen keys give -1. Where `nullsMatch` is false (for all keys, or per key), rows
   * with a NULL in that key give -1 (join semantics) and are never inserted.
   */
  ids(
    keys: readonly Vector[],
    n: number,
    insert: boolean,
    nullsMatch: boolean | readonly boolean[] = true,
  ): Int32Array {
    const nullSafe = (k: number) => (typeof nullsMatch === 'boolean' ? nullsMatch : (nullsMatch[k] ?? true));
    const out = new Int32Array(n);
    if (keys.length === 0) {
      if (insert && this.singleCount === 0 && n > 0) this.singleCount = 1;
      if (this.singleCount === 0) out.fill(-1);
      return out;
    }
    const codes = new Int32Array(n);
    this.columns[0]!.codes(keys[0]!, n, insert, codes);
    if (keys.length === 1) {
      // Codes start at 0 for NULL and 1 for values; map them to dense ids in order of appearance.
      const nullsOk = nullSafe(0);
      let i = 0;
      if (this.singleMap === null) {
        const done = idsFromCodes(codes, out, n, this.singleCount, nullsOk, insert);
        if (done >= 0) {
          this.singleCount = done;
          return out;
        }
        // A NULL key gets an id: ids go through a map from here on.
        i = -1 - done;
        let count = this.singleCount;
        for (let k = 0; k < i; k++) count = Math.max(count, codes[k]!);
        this.singleCount = count;
        this.singleMap = new Int32Array(Math.max(64, count + 1)).fill(-1);
        for (let c = 1; c <= count; c++) this.singleMap[c] = c - 1;
      }
      let map = this.singleMap;
      for (; i < n; i++) {
        const c = codes[i]!;
        if (c === MISSING_CODE || (!nullsOk && c === NULL_CODE)) {
          out[i] = -1;
          continue;
        }
        if (c >= map.length) map = this.growSingle(c);
        let id = map[c]!;
        if (id === -1) {
          if (!insert) {
            out[i] = -1;
            continue;
          }
          id = this.singleCount++;
          map[c] = id;
        }
        out[i] = id;
      }
      return out;
    }
    out.set(codes);
    if (!nullSafe(0)) for (let i = 0; i < n; i++) if (codes[i] === NULL_CODE) out[i] = MISSING_CODE;
    for (let k = 1; k < keys.length; k++) {
      this.columns[k]!.codes(keys[k]!, n, insert, codes);
      this.pairs[k - 1]!.combine(out, codes, n, insert, nullSafe(k));
    }
    return out;
  }

  /**
   * Rows [0, count) of `rows` that may find a group among rows [0, n) of `firstKey` (the first key
   * column; rows with a NULL there are left out, so only for keys compared with =): count, or -1
   * when the first key column cannot rule rows out cheaply. `few`: see KeyCodes.knownRows.
   */
  knownFirstKeys(firstKey: Vector, n: number, rows: Int32Array, few = false): number {
    return this.columns[0]?.knownRows(firstKey, n, rows, few) ?? -1;
  }

  private growSingle(code: number): Int32Array {
    const map = this.singleMap!;
    let size = map.length;
    while (size <= code) size *= 2;
    const next = new Int32Array(size).fill(-1);
    next.set(map);
    this.singleMap = next;
    return next;
  }
}

/**
 * A single-column table's ids for rows [0, n) while no key is NULL (id = code - 1): the largest
 * code seen, or -1 - i when row i has a NULL key that needs an id. Its own function, ending at its
 * loop: V8 compiles a hot loop on the fly (OSR) with the feedback gathered so far, and code after
 * the loop in the same function, not yet run on a first call, made that code deoptimize on every
 * later call (880 times in 11 runs of TPC-H Q18).
 */
function idsFromCodes(
  codes: Int32Array,
  out: Int32Array,
  n: number,
  count: number,
  nullsOk: boolean,
  insert: boolean,
): number {
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    if (c > 0) {
      out[i] = c - 1;
      if (c > count) count = c;
    } else if (c === MISSING_CODE || !nullsOk || !insert) out[i] = -1;
    else return -1 - i;
  }
  return count;
}
