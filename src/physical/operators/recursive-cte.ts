// RecursiveCteExec and WorkTableScanExec: WITH RECURSIVE, iterating the recursive term over the
// rows the previous iteration produced until it produces none.

import { type Batch, gatherBatch } from '../../columnar/batch.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';
import { GroupTable } from '../hash/group-table.js';

const MAX_ITERATIONS = 1_000_000;

export class RecursiveCteExec extends ExecNode {
  readonly name = 'RecursiveCTE';

  constructor(
    schema: readonly OutputColumn[],
    private readonly anchor: ExecNode,
    private readonly recursive: ExecNode,
    private readonly workTableId: number,
    private readonly distinct: boolean,
    private readonly cteName: string,
  ) {
    super(schema, 1, [anchor, recursive]);
  }

  override detail(): string {
    return `${this.cteName}${this.distinct ? ' (UNION)' : ' (UNION ALL)'}`;
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const seen = this.distinct ? new GroupTable(this.schema.map((c) => c.type)) : null;
    // Keeps only rows not produced before (UNION), renaming nothing: positions match the schema.
    const fresh = (b: Batch): Batch => {
      if (seen === null) return b;
      const before = seen.size;
      const ids = seen.ids(b.columns, b.length, true);
      const rows = new Int32Array(b.length);
      let count = 0;
      let next = before;
      for (let i = 0; i < b.length; i++) {
        if (ids[i] === next) {
          rows[count++] = i;
          next++;
        }
      }
      return gatherBatch(b, rows, count);
    };
    let work: Batch[] = [];
    for await (const b of this.anchor.executeAll(ctx)) {
      const f = fresh(b);
      if (f.length > 0) {
        work.push(f);
        yield f;
      }
    }
    for (let iteration = 0; work.length > 0; iteration++) {
      if (iteration > MAX_ITERATIONS) {
        throw new LarchError(
          SqlState.programLimitExceeded,
          `recursive query "${this.cteName}" exceeded ${MAX_ITERATIONS} iterations`,
        );
      }
      ctx.workTables.set(this.workTableId, work);
      const next: Batch[] = [];
      for await (const b of this.recursive.executeAll(ctx)) {
        const f = fresh(b);
        if (f.length > 0) {
          next.push(f);
          yield f;
        }
      }
      work = next;
    }
  }
}

export class WorkTableScanExec extends ExecNode {
  readonly name = 'WorkTableScan';

  constructor(
    schema: readonly OutputColumn[],
    private readonly workTableId: number,
    private readonly cteName: string,
  ) {
    super(schema, 1, []);
  }

  override detail(): string {
    return this.cteName;
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    for (const b of ctx.workTables.get(this.workTableId) ?? []) yield b;
  }
}
