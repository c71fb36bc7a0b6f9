// A hash join's build keys tested where its probe rows are read: a scan with filters gathers the
// rows that pass them, and rows whose join key the build side cannot hold need not be gathered
// (the join would drop them). It turns itself off when it keeps most of the rows it tests.

import { gather } from '../columnar/vector-ops.js';
import type { Vector } from '../columnar/vector.js';
import type { GroupTable } from './hash/group-table.js';

/** Rows tested before deciding whether the filter is worth its loop. */
const TRIAL_ROWS = 1 << 16;

export class KeyFilter {
  private tested = 0;
  private kept = 0;
  active = true;

  constructor(
    /** Position of the key among the scan's output columns. */
    readonly column: number,
    private readonly table: GroupTable,
  ) {}

  /**
   * Narrows the selection `rows[0, count)` of `key`'s batch to the rows whose key the build side
   * may hold (never NULL keys).
   */
  narrow(key: Vector, rows: Int32Array, count: number): { rows: Int32Array; count: number } {
    const values = gather(key, rows, count);
    const kept = new Int32Array(count);
    const k = this.table.knownFirstKeys(values, count, kept);
    if (k < 0) {
      this.active = false;
      return { rows, count };
    }
    this.tested += count;
    this.kept += k;
    if (this.tested >= TRIAL_ROWS && this.kept * 2 > this.tested) this.active = false;
    for (let i = 0; i < k; i++) kept[i] = rows[kept[i]!]!;
    return { rows: kept, count: k };
  }
}
