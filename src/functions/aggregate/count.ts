// count(*) and count(x).

import type { Vector } from '../../columnar/vector.js';
import { Types } from '../../types/data-type.js';
import type { AggregateDefinition, AggregateState, StateSnapshot } from '../function.js';
import { growFloat64, rowValid, restoreInto, snapshotOf } from './state-helpers.js';

class CountState implements AggregateState {
  private counts = new Float64Array(16);
  constructor(private readonly star: boolean) {}

  /** Groups so far; with one (a global count), rows are counted in a local instead of in memory. */
  private groups = 0;

  resize(count: number): void {
    this.counts = growFloat64(this.counts, count);
    this.groups = count;
  }

  update(groups: Int32Array, args: readonly Vector[], n: number): void {
    const counts = this.counts;
    const arg = args[0];
    if (
      this.groups === 1 &&
      (this.star || arg === undefined || (arg.kind !== 'const' && arg.validity === null))
    ) {
      let rows = 0;
      for (let i = 0; i < n; i++) rows += groups[i]! >= 0 ? 1 : 0;
      counts[0]! += rows;
      return;
    }
    if (this.star || arg === undefined) {
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        if (g >= 0) counts[g]!++;
      }
      return;
    }
    if (arg.kind !== 'const' && arg.validity === null) {
      for (let i = 0; i < n; i++) {
        const g = groups[i]!;
        if (g >= 0) counts[g]!++;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g >= 0 && rowValid(arg, i)) counts[g]!++;
    }
  }

  updateAll(args: readonly Vector[], n: number): void {
    const arg = args[0];
    if (this.star || arg === undefined || (arg.kind !== 'const' && arg.validity === null))
      this.counts[0]! += n;
    else for (let i = 0; i < n; i++) this.counts[0]! += rowValid(arg, i) ? 1 : 0;
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = (other as CountState).counts;
    for (let g = 0; g < mapping.length; g++) this.counts[mapping[g]!]! += o[g]!;
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['counts']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['counts']);
  }

  finish(count: number): Vector {
    return {
      kind: 'f64',
      type: Types.int8,
      length: count,
      validity: null,
      data: this.counts.slice(0, count),
    };
  }
}

export const count: AggregateDefinition = {
  kind: 'aggregate',
  name: 'count',
  description: 'Number of rows, or of non-NULL values of the argument.',
  example: 'SELECT count(*), count(DISTINCT x) FROM t',
  overloads: [
    { args: [], returns: Types.int8, create: () => new CountState(true) },
    { args: ['any'], returns: Types.int8, create: () => new CountState(false) },
  ],
};
