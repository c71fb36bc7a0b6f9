// Kernels for numeric (exact decimal) arithmetic and comparison: 53-bit mantissas at one scale in
// typed arrays when they fit, arbitrary-precision Decimal values otherwise.

import type { Scalar, Vector } from '../../columnar/vector.js';
import { constVector, MAX_SAFE_MANTISSA } from '../../columnar/vector-ops.js';
import { Types } from '../../types/data-type.js';
import { type Decimal, decimalAdd, decimalCompare, decimalMul, decimalSub } from '../../types/decimal.js';
import type { ScalarKernel } from '../function.js';
import { argsValidity, isNullConst, valueKernel } from '../kernels.js';

interface Narrow {
  readonly data: Float64Array | null;
  readonly constant: number;
  readonly scale: number;
}

/** The argument as mantissas at one scale, or null when it needs the arbitrary-precision path. */
export function narrowOf(v: Vector): Narrow | null {
  if (v.kind === 'numeric') return { data: v.data, constant: 0, scale: v.scale };
  if (v.kind === 'const' && v.value !== null) {
    const d = v.value as Decimal;
    if (d.m > BigInt(MAX_SAFE_MANTISSA) || d.m < -BigInt(MAX_SAFE_MANTISSA)) return null;
    return { data: null, constant: Number(d.m), scale: d.s };
  }
  return null;
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** +, - or * over numerics, falling back to Decimal values when a result would not fit 53 bits. */
export function numericArithmetic(op: 'add' | 'sub' | 'mul'): ScalarKernel {
  const slow = valueKernel(Types.numeric, (v) =>
    (op === 'add' ? decimalAdd : op === 'sub' ? decimalSub : decimalMul)(v[0] as Decimal, v[1] as Decimal),
  );
  return (args, n, ctx) => {
    if (args.some(isNullConst)) return constVector(Types.numeric, null, n);
    const a = narrowOf(args[0]!);
    const b = narrowOf(args[1]!);
    if (a === null || b === null || (a.data === null && b.data === null)) return slow(args, n, ctx);
    const scale = op === 'mul' ? a.scale + b.scale : Math.max(a.scale, b.scale);
    const fa = op === 'mul' ? 1 : POW10[scale - a.scale];
    const fb = op === 'mul' ? 1 : POW10[scale - b.scale];
    if (fa === undefined || fb === undefined) return slow(args, n, ctx);
    const out = new Float64Array(n);
    const ad = a.data;
    const bd = b.data;
    const ac = a.constant * fa;
    const bc = b.constant * fb;
    let ok = true;
    if (op === 'mul') {
      if (ad !== null && bd !== null) for (let i = 0; i < n; i++) out[i] = ad[i]! * bd[i]!;
      else if (ad !== null) for (let i = 0; i < n; i++) out[i] = ad[i]! * bc;
      else for (let i = 0; i < n; i++) out[i] = ac * bd![i]!;
    } else {
      const sign = op === 'sub' ? -1 : 1;
      if (ad !== null && bd !== null) for (let i = 0; i < n; i++) out[i] = ad[i]! * fa + sign * (bd[i]! * fb);
      else if (ad !== null) for (let i = 0; i < n; i++) out[i] = ad[i]! * fa + sign * bc;
      else for (let i = 0; i < n; i++) out[i] = ac + sign * (bd![i]! * fb);
    }
    for (let i = 0; i < n; i++) {
      const x = out[i]!;
      if (x > MAX_SAFE_MANTISSA || x < -MAX_SAFE_MANTISSA) {
        ok = false;
        break;
      }
    }
    // Inputs beyond 2^53 / factor would have lost digits before the check; re-check exactly.
    if (!ok) return slow(args, n, ctx);
    return {
      kind: 'numeric',
      type: Types.numeric,
      length: n,
      validity: argsValidity(args, n),
      data: out,
      scale,
    };
  };
}

export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export function compareResult(op: CompareOp, c: number): boolean {
  switch (op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'lt':
      return c < 0;
    case 'le':
      return c <= 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
  }
}

/** Comparison of numerics: aligned mantissas when both fit, Decimal comparison otherwise. */
export function numericCompare(op: CompareOp): ScalarKernel {
  const slow = valueKernel(Types.bool, (v) =>
    compareResult(op, decimalCompare(v[0] as Decimal, v[1] as Decimal)),
  );
  return (args, n, ctx) => {
    if (args.some(isNullConst)) return constVector(Types.bool, null, n);
    const a = narrowOf(args[0]!);
    const b = narrowOf(args[1]!);
    if (a === null || b === null || (a.data === null && b.data === null)) return slow(args, n, ctx);
    const scale = Math.max(a.scale, b.scale);
    const fa = POW10[scale - a.scale]!;
    const fb = POW10[scale - b.scale]!;
    // Mantissas scaled up must still be exact: checked once per column, not per row.
    const fits = (d: Float64Array | null, constant: number, f: number) =>
      f === 1 || (d === null ? Math.abs(constant) : maxAbs(d, n)) * f <= MAX_SAFE_MANTISSA;
    if (!fits(a.data, a.constant, fa) || !fits(b.data, b.constant, fb)) return slow(args, n, ctx);
    const out = new Uint8Array(n);
    if (a.data === null) compareScaled(FLIPPED[op], b.data!, fb, a.constant * fa, out, n);
    else if (b.data === null) compareScaled(op, a.data, fa, b.constant * fb, out, n);
    else compareColumns(op, a.data, fa, b.data, fb, out, n);
    return { kind: 'bool', type: Types.bool, length: n, validity: argsValidity(args, n), data: out };
  };
}

const FLIPPED: Record<CompareOp, CompareOp> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

function maxAbs(d: Float64Array, n: number): number {
  let max = 0;
  for (let i = 0; i < n; i++) {
    const x = Math.abs(d[i]!);
    if (x > max) max = x;
  }
  return max;
}

/** out[i] = (d[i] * f) op c, one loop per operator. */
function compareScaled(
  op: CompareOp,
  d: Float64Array,
  f: number,
  c: number,
  out: Uint8Array,
  n: number,
): void {
  switch (op) {
    case 'eq':
      for (let i = 0; i < n; i++) out[i] = d[i]! * f === c ? 1 : 0;
      return;
    case 'ne':
      for (let i = 0; i < n; i++) out[i] = d[i]! * f !== c ? 1 : 0;
      return;
    case 'lt':
      for (let i = 0; i < n; i++) out[i] = d[i]! * f < c ? 1 : 0;
      return;
    case 'le':
      for (let i = 0; i < n; i++) out[i] = d[i]! * f <= c ? 1 : 0;
      return;
    case 'gt':
      for (let i = 0; i < n; i++) out[i] = d[i]! * f > c ? 1 : 0;
      return;
    case 'ge':
      for (let i = 0; i < n; i++) out[i] = d[i]! * f >= c ? 1 : 0;
      return;
  }
}

/** out[i] = (a[i] * fa) op (b[i] * fb). */
function compareColumns(
  op: CompareOp,
  a: Float64Array,
  fa: number,
  b: Float64Array,
  fb: number,
  out: Uint8Array,
  n: number,
): void {
  for (let i = 0; i < n; i++) {
    const x = a[i]! * fa;
    const y = b[i]! * fb;
    out[i] = compareResult(op, x < y ? -1 : x > y ? 1 : 0) ? 1 : 0;
  }
}

export function decimalOf(value: Scalar): Decimal {
  return value as Decimal;
}
