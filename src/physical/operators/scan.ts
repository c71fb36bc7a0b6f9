// ScanExec: reads a table source's partitions, applying pushed-down filters.

import type { Batch } from '../../columnar/batch.js';
import { gatherBatch } from '../../columnar/batch.js';
import type { SourcePartition, TableSource } from '../../catalog/table-source.js';
import type { Scalar } from '../../columnar/vector.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { Expr } from '../../logical/expr.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';
import { type RowFilter, selectRows } from './filter.js';
import { explainExpr } from '../../logical/explain-expr.js';

/** Key types whose values compare equal exactly when they are the same JS number or string. */
const LOOKUP_TYPES = new Set(['int2', 'int4', 'int8', 'text', 'varchar', 'date']);

/**
 * A filter `column = constant` (or `= $n`) over an indexed column of the source, as the column's
 * position and the value (source filters name columns by position); undefined when there is none.
 */
export function indexedEquality(
  filters: readonly Expr[],
  source: TableSource,
  ctx?: TaskContext,
): { column: number; value: Scalar } | undefined {
  const indexed = source.indexedColumns;
  if (indexed === undefined || indexed.size === 0) return undefined;
  for (const f of filters) {
    if (f.kind !== 'call' || f.fn.name !== '=' || f.args.length !== 2) continue;
    for (const [a, b] of [f.args, [...f.args].reverse()] as const) {
      if (a!.kind !== 'column' || !indexed.has(a!.id) || !LOOKUP_TYPES.has(a!.type.id)) continue;
      if (b!.type.id !== a!.type.id) continue;
      if (b!.kind === 'literal') return { column: a!.id, value: b!.value };
      if (b!.kind === 'param') return { column: a!.id, value: ctx?.params[b!.index - 1] ?? null };
    }
  }
  return undefined;
}

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
    private readonly filter: RowFilter,
    /** Positions of the output columns among those read, when some are read only for filters. */
    private readonly keep: readonly number[] | null = null,
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
      equal: indexedEquality(this.sourceFilters, this.source, ctx),
    };
    // A join above set its build keys (key-filter.ts) before reading from this scan. They are worth
    // testing here only when rows are gathered anyway.
    const keys = ctx.keyFilters.get(this);
    for await (const batch of this.source.scan(this.sourcePartitions[partition]!, request)) {
      const output =
        this.keep === null
          ? batch
          : { length: batch.length, columns: this.keep.map((i) => batch.columns[i]!) };
      if (this.filter.predicates.length === 0) {
        yield output;
        continue;
      }
      const first = keys?.leads === true ? keys.first(output.columns[keys.column]!, batch.length) : null;
      if (first?.count === 0) continue;
      let { rows, count } = selectRows(batch, this.filter, ctx, first);
      if (first === null && keys?.active === true && count > 0)
        ({ rows, count } = keys.narrow(output.columns[keys.column]!, rows, count));
      if (count > 0) yield gatherBatch(output, rows, count);
    }
  }
}
