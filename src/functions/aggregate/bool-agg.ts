// bool_and, bool_or and every.

import type { Scalar, Vector } from '../../columnar/vector.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import { Types } from '../../types/data-type.js';
import type { AggregateDefinition, AggregateState, StateSnapshot } from '../function.js';
import { growUint8, rowValid, restoreInto, snapshotOf } from './state-helpers.js';

class BoolState implements AggregateState {
  private value = new Uint8Array(16);
  private seen = new Uint8Array(16);
  constructor(private readonly and: boolean) {}

  resize(count: number): void {
    this.value = growUint8(this.value, count);
    this.seen = growUint8(this.seen, count);
  }

  private offer(g: number, x: boolean): void {
    if (!this.seen[g]) {
      this.seen[g] = 1;
      this.value[g] = x ? 1 : 0;
    } else if (this.and) this.value[g] = this.value[g]! & (x ? 1 : 0);
    else this.value[g] = this.value[g]! | (x ? 1 : 0);
  }

  update(groups: Int32Array, args: readonly Vector[], n: number): void {
    const v = args[0]!;
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g >= 0 && rowValid(v, i)) this.offer(g, getScalar(v, i) as boolean);
    }
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = other as BoolState;
    for (let g = 0; g < mapping.length; g++) if (o.seen[g]) this.offer(mapping[g]!, o.value[g] === 1);
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['value', 'seen']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['value', 'seen']);
  }

  finish(count: number): Vector {
    const values: Scalar[] = [];
    for (let g = 0; g < count; g++) values.push(this.seen[g] ? this.value[g] === 1 : null);
    return vectorFromScalars(Types.bool, values);
  }
}

export const boolAnd: AggregateDefinition = {
  kind: 'aggregate',
  name: 'bool_and',
  aliases: ['every'],
  description: 'True when every non-NULL input is true.',
  overloads: [{ args: [Types.bool], returns: Types.bool, create: () => new BoolState(true) }],
};

export const boolOr: AggregateDefinition = {
  kind: 'aggregate',
  name: 'bool_or',
  description: 'True when any non-NULL input is true.',
  overloads: [{ args: [Types.bool], returns: Types.bool, create: () => new BoolState(false) }],
};
