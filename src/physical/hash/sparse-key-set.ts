// The codes of integer keys spread thinly over a wide range, coded in one go (a join's build side
// of order numbers: 150,000 keys over 6,000,000 values). A direct map would take 4 bytes per value
// of the range, most of them never read, and its pages cost a fault each when first written; here
// one bit per value says whether it is a key, a count per 32 values gives a key's rank among the
// keys, and the rank indexes the key's code: about 2 bits per value of the range.

/** Set bits of a 32-bit word. */
function bitCount(x: number): number {
  const a = x - ((x >>> 1) & 0x55555555);
  const b = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  return Math.imul((b + (b >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * Rows of [0, n) whose value v has bit (v - base) set in `bits`, into rows[0, count); count is
 * returned. A fraction is tested as its integer part (the rows are a superset of the matches).
 * `few`: the bits have kept few of the rows tested so far, and a branch per row costs less (see
 * KeptShare.few).
 */
export function rowsInBitSet(
  bits: Int32Array,
  base: number,
  data: ArrayLike<number>,
  n: number,
  rows: Int32Array,
  few = false,
): number {
  const words = bits.length;
  let count = 0;
  if (few) {
    for (let i = 0; i < n; i++) {
      const k = data[i]! - base;
      const w = k >>> 5;
      if (k >= 0 && w < words && ((bits[w]! >>> (k & 31)) & 1) !== 0) rows[count++] = i;
    }
    return count;
  }
  for (let i = 0; i < n; i++) {
    const k = data[i]! - base;
    const w = k >>> 5;
    rows[count] = i;
    count += k >= 0 && w < words ? (bits[w]! >>> (k & 31)) & 1 : 0;
  }
  return count;
}

export class SparseKeySet {
  /** Bit (k - base) is set for each key k. */
  private readonly bits: Int32Array;
  /** Keys below each 32-value word. */
  private readonly ranks: Int32Array;
  /** A key's code by its rank; 0 until a row is coded with it. */
  readonly codes: Int32Array;

  /**
   * The keys of rows [0, n) of `data` (integers in [base, top]) whose `validity` bit is set (all
   * rows when null).
   */
  constructor(
    readonly base: number,
    top: number,
    data: ArrayLike<number>,
    validity: Uint8Array | null,
    n: number,
  ) {
    const words = ((top - base) >>> 5) + 1;
    const bits = new Int32Array(words);
    for (let i = 0; i < n; i++) {
      if (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0) continue;
      const k = data[i]! - base;
      bits[k >>> 5]! |= 1 << (k & 31);
    }
    const ranks = new Int32Array(words);
    let keys = 0;
    for (let w = 0; w < words; w++) {
      ranks[w] = keys;
      keys += bitCount(bits[w]!);
    }
    this.bits = bits;
    this.ranks = ranks;
    this.codes = new Int32Array(keys);
  }

  /** The rank of `k - base` among the keys, or -1 when it is not one (any number is accepted). */
  rank(offset: number): number {
    if (!(offset >= 0 && offset < this.bits.length * 32) || (offset | 0) !== offset) return -1;
    const word = this.bits[offset >>> 5]!;
    const bit = 1 << (offset & 31);
    if ((word & bit) === 0) return -1;
    return this.ranks[offset >>> 5]! + bitCount(word & (bit - 1));
  }

  /**
   * Codes of rows [0, n) into `out`, as `rank` finds them: a row whose key is not in the set gets
   * `missing`, a NULL row `nullCode` (validity may be null). With `next`, keys not coded yet get
   * codes next, next + 1, ..., and the next unused code is returned.
   */
  lookup(
    data: ArrayLike<number>,
    validity: Uint8Array | null,
    n: number,
    out: Int32Array,
    missing: number,
    nullCode: number,
    next = 0,
  ): number {
    const { codes, base } = this;
    for (let i = 0; i < n; i++) {
      if (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0) {
        out[i] = nullCode;
        continue;
      }
      const r = this.rank(data[i]! - base);
      if (r < 0) {
        out[i] = missing;
        continue;
      }
      let c = codes[r]!;
      if (c === 0 && next > 0) {
        c = next++;
        codes[r] = c;
      }
      out[i] = c === 0 ? missing : c;
    }
    return next;
  }

  /** Rows of [0, n) whose key may be in the set, into rows[0, count); count is returned. */
  knownRows(data: ArrayLike<number>, n: number, rows: Int32Array, few = false): number {
    return rowsInBitSet(this.bits, this.base, data, n, rows, few);
  }

  /** Calls `f` with each coded key and its code. */
  forEachCoded(f: (key: number, code: number) => void): void {
    const { bits, ranks, codes, base } = this;
    for (let w = 0; w < bits.length; w++) {
      let word = bits[w]!;
      let r = ranks[w]!;
      while (word !== 0) {
        const b = 31 - Math.clz32(word & -word);
        if (codes[r]! !== 0) f(base + w * 32 + b, codes[r]!);
        r++;
        word &= word - 1;
      }
    }
  }
}
