// CteScanExec: one read of a WITH query computed once per run of a statement. Whichever scan runs
// first computes the rows; every scan of the query reads those same rows.

import type { Batch } from '../../columnar/batch.js';
import { batchBytes } from '../../execution/memory-budget.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';

/** A WITH query's operators, shared by its scans. */
export class MaterializedCte {
  constructor(
    readonly name: string,
    readonly definition: ExecNode,
  ) {}

  /** The query's rows in this run, computed on the first call. */
  rows(ctx: TaskContext): Promise<Batch[]> {
    let rows = ctx.cteRows.get(this);
    if (rows === undefined) {
      rows = this.compute(ctx);
      ctx.cteRows.set(this, rows);
    }
    return rows;
  }

  private async compute(ctx: TaskContext): Promise<Batch[]> {
    const batches: Batch[] = [];
    for await (const b of this.definition.executeAll(ctx)) {
      ctx.memory.reserve(batchBytes(b), `WITH query "${this.name}"`);
      batches.push(b);
    }
    return batches;
  }
}

export class CteScanExec extends ExecNode {
  readonly name = 'CteScan';

  constructor(
    schema: readonly OutputColumn[],
    private readonly cte: MaterializedCte,
    /** The definition's column for each output column. */
    private readonly positions: readonly number[],
    /** Shows the definition's operators under this scan in EXPLAIN (one scan per query does). */
    showsDefinition: boolean,
  ) {
    super(schema, 1, showsDefinition ? [cte.definition] : []);
  }

  override detail(): string {
    return this.cte.name;
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    for (const b of await this.cte.rows(ctx)) {
      yield { length: b.length, columns: this.positions.map((i) => b.columns[i]!) };
    }
  }
}
