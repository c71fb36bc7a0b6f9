// LateralFunctionExec: a table function whose arguments read the left input's columns
// (FROM t, LATERAL generate_series(1, t.n)), evaluated once per left row.

import { BATCH_SIZE, type Batch } from '../../columnar/batch.js';
import type { Scalar, Vector } from '../../columnar/vector.js';
import { gather, getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { TableFunction } from '../../functions/function.js';
import type { OutputColumn } from '../../logical/plan.js';
import { Types } from '../../types/data-type.js';
import { ExecNode } from '../exec-node.js';
import { type Evaluator, truthValues } from '../expr/compile.js';

export class LateralFunctionExec extends ExecNode {
  readonly name = 'LateralFunction';

  constructor(
    schema: readonly OutputColumn[],
    private readonly input: ExecNode,
    private readonly fn: TableFunction,
    private readonly args: readonly Evaluator[],
    private readonly ordinality: boolean,
    /** Keep left rows whose call returns nothing (LEFT JOIN LATERAL … ON true). */
    private readonly outer: boolean,
    /** ON condition over (left columns, function columns). */
    private readonly condition: Evaluator | null,
  ) {
    super(schema, input.partitions, [input]);
  }

  override detail(): string {
    return this.fn.name;
  }

  protected async *run(partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const width = this.fn.columns.length + (this.ordinality ? 1 : 0);
    const types = [...this.fn.columns.map((c) => c.type), ...(this.ordinality ? [Types.int8] : [])];
    for await (const batch of this.input.execute(partition, ctx)) {
      const argValues = this.args.map((a) => a(batch, ctx));
      let leftRows: number[] = [];
      let produced: Scalar[][] = types.map(() => []);
      const flush = (): Batch | null => {
        if (leftRows.length === 0) return null;
        const idx = Int32Array.from(leftRows);
        const out: Batch = {
          length: idx.length,
          columns: [
            ...batch.columns.map((c) => gather(c, idx, idx.length)),
            ...types.map((t, k) => vectorFromScalars(t, produced[k]!)),
          ],
        };
        leftRows = [];
        produced = types.map(() => []);
        return out;
      };
      const pending: Batch[] = [];
      for (let i = 0; i < batch.length; i++) {
        const values = argValues.map((v) => getScalar(v, i));
        const rows: Scalar[][] = [];
        let ordinal = 1;
        for await (const b of this.fn.execute(values, ctx.evalContext, ctx.signal)) {
          for (let r = 0; r < b.length; r++) {
            const row = b.columns.map((c: Vector) => getScalar(c, r));
            if (this.ordinality) row.push(ordinal++);
            rows.push(row);
          }
        }
        let kept = rows;
        if (this.condition !== null && rows.length > 0) {
          const cols = types.map((t, k) =>
            vectorFromScalars(
              t,
              rows.map((r) => r[k]!),
            ),
          );
          const leftCols = batch.columns.map((c) =>
            gather(c, new Int32Array(rows.length).fill(i), rows.length),
          );
          const truth = truthValues(
            this.condition({ length: rows.length, columns: [...leftCols, ...cols] }, ctx),
            rows.length,
          );
          kept = rows.filter((_, r) => truth[r] === 1);
        }
        if (kept.length === 0 && this.outer) kept = [new Array<Scalar>(width).fill(null)];
        for (const row of kept) {
          leftRows.push(i);
          row.forEach((v, k) => produced[k]!.push(v));
        }
        if (leftRows.length >= BATCH_SIZE) pending.push(flush()!);
        if (pending.length > 0) yield* pending.splice(0);
      }
      const last = flush();
      if (last !== null) yield last;
    }
  }
}
