// LimitExec: OFFSET and LIMIT over all input partitions (stops reading once it has enough).

import { type Batch, sliceBatch } from '../../columnar/batch.js';
import { getScalar } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import type { TaskContext } from '../../execution/task-context.js';
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

export class LimitExec extends ExecNode {
  readonly name = 'Limit';

  constructor(
    private readonly input: ExecNode,
    private readonly limit: Evaluator | null,
    private readonly offset: Evaluator | null,
    private readonly text: string,
  ) {
    super(input.schema, 1, [input]);
  }

  override detail(): string {
    return this.text;
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const limit = evaluateCount(this.limit, ctx, 'LIMIT');
    let skip = evaluateCount(this.offset, ctx, 'OFFSET') ?? 0;
    let remaining = limit ?? Infinity;
    if (remaining === 0) return;
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
      if (b.length >= remaining) {
        yield sliceBatch(b, 0, remaining);
        return;
      }
      remaining -= b.length;
      yield b;
    }
  }
}
