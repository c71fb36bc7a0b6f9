// LimitExec: OFFSET and LIMIT over all input partitions (stops reading once it has enough);
// FETCH FIRST … WITH TIES also keeps the rows that tie with the last one under the sort keys.

import { type Batch, sliceBatch } from '../../columnar/batch.js';
import type { Scalar } from '../../columnar/vector.js';
import { getScalar } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import type { TaskContext } from '../../execution/task-context.js';
import { comparatorFor } from '../../types/compare.js';
import type { DataType } from '../../types/data-type.js';
import { ExecNode } from '../exec-node.js';
import type { Evaluator } from '../expr/compile.js';

const ONE_ROW: Batch = { length: 1, columns: [] };

export function evaluateCount(
  e: Evaluator | null,
  ctx: TaskContext,
  what: 'LIMIT' | 'OFFSET',
): number | null {
  if (e === null) return null;
  const v = getScalar(e(ONE_ROW, ctx), 0);
  if (v === null) return null;
  const n = Number(v);
  if (n < 0) {
    throw new LarchError(
      what === 'LIMIT' ? SqlState.invalidRowCountInLimit : SqlState.invalidRowCountInResultOffset,
      `${what} must not be negative`,
    );
  }
  return n;
}

export interface TieKeys {
  readonly keys: readonly Evaluator[];
  readonly types: readonly DataType[];
}

export class LimitExec extends ExecNode {
  readonly name = 'Limit';

  constructor(
    private readonly input: ExecNode,
    private readonly limit: Evaluator | null,
    private readonly offset: Evaluator | null,
    private readonly text: string,
    private readonly ties: TieKeys | null = null,
  ) {
    super(input.schema, 1, [input]);
  }

  override detail(): string {
    return this.text + (this.ties === null ? '' : ' with ties');
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const limit = evaluateCount(this.limit, ctx, 'LIMIT');
    let skip = evaluateCount(this.offset, ctx, 'OFFSET') ?? 0;
    let remaining = limit ?? Infinity;
    if (remaining === 0) return;
    let last: Scalar[] | null = null;
    for await (const batch of this.input.executeAll(ctx)) {
      let b = batch;
      if (skip > 0) {
        if (b.length <= skip) {
          skip -= b.length;
          continue;
        }
        b = sliceBatch(b, skip, b.length);
        skip = 0;
      }
      if (last !== null) {
        // Past the limit: keep rows equal to the last kept row under the sort keys.
        const tied = this.tiedPrefix(b, last, ctx);
        if (tied > 0) yield sliceBatch(b, 0, tied);
        if (tied < b.length) return;
        continue;
      }
      if (b.length < remaining) {
        remaining -= b.length;
        yield b;
        continue;
      }
      const kept = sliceBatch(b, 0, remaining);
      if (this.ties === null) {
        yield kept;
        return;
      }
      last = this.ties.keys.map((k) => getScalar(k(kept, ctx), kept.length - 1));
      const rest = sliceBatch(b, remaining, b.length);
      const tied = this.tiedPrefix(rest, last, ctx);
      yield sliceBatch(b, 0, remaining + tied);
      if (tied < rest.length) return;
    }
  }

  /** How many leading rows of `b` equal `last` on every tie key. */
  private tiedPrefix(b: Batch, last: readonly Scalar[], ctx: TaskContext): number {
    const ties = this.ties!;
    const keys = ties.keys.map((k) => k(b, ctx));
    const cmps = ties.types.map(comparatorFor);
    for (let i = 0; i < b.length; i++) {
      for (let k = 0; k < keys.length; k++) {
        const x = getScalar(keys[k]!, i);
        const y = last[k]!;
        const equal = x === null || y === null ? x === y : cmps[k]!(x, y) === 0;
        if (!equal) return i;
      }
    }
    return b.length;
  }
}
