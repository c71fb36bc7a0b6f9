// TableFunctionExec: generate_series, unnest and other set-returning functions in FROM.

import type { Batch } from '../../columnar/batch.js';
import { getScalar } from '../../columnar/vector-ops.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { TableFunction } from '../../functions/function.js';
import type { OutputColumn } from '../../logical/plan.js';
import { Types } from '../../types/data-type.js';
import { ExecNode } from '../exec-node.js';
import type { Evaluator } from '../expr/compile.js';

const ONE_ROW: Batch = { length: 1, columns: [] };

export class TableFunctionExec extends ExecNode {
  readonly name = 'TableFunction';

  constructor(
    schema: readonly OutputColumn[],
    private readonly fn: TableFunction,
    private readonly args: readonly Evaluator[],
    private readonly ordinality: boolean,
  ) {
    super(schema, 1, []);
  }

  override detail(): string {
    return this.fn.name;
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const values = this.args.map((a) => getScalar(a(ONE_ROW, ctx), 0));
    let ordinal = 1;
    for await (const b of this.fn.execute(values, ctx.evalContext, ctx.signal)) {
      if (!this.ordinality) {
        yield b;
        continue;
      }
      const data = new Float64Array(b.length);
      for (let i = 0; i < b.length; i++) data[i] = ordinal++;
      yield {
        length: b.length,
        columns: [...b.columns, { kind: 'f64', type: Types.int8, length: b.length, validity: null, data }],
      };
    }
  }
}
