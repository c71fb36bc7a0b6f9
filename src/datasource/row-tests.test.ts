// Row tests: the simple comparisons a reader applies early must drop exactly the rows the filters
// would (false or NULL), and leave everything else to the scan.

import { describe, expect, it } from 'vitest';
import type { Vector } from '../columnar/vector.js';
import type { ScalarFunction } from '../functions/function.js';
import type { Expr } from '../logical/expr.js';
import { type DataType, numericType, Types } from '../types/data-type.js';
import { rowTests } from './row-tests.js';

function fn(name: string, type: DataType): ScalarFunction {
  return {
    name,
    signature: '',
    argTypes: [type, type],
    returnType: Types.bool,
    strict: true,
    volatile: false,
    stable: false,
    kernel: () => {
      throw new Error('not evaluated');
    },
  };
}

function cmp(op: string, column: number, value: number, type: DataType = Types.int4, flip = false): Expr {
  const c: Expr = { kind: 'column', id: column, type, name: 'c' };
  const l: Expr = { kind: 'literal', value, type };
  return { kind: 'call', fn: fn(op, type), args: flip ? [l, c] : [c, l], type: Types.bool };
}

/** Rows of 0..9 (row 3 NULL) left by the tests on column 0 (the first one testing every row). */
function kept(filters: Expr[], type: DataType = Types.int4): number[] {
  const data = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const validity = Uint8Array.from([0b11110111, 0b11]);
  const v: Vector = { kind: 'i32', type, length: 10, validity, data };
  const rows = new Int32Array(10).fill(-1);
  let count = 10;
  rowTests(filters).forEach((t, i) => (count = t.select(v, rows, count, i === 0)));
  return [...rows.subarray(0, count)];
}

function decimal(m: bigint, s: number, scale: number | null = null): Expr {
  return { kind: 'literal', value: { m, s }, type: { id: 'numeric', precision: null, scale } } as Expr;
}

function ncmp(op: string, value: Expr): Expr {
  const column: Expr = {
    kind: 'cast',
    expr: { kind: 'column', id: 0, type: { id: 'numeric', precision: 15, scale: 2 }, name: 'c' },
    type: Types.numeric,
  };
  return { kind: 'call', fn: fn(op, Types.numeric), args: [column, value], type: Types.bool };
}

/** Rows of the numeric(15,2) values -1.00, -0.50, 0.00 … 3.50 by 0.50 (row 2 NULL) left by the tests. */
function keptNumeric(filters: Expr[]): number[] {
  const data = Float64Array.from([-100, -50, 0, 50, 100, 150, 200, 250, 300, 350]);
  const validity = Uint8Array.from([0b11111011, 0b11]);
  const v: Vector = { kind: 'numeric', type: numericType(15, 2), length: 10, validity, data, scale: 2 };
  const rows = new Int32Array(10);
  let count = 10;
  rowTests(filters).forEach((t, i) => (count = t.select(v, rows, count, i === 0)));
  return [...rows.subarray(0, count)];
}

describe('row tests', () => {
  it('compare numeric mantissas exactly, whatever the scale of the constant', () => {
    expect(keptNumeric([ncmp('>=', decimal(51n, 2)), ncmp('<=', decimal(15n, 1))])).toEqual([4, 5]);
    expect(keptNumeric([ncmp('>=', decimal(50n, 2)), ncmp('<=', decimal(15n, 1))])).toEqual([3, 4, 5]);
    expect(keptNumeric([ncmp('<', decimal(0n, 0))])).toEqual([0, 1]);
    expect(keptNumeric([ncmp('>', decimal(-501n, 3))])).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
    expect(keptNumeric([ncmp('<', decimal(-499n, 3))])).toEqual([0, 1]);
    expect(keptNumeric([ncmp('=', decimal(1505n, 3))])).toEqual([]);
    expect(keptNumeric([ncmp('=', decimal(15n, 1))])).toEqual([5]);
    expect(keptNumeric([ncmp('<=', decimal(10n ** 30n, 0))])).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9]);
    // A cast that rounds (to numeric(10,0)) is not the column's value: left to the scan.
    const rounding: Expr = {
      kind: 'call',
      fn: fn('<', Types.numeric),
      args: [
        {
          kind: 'cast',
          expr: { kind: 'column', id: 0, type: numericType(15, 2), name: 'c' },
          type: numericType(10, 0),
        },
        decimal(1n, 0),
      ],
      type: Types.bool,
    };
    expect(rowTests([rounding])).toHaveLength(0);
  });

  it('keep the rows a range of comparisons holds for, never NULLs', () => {
    expect(kept([cmp('>=', 0, 2), cmp('<', 0, 6)])).toEqual([2, 4, 5]);
    expect(kept([cmp('>', 0, 2), cmp('<=', 0, 6)])).toEqual([4, 5, 6]);
    expect(kept([cmp('=', 0, 3)])).toEqual([]);
    expect(kept([cmp('=', 0, 7)])).toEqual([7]);
    expect(kept([cmp('<', 0, 7, Types.int4, true)])).toEqual([8, 9]);
    expect(
      kept([{ kind: 'and', args: [cmp('>=', 0, 8), cmp('<=', 0, 100)], type: Types.bool } as Expr]),
    ).toEqual([8, 9]);
    expect(kept([cmp('>=', 0, 5, Types.date)], Types.date)).toEqual([5, 6, 7, 8, 9]);
  });

  it('leave alone what they cannot answer exactly', () => {
    // Other operators, other columns' types, floats (NaN ordering) and non-integral constants.
    expect(rowTests([cmp('<>', 0, 2)])).toHaveLength(0);
    expect(rowTests([cmp('<', 0, 2, Types.float8)])).toHaveLength(0);
    expect(rowTests([cmp('<', 0, 2.5)])).toHaveLength(0);
    const mixed: Expr = {
      kind: 'call',
      fn: fn('<', Types.int8),
      args: [
        { kind: 'column', id: 0, type: Types.int8, name: 'c' },
        { kind: 'literal', value: 2, type: Types.int4 },
      ],
      type: Types.bool,
    };
    expect(rowTests([mixed])).toHaveLength(0);
    expect(rowTests([cmp('<', 0, 2), cmp('<', 1, 2)])).toHaveLength(2);
    const or: Expr = { kind: 'or', args: [cmp('<', 0, 2), cmp('>', 0, 8)], type: Types.bool } as Expr;
    expect(rowTests([or])).toHaveLength(0);
    // A vector of another type than the test's is left as it is.
    expect(kept([cmp('<', 0, 2)], Types.date)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
