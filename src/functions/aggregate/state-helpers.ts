// Shared pieces for aggregate states: growable per-group arrays and validity checks.

import type { Vector } from '../../columnar/vector.js';
import type { StateSnapshot } from '../function.js';

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

/** The named fields of a state object, for AggregateState.snapshot. */
export function snapshotOf(state: object, fields: readonly string[]): StateSnapshot {
  const record = state as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, record[f]]));
}

/** Writes a snapshot's fields back into a state object, for AggregateState.restore. */
export function restoreInto(state: object, data: StateSnapshot, fields: readonly string[]): void {
  const record = state as Record<string, unknown>;
  for (const f of fields) record[f] = data[f];
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
