// ScanExec: reads a table source's partitions, applying pushed-down filters.

import type { Batch } from '../../columnar/batch.js';
import { gatherBatch } from '../../columnar/batch.js';
import type { SourcePartition, TableSource } from '../../catalog/table-source.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { Expr } from '../../logical/expr.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';
import type { CompiledExpr } from '../expr/compile.js';
import { selectRows } from './filter.js';
import { explainExpr } from '../../logical/explain-expr.js';

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
    private readonly predicates: readonly CompiledExpr[],
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
      if (this.predicates.length === 0) {
        yield batch;
        continue;
      }
      const { rows, count } = selectRows(batch, this.predicates, ctx);
      if (count > 0) yield gatherBatch(batch, rows, count);
    }
  }
}
