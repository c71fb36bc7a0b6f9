// WindowExec: evaluates window functions. The input is materialized, sorted by each call's
// PARTITION BY and ORDER BY keys, cut into partitions and peer groups, and each call's results are
// written back in input order.

import { BATCH_SIZE, type Batch, sliceBatch } from '../../columnar/batch.js';
import type { Scalar, Vector } from '../../columnar/vector.js';
import { gather, getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { AggregateFunction, WindowFunction, WindowPartition } from '../../functions/function.js';
import type { WindowCall } from '../../logical/expr.js';
import type { OutputColumn } from '../../logical/plan.js';
import type { DataType } from '../../types/data-type.js';
import { timestampPlusInterval } from '../../types/datetime-arithmetic.js';
import { decimalAdd, decimalCompare, decimalSub, type Decimal } from '../../types/decimal.js';
import { type Interval, intervalAdd, intervalCompare, intervalNeg } from '../../types/interval.js';
import { ExecNode } from '../exec-node.js';
import { type Evaluator, truthValues } from '../expr/compile.js';
import { explainExpr, explainSortKey } from '../../logical/explain-expr.js';
import { rowComparator, sortIndexes } from '../sort-keys.js';
import { materializeAll } from './materialize.js';

export interface WindowSpec {
  readonly call: WindowCall;
  readonly args: readonly Evaluator[];
  readonly partitionBy: readonly Evaluator[];
  readonly orderBy: readonly Evaluator[];
  readonly filter: Evaluator | null;
  readonly startOffset: Evaluator | null;
  readonly endOffset: Evaluator | null;
}

const ONE_ROW: Batch = { length: 1, columns: [] };

export class WindowExec extends ExecNode {
  readonly name = 'Window';

  constructor(
    schema: readonly OutputColumn[],
    private readonly input: ExecNode,
    private readonly specs: readonly WindowSpec[],
  ) {
    super(schema, 1, [input]);
  }

  override detail(): string {
    return this.specs
      .map((s) => {
        const over: string[] = [];
        if (s.call.partitionBy.length > 0)
          over.push(`PARTITION BY ${s.call.partitionBy.map(explainExpr).join(', ')}`);
        if (s.call.orderBy.length > 0) over.push(`ORDER BY ${s.call.orderBy.map(explainSortKey).join(', ')}`);
        return `${s.call.fn.name}(${s.call.args.map(explainExpr).join(', ')}) OVER (${over.join(' ')})`;
      })
      .join(', ');
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const input = await materializeAll(this.input, ctx, this.name);
    const n = input.length;
    if (n === 0) return;
    const results = this.specs.map((spec) => this.evaluate(spec, input, ctx));
    const all: Batch = { length: n, columns: [...input.columns, ...results] };
    for (let start = 0; start < n; start += BATCH_SIZE)
      yield sliceBatch(all, start, Math.min(n, start + BATCH_SIZE));
  }

  private evaluate(spec: WindowSpec, input: Batch, ctx: TaskContext): Vector {
    const n = input.length;
    const call = spec.call;
    const partKeys = spec.partitionBy.map((e) => e(input, ctx));
    const orderKeys = spec.orderBy.map((e) => e(input, ctx));
    const specsAll = [...partKeys.map(() => ({ desc: false, nullsFirst: false })), ...call.orderBy];
    const order = sortIndexes([...partKeys, ...orderKeys], specsAll, n);
    // Sorted copies of the keys and arguments.
    const sortedPart = partKeys.map((k) => gather(k, order, n));
    const sortedOrder = orderKeys.map((k) => gather(k, order, n));
    const args = spec.args.map((a) => gather(a(input, ctx), order, n));
    const filter = spec.filter === null ? null : truthValues(gather(spec.filter(input, ctx), order, n), n);
    const samePartition = rowComparator(
      sortedPart,
      sortedPart.map(() => ({ desc: false, nullsFirst: false })),
    );
    const samePeer = rowComparator(sortedOrder, call.orderBy);
    const sortedResult: Scalar[] = new Array<Scalar>(n);
    let start = 0;
    while (start < n) {
      let end = start + 1;
      while (end < n && samePartition(start, end) === 0) end++;
      const len = end - start;
      const peerStart = new Int32Array(len);
      const peerEnd = new Int32Array(len);
      for (let i = 0; i < len; i++) {
        peerStart[i] = i > 0 && samePeer(start + i - 1, start + i) === 0 ? peerStart[i - 1]! : i;
      }
      for (let i = len - 1; i >= 0; i--) {
        peerEnd[i] = i < len - 1 && peerStart[i + 1] === peerStart[i] ? peerEnd[i + 1]! : i + 1;
      }
      const sliceArgs = args.map((a) => sliceVectorRange(a, start, end));
      const { frameStart, frameEnd } = this.frames(spec, sortedOrder, start, len, peerStart, peerEnd, ctx);
      const partition: WindowPartition = {
        length: len,
        args: sliceArgs,
        peerStart,
        peerEnd,
        frameStart,
        frameEnd,
        resultType: call.type,
      };
      const values = call.isAggregate
        ? this.aggregateOverFrames(
            call.fn as AggregateFunction,
            partition,
            filter?.subarray(start, end) ?? null,
            call.frame.exclude,
          )
        : (call.fn as WindowFunction).create().evaluate(partition);
      for (let i = 0; i < len; i++) sortedResult[start + i] = getScalar(values, i);
      start = end;
    }
    const result = new Array<Scalar>(n);
    for (let i = 0; i < n; i++) result[order[i]!] = sortedResult[i]!;
    return vectorFromScalars(call.type, result);
  }

  private frames(
    spec: WindowSpec,
    orderKeys: readonly Vector[],
    offset: number,
    len: number,
    peerStart: Int32Array,
    peerEnd: Int32Array,
    ctx: TaskContext,
  ): { frameStart: Int32Array; frameEnd: Int32Array } {
    const frame = spec.call.frame;
    const frameStart = new Int32Array(len);
    const frameEnd = new Int32Array(len);
    const offsetValue = (e: Evaluator | null): Scalar => {
      const v = e === null ? null : getScalar(e(ONE_ROW, ctx), 0);
      if (e !== null && v === null)
        throw new LarchError(
          SqlState.invalidPrecedingOrFollowingSize,
          'frame starting offset must not be null',
        );
      if (typeof v === 'number' && v < 0)
        throw new LarchError(
          SqlState.invalidPrecedingOrFollowingSize,
          'frame starting offset must not be negative',
        );
      return v;
    };
    const startOffset = offsetValue(spec.startOffset);
    const endOffset = offsetValue(spec.endOffset);
    // Peer group boundaries, for GROUPS frames.
    const groupStarts: number[] = [];
    const groupOf = new Int32Array(len);
    for (let i = 0; i < len; i++) {
      if (peerStart[i] === i) groupStarts.push(i);
      groupOf[i] = groupStarts.length - 1;
    }
    const rangeBound = (i: number, value: Scalar, sign: 1 | -1, isStart: boolean): number => {
      // First row (isStart) or one past the last row (end) whose key is within key(i) ± value.
      const key = orderKeys[0]!;
      const desc = spec.call.orderBy[0]!.desc;
      const base = getScalar(key, offset + i);
      if (base === null) return isStart ? peerStart[i]! : peerEnd[i]!;
      const target = addOffset(key.type, base, value, desc ? -sign : sign);
      const cmp = (row: number) => {
        const x = getScalar(key, offset + row);
        if (x === null) return spec.call.orderBy[0]!.nullsFirst ? -1 : 1;
        const c = compareKey(key.type, x, target);
        return desc ? -c : c;
      };
      let lo = 0;
      let hi = len;
      if (isStart) {
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cmp(mid) < 0) lo = mid + 1;
          else hi = mid;
        }
      } else {
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cmp(mid) <= 0) lo = mid + 1;
          else hi = mid;
        }
      }
      return lo;
    };
    for (let i = 0; i < len; i++) {
      let s: number;
      let e: number;
      switch (frame.start.kind) {
        case 'unbounded_preceding':
          s = 0;
          break;
        case 'current_row':
          s = frame.mode === 'rows' ? i : peerStart[i]!;
          break;
        case 'preceding':
        case 'following': {
          const sign = frame.start.kind === 'preceding' ? -1 : 1;
          if (frame.mode === 'rows') s = i + sign * (startOffset as number);
          else if (frame.mode === 'groups') {
            const g = groupOf[i]! + sign * (startOffset as number);
            s = g < 0 ? 0 : g >= groupStarts.length ? len : groupStarts[g]!;
          } else s = rangeBound(i, startOffset, sign, true);
          break;
        }
        default:
          s = len;
      }
      switch (frame.end.kind) {
        case 'unbounded_following':
          e = len;
          break;
        case 'current_row':
          e = frame.mode === 'rows' ? i + 1 : peerEnd[i]!;
          break;
        case 'preceding':
        case 'following': {
          const sign = frame.end.kind === 'preceding' ? -1 : 1;
          if (frame.mode === 'rows') e = i + sign * (endOffset as number) + 1;
          else if (frame.mode === 'groups') {
            const g = groupOf[i]! + sign * (endOffset as number);
            e =
              g < 0
                ? 0
                : g >= groupStarts.length
                  ? len
                  : g + 1 < groupStarts.length
                    ? groupStarts[g + 1]!
                    : len;
          } else e = rangeBound(i, endOffset, sign, false);
          break;
        }
        default:
          e = 0;
      }
      frameStart[i] = Math.max(0, Math.min(len, s));
      frameEnd[i] = Math.max(frameStart[i]!, Math.min(len, e));
    }
    return { frameStart, frameEnd };
  }

  /** An aggregate over each row's frame: incremental for growing frames, per row otherwise. */
  private aggregateOverFrames(
    fn: AggregateFunction,
    p: WindowPartition,
    filter: Uint8Array | null,
    exclude: string,
  ): Vector {
    const len = p.length;
    const out: Scalar[] = new Array<Scalar>(len);
    const include = (rows: number[]) => (filter === null ? rows : rows.filter((r) => filter[r] === 1));
    const feed = (state: ReturnType<AggregateFunction['create']>, rows: number[]) => {
      const kept = include(rows);
      if (kept.length === 0) return;
      const idx = Int32Array.from(kept);
      state.update(
        new Int32Array(idx.length),
        p.args.map((a) => gather(a, idx, idx.length)),
        idx.length,
      );
    };
    const growing = exclude === 'no_others' && Array.from(p.frameStart).every((s) => s === p.frameStart[0]);
    if (growing) {
      const state = fn.create({ direct: [] });
      state.resize(1);
      let fed = p.frameStart[0] ?? 0;
      let lastEnd = -1;
      let lastValue: Scalar = null;
      for (let i = 0; i < len; i++) {
        const end = p.frameEnd[i]!;
        if (end !== lastEnd) {
          if (end > fed) {
            feed(state, range(fed, end));
            fed = end;
          }
          lastValue =
            end > p.frameStart[i]! || fn.emptyValue !== null ? getScalar(state.finish(1), 0) : fn.emptyValue;
          lastEnd = end;
        }
        out[i] = lastValue;
      }
      return vectorFromScalars(p.resultType, out);
    }
    for (let i = 0; i < len; i++) {
      const state = fn.create({ direct: [] });
      state.resize(1);
      let rows = range(p.frameStart[i]!, p.frameEnd[i]!);
      if (exclude === 'current_row') rows = rows.filter((r) => r !== i);
      else if (exclude === 'group') rows = rows.filter((r) => r < p.peerStart[i]! || r >= p.peerEnd[i]!);
      else if (exclude === 'ties')
        rows = rows.filter((r) => r === i || r < p.peerStart[i]! || r >= p.peerEnd[i]!);
      feed(state, rows);
      out[i] = getScalar(state.finish(1), 0);
    }
    return vectorFromScalars(p.resultType, out);
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function sliceVectorRange(v: Vector, start: number, end: number): Vector {
  const idx = new Int32Array(end - start);
  for (let i = 0; i < idx.length; i++) idx[i] = start + i;
  return gather(v, idx, idx.length);
}

function addOffset(type: DataType, base: Scalar, offset: Scalar, sign: number): Scalar {
  switch (type.id) {
    case 'numeric':
      return sign > 0
        ? decimalAdd(base as Decimal, offset as Decimal)
        : decimalSub(base as Decimal, offset as Decimal);
    case 'interval':
      return intervalAdd(base as Interval, sign > 0 ? (offset as Interval) : intervalNeg(offset as Interval));
    case 'date':
      return (
        timestampPlusInterval(
          (base as number) * 86_400_000_000,
          sign > 0 ? (offset as Interval) : intervalNeg(offset as Interval),
        ) / 86_400_000_000
      );
    case 'time':
      return (base as number) + sign * (offset as Interval).micros;
    case 'timestamp':
    case 'timestamptz':
      return timestampPlusInterval(
        base as number,
        sign > 0 ? (offset as Interval) : intervalNeg(offset as Interval),
      );
    default:
      return (base as number) + sign * (offset as number);
  }
}

function compareKey(type: DataType, a: Scalar, b: Scalar): number {
  switch (type.id) {
    case 'numeric':
      return decimalCompare(a as Decimal, b as Decimal);
    case 'interval':
      return intervalCompare(a as Interval, b as Interval);
    default:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
}
