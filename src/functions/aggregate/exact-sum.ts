// Exact per-group sums of integers and decimals: 53-bit float accumulators that spill into BigInt
// before they could lose a digit, so money sums never drift.

import type { Vector } from '../../columnar/vector.js';
import { getScalar } from '../../columnar/vector-ops.js';
import { type Decimal, pow10n } from '../../types/decimal.js';
import { growFloat64, growUint8, rowValid } from './state-helpers.js';

const SPILL = 2 ** 52;

export class ExactSums {
  acc = new Float64Array(16);
  big: (bigint | undefined)[] = [];
  seen = new Uint8Array(16);
  counts = new Float64Array(16);
  /** Scale of the accumulators; -1 until the first value arrives. */
  scale = -1;

  resize(count: number): void {
    this.acc = growFloat64(this.acc, count);
    this.seen = growUint8(this.seen, count);
    this.counts = growFloat64(this.counts, count);
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
      this.ensureScale(s);
      const factor = 10 ** (this.scale - s);
      const data = v.data;
      const validity = v.validity;
      const acc = this.acc;
      const seen = this.seen;
      const counts = this.counts;
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        if (g < 0 || (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0)) continue;
        const m = data[i]! * factor;
        seen[g] = 1;
        counts[g]!++;
        if (m > SPILL || m < -SPILL) {
          this.addBig(g, BigInt(data[i]!) * pow10n(this.scale - s), this.scale);
          continue;
        }
        const sum = acc[g]! + m;
        acc[g] = sum;
        if (sum > SPILL || sum < -SPILL) this.spill(g);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g < 0 || !rowValid(v, i)) continue;
      const value = getScalar(v, i);
      const d: Decimal = typeof value === 'number' ? { m: BigInt(value), s: 0 } : (value as Decimal);
      this.seen[g] = 1;
      this.counts[g]!++;
      this.addBig(g, d.m, d.s);
    }
  }

  mergeFrom(other: ExactSums, mapping: Int32Array): void {
    if (other.scale === -1) return;
    for (let g = 0; g < mapping.length; g++) {
      if (!other.seen[g]) continue;
      const t = mapping[g]!;
      this.seen[t] = 1;
      this.counts[t]! += other.counts[g]!;
      const total = other.total(g);
      this.addBig(t, total.m, total.s);
    }
  }

  total(g: number): Decimal {
    const m = (this.big[g] ?? 0n) + BigInt(this.acc[g]!);
    return { m, s: Math.max(this.scale, 0) };
  }
}
