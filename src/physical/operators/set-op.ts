// SetOpExec: INTERSECT and EXCEPT, with or without ALL, by counting rows of each side per key.

import { BATCH_SIZE, type Batch, sliceBatch } from '../../columnar/batch.js';
import { gather } from '../../columnar/vector-ops.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';
import { GroupTable } from '../hash/group-table.js';
import { materializeAll } from './materialize.js';

export class SetOpExec extends ExecNode {
  get name(): string {
    return `${this.op === 'intersect' ? 'Intersect' : 'Except'}${this.all ? 'All' : ''}`;
  }

  constructor(
    schema: readonly OutputColumn[],
    left: ExecNode,
    right: ExecNode,
    private readonly op: 'intersect' | 'except',
    private readonly all: boolean,
  ) {
    super(schema, 1, [left, right]);
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const [left, right] = this.children as [ExecNode, ExecNode];
    const l = await materializeAll(left, ctx, this.name);
    const r = await materializeAll(right, ctx, this.name);
    const table = new GroupTable(this.schema.map((c) => c.type));
    const leftIds = table.ids(l.columns, l.length, true);
    const groups = table.size;
    const rightIds = table.ids(r.columns, r.length, false);
    const rightCount = new Float64Array(groups);
    for (let i = 0; i < r.length; i++) if (rightIds[i]! >= 0) rightCount[rightIds[i]!]!++;
    const leftSeen = new Float64Array(groups);
    const rows: number[] = [];
    for (let i = 0; i < l.length; i++) {
      const g = leftIds[i]!;
      const k = ++leftSeen[g]!;
      const inRight = rightCount[g]!;
      let keep: boolean;
      if (this.all) keep = this.op === 'intersect' ? k <= inRight : k > inRight;
      else keep = k === 1 && (this.op === 'intersect' ? inRight > 0 : inRight === 0);
      if (keep) rows.push(i);
    }
    const idx = Int32Array.from(rows);
    const out: Batch = { length: idx.length, columns: l.columns.map((c) => gather(c, idx, idx.length)) };
    for (let start = 0; start < out.length; start += BATCH_SIZE)
      yield sliceBatch(out, start, Math.min(out.length, start + BATCH_SIZE));
  }
}
