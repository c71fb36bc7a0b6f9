// Engine vectors as the ML library's columns: numbers (NULL as NaN), strings, token lists; and the
// library's outputs back as vectors for ML.PREDICT and ML.TRANSFORM.

import { getBit } from '../../columnar/bitmap.js';
import type { Scalar, Vector } from '../../columnar/vector.js';
import { getScalar, vectorFromScalars } from '../../columnar/vector-ops.js';
import type { MlColumn } from '../../ml/index.js';
import { type DataType, Types } from '../../types/data-type.js';
import { type Decimal, decimalToNumber } from '../../types/decimal.js';
import { LarchError, SqlState } from '../errors.js';

/** How a column enters the ML library, decided by its SQL type. */
export type ColumnKind = 'number' | 'string' | 'tokens';

export function columnKindOf(type: DataType): ColumnKind | null {
  switch (type.id) {
    case 'bool':
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'numeric':
    case 'oid':
      return 'number';
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'unknown':
      return 'string';
    case 'list':
      return columnKindOf(type.element) === 'string' ? 'tokens' : null;
    default:
      return null;
  }
}

function toNumber(v: Scalar): number {
  if (v === null) return NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return Number(v);
  if (typeof v === 'object' && 'm' in v) return decimalToNumber(v as Decimal);
  return NaN;
}

/** A numeric vector as doubles, NULL as NaN (f64 vectors without NULLs are used as they are). */
export function numbersOf(v: Vector, length: number): Float64Array {
  if (v.kind === 'f64' && v.validity === null)
    return v.data.length === length ? v.data : v.data.subarray(0, length);
  const out = new Float64Array(length);
  if (v.kind === 'const') {
    out.fill(toNumber(v.value));
    return out;
  }
  const valid = v.validity;
  switch (v.kind) {
    case 'bool':
    case 'i16':
    case 'i32':
    case 'f32':
    case 'f64':
      for (let i = 0; i < length; i++) out[i] = valid !== null && !getBit(valid, i) ? NaN : v.data[i]!;
      return out;
    case 'numeric': {
      const scale = 10 ** v.scale;
      for (let i = 0; i < length; i++)
        out[i] = valid !== null && !getBit(valid, i) ? NaN : v.data[i]! / scale;
      return out;
    }
    default:
      for (let i = 0; i < length; i++) out[i] = toNumber(getScalar(v, i));
      return out;
  }
}

/** A vector as the ML column its type calls for; `name` is used in messages. */
export function mlColumnOf(v: Vector, type: DataType, length: number, name: string): MlColumn {
  const kind = columnKindOf(type);
  if (kind === 'number') return { kind: 'number', values: numbersOf(v, length) };
  if (kind === 'string') {
    const values: (string | null)[] = new Array<string | null>(length);
    for (let i = 0; i < length; i++) {
      const s = getScalar(v, i);
      values[i] = s === null ? null : String(s);
    }
    return { kind: 'string', values };
  }
  if (kind === 'tokens') {
    const values: (readonly string[] | null)[] = new Array<readonly string[] | null>(length);
    for (let i = 0; i < length; i++) {
      const s = getScalar(v, i);
      values[i] = s === null ? null : (s as readonly unknown[]).filter((x) => x !== null).map(String);
    }
    return { kind: 'tokens', values };
  }
  throw new LarchError(SqlState.datatypeMismatch, `column "${name}" has a type machine learning cannot use`, {
    hint: 'Features are numbers, text or text arrays; cast other types.',
  });
}

/** An ML column as a vector for ML.TRANSFORM output (vectors and sparse blocks as float8 arrays). */
export function vectorOfColumn(c: MlColumn): { type: DataType; vector: Vector } {
  switch (c.kind) {
    case 'number':
      return {
        type: Types.float8,
        vector: vectorFromScalars(
          Types.float8,
          Array.from(c.values, (x) => (Number.isNaN(x) ? null : x)),
        ),
      };
    case 'string':
      return { type: Types.text, vector: vectorFromScalars(Types.text, c.values) };
    case 'tokens': {
      const type: DataType = { id: 'list', element: Types.text };
      return { type, vector: vectorFromScalars(type, c.values as Scalar[]) };
    }
    case 'vector': {
      const type: DataType = { id: 'list', element: Types.float8 };
      const rows = c.columns[0]?.length ?? 0;
      const values = Array.from({ length: rows }, (_, i) => c.columns.map((col) => col[i]!));
      return { type, vector: vectorFromScalars(type, values) };
    }
    case 'sparse': {
      const type: DataType = { id: 'list', element: Types.float8 };
      const { offsets, indices, values, dim } = c.block;
      const rows = offsets.length - 1;
      const out = Array.from({ length: rows }, (_, i) => {
        const row = new Array<number>(dim).fill(0);
        for (let k = offsets[i]!; k < offsets[i + 1]!; k++) row[indices[k]!] = values[k]!;
        return row;
      });
      return { type, vector: vectorFromScalars(type, out) };
    }
  }
}
