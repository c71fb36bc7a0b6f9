// Broadcast: a join's build side computed once on the calling thread and sent to every worker that
// probes it, instead of each worker computing it again from the plan.

import type { Batch } from '../../columnar/batch.js';
import { compactDictionaries } from '../../columnar/vector-ops.js';
import { MemoryTableSource, TableData } from '../../catalog/table-data.js';
import type { ScanRequest, SourceColumn, SourcePartition, TableSource } from '../../catalog/table-source.js';
import { batchBytes } from '../../execution/memory-budget.js';
import type { TaskContext } from '../../execution/task-context.js';
import type { WireSource } from '../../execution/wire-sources.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { ExecNode } from '../exec-node.js';

const WHOLE: SourcePartition = { label: 'all rows' };

/** The rows of a build side once computed; a scan over them stands in for it in worker fragments. */
export class BroadcastSource implements TableSource {
  readonly name: string;
  private rows: MemoryTableSource | null = null;

  constructor(
    id: number,
    readonly columns: readonly SourceColumn[],
    private readonly estimate: number,
  ) {
    this.name = `broadcast ${id}`;
  }

  private filled(): MemoryTableSource {
    if (this.rows === null)
      throw new LarchError(
        SqlState.internalError,
        `internal error: ${this.name} was read before it was computed`,
      );
    return this.rows;
  }

  private filledBatches: readonly Batch[] = [];

  /** The rows computed, in order (a row's ordinal is its position here). */
  batches(): readonly Batch[] {
    this.filled();
    return this.filledBatches;
  }

  fill(batches: readonly Batch[]): void {
    this.filledBatches = batches;
    // Sent as a few row groups in shared memory, not as the build side's many small batches: each
    // task receives, scans and hashes them in full-size batches.
    // Planned here without distinct-value estimates (this source has none): the workers plan
    // their fragments from the same estimates, instead of sampling the rows in every task.
    // Text columns keep only the strings they hold: a few rows of a large table's column would
    // otherwise carry (and encode for the workers, each run) its whole dictionary.
    const data = TableData.empty(this.columns.map((c) => c.type)).appendAll(compactDictionaries(batches));
    this.rows = new MemoryTableSource(this.name, this.columns, data, new Set(), data.rowCount, false);
  }

  estimatedRows(): number {
    return this.rows?.estimatedRows() ?? this.estimate;
  }

  partitions(): readonly SourcePartition[] {
    return [WHOLE];
  }

  scan(_partition: SourcePartition, request: ScanRequest): AsyncIterable<Batch> {
    const rows = this.filled();
    return rows.scan(rows.partitions(1)[0]!, request);
  }

  toWire(): WireSource {
    return this.filled().toWire();
  }
}

/** Computes a build side for a broadcast (shown by EXPLAIN under the Gather that sends it). */
export class BroadcastExec extends ExecNode {
  readonly name = 'Broadcast';

  constructor(
    readonly source: BroadcastSource,
    input: ExecNode,
  ) {
    super(input.schema, 1, [input]);
  }

  override detail(): string {
    return `${this.source.name} to worker threads`;
  }

  /** Runs the build side and keeps its rows in the source. */
  async compute(ctx: TaskContext): Promise<void> {
    const batches: Batch[] = [];
    for await (const b of this.execute(0, ctx)) {
      ctx.memory.reserve(batchBytes(b), this.name);
      batches.push(b);
    }
    this.source.fill(batches);
  }

  protected async *run(_partition: number, ctx: TaskContext): AsyncGenerator<Batch> {
    yield* this.children[0]!.executeAll(ctx);
  }
}
