// Exact per-group sums of integers and decimals: 53-bit float accumulators that spill into BigInt
// before they could lose a digit, so money sums never drift.

import type { Vector } from '../../columnar/vector.js';
import { getScalar } from '../../columnar/vector-ops.js';
import { type Decimal, pow10n } from '../../types/decimal.js';
import type { StateSnapshot } from '../function.js';
import { growFloat64, growUint8, restoreInto, rowValid, snapshotOf } from './state-helpers.js';

const SPILL = 2 ** 52;
const EXACT_FIELDS = ['acc', 'big', 'seen', 'counts', 'scale', 'groupScales', 'uniformScale', 'bound'];

export class ExactSums {
  acc = new Float64Array(16);
  big: (bigint | undefined)[] = [];
  seen = new Uint8Array(16);
  /** Values added per group, for avg's divisor; null when only the sums are wanted. */
  counts: Float64Array<ArrayBuffer> | null;
  /** Scale of the accumulators; -1 until the first value arrives. */
  scale = -1;
  /**
   * Each group's largest input scale, which is the scale of its sum (as in PostgreSQL, where a
   * group of integers sums to 0 even if another group has cents). Null while every value so far
   * had `uniformScale`, the common case that needs no per-row work.
   */
  private groupScales: number[] | null = null;
  private uniformScale = -1;

  constructor(counting = false) {
    this.counts = counting ? new Float64Array(16) : null;
  }

  /** Notes that values of scale `s` are about to be added to the groups of rows that count. */
  private noteScales(s: number, rows: () => Iterable<number>): void {
    if (this.groupScales === null) {
      if (this.uniformScale === -1 || this.uniformScale === s) {
        this.uniformScale = s;
        return;
      }
      this.groupScales = [];
      for (let g = 0; g < this.seen.length; g++) if (this.seen[g]) this.groupScales[g] = this.uniformScale;
    }
    const scales = this.groupScales;
    for (const g of rows()) if ((scales[g] ?? -1) < s) scales[g] = s;
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, EXACT_FIELDS);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, EXACT_FIELDS);
  }

  resize(count: number): void {
    this.acc = growFloat64(this.acc, count);
    this.seen = growUint8(this.seen, count);
    if (this.counts !== null) this.counts = growFloat64(this.counts, count);
  }

  private spill(g: number): void {
    const a = this.acc[g]!;
    if (a === 0) return;
    this.big[g] = (this.big[g] ?? 0n) + BigInt(a);
    this.acc[g] = 0;
  }

  /** Raises the accumulators' scale (multiplying what is held) so that values of scale `s` fit. */
  private ensureScale(s: number): void {
    if (this.scale === -1) {
      this.scale = s;
      return;
    }
    if (s <= this.scale) return;
    this.bound = 0;
    const d = s - this.scale;
    const f = pow10n(d);
    for (let g = 0; g < this.acc.length; g++) {
      if (this.acc[g] !== 0) this.spill(g);
      const b = this.big[g];
      if (b !== undefined) this.big[g] = b * f;
    }
    this.scale = s;
  }

  private addBig(g: number, m: bigint, s: number): void {
    this.ensureScale(s);
    const scaled = s === this.scale ? m : m * pow10n(this.scale - s);
    this.big[g] = (this.big[g] ?? 0n) + scaled;
  }

  /** Adds integer or numeric values of `v` into their groups, skipping NULLs. */
  add(groups: Int32Array, v: Vector, n: number): void {
    if (v.kind === 'numeric' || v.kind === 'i16' || v.kind === 'i32' || v.kind === 'f64') {
      const s = v.kind === 'numeric' ? v.scale : 0;
      this.noteScales(s, function* () {
        for (let i = 0; i < n; i++) if (groups[i]! >= 0 && rowValid(v, i)) yield groups[i]!;
      });
      this.ensureScale(s);
      const factor = 10 ** (this.scale - s);
      const data = v.data;
      const validity = v.validity;
      const acc = this.acc;
      const seen = this.seen;
      if (this.counts !== null) countRows(this.counts, groups, validity, n);
      if (this.fastAdd(groups, data, validity, factor, n)) return;
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        if (g < 0 || (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0)) continue;
        const m = data[i]! * factor;
        seen[g] = 1;
        if (m > SPILL || m < -SPILL) {
          this.addBig(g, BigInt(data[i]!) * pow10n(this.scale - s), this.scale);
          continue;
        }
        const sum = acc[g]! + m;
        acc[g] = sum;
        if (sum > SPILL || sum < -SPILL) this.spill(g);
      }
      let bound = 0;
      for (let g = 0; g < acc.length; g++) bound = Math.max(bound, Math.abs(acc[g]!));
      this.bound = bound;
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g < 0 || !rowValid(v, i)) continue;
      const value = getScalar(v, i);
      const d: Decimal = typeof value === 'number' ? { m: BigInt(value), s: 0 } : (value as Decimal);
      this.noteScales(d.s, () => [g]);
      this.seen[g] = 1;
      if (this.counts !== null) this.counts[g]!++;
      this.addBig(g, d.m, d.s);
    }
  }

  /** Largest |accumulator|, kept as an upper bound so batches can skip per-row overflow checks. */
  private bound = 0;

  /**
   * Adds a batch without per-row overflow checks when even the largest accumulator plus every value
   * in the batch stays below 2^52; returns false (having done nothing) otherwise.
   */
  private fastAdd(
    groups: Int32Array,
    data: ArrayLike<number>,
    validity: Uint8Array | null,
    factor: number,
    n: number,
  ): boolean {
    let maxAbs = 0;
    for (let i = 0; i < n; i++) {
      const x = data[i]!;
      const a = x < 0 ? -x : x;
      if (a > maxAbs) maxAbs = a;
    }
    const growth = maxAbs * factor * n;
    if (!(this.bound + growth < SPILL)) return false;
    const acc = this.acc;
    const seen = this.seen;
    if (validity === null) {
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        if (g < 0) continue;
        acc[g]! += data[i]! * factor;
        seen[g] = 1;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        if (g < 0 || (validity[i >>> 3]! & (1 << (i & 7))) === 0) continue;
        acc[g]! += data[i]! * factor;
        seen[g] = 1;
      }
    }
    this.bound += growth;
    return true;
  }

  mergeFrom(other: ExactSums, mapping: Int32Array): void {
    if (other.scale === -1) return;
    if (this.mergeSameScale(other, mapping)) return;
    for (let g = 0; g < mapping.length; g++) {
      if (!other.seen[g]) continue;
      const t = mapping[g]!;
      const total = other.total(g);
      this.noteScales(total.s, () => [t]);
      this.seen[t] = 1;
      if (this.counts !== null) this.counts[t]! += other.counts![g]!;
      this.addBig(t, total.m, total.s);
    }
  }

  /**
   * mergeFrom when both sides hold every value at one scale, the same (partial sums of one column):
   * the accumulators add as numbers (each is at most 2^52, so their sum is exact). False when the
   * scales differ, having done nothing.
   */
  private mergeSameScale(other: ExactSums, mapping: Int32Array): boolean {
    if (this.groupScales !== null || other.groupScales !== null) return false;
    if (this.scale !== -1 && (this.scale !== other.scale || this.uniformScale !== other.uniformScale))
      return false;
    this.scale = other.scale;
    this.uniformScale = other.uniformScale;
    const { acc, seen, counts } = this;
    let bound = this.bound;
    for (let g = 0; g < mapping.length; g++) {
      if (!other.seen[g]) continue;
      const t = mapping[g]!;
      seen[t] = 1;
      if (counts !== null) counts[t]! += other.counts![g]!;
      const big = other.big[g];
      if (big !== undefined) this.big[t] = (this.big[t] ?? 0n) + big;
      const sum = acc[t]! + other.acc[g]!;
      acc[t] = sum;
      if (sum > SPILL || sum < -SPILL) this.spill(t);
      else bound = Math.max(bound, Math.abs(sum));
    }
    this.bound = bound;
    return true;
  }

  /**
   * The totals of groups [0, count) as 53-bit mantissas at one scale, when every value had that
   * scale and no total went past 2^52 (so no group needs a Decimal); null otherwise.
   */
  flatTotals(count: number): { readonly mantissas: Float64Array; readonly scale: number } | null {
    if (this.groupScales !== null) return null;
    for (let g = 0; g < this.big.length; g++) if (this.big[g] !== undefined) return null;
    return { mantissas: this.acc.slice(0, count), scale: Math.max(this.scale, 0) };
  }

  total(g: number): Decimal {
    const m = (this.big[g] ?? 0n) + BigInt(this.acc[g]!);
    const s = Math.max(this.scale, 0);
    // Every value was a multiple of 10^(s - group scale), so the division is exact.
    const own = this.groupScales?.[g] ?? s;
    return own < s ? { m: m / pow10n(s - own), s: own } : { m, s };
  }
}

/** Adds 1 to the count of each row's group, for rows in a group and not NULL. */
function countRows(counts: Float64Array, groups: Int32Array, validity: Uint8Array | null, n: number): void {
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    if (g >= 0 && (validity === null || (validity[i >>> 3]! & (1 << (i & 7))) !== 0)) counts[g]!++;
  }
}
