// The memory a query may hold (the memory_limit setting): operators that buffer rows or build hash
// tables reserve bytes here before growing, and the query fails with 53200 instead of the process
// running out of heap.

import type { Batch } from '../columnar/batch.js';
import type { Vector } from '../columnar/vector.js';
import { LarchError, SqlState } from '../engine/errors.js';

/** Estimated bytes of a JavaScript string or boxed value (header plus UTF-16 payload). */
const BOXED_VALUE_BYTES = 32;

export class MemoryBudget {
  private used = 0;

  constructor(
    /** Bytes the query may use; Infinity for no limit. */
    readonly limit: number,
    /** The memory_limit setting named in errors (a worker's task holds a share of it). */
    readonly setting = limit,
  ) {}

  get bytesUsed(): number {
    return this.used;
  }

  /** Reserves `bytes` for `operator`, or throws 53200 when that would pass the limit. */
  reserve(bytes: number, operator: string): void {
    if (this.used + bytes > this.limit) {
      throw new LarchError(SqlState.outOfMemory, 'out of memory', {
        detail: `${operator} needs more than the query's memory_limit of ${formatBytes(this.setting)}.`,
        hint: 'Raise memory_limit, or reduce the rows the query buffers (filters, fewer groups, LIMIT).',
      });
    }
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

function formatBytes(n: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** Estimated heap bytes of a vector. */
export function vectorBytes(v: Vector): number {
  const validity = 'validity' in v && v.validity !== null ? v.validity.byteLength : 0;
  switch (v.kind) {
    case 'bool':
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
    case 'numeric':
      return validity + v.data.byteLength;
    case 'string':
      // Slices share their chunk's dictionary: count at most one string per row.
      return validity + v.codes.byteLength + Math.min(v.dict.length, v.length) * BOXED_VALUE_BYTES;
    case 'interval':
      return validity + v.months.byteLength + v.days.byteLength + v.micros.byteLength;
    case 'boxed':
      return validity + v.length * BOXED_VALUE_BYTES;
    case 'const':
      return BOXED_VALUE_BYTES;
  }
}

export function batchBytes(b: Batch): number {
  let n = 0;
  for (const v of b.columns) n += vectorBytes(v);
  return n;
}
