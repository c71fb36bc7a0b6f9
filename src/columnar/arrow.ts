// Interop with apache-arrow: results as Arrow tables (typed columns keep their buffers' layout).

import type * as arrow from 'apache-arrow';
import type { DataType } from '../types/data-type.js';
import { arrowTableOf } from './arrow-export.js';
import type { Batch } from './batch.js';

export function toArrowTable(
  columns: readonly { name: string; type: DataType }[],
  batches: readonly Batch[],
): arrow.Table {
  return arrowTableOf(columns, batches);
}
