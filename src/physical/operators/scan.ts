// ScanExec: reads a table source's partitions, applying pushed-down filters.

import type { Batch } from '../../columnar/batch.js';
import { gatherBatch } from '../../columnar/batch.js';
import type { SourcePartition, TableSource } from '../../catalog/table-source.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { Expr } from '../../logical/expr.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';
import { type Evaluator, selectTrue } from '../expr/compile.js';
import { explainExpr } from '../explain-expr.js';

export class ScanExec extends ExecNode {
  readonly name = 'Scan';

  constructor(
    schema: readonly OutputColumn[],
    private readonly source: TableSource,
    private readonly sourcePartitions: readonly SourcePartition[],
    private readonly columns: readonly number[],
    private readonly rowIds: boolean,
    private readonly filters: readonly Expr[],
    private readonly sourceFilters: readonly Expr[],
    private readonly predicates: readonly Evaluator[],
  ) {
    super(schema, sourcePartitions.length, []);
  }

  override detail(): string {
    const parts = [this.source.name];
    if (this.filters.length > 0) parts.push(`filters: ${this.filters.map(explainExpr).join(' AND ')}`);
    return parts.join(' ');
  }

  protected async *run(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const request = {
      columns: this.columns,
      filters: this.sourceFilters,
      rowIds: this.rowIds,
      signal: ctx.signal,
    };
    for await (const batch of this.source.scan(this.sourcePartitions[partition]!, request)) {
      let b = batch;
      for (const p of this.predicates) {
        if (b.length === 0) break;
        const { rows, count } = selectTrue(p(b, ctx), b.length);
        b = gatherBatch(b, rows, count);
      }
      yield b;
    }
  }
}
