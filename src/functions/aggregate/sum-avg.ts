// sum and avg over integers, numerics, floats and intervals, with PostgreSQL's result types.

import type { Scalar, Vector } from '../../columnar/vector.js';
import { clearBit, newBitmap } from '../../columnar/bitmap.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import { decimalDiv } from '../../types/decimal.js';
import { type Interval, intervalAdd, intervalDiv } from '../../types/interval.js';
import type { AggregateDefinition, AggregateOverload, AggregateState, StateSnapshot } from '../function.js';
import { ExactSums } from './exact-sum.js';
import { growFloat64, growUint8, rowValid, restoreInto, snapshotOf } from './state-helpers.js';

/** Exact sums finished as numeric, bigint, or (for avg) numeric quotients. */
class ExactState implements AggregateState {
  private readonly sums: ExactSums;
  constructor(
    private readonly result: DataType,
    private readonly average: boolean,
  ) {
    this.sums = new ExactSums(average);
  }

  resize(count: number): void {
    this.sums.resize(count);
  }

  update(groups: Int32Array, args: readonly Vector[], n: number): void {
    this.sums.add(groups, args[0]!, n);
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    this.sums.mergeFrom((other as ExactState).sums, mapping);
  }

  snapshot(): StateSnapshot {
    return this.sums.snapshot();
  }

  restore(data: StateSnapshot): void {
    this.sums.restore(data);
  }

  finish(count: number): Vector {
    const flat = this.average ? null : this.flatFinish(count);
    if (flat !== null) return flat;
    const values: Scalar[] = new Array<Scalar>(count);
    for (let g = 0; g < count; g++) {
      if (!this.sums.seen[g]) {
        values[g] = null;
        continue;
      }
      const total = this.sums.total(g);
      if (this.average) {
        values[g] = decimalDiv(total, { m: BigInt(this.sums.counts![g]!), s: 0 });
      } else if (this.result.id === 'int8') {
        const x = Number(total.m);
        if (!Number.isSafeInteger(x))
          throw new LarchError(SqlState.numericValueOutOfRange, 'bigint out of range');
        values[g] = x;
      } else {
        values[g] = total;
      }
    }
    return vectorFromScalars(this.result, values);
  }

  /**
   * Sums whose totals all fit 53-bit mantissas, as a vector of them (one Decimal per group would
   * cost more than the sum: sum(l_quantity) over TPC-H's 1.5M orders); null when they do not.
   */
  private flatFinish(count: number): Vector | null {
    const type = this.result;
    if (type.id !== 'int8' && (type.id !== 'numeric' || type.scale !== null)) return null;
    const totals = this.sums.flatTotals(count);
    if (totals === null) return null;
    const validity = unseenAsNull(this.sums.seen, count);
    const base = { type, length: count, validity, data: totals.mantissas };
    return type.id === 'int8' ? { ...base, kind: 'f64' } : { ...base, kind: 'numeric', scale: totals.scale };
  }
}

/**
 * Validity of groups [0, count) that NULLs the groups no value reached (null when every group had
 * one). Its own function, ending at its loop: compiled mid-call (OSR) inside flatFinish, the code
 * after the loop deoptimized on every later call.
 */
function unseenAsNull(seen: Uint8Array, count: number): Uint8Array | null {
  let validity: Uint8Array | null = null;
  for (let g = 0; g < count; g++) {
    if (seen[g]) continue;
    validity ??= newBitmap(count, true);
    clearBit(validity, g);
  }
  return validity;
}

/** Float sums (and averages): plain double accumulation, as PostgreSQL's float8pl. */
class FloatState implements AggregateState {
  private sums = new Float64Array(16);
  private counts = new Float64Array(16);
  constructor(
    private readonly result: DataType,
    private readonly average: boolean,
  ) {}

  resize(count: number): void {
    this.sums = growFloat64(this.sums, count);
    this.counts = growFloat64(this.counts, count);
  }

  update(groups: Int32Array, args: readonly Vector[], n: number): void {
    const v = args[0]!;
    const sums = this.sums;
    const counts = this.counts;
    if (v.kind === 'f64' || v.kind === 'f32') {
      const data = v.data;
      const validity = v.validity;
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        if (g < 0 || (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0)) continue;
        sums[g]! += data[i]!;
        counts[g]!++;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g < 0 || !rowValid(v, i)) continue;
      sums[g]! += getScalar(v, i) as number;
      counts[g]!++;
    }
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = other as FloatState;
    for (let g = 0; g < mapping.length; g++) {
      this.sums[mapping[g]!]! += o.sums[g]!;
      this.counts[mapping[g]!]! += o.counts[g]!;
    }
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['sums', 'counts']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['sums', 'counts']);
  }

  finish(count: number): Vector {
    const values: Scalar[] = new Array<Scalar>(count);
    for (let g = 0; g < count; g++) {
      const c = this.counts[g]!;
      values[g] =
        c === 0
          ? null
          : this.average
            ? this.sums[g]! / c
            : this.result.id === 'float4'
              ? Math.fround(this.sums[g]!)
              : this.sums[g]!;
    }
    return vectorFromScalars(this.result, values);
  }
}

class IntervalState implements AggregateState {
  private sums: (Interval | undefined)[] = [];
  private counts = new Float64Array(16);
  private seen = new Uint8Array(16);
  constructor(private readonly average: boolean) {}

  resize(count: number): void {
    this.counts = growFloat64(this.counts, count);
    this.seen = growUint8(this.seen, count);
  }

  update(groups: Int32Array, args: readonly Vector[], n: number): void {
    const v = args[0]!;
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g < 0 || !rowValid(v, i)) continue;
      const x = getScalar(v, i) as Interval;
      this.sums[g] = this.sums[g] === undefined ? x : intervalAdd(this.sums[g]!, x);
      this.counts[g]!++;
      this.seen[g] = 1;
    }
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = other as IntervalState;
    for (let g = 0; g < mapping.length; g++) {
      const x = o.sums[g];
      if (x === undefined) continue;
      const t = mapping[g]!;
      this.sums[t] = this.sums[t] === undefined ? x : intervalAdd(this.sums[t]!, x);
      this.counts[t]! += o.counts[g]!;
    }
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['sums', 'counts', 'seen']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['sums', 'counts', 'seen']);
  }

  finish(count: number): Vector {
    const values: Scalar[] = [];
    for (let g = 0; g < count; g++) {
      const s = this.sums[g];
      values.push(s === undefined ? null : this.average ? intervalDiv(s, this.counts[g]!) : s);
    }
    return vectorFromScalars(Types.interval, values);
  }
}

const { int2, int4, int8, float4, float8, numeric, interval } = Types;

export const sum: AggregateDefinition = {
  kind: 'aggregate',
  name: 'sum',
  description: 'Sum of the non-NULL values; exact for integers and numerics.',
  example: 'SELECT sum(amount) FROM payments',
  overloads: [
    ...[int2, int4].map((t): AggregateOverload => ({
      args: [t],
      returns: int8,
      create: () => new ExactState(int8, false),
    })),
    { args: [int8], returns: numeric, create: () => new ExactState(numeric, false) },
    { args: [numeric], returns: numeric, create: () => new ExactState(numeric, false) },
    { args: [float4], returns: float4, create: () => new FloatState(float4, false) },
    { args: [float8], returns: float8, create: () => new FloatState(float8, false) },
    { args: [interval], returns: interval, create: () => new IntervalState(false) },
  ],
};

export const avg: AggregateDefinition = {
  kind: 'aggregate',
  name: 'avg',
  description:
    'Average of the non-NULL values: numeric for integers and numerics, double precision for floats.',
  example: 'SELECT avg(price) FROM items',
  overloads: [
    ...[int2, int4, int8, numeric].map((t): AggregateOverload => ({
      args: [t],
      returns: numeric,
      create: () => new ExactState(numeric, true),
    })),
    ...[float4, float8].map((t): AggregateOverload => ({
      args: [t],
      returns: float8,
      create: () => new FloatState(float8, true),
    })),
    { args: [interval], returns: interval, create: () => new IntervalState(true) },
  ],
};
