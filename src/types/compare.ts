// Total orders on values of each type, as PostgreSQL sorts them (C collation for text).

import type { Scalar } from '../columnar/vector.js';
import type { DataType } from './data-type.js';
import { decimalCompare, type Decimal } from './decimal.js';
import { intervalCompare, type Interval } from './interval.js';

export type Comparator = (a: Scalar, b: Scalar) => number;

/** Floats order NaN above every other value and equal to itself, as PostgreSQL does. */
export function compareFloats(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an === bn ? 0 : an ? 1 : -1;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** A comparator for non-null values of `type`. */
export function comparatorFor(type: DataType): Comparator {
  switch (type.id) {
    case 'bool':
      return (a, b) => (a === b ? 0 : a ? 1 : -1);
    case 'int2':
    case 'int4':
    case 'int8':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
      return (a, b) => (a as number) - (b as number) || 0;
    case 'float4':
    case 'float8':
      return (a, b) => compareFloats(a as number, b as number);
    case 'numeric':
      return (a, b) => decimalCompare(a as Decimal, b as Decimal);
    case 'bpchar':
      return (a, b) => compareStrings(trimTrailingSpaces(a as string), trimTrailingSpaces(b as string));
    case 'text':
    case 'varchar':
    case 'name':
    case 'char':
    case 'unknown':
    case 'uuid':
      return (a, b) => compareStrings(a as string, b as string);
    case 'interval':
      return (a, b) => intervalCompare(a as Interval, b as Interval);
    case 'bytea':
      return (a, b) => Buffer.compare(a as Uint8Array, b as Uint8Array);
    case 'json':
      return (a, b) => compareStrings(JSON.stringify(a), JSON.stringify(b));
    case 'list': {
      const inner = comparatorFor(type.element);
      return (a, b) => {
        const x = a as readonly Scalar[];
        const y = b as readonly Scalar[];
        for (let i = 0; i < Math.min(x.length, y.length); i++) {
          const xi = x[i] ?? null;
          const yi = y[i] ?? null;
          if (xi === null || yi === null) {
            if (xi !== yi) return xi === null ? 1 : -1;
            continue;
          }
          const c = inner(xi, yi);
          if (c !== 0) return c;
        }
        return x.length - y.length;
      };
    }
    case 'struct': {
      const fields = type.fields.map((f) => ({ name: f.name, cmp: comparatorFor(f.type) }));
      return (a, b) => {
        const x = a as Record<string, Scalar>;
        const y = b as Record<string, Scalar>;
        for (const f of fields) {
          const xi = x[f.name] ?? null;
          const yi = y[f.name] ?? null;
          if (xi === null || yi === null) {
            if (xi !== yi) return xi === null ? 1 : -1;
            continue;
          }
          const c = f.cmp(xi, yi);
          if (c !== 0) return c;
        }
        return 0;
      };
    }
  }
}

/** Equality consistent with comparatorFor (NaN = NaN, 1.0 = 1.00, 'a ' = 'a' for char(n)). */
export function equalsFor(type: DataType): (a: Scalar, b: Scalar) => boolean {
  const cmp = comparatorFor(type);
  return (a, b) => cmp(a, b) === 0;
}
