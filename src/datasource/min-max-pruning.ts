// Deciding from a piece of data's min/max statistics (a Parquet row group, a hive folder's
// constant values) that no row in it can pass a filter. Only safe answers: "may match" whenever
// in doubt, since the scan applies every filter to the rows it reads anyway.

import type { Scalar } from '../columnar/vector.js';
import type { Expr } from '../logical/expr.js';
import { type DataType, isNumericType } from '../types/data-type.js';
import type { Decimal } from '../types/decimal.js';

/** Statistics of one column over a piece, in the comparable domain of comparableValue. */
export interface ColumnStats {
  readonly min: number | string | undefined;
  readonly max: number | string | undefined;
  readonly nullCount: number | undefined;
  readonly rowCount: number;
}

export type StatsLookup = (column: number) => ColumnStats | undefined;

/**
 * A value as a number or string whose JS order is the SQL order: numbers, numerics (rounded
 * monotonically), dates as days, timestamps as microseconds; undefined when not comparable so.
 */
export function comparableValue(type: DataType, v: Scalar): number | string | undefined {
  if (v === null) return undefined;
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    // UTF-16 order (JS) and byte order (Parquet) disagree only around surrogates.
    if (type.id === 'bpchar' || /[\ud800-\uffff]/.test(v)) return undefined;
    return v;
  }
  if (type.id === 'numeric' && typeof v === 'object' && 'm' in v) {
    const d = v as Decimal;
    return Number(d.m) / 10 ** d.s;
  }
  return undefined;
}

const FLIPPED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', '<>': '<>' };

/** The source column a side of a comparison reads, seeing through casts between numeric types. */
function columnOf(e: Expr): { id: number; type: DataType } | null {
  if (e.kind === 'column') return { id: e.id, type: e.type };
  if (e.kind === 'cast' && e.expr.kind === 'column' && isNumericType(e.type) && isNumericType(e.expr.type))
    return { id: e.expr.id, type: e.expr.type };
  return null;
}

function isFloat(t: DataType): boolean {
  return t.id === 'float4' || t.id === 'float8';
}

/** Whether rows with stats `s` may satisfy `column op value`. */
function mayCompare(op: string, s: ColumnStats, value: number | string, floating: boolean): boolean {
  const { min, max } = s;
  if (min === undefined || max === undefined || typeof min !== typeof value || typeof max !== typeof value)
    return true;
  // Strict comparisons only: statistics and literal may both have been rounded (monotonically).
  switch (op) {
    case '=':
      return !(value < min || value > max);
    case '<':
    case '<=':
      return !(min > value);
    case '>':
    case '>=':
      // NaN sorts above every number in PostgreSQL and is left out of Parquet statistics.
      return floating || !(max < value);
    default:
      return true;
  }
}

function allNull(s: ColumnStats | undefined): boolean {
  return s !== undefined && s.nullCount !== undefined && s.nullCount === s.rowCount;
}

/** False when the statistics prove no row passes `filter` (column ids are source positions). */
export function mayMatch(filter: Expr, stats: StatsLookup): boolean {
  switch (filter.kind) {
    case 'literal':
      return filter.value === true;
    case 'and':
      return filter.args.every((a) => mayMatch(a, stats));
    case 'or':
      return filter.args.some((a) => mayMatch(a, stats));
    case 'is_null': {
      const c = columnOf(filter.arg);
      const s = c === null ? undefined : stats(c.id);
      if (s === undefined || s.nullCount === undefined) return true;
      return filter.negated ? s.nullCount < s.rowCount : s.nullCount > 0;
    }
    case 'in_list': {
      const c = columnOf(filter.arg);
      if (c === null || filter.negated || !filter.list.every((e) => e.kind === 'literal')) return true;
      const s = stats(c.id);
      if (s === undefined) return true;
      if (allNull(s)) return false;
      return filter.list.some((e) => {
        const v = comparableValue(e.type, (e as { value: Scalar }).value);
        return (
          (e as { value: Scalar }).value !== null &&
          (v === undefined || mayCompare('=', s, v, isFloat(c.type)))
        );
      });
    }
    case 'call': {
      const op = filter.fn.name;
      if (filter.args.length !== 2 || FLIPPED[op] === undefined) return true;
      const [a, b] = filter.args as [Expr, Expr];
      const left = columnOf(a);
      const right = columnOf(b);
      const [c, lit, o] =
        left !== null && b.kind === 'literal'
          ? [left, b, op]
          : right !== null && a.kind === 'literal'
            ? [right, a, FLIPPED[op]!]
            : [null, null, op];
      if (c === null || lit === null) return true;
      const s = stats(c.id);
      if (s === undefined) return true;
      // A comparison with NULL, or over a column that is all NULL here, is never true.
      if (lit.value === null || allNull(s)) return false;
      const v = comparableValue(lit.type, lit.value);
      return v === undefined || mayCompare(o, s, v, isFloat(c.type));
    }
    default:
      return true;
  }
}
