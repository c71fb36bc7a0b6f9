// MatchedOuterRowsExec: the end of an EXISTS / NOT EXISTS run on worker threads with the outer rows
// hashed. The outer rows were computed here and broadcast with their ordinals; each task probed
// them with its partition of the subquery and sent back the ordinals it matched. The outer rows
// some task matched (semi) or none did (anti) are the join's result, in the outer rows' order.

import type { Batch } from '../../columnar/batch.js';
import { gather } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { OutputColumn } from '../../logical/plan.js';
import { ExecNode } from '../exec-node.js';
import type { BroadcastSource } from './broadcast.js';
import type { GatherExec } from './gather.js';

export class MatchedOuterRowsExec extends ExecNode {
  get name(): string {
    return this.semi ? 'MatchedOuterRows[Semi]' : 'MatchedOuterRows[Anti]';
  }

  constructor(
    schema: readonly OutputColumn[],
    private readonly outer: BroadcastSource,
    /** Yields batches whose first column is the ordinals of matched outer rows. */
    private readonly matches: GatherExec,
    private readonly semi: boolean,
  ) {
    super(schema, 1, [matches]);
  }

  override detail(): string {
    return `rows of ${this.outer.name} ${this.semi ? 'some' : 'no'} task matched`;
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    const ordinals: number[] = [];
    for await (const b of this.matches.execute(0, ctx)) {
      const v = b.columns[0]!;
      if (v.kind !== 'f64')
        throw new LarchError(SqlState.internalError, 'internal error: matched ordinals are not float64');
      for (let i = 0; i < b.length; i++) ordinals.push(v.data[i]!);
    }
    const batches = this.outer.batches();
    const total = batches.reduce((n, b) => n + b.length, 0);
    const matched = new Uint8Array(total);
    for (const o of ordinals) matched[o] = 1;
    const want = this.semi ? 1 : 0;
    let start = 0;
    for (const b of batches) {
      const rows = new Int32Array(b.length);
      let count = 0;
      for (let i = 0; i < b.length; i++) if (matched[start + i] === want) rows[count++] = i;
      start += b.length;
      if (count === b.length) yield b;
      else if (count > 0) yield { length: count, columns: b.columns.map((c) => gather(c, rows, count)) };
    }
  }
}
