// Shared pieces for aggregate states: growable per-group arrays and validity checks.

import type { Vector } from '../../columnar/vector.js';

export function growFloat64(a: Float64Array<ArrayBuffer>, n: number, fill = 0): Float64Array<ArrayBuffer> {
  if (a.length >= n) return a;
  let size = Math.max(16, a.length);
  while (size < n) size *= 2;
  const next = new Float64Array(size);
  if (fill !== 0) next.fill(fill);
  next.set(a);
  return next;
}

export function growUint8(a: Uint8Array<ArrayBuffer>, n: number): Uint8Array<ArrayBuffer> {
  if (a.length >= n) return a;
  let size = Math.max(16, a.length);
  while (size < n) size *= 2;
  const next = new Uint8Array(size);
  next.set(a);
  return next;
}

/** Validity of row i (const vectors: whether the constant is non-null). */
export function rowValid(v: Vector, i: number): boolean {
  if (v.kind === 'const') return v.value !== null;
  const bm = v.validity;
  return bm === null || (bm[i >>> 3]! & (1 << (i & 7))) !== 0;
}

/** Numbers of a number-like vector (not numeric), or null. */
export function numbersOf(v: Vector): ArrayLike<number> | null {
  switch (v.kind) {
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'bool':
      return v.data;
    default:
      return null;
  }
}
