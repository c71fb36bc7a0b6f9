// Aggregates that keep every value of a group: string_agg, array_agg, percentile_cont,
// percentile_disc and mode. Input arrives in ORDER BY order when the call has one.

import type { Scalar, Vector } from '../../columnar/vector.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, listType, Types } from '../../types/data-type.js';
import { comparatorFor } from '../../types/compare.js';
import { type Interval, intervalAdd, intervalMul, intervalSub } from '../../types/interval.js';
import type {
  AggregateDefinition,
  AggregateOptions,
  AggregateOverload,
  AggregateState,
  StateSnapshot,
} from '../function.js';
import { rowValid, restoreInto, snapshotOf } from './state-helpers.js';

/** Keeps, per group, the rows' argument values in arrival order. */
abstract class CollectState implements AggregateState {
  protected values: Scalar[][][] = [];

  resize(): void {}

  update(groups: Int32Array, args: readonly Vector[], n: number): void {
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      if (g < 0 || !this.accepts(args, i)) continue;
      (this.values[g] ??= []).push(args.map((a) => getScalar(a, i)));
    }
  }

  /** Whether row i contributes (most collecting aggregates skip a NULL first argument). */
  protected accepts(args: readonly Vector[], i: number): boolean {
    return rowValid(args[0]!, i);
  }

  merge(other: AggregateState, mapping: Int32Array): void {
    const o = other as CollectState;
    for (let g = 0; g < mapping.length; g++) {
      const rows = o.values[g];
      if (rows !== undefined) (this.values[mapping[g]!] ??= []).push(...rows);
    }
  }

  snapshot(): StateSnapshot {
    return snapshotOf(this, ['values']);
  }

  restore(data: StateSnapshot): void {
    restoreInto(this, data, ['values']);
  }

  abstract finish(count: number): Vector;
}

class StringAggState extends CollectState {
  finish(count: number): Vector {
    const out: Scalar[] = [];
    for (let g = 0; g < count; g++) {
      const rows = this.values[g];
      if (rows === undefined || rows.length === 0) {
        out.push(null);
        continue;
      }
      let s = rows[0]![0] as string;
      for (let i = 1; i < rows.length; i++)
        s += ((rows[i]![1] as string | null) ?? '') + (rows[i]![0] as string);
      out.push(s);
    }
    return vectorFromScalars(Types.text, out);
  }
}

class ArrayAggState extends CollectState {
  constructor(private readonly type: DataType) {
    super();
  }
  protected override accepts(): boolean {
    return true;
  }
  finish(count: number): Vector {
    const out: Scalar[] = [];
    for (let g = 0; g < count; g++) {
      const rows = this.values[g];
      out.push(rows === undefined ? null : rows.map((r) => r[0]!));
    }
    return vectorFromScalars(this.type, out);
  }
}

/** A percentile fraction as a number; NaN for NULL (the percentile is then NULL). */
function checkedFraction(f: Scalar | undefined): number {
  if (f === null || f === undefined) return NaN;
  const x = typeof f === 'number' ? f : Number((f as { toString(): string }).toString());
  if (!(x >= 0 && x <= 1)) {
    throw new LarchError(SqlState.numericValueOutOfRange, `percentile value ${x} is not between 0 and 1`);
  }
  return x;
}

class PercentileState extends CollectState {
  /** One fraction, or with `many` the elements of the fractions array (one result per element). */
  private readonly fractions: readonly number[] | null;
  /** The aggregated values' type (the result's element type with `many`). */
  private readonly valueType: DataType;
  constructor(
    private readonly type: DataType,
    private readonly continuous: boolean,
    options: AggregateOptions,
    private readonly many = false,
  ) {
    super();
    this.valueType = many ? (type as { element: DataType }).element : type;
    const f = options.direct[0];
    this.fractions = !many
      ? [checkedFraction(f)]
      : f === null || f === undefined
        ? null
        : (f as readonly Scalar[]).map(checkedFraction);
  }

  finish(count: number): Vector {
    const out: Scalar[] = [];
    const cmp = comparatorFor(this.valueType);
    for (let g = 0; g < count; g++) {
      const rows = this.values[g];
      if (rows === undefined || rows.length === 0 || this.fractions === null) {
        out.push(null);
        continue;
      }
      const sorted = rows.map((r) => r[0]!).sort(cmp);
      const results = this.fractions.map((f) => (Number.isNaN(f) ? null : this.percentile(sorted, f)));
      out.push(this.many ? results : results[0]!);
    }
    return vectorFromScalars(this.type, out);
  }

  private percentile(sorted: readonly Scalar[], fraction: number): Scalar {
    const n = sorted.length;
    if (!this.continuous) {
      // percentile_disc: the first value whose position reaches the fraction.
      return sorted[Math.max(0, Math.ceil(fraction * n) - 1)]!;
    }
    const pos = fraction * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const t = pos - lo;
    if (this.valueType.id === 'interval') {
      const a = sorted[lo] as Interval;
      const b = sorted[hi] as Interval;
      return lo === hi ? a : intervalAdd(a, intervalMul(intervalSub(b, a), t));
    }
    const a = sorted[lo] as number;
    const b = sorted[hi] as number;
    return lo === hi ? a : a + (b - a) * t;
  }
}

class ModeState extends CollectState {
  constructor(private readonly type: DataType) {
    super();
  }
  finish(count: number): Vector {
    const out: Scalar[] = [];
    const cmp = comparatorFor(this.type);
    for (let g = 0; g < count; g++) {
      const rows = this.values[g];
      if (rows === undefined || rows.length === 0) {
        out.push(null);
        continue;
      }
      // Input is sorted (WITHIN GROUP ORDER BY): the longest run wins, the first on ties.
      const sorted = rows.map((r) => r[0]!);
      let best = sorted[0]!;
      let bestRun = 0;
      let run = 0;
      for (let i = 0; i < sorted.length; i++) {
        run = i > 0 && cmp(sorted[i]!, sorted[i - 1]!) === 0 ? run + 1 : 1;
        if (run > bestRun) {
          bestRun = run;
          best = sorted[i]!;
        }
      }
      out.push(best);
    }
    return vectorFromScalars(this.type, out);
  }
}

export const stringAgg: AggregateDefinition = {
  kind: 'aggregate',
  name: 'string_agg',
  description: 'Concatenates the non-NULL values, separated by the delimiter.',
  example: "SELECT string_agg(name, ', ' ORDER BY name) FROM t",
  overloads: [
    {
      args: [Types.text, Types.text],
      returns: Types.text,
      create: () => new StringAggState(),
      ordered: true,
    },
  ],
};

export const arrayAgg: AggregateDefinition = {
  kind: 'aggregate',
  name: 'array_agg',
  keepsNulls: true,
  description: 'Collects the values (NULLs included) into an array.',
  example: 'SELECT array_agg(x ORDER BY x) FROM t',
  overloads: [
    {
      args: ['anyelement'],
      returns: (args) => listType(args[0]!),
      create: (_, result) => new ArrayAggState(result),
      ordered: true,
    },
  ],
};

export const percentileCont: AggregateDefinition = {
  kind: 'aggregate',
  name: 'percentile_cont',
  orderedSet: true,
  description: 'Continuous percentile: interpolates between the nearest values.',
  example: 'SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM t',
  overloads: [
    {
      args: [Types.float8, Types.float8],
      returns: Types.float8,
      create: (_, r, o) => new PercentileState(r, true, o),
      ordered: true,
    },
    {
      args: [Types.float8, Types.interval],
      returns: Types.interval,
      create: (_, r, o) => new PercentileState(r, true, o),
      ordered: true,
    },
    ...[Types.float8, Types.interval].map((t): AggregateOverload => ({
      args: [listType(Types.float8), t],
      returns: listType(t),
      create: (_, r, o) => new PercentileState(r, true, o, true),
      ordered: true,
    })),
  ],
};

export const percentileDisc: AggregateDefinition = {
  kind: 'aggregate',
  name: 'percentile_disc',
  orderedSet: true,
  description: 'Discrete percentile: the first value at or above the fraction.',
  example: 'SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY x) FROM t',
  overloads: [
    {
      args: [Types.float8, 'anyelement'],
      returns: (a) => a[1]!,
      create: (_, r, o) => new PercentileState(r, false, o),
      ordered: true,
    },
    {
      args: [listType(Types.float8), 'anyelement'],
      returns: (a) => listType(a[1]!),
      create: (_, r, o) => new PercentileState(r, false, o, true),
      ordered: true,
    },
  ],
};

export const mode: AggregateDefinition = {
  kind: 'aggregate',
  name: 'mode',
  orderedSet: true,
  description: 'The most frequent value.',
  example: 'SELECT mode() WITHIN GROUP (ORDER BY x) FROM t',
  overloads: [
    { args: ['anyelement'], returns: (a) => a[0]!, create: (_, r) => new ModeState(r), ordered: true },
  ],
};
