// Simple comparisons of a column with a constant, taken from the filters pushed to a source, that a
// reader applies to rows as soon as it has read that column: the other columns are then converted
// only at the rows left. Only exact answers: a row is dropped when its comparison is false or
// NULL (pushed filters come from WHERE and join conditions, which drop such rows too), and every
// filter is applied again by the scan, so a comparison left out here only costs time.

import type { Vector } from '../columnar/vector.js';
import type { Expr } from '../logical/expr.js';
import type { DataType } from '../types/data-type.js';
import type { Decimal } from '../types/decimal.js';

type Op = '<' | '<=' | '>' | '>=' | '=';

const FLIPPED: Record<Op, Op> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/** Types whose vectors hold integers in a typed array (days for dates), ordered as SQL orders them. */
const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'date']);

export interface RowTest {
  /** The source column compared. */
  readonly column: number;
  /**
   * Keeps the rows whose value passes, in order, in place at the start of `rows`, and returns
   * how many are left: rows[0, count), or with `all` every row 0 … count - 1 (then `rows` need
   * not be filled in, only long enough).
   */
  select(v: Vector, rows: Int32Array, count: number, all?: boolean): number;
}

function isOp(name: string): name is Op {
  return name in FLIPPED;
}

/** `column BETWEEN lo AND hi` over integers, both bounds included. */
function rangeTest(column: number, type: DataType, lo: number, hi: number): RowTest {
  return {
    column,
    select(v, rows, count, all = false) {
      if (v.type.id !== type.id) return keepAll(rows, count, all);
      if (v.kind === 'i32') return selectInt32(v.data, v.validity, lo, hi, rows, count, all);
      if (v.kind === 'f64') return selectFloat64(v.data, v.validity, lo, hi, rows, count, all);
      if (v.kind === 'i16') return selectInt16(v.data, v.validity, lo, hi, rows, count, all);
      return keepAll(rows, count, all);
    },
  };
}

/**
 * Keeps rows whose value (data[i]) lies in [lo, hi] and is not NULL; see RowTest.select. One
 * copy per array type, so that each loop sees one kind of typed array (and stays fast).
 */
function selectInt32(
  data: Int32Array,
  validity: Uint8Array | null,
  lo: number,
  hi: number,
  rows: Int32Array,
  count: number,
  all: boolean,
): number {
  let kept = 0;
  for (let k = 0; k < count; k++) {
    const i = all ? k : rows[k]!;
    const x = data[i]!;
    if (x >= lo && x <= hi && (validity === null || (validity[i >>> 3]! & (1 << (i & 7))) !== 0))
      rows[kept++] = i;
  }
  return kept;
}

function selectFloat64(
  data: Float64Array,
  validity: Uint8Array | null,
  lo: number,
  hi: number,
  rows: Int32Array,
  count: number,
  all: boolean,
): number {
  let kept = 0;
  for (let k = 0; k < count; k++) {
    const i = all ? k : rows[k]!;
    const x = data[i]!;
    if (x >= lo && x <= hi && (validity === null || (validity[i >>> 3]! & (1 << (i & 7))) !== 0))
      rows[kept++] = i;
  }
  return kept;
}

function selectInt16(
  data: Int16Array,
  validity: Uint8Array | null,
  lo: number,
  hi: number,
  rows: Int32Array,
  count: number,
  all: boolean,
): number {
  let kept = 0;
  for (let k = 0; k < count; k++) {
    const i = all ? k : rows[k]!;
    const x = data[i]!;
    if (x >= lo && x <= hi && (validity === null || (validity[i >>> 3]! & (1 << (i & 7))) !== 0))
      rows[kept++] = i;
  }
  return kept;
}

function keepAll(rows: Int32Array, count: number, all: boolean): number {
  if (all) for (let i = 0; i < count; i++) rows[i] = i;
  return count;
}

const LIMIT = BigInt(Number.MAX_SAFE_INTEGER);

/** A bigint bound as a number; beyond 2^53 (where no mantissa lies) as the infinity on its side. */
function toBound(b: bigint): number {
  return b > LIMIT ? Infinity : b < -LIMIT ? -Infinity : Number(b);
}

/** floor and ceil of m / 10^k (k >= 0) as bigints. */
function divide(m: bigint, k: number): [bigint, bigint] {
  const d = 10n ** BigInt(k);
  const q = m / d; // truncates toward zero
  const exact = q * d === m;
  if (exact) return [q, q];
  return m < 0n ? [q - 1n, q] : [q, q + 1n];
}

/** Numeric comparisons with constants, as an integer range of mantissas at a vector's scale. */
function numericTest(column: number, bounds: readonly (readonly [Op, Decimal])[]): RowTest {
  const byScale = new Map<number, [number, number]>();
  const range = (scale: number): [number, number] => {
    let r = byScale.get(scale);
    if (r !== undefined) return r;
    let lo = -Infinity;
    let hi = Infinity;
    for (const [op, { m, s }] of bounds) {
      const [floor, ceil] =
        s <= scale ? [m * 10n ** BigInt(scale - s), m * 10n ** BigInt(scale - s)] : divide(m, s - scale);
      if (op === '<') hi = Math.min(hi, toBound(ceil - 1n));
      else if (op === '<=') hi = Math.min(hi, toBound(floor));
      else if (op === '>') lo = Math.max(lo, toBound(floor + 1n));
      else if (op === '>=') lo = Math.max(lo, toBound(ceil));
      else if (floor === ceil) {
        lo = Math.max(lo, toBound(floor));
        hi = Math.min(hi, toBound(floor));
      } else {
        lo = Infinity;
      }
    }
    r = [lo, hi];
    byScale.set(scale, r);
    return r;
  };
  return {
    column,
    select(v, rows, count, all = false) {
      if (v.kind !== 'numeric') return keepAll(rows, count, all);
      const [lo, hi] = range(v.scale);
      return selectFloat64(v.data, v.validity, lo, hi, rows, count, all);
    },
  };
}

function isDecimal(v: unknown): v is Decimal {
  return typeof v === 'object' && v !== null && typeof (v as Decimal).m === 'bigint';
}

/** The column a comparison side reads: bare, or numeric through a cast to unconstrained numeric. */
function columnOf(e: Expr): { id: number; type: DataType } | null {
  if (e.kind === 'column') return { id: e.id, type: e.type };
  if (
    e.kind === 'cast' &&
    e.expr.kind === 'column' &&
    e.expr.type.id === 'numeric' &&
    e.type.id === 'numeric' &&
    e.type.precision === null
  )
    return { id: e.expr.id, type: e.type };
  return null;
}

/** The comparisons among `filters` (over source column positions) a reader can apply itself. */
export function rowTests(filters: readonly Expr[]): RowTest[] {
  const ranges = new Map<number, { type: DataType; lo: number; hi: number }>();
  const numerics = new Map<number, [Op, Decimal][]>();
  const visit = (f: Expr): void => {
    if (f.kind === 'and') {
      f.args.forEach(visit);
      return;
    }
    if (f.kind !== 'call' || f.args.length !== 2 || !isOp(f.fn.name)) return;
    const [a, b] = f.args as [Expr, Expr];
    const left = columnOf(a);
    const right = columnOf(b);
    const [column, literal, op] =
      left !== null && b.kind === 'literal'
        ? [left, b, f.fn.name]
        : right !== null && a.kind === 'literal'
          ? [right, a, FLIPPED[f.fn.name]]
          : [null, null, f.fn.name];
    if (column === null || literal === null || column.type.id !== literal.type.id) return;
    const value = literal.value;
    if (column.type.id === 'numeric') {
      if (!isDecimal(value) || value.s < 0) return;
      numerics.set(column.id, [...(numerics.get(column.id) ?? []), [op, value]]);
      return;
    }
    if (!INTEGER_TYPES.has(column.type.id) || typeof value !== 'number' || !Number.isSafeInteger(value))
      return;
    const r = ranges.get(column.id) ?? { type: column.type, lo: -Infinity, hi: Infinity };
    if (op === '<') r.hi = Math.min(r.hi, value - 1);
    else if (op === '<=') r.hi = Math.min(r.hi, value);
    else if (op === '>') r.lo = Math.max(r.lo, value + 1);
    else if (op === '>=') r.lo = Math.max(r.lo, value);
    else {
      r.lo = Math.max(r.lo, value);
      r.hi = Math.min(r.hi, value);
    }
    ranges.set(column.id, r);
  };
  filters.forEach(visit);
  return [
    ...[...ranges].map(([column, r]) => rangeTest(column, r.type, r.lo, r.hi)),
    ...[...numerics].map(([column, bounds]) => numericTest(column, bounds)),
  ];
}
