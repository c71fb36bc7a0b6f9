// min and max over every ordered type.

import type { Scalar, Vector } from '../../columnar/vector.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import type { DataType } from '../../types/data-type.js';
import { type Comparator, comparatorFor, compareFloats } from '../../types/compare.js';
import type { AggregateDefinition, AggregateState, StateSnapshot } from '../function.js';
import { growFloat64, growUint8, rowValid, restoreInto, snapshotOf } from './state-helpers.js';

/** Numbers (integers, floats, dates, timestamps): typed arrays per group. */
class NumberExtremeState implements AggregateState {
  private best = new Float64Array(16);
  private seen = new Uint8Array(16);
  constructor(
    private readonly type: DataType,
    private readonly sign: 1 | -1,
    private readonly floats: boolean,
  ) {}

  resize(count: number): void {
    this.best = growFloat64(this.best, count);
    this.seen = growUint8(this.seen, count);
  }

  private offer(g: number, x: number): void {
    if (!this.seen[g]) {
      this.best[g] = x;
      this.seen[g] = 1;
      return;
    }
    const c = this.floats ? compareFloats(x, this.best[g]!) : x - this.best[g]!;
    if (c * this.sign > 0) this.best[g] = x;
  }

  update(groups: Int32Array, args: readonly Vector[], n: number): void {
    const v = args[0]!;
    if (v.kind === 'i16' || v.kind === 'i32' || v.kind === 'f32' || v.kind === 'f64') {
      const data = v.data;
      const validity = v.validity;
      const best = this.best;
      const seen = this.seen;
      const sign = this.sign;
      if (!this.floats) {
        for (let i = 0; i < n; i++) {
          const g = groups[i]!;
          if (g < 0 || (validity !== null && (validity[i >>> 3]! & (1 << (i & 7))) === 0)) continue;
          const x = data[i]!;
          if (!seen[g]) {
            best[g] = x;
            seen[g] = 1;
          } else if ((x - best[g]!) * sign > 0) best[g] = x;
        }
        return;
      }
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        if (g >= 0 && (validity === null || (validity[i >>> 3]! & (1 << (i & 7))) !== 0))
          this.offer(g, data[i]!);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g >= 0 && rowValid(v, i)) this.offer(g, getScalar(v, i) as number);
    }
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = other as NumberExtremeState;
    for (let g = 0; g < mapping.length; g++) if (o.seen[g]) this.offer(mapping[g]!, o.best[g]!);
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['best', 'seen']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['best', 'seen']);
  }

  finish(count: number): Vector {
    const values: Scalar[] = [];
    for (let g = 0; g < count; g++) values.push(this.seen[g] ? this.best[g]! : null);
    return vectorFromScalars(this.type, values);
  }
}

/** Everything else: values kept as scalars and compared with the type's comparator. */
class ValueExtremeState implements AggregateState {
  private best: Scalar[] = [];
  private readonly cmp: Comparator;
  constructor(
    private readonly type: DataType,
    private readonly sign: 1 | -1,
  ) {
    this.cmp = comparatorFor(type);
  }

  resize(): void {}

  private offer(g: number, x: Scalar): void {
    const cur = this.best[g];
    if (cur === undefined || cur === null || this.cmp(x, cur) * this.sign > 0) this.best[g] = x;
  }

  update(groups: Int32Array, args: readonly Vector[], n: number): void {
    const v = args[0]!;
    if (v.kind === 'string') {
      // Compare each dictionary entry's row only when it could win: strings compare cheaply anyway.
      const dict = v.dict;
      const codes = v.codes;
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        if (g >= 0 && rowValid(v, i)) this.offer(g, dict[codes[i]!]!);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g >= 0 && rowValid(v, i)) this.offer(g, getScalar(v, i));
    }
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = other as ValueExtremeState;
    for (let g = 0; g < mapping.length; g++) {
      const x = o.best[g];
      if (x !== undefined && x !== null) this.offer(mapping[g]!, x);
    }
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['best']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['best']);
  }

  finish(count: number): Vector {
    const values: Scalar[] = [];
    for (let g = 0; g < count; g++) values.push(this.best[g] ?? null);
    return vectorFromScalars(this.type, values);
  }
}

function createExtreme(type: DataType, sign: 1 | -1): AggregateState {
  switch (type.id) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'date':
    case 'timestamp':
    case 'timestamptz':
    case 'time':
    case 'oid':
      return new NumberExtremeState(type, sign, false);
    case 'float4':
    case 'float8':
      return new NumberExtremeState(type, sign, true);
    default:
      return new ValueExtremeState(type, sign);
  }
}

function extreme(name: 'min' | 'max'): AggregateDefinition {
  const sign = name === 'max' ? 1 : -1;
  return {
    kind: 'aggregate',
    name,
    description: name === 'max' ? 'Largest non-NULL value.' : 'Smallest non-NULL value.',
    example: `SELECT ${name}(x) FROM t`,
    overloads: [
      { args: ['anyelement'], returns: (args) => args[0]!, create: (args) => createExtreme(args[0]!, sign) },
    ],
  };
}

export const min = extreme('min');
export const max = extreme('max');
