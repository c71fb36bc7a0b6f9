// Per-column key codes: each distinct value of a key column gets a small integer, with values that
// compare equal in SQL (1.0 and 1.00, NaN and NaN, 'a ' and 'a' for char(n)) sharing a code.

import type { Vector } from '../../columnar/vector.js';
import { getScalar } from '../../columnar/vector-ops.js';
import type { DataType } from '../../types/data-type.js';
import { type Decimal, decimalNormalize } from '../../types/decimal.js';
import { type Interval, intervalSortKey } from '../../types/interval.js';
import { hashNumber, NumberIndex } from './number-index.js';
import { rowsInBitSet, SparseKeySet } from './sparse-key-set.js';

/** Code given to NULL keys. */
export const NULL_CODE = 0;
/** Code returned by lookups for a value the column has not seen. */
export const MISSING_CODE = -1;
/** A dictionary entry not coded yet. */
const UNCODED = -2;

const NAN_KEY = Number.MAX_VALUE;
/** Widest integer key range coded through a direct map rather than hashed. */
const DENSE_RANGE = 1 << 20;
const MAX_DENSE_RANGE = 1 << 25;
/** Slots of the direct map allowed per distinct key (4 bytes each, against the hash index's 24). */
const DENSE_SLOTS_PER_KEY = 128;
/**
 * Slots of the direct map allowed per row coded, below DENSE_RANGE: a few rows with scattered keys
 * (the groups of a join's few matches) are hashed rather than given a map of DENSE_RANGE slots
 * that the next batch's keys outgrow.
 */
const DENSE_SLOTS_PER_ROW = 512;
/**
 * Keys coded in one go over a range wider than DENSE_RANGE with more than this many values per key
 * are kept as a sparse set (2 bits per value) rather than a direct map (32 bits per value).
 */
const SPARSE_SLOTS_PER_KEY = 16;
/** Bits per hashed key in the filter that rules probe rows out (about 3 % false positives). */
const FILTER_BITS_PER_KEY = 32;
/** Largest filter, in bits (512 KB: beyond it the filter stops being cheaper than the lookup). */
const MAX_FILTER_BITS = 1 << 22;
/** Widest range of hashed integer keys tested through a bit per value (1 MB) rather than the hash filter. */
const MAX_KEY_BITS = 1 << 23;

function decimalKey(d: Decimal): number | string {
  const n = decimalNormalize(d);
  const digits = (n.m < 0n ? -n.m : n.m).toString();
  if (digits.length <= 15) return Number(n.m) / 10 ** n.s;
  return `${n.m}e${n.s}`;
}

function trimRight(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Assigns codes 1.. to the distinct values of one key column; NULL is code 0. */
export class KeyCodes {
  private readonly numbers = new NumberIndex();
  private readonly strings = new Map<string, number>();
  private next = 1;

  constructor(readonly type: DataType) {}

  /** The dictionary last coded and its entries' codes (UNCODED until a row uses the entry). */
  private dictionary: readonly string[] | null = null;
  private dictionaryCodeList = new Int32Array(0);

  private dictionaryCodes(dict: readonly string[]): Int32Array {
    if (dict !== this.dictionary) {
      this.dictionary = dict;
      this.dictionaryCodeList = new Int32Array(dict.length).fill(UNCODED);
    } else if (dict.length > this.dictionaryCodeList.length) {
      // A dictionary still being built has grown since.
      const grown = new Int32Array(dict.length).fill(UNCODED);
      grown.set(this.dictionaryCodeList);
      this.dictionaryCodeList = grown;
    }
    return this.dictionaryCodeList;
  }

  get cardinality(): number {
    return this.next;
  }

  private numberCode(key: number, insert: boolean): number {
    const k = key !== key ? NAN_KEY : key === 0 ? 0 : key;
    if (this.sparse !== null) {
      const r = this.sparse.rank(k - this.sparse.base);
      if (r >= 0) {
        let c = this.sparse.codes[r]!;
        if (c === 0) {
          if (!insert) return MISSING_CODE;
          c = this.next++;
          this.sparse.codes[r] = c;
        }
        return c;
      }
      if (!insert) return MISSING_CODE;
      this.disableDense();
    }
    if (this.dense !== null) {
      const idx = k - this.denseBase;
      if (Number.isInteger(k) && idx >= 0 && idx < this.dense.length) {
        let c = this.dense[idx]!;
        if (c === 0) {
          if (!insert) return MISSING_CODE;
          c = this.next++;
          this.dense[idx] = c;
        }
        return c;
      }
      if (!insert) return MISSING_CODE;
      this.disableDense();
    }
    if (!insert) return this.numbers.get(k);
    const c = this.numbers.getOrInsert(k, this.next);
    if (c === this.next) this.next++;
    return c;
  }

  private stringCode(key: string, insert: boolean): number {
    const c = this.strings.get(key);
    if (c !== undefined) return c;
    if (!insert) return MISSING_CODE;
    const code = this.next++;
    this.strings.set(key, code);
    return code;
  }

  private scalarCode(value: unknown, insert: boolean): number {
    switch (this.type.id) {
      case 'numeric': {
        const k = decimalKey(value as Decimal);
        return typeof k === 'number' ? this.numberCode(k, insert) : this.stringCode(k, insert);
      }
      case 'interval':
        return this.numberCode(intervalSortKey(value as Interval), insert);
      case 'bool':
        return this.numberCode(value ? 1 : 0, insert);
      case 'bpchar':
        return this.stringCode(trimRight(value as string), insert);
      default:
        if (typeof value === 'number') return this.numberCode(value, insert);
        if (typeof value === 'string') return this.stringCode(value, insert);
        return this.stringCode(
          JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
          insert,
        );
    }
  }

  /** Direct map for integer keys in a narrow range: dense[x - denseBase] is x's code (0: none yet). */
  private dense: Int32Array | null = null;
  private denseBase = 0;
  /** Rows coded through the direct map so far. */
  private denseRows = 0;
  private denseOff = false;
  /** Instead of the direct map: the keys of a wide, thinly used range, all coded in one call. */
  private sparse: SparseKeySet | null = null;

  private hashedNumbers(
    data: ArrayLike<number>,
    validity: Uint8Array | null,
    n: number,
    insert: boolean,
    out: Int32Array,
  ): Int32Array {
    for (let i = 0; i < n; i++) {
      out[i] =
        validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0
          ? NULL_CODE
          : this.numberCode(data[i]!, insert);
    }
    return out;
  }

  /** Moves the direct map's (or sparse set's) entries into the hash index; keys are hashed from then on. */
  private disableDense(): void {
    const dense = this.dense;
    if (dense !== null)
      for (let k = 0; k < dense.length; k++)
        if (dense[k] !== 0) this.numbers.getOrInsert(this.denseBase + k, dense[k]!);
    this.sparse?.forEachCoded((key, code) => this.numbers.getOrInsert(key, code));
    this.dense = null;
    this.sparse = null;
    this.denseOff = true;
  }

  /**
   * Codes integer keys through the direct map; false when their range is too wide for one, or
   * (float64 data: bigint columns) when a value is not a 32-bit integer.
   */
  private denseCodes(
    data: Int16Array | Int32Array | Float64Array,
    validity: Uint8Array | null,
    n: number,
    insert: boolean,
    out: Int32Array,
  ): boolean {
    if (this.denseOff) return false;
    if (this.sparse !== null) return this.sparseCodes(this.sparse, data, validity, n, insert, out);
    if (!insert) return this.lookupDense(data, validity, n, out);
    if (n === 0) return true;
    this.denseRows += n;
    // Rows are coded in one pass while their keys fall inside the map; at the first that does not,
    // the map is fitted to the range of the rows left (a second pass over those rows only).
    const from = this.dense === null ? 0 : this.denseLoop(data, validity, 0, n, out);
    if (from === n) return true;
    const range = data instanceof Float64Array ? wholeRange(data, from, n) : intRange(data, from, n);
    if (range === null) {
      // NULL rows hold 0, so any other value means the keys are not all integers: the map moves
      // into the hash index.
      this.disableDense();
      return false;
    }
    const [lo, hi] = range;
    // The direct map may span up to DENSE_SLOTS_PER_KEY slots per key seen (so keys like order
    // numbers, sparse in a filtered table but past DENSE_RANGE, keep it), never more than
    // MAX_DENSE_RANGE; and up to DENSE_RANGE slots once enough rows have been coded.
    const floor = Math.min(DENSE_RANGE, DENSE_SLOTS_PER_ROW * this.denseRows);
    const limit = Math.min(MAX_DENSE_RANGE, Math.max(floor, DENSE_SLOTS_PER_KEY * (this.next + n)));
    if (this.dense === null) {
      if (this.numbers.size > 0 || hi - lo > limit) {
        this.denseOff = true;
        return false;
      }
      if (this.next === 1 && hi - lo >= DENSE_RANGE && hi - lo > SPARSE_SLOTS_PER_KEY * n) {
        this.sparse = new SparseKeySet(lo, hi, data, validity, n);
        return this.sparseCodes(this.sparse, data, validity, n, insert, out);
      }
      this.dense = new Int32Array(hi - lo + 1);
      this.denseBase = lo;
    }
    const end = this.denseBase + this.dense.length - 1;
    if (lo < this.denseBase || hi > end) {
      const base = Math.min(this.denseBase, lo);
      const top = Math.max(end, hi);
      if (top - base > limit) {
        this.disableDense();
        return false;
      }
      // Grown with as much room again in the direction it grew, so that ascending keys (a table
      // sorted by its key) do not copy the map for every batch.
      const room = Math.min(this.dense.length, limit - (top - base));
      const newBase = lo < this.denseBase ? base - room : base;
      const newTop = hi > end ? top + room : top;
      const grown = new Int32Array(newTop - newBase + 1);
      grown.set(this.dense, this.denseBase - newBase);
      this.dense = grown;
      this.denseBase = newBase;
    }
    this.denseLoop(data, validity, from, n, out);
    return true;
  }

  /**
   * Codes rows [from, n) through the direct map until a row's key falls outside it (or, float64
   * data, is not an integer): the row it stopped at, n when none did.
   */
  private denseLoop(
    data: Int16Array | Int32Array | Float64Array,
    validity: Uint8Array | null,
    from: number,
    n: number,
    out: Int32Array,
  ): number {
    const base = this.denseBase;
    const dense = this.dense!;
    const size = dense.length;
    for (let i = from; i < n; i++) {
      if (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0) {
        out[i] = NULL_CODE;
        continue;
      }
      const k = data[i]! - base;
      // A whole number in [0, size): not NaN, not a fraction, not outside the map.
      if (k >>> 0 !== k || k >= size) return i;
      let c = dense[k]!;
      if (c === 0) {
        c = this.next++;
        dense[k] = c;
      }
      out[i] = c;
    }
    return n;
  }

  /**
   * Codes through the sparse set; inserting a key it does not hold moves every key into the hash
   * index instead (false).
   */
  private sparseCodes(
    sparse: SparseKeySet,
    data: Int16Array | Int32Array | Float64Array,
    validity: Uint8Array | null,
    n: number,
    insert: boolean,
    out: Int32Array,
  ): boolean {
    if (!insert) {
      sparse.lookup(data, validity, n, out, MISSING_CODE, NULL_CODE);
      return true;
    }
    const next = sparse.lookup(data, validity, n, out, MISSING_CODE, NULL_CODE, this.next);
    for (let i = 0; i < n; i++) {
      if (out[i] === MISSING_CODE) {
        // Codes given in this call stay: the keys move to the hash index with them.
        this.next = next;
        this.disableDense();
        return false;
      }
    }
    this.next = next;
    return true;
  }

  /**
   * Looks integer keys up in the direct map, if there is one; keys outside it (or not whole
   * numbers) are missing.
   */
  private lookupDense(
    data: Int16Array | Int32Array | Float64Array,
    validity: Uint8Array | null,
    n: number,
    out: Int32Array,
  ): boolean {
    const dense = this.dense;
    if (dense === null) {
      if (this.numbers.size > 0) this.denseOff = true;
      return false;
    }
    const base = this.denseBase;
    const size = dense.length;
    // NULL rows are looked up like any other value first, then marked.
    for (let i = 0; i < n; i++) {
      const k = data[i]! - base;
      const c = k >= 0 && k < size ? (dense[k] ?? 0) : 0;
      out[i] = c === 0 ? MISSING_CODE : c;
    }
    if (validity !== null)
      for (let i = 0; i < n; i++) if ((validity[i >>> 3]! & (1 << (i & 7))) === 0) out[i] = NULL_CODE;
    return true;
  }

  /**
   * The rows of `v` whose value may have a code, as a superset (NULLs and values the direct map or
   * the hash filter rule out are left out): rows[0, count) gets them and count is returned. -1 when
   * `v` is not stored as numbers or the column has no cheap test, so nothing is ruled out. `few`:
   * the keys have ruled out nearly all rows so far (see rowsInBitSet).
   */
  knownRows(v: Vector, n: number, rows: Int32Array, few = false): number {
    if (v.kind !== 'i16' && v.kind !== 'i32' && v.kind !== 'f64') return -1;
    const data = v.data;
    let count = 0;
    const dense = this.dense;
    const keyBits = this.sparse === null && dense === null ? this.rangeBits() : null;
    if (this.sparse !== null) {
      count = this.sparse.knownRows(data, n, rows, few);
    } else if (dense !== null) {
      count = rowsInBitSet(this.denseKeyBits(dense), this.denseBase, data, n, rows, few);
    } else if (keyBits !== null) {
      count = rowsInBitSet(keyBits.bits, keyBits.base, data, n, rows, few);
    } else {
      const filter = this.hashFilter();
      if (filter === null) return -1;
      const mask = filter.length * 32 - 1;
      for (let i = 0; i < n; i++) {
        const x = data[i]!;
        const h = hashNumber(x === 0 ? 0 : x) & mask;
        rows[count] = i;
        // NaN keys are kept: they are coded under a stand-in value.
        count += ((filter[h >>> 5]! >>> (h & 31)) & 1) | (x !== x ? 1 : 0);
      }
    }
    const validity = v.validity;
    if (validity === null) return count;
    let kept = 0;
    for (let j = 0; j < count; j++) {
      const i = rows[j]!;
      rows[kept] = i;
      kept += (validity[i >>> 3]! >> (i & 7)) & 1;
    }
    return kept;
  }

  /**
   * One bit per slot of the direct map, set for the coded keys, rebuilt when keys were coded since:
   * probe rows are tested against 1/32 of the map's memory (random keys miss the cache far less).
   */
  private denseBits: Int32Array | null = null;
  private denseBitsFor: Int32Array | null = null;
  private denseBitsKeys = 0;

  private denseKeyBits(dense: Int32Array): Int32Array {
    if (this.denseBits === null || this.denseBitsFor !== dense || this.denseBitsKeys !== this.next) {
      const bits = new Int32Array((dense.length >>> 5) + 1);
      for (let k = 0; k < dense.length; k++) if (dense[k] !== 0) bits[k >>> 5]! |= 1 << (k & 31);
      this.denseBits = bits;
      this.denseBitsFor = dense;
      this.denseBitsKeys = this.next;
    }
    return this.denseBits;
  }

  /** One bit per value of the hashed numbers' range (from `base`), rebuilt when numbers were added since. */
  private keyBits: { readonly bits: Int32Array; readonly base: number } | null = null;
  private keyBitsKeys = -1;

  /**
   * The hashed numbers as a bit set over their range, when they are integers in a range of at most
   * MAX_KEY_BITS values (a few keys spread over order numbers: the hash filter costs a hash per
   * probe row and keeps about 3 % false positives, this a bit read and none); null otherwise.
   */
  private rangeBits(): { readonly bits: Int32Array; readonly base: number } | null {
    const keys = this.numbers.size;
    if (this.strings.size > 0 || keys === 0) return null;
    if (this.keyBitsKeys !== keys) {
      this.keyBitsKeys = keys;
      this.keyBits = null;
      let lo = Infinity;
      let hi = -Infinity;
      let integers = true;
      this.numbers.forEachKey((key) => {
        if (!Number.isInteger(key)) integers = false;
        if (key < lo) lo = key;
        if (key > hi) hi = key;
      });
      if (integers && hi - lo < MAX_KEY_BITS) {
        const bits = new Int32Array(((hi - lo) >>> 5) + 1);
        this.numbers.forEachKey((key) => {
          const k = key - lo;
          bits[k >>> 5]! |= 1 << (k & 31);
        });
        this.keyBits = { bits, base: lo };
      }
    }
    return this.keyBits;
  }

  /** One bit per hash of the coded numbers, rebuilt when numbers were added since. */
  private filter: Int32Array | null = null;
  private filterKeys = 0;

  /** The hash filter over the coded numbers; null when there are strings or too many numbers. */
  private hashFilter(): Int32Array | null {
    const keys = this.numbers.size;
    if (this.strings.size > 0 || keys === 0 || keys * FILTER_BITS_PER_KEY > MAX_FILTER_BITS) return null;
    if (this.filter === null || this.filterKeys !== keys) {
      let bits = 1024;
      while (bits < keys * FILTER_BITS_PER_KEY) bits *= 2;
      const filter = new Int32Array(bits / 32);
      const mask = bits - 1;
      this.numbers.forEachKey((key) => {
        const h = hashNumber(key) & mask;
        filter[h >>> 5]! |= 1 << (h & 31);
      });
      this.filter = filter;
      this.filterKeys = keys;
    }
    return this.filter;
  }

  /**
   * Codes for rows [0, n): inserting unseen values when `insert`, else MISSING_CODE for them.
   * NULL rows get NULL_CODE.
   */
  codes(v: Vector, n: number, insert: boolean, out = new Int32Array(n)): Int32Array {
    const validity = v.kind === 'const' ? null : v.validity;
    switch (v.kind) {
      case 'const': {
        const c = v.value === null ? NULL_CODE : this.scalarCode(v.value, insert);
        out.fill(c, 0, n);
        return out;
      }
      case 'i16':
      case 'i32':
      case 'f64':
        if (this.denseCodes(v.data, validity, n, insert, out)) return out;
        return this.hashedNumbers(v.data, validity, n, insert, out);
      case 'bool':
      case 'f32':
        return this.hashedNumbers(v.data, validity, n, insert, out);
      case 'numeric': {
        const data = v.data;
        const p = 10 ** v.scale;
        for (let i = 0; i < n; i++) {
          if (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0) {
            out[i] = NULL_CODE;
            continue;
          }
          const m = data[i]!;
          out[i] =
            Math.abs(m) < 1e15
              ? this.numberCode(m / p, insert)
              : this.scalarCode({ m: BigInt(m), s: v.scale }, insert);
        }
        return out;
      }
      case 'string': {
        // Each dictionary entry is coded once, when a row first uses it; batches of one table
        // usually share their dictionary, so its codes are kept for the next batch.
        const dictCodes = this.dictionaryCodes(v.dict);
        const bpchar = this.type.id === 'bpchar';
        const codes = v.codes;
        for (let i = 0; i < n; i++) {
          if (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0) {
            out[i] = NULL_CODE;
            continue;
          }
          const d = codes[i]!;
          let c = dictCodes[d]!;
          if (c === UNCODED) {
            const s = v.dict[d]!;
            c = this.stringCode(bpchar ? trimRight(s) : s, insert);
            if (c !== MISSING_CODE) dictCodes[d] = c;
          }
          out[i] = c;
        }
        return out;
      }
      case 'interval':
      case 'boxed':
        for (let i = 0; i < n; i++) {
          const value = getScalar(v, i);
          out[i] = value === null ? NULL_CODE : this.scalarCode(value, insert);
        }
        return out;
    }
  }
}

/** Lowest and highest of integer keys in rows [from, n). */
function intRange(data: Int16Array | Int32Array, from: number, n: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < n; i++) {
    const x = data[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/** Lowest and highest of float64 keys in rows [from, n), or null when one is not a 32-bit integer. */
function wholeRange(data: Float64Array, from: number, n: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < n; i++) {
    const x = data[i]!;
    if ((x | 0) !== x) return null;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/**
 * Combines (previous group, column code) pairs into dense ids: an open-addressing table keyed on
 * both integers, probed a batch at a time.
 */
export class PairIndex {
  private prevs = new Int32Array(32);
  private codes = new Int32Array(32);
  private ids = new Int32Array(32).fill(-1);
  private mask = 31;
  size = 0;

  /**
   * Replaces `prev[i]` by the id of the pair (prev[i], codes[i]) for rows [0, n): inserting new
   * pairs when `insert`, else -1 for unseen ones. A -1 in `prev` stays -1; a NULL code (0) gives -1
   * unless `nullsMatch`.
   */
  combine(prev: Int32Array, codes: Int32Array, n: number, insert: boolean, nullsMatch: boolean): void {
    if (insert && (this.size + n) * 2 > this.ids.length) this.grow(this.size + n);
    const ps = this.prevs;
    const cs = this.codes;
    const ids = this.ids;
    const mask = this.mask;
    for (let i = 0; i < n; i++) {
      const p = prev[i]!;
      const c = codes[i]!;
      if (p < 0 || c < 0 || (c === NULL_CODE && !nullsMatch)) {
        prev[i] = MISSING_CODE;
        continue;
      }
      let h = (Math.imul(p, 0x9e3779b1) ^ Math.imul(c + 0x632be5ab, 0x85ebca6b)) & mask;
      let id = ids[h]!;
      while (id !== -1 && (ps[h] !== p || cs[h] !== c)) {
        h = (h + 1) & mask;
        id = ids[h]!;
      }
      if (id === -1 && insert) {
        id = this.size++;
        ids[h] = id;
        ps[h] = p;
        cs[h] = c;
      }
      prev[i] = id;
    }
  }

  private grow(needed: number): void {
    let cap = this.ids.length;
    while (cap < needed * 2) cap *= 2;
    const oldIds = this.ids;
    const oldPrevs = this.prevs;
    const oldCodes = this.codes;
    this.ids = new Int32Array(cap).fill(-1);
    this.prevs = new Int32Array(cap);
    this.codes = new Int32Array(cap);
    this.mask = cap - 1;
    for (let k = 0; k < oldIds.length; k++) {
      const id = oldIds[k]!;
      if (id === -1) continue;
      const p = oldPrevs[k]!;
      const c = oldCodes[k]!;
      let h = (Math.imul(p, 0x9e3779b1) ^ Math.imul(c + 0x632be5ab, 0x85ebca6b)) & this.mask;
      while (this.ids[h] !== -1) h = (h + 1) & this.mask;
      this.ids[h] = id;
      this.prevs[h] = p;
      this.codes[h] = c;
    }
  }
}
