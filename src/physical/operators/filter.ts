// FilterExec: keeps the rows where every conjunct is true. Conjuncts run one after another on the
// rows still selected (gathering only the columns each one reads); the output columns are gathered
// once at the end.

import { type Batch, gatherBatch } from '../../columnar/batch.js';
import { gather, nullVector } from '../../columnar/vector-ops.js';
import type { Vector } from '../../columnar/vector.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { Expr } from '../../logical/expr.js';
import { explainExpr } from '../../logical/explain-expr.js';
import { ExecNode } from '../exec-node.js';
import { type CompiledExpr, compile, type Layout, selectTrue } from '../expr/compile.js';
import { type FusedFilter, fuseConjuncts, type Selection } from '../expr/fused-filter.js';

/** A conjunction of predicates compiled for selecting rows: the fused part first, then the rest. */
export interface RowFilter {
  readonly predicates: readonly CompiledExpr[];
  readonly fused: { readonly filter: FusedFilter; readonly rest: readonly CompiledExpr[] } | null;
}

export function rowFilter(conjuncts: readonly Expr[], layout: Layout): RowFilter {
  const predicates = conjuncts.map((c) => compile(c, layout));
  const fused = fuseConjuncts(conjuncts, layout);
  return {
    predicates,
    fused: fused === null ? null : { filter: fused.filter, rest: fused.rest.map((i) => predicates[i]!) },
  };
}

/** Rows of `batch` (as indexes), or of `selection` in it, where every predicate holds. */
export function selectRows(
  batch: Batch,
  filter: RowFilter,
  ctx: TaskContext,
  selection: Selection | null = null,
): Selection {
  const fused = filter.fused?.filter(batch, selection) ?? null;
  if (fused === null)
    return selectFrom(
      batch,
      filter.predicates,
      selection?.rows ?? null,
      selection?.count ?? batch.length,
      ctx,
    );
  return selectFrom(batch, filter.fused!.rest, fused.rows, fused.count, ctx);
}

/** Rows where every predicate holds among `rows[0..count)` (null: all rows). */
function selectFrom(
  batch: Batch,
  predicates: readonly CompiledExpr[],
  selected: Int32Array | null,
  selectedCount: number,
  ctx: TaskContext,
): { rows: Int32Array; count: number } {
  let rows = selected;
  let count = selectedCount;
  for (const p of predicates) {
    if (count === 0) break;
    let input = batch;
    if (rows !== null) {
      // Only the columns this conjunct reads are gathered for it.
      const columns: Vector[] = batch.columns.map((c, i) =>
        p.columns.includes(i) ? gather(c, rows!, count) : nullVector(c.type, count),
      );
      input = { length: count, columns };
    }
    const chosen = selectTrue(p.evaluate(input, ctx), count);
    if (rows === null) rows = chosen.rows;
    else {
      const composed = new Int32Array(chosen.count);
      for (let i = 0; i < chosen.count; i++) composed[i] = rows[chosen.rows[i]!]!;
      rows = composed;
    }
    count = chosen.count;
  }
  if (rows === null) {
    rows = new Int32Array(count);
    for (let i = 0; i < count; i++) rows[i] = i;
  }
  return { rows, count };
}

export class FilterExec extends ExecNode {
  readonly name = 'Filter';

  constructor(
    private readonly input: ExecNode,
    private readonly filter: RowFilter,
    private readonly exprs: readonly Expr[],
  ) {
    super(input.schema, input.partitions, [input]);
  }

  override detail(): string {
    return this.exprs.map(explainExpr).join(' AND ');
  }

  protected async *run(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    for await (const batch of this.input.execute(partition, ctx)) {
      const { rows, count } = selectRows(batch, this.filter, ctx);
      if (count > 0) yield gatherBatch(batch, rows, count);
    }
  }
}
