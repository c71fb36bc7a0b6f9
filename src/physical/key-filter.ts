// A hash join's build keys tested where its probe rows are read: a scan with filters gathers the
// rows that pass them, and rows whose join key the build side cannot hold need not be gathered
// (the join would drop them). It turns itself off when it keeps most of the rows it tests, and it
// runs before the scan's filters once it has ruled out nearly all of them (TPC-H Q19: 485 parts
// leave 0.2 % of lineitem, whose text and numeric filters then test only those rows).

import { gather } from '../columnar/vector-ops.js';
import type { Vector } from '../columnar/vector.js';
import type { GroupTable } from './hash/group-table.js';
import type { Selection } from './expr/fused-filter.js';
import { KeptShare } from './kept-share.js';

/** Rows tested before deciding whether the filter is worth its loop. */
const TRIAL_ROWS = 1 << 16;
/** The build keys are tested first when they keep at most one row in this many, of at least ... */
const LEAD_RATIO = 8;
/** ... this many rows tested. */
const LEAD_TRIAL_ROWS = 1 << 12;

export class KeyFilter {
  private readonly share = new KeptShare();
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
  narrow(key: Vector, rows: Int32Array, count: number): Selection {
    const kept = this.first(gather(key, rows, count), count);
    if (kept === null) return { rows, count };
    for (let i = 0; i < kept.count; i++) kept.rows[i] = rows[kept.rows[i]!]!;
    return kept;
  }

  /** Whether the keys have ruled out nearly every row tested: then they are tested first. */
  get leads(): boolean {
    const { tested, kept } = this.share;
    return this.active && tested >= LEAD_TRIAL_ROWS && kept * LEAD_RATIO <= tested;
  }

  /**
   * The rows of a batch of `n` rows whose key the build side may hold, `key` being its column; null
   * (and the filter off) when the keys have no cheap test.
   */
  first(key: Vector, n: number): Selection | null {
    const rows = new Int32Array(n);
    const count = this.table.knownFirstKeys(key, n, rows, this.share.few);
    if (count < 0) {
      this.active = false;
      return null;
    }
    this.share.add(n, count);
    if (this.share.tested >= TRIAL_ROWS && this.share.rate > 0.5) this.active = false;
    return { rows, count };
  }
}
