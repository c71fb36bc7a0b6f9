// ValuesExec and EmptyExec: rows written in the query.

import type { Batch } from '../../columnar/batch.js';
import type { Scalar, Vector } from '../../columnar/vector.js';
import { getScalar, nullVector, vectorFromScalars } from '../../columnar/vector-ops.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';
import type { Evaluator } from '../expr/compile.js';

const ONE_ROW: Batch = { length: 1, columns: [] };

export class ValuesExec extends ExecNode {
  readonly name = 'Values';

  constructor(
    schema: readonly OutputColumn[],
    private readonly rows: readonly (readonly Evaluator[])[],
  ) {
    super(schema, 1, []);
  }

  override detail(): string {
    return `${this.rows.length} rows`;
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const columns: Scalar[][] = this.schema.map(() => []);
    for (const row of this.rows) {
      row.forEach((e, c) => columns[c]!.push(getScalar(e(ONE_ROW, ctx), 0)));
    }
    const vectors: Vector[] = this.schema.map((c, i) => vectorFromScalars(c.type, columns[i]!));
    yield { length: this.rows.length, columns: vectors };
  }
}

export class EmptyExec extends ExecNode {
  readonly name = 'Empty';

  constructor(
    schema: readonly OutputColumn[],
    private readonly rows: 0 | 1,
  ) {
    super(schema, 1, []);
  }

  override detail(): string {
    return this.rows === 1 ? 'one row' : 'no rows';
  }

  protected async *run(): AsyncGenerator<Batch> {
    if (this.rows === 0) return;
    yield { length: 1, columns: this.schema.map((c) => nullVector(c.type, 1)) };
  }
}
