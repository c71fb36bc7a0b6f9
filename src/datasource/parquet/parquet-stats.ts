// A row group's column statistics in the comparable domain of min-max-pruning: numbers and
// strings whose JS order is the SQL order.

import type { RowGroup, Statistics } from 'hyparquet';
import type { DataType } from '../../types/data-type.js';
import type { ColumnStats, StatsLookup } from '../min-max-pruning.js';
import type { ParquetColumn } from './parquet-schema.js';

/** Relative slack for decimal statistics, which hyparquet scales with a rounding multiplication. */
const DECIMAL_SLACK = 1e-12;

function bound(v: Statistics['min_value'], type: DataType, side: -1 | 1): number | string | undefined {
  if (v === undefined || v === null) return undefined;
  switch (typeof v) {
    case 'number':
      if (Number.isNaN(v)) return undefined;
      return type.id === 'numeric' ? v + side * (Math.abs(v) * DECIMAL_SLACK + Number.MIN_VALUE) : v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return /[\ud800-\uffff]/.test(v) ? undefined : v;
    default:
      return undefined;
  }
}

/** Statistics lookup over file column positions for one row group. */
export function rowGroupStats(group: RowGroup, columns: readonly ParquetColumn[]): StatsLookup {
  const rowCount = Number(group.num_rows);
  return (column) => {
    const c = columns[column];
    if (c === undefined || c.leaf === undefined) return undefined;
    const s = group.columns[c.leaf]?.meta_data?.statistics;
    if (s === undefined) return undefined;
    // Only the newer min_value/max_value fields: the deprecated min/max used a signed byte order.
    const stats: ColumnStats = {
      min: bound(s.min_value, c.type, -1),
      max: bound(s.max_value, c.type, 1),
      nullCount: s.null_count === undefined ? undefined : Number(s.null_count),
      rowCount,
    };
    return stats;
  };
}
