// engine.register(name, data): an Arrow table, an array of row objects, or an object of columns
// (typed arrays or plain arrays) as a table's chunks. Typed arrays and Arrow's fixed-width
// buffers become vectors without copying; other values are converted once.

import * as arrow from 'apache-arrow';
import { dataTypeFromArrow, vectorFromArrow } from '../../columnar/arrow-import.js';
import type { Batch } from '../../columnar/batch.js';
import type { Scalar, Vector } from '../../columnar/vector.js';
import { sliceVector, vectorFromScalars } from '../../columnar/vector-ops.js';
import { ROW_GROUP_SIZE, TableData } from '../../catalog/table-data.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { type DataType, Types } from '../../types/data-type.js';
import { UTC } from '../../types/datetime.js';
import { inferColumns, merge } from '../json/json-schema.js';
import { jsonToScalar } from '../json/json-values.js';

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array;

/** What engine.register accepts. */
export type RegisterData =
  | arrow.Table
  | readonly Record<string, unknown>[]
  | Readonly<Record<string, TypedArray | readonly unknown[]>>;

export interface RegisteredColumns {
  readonly columns: { name: string; type: DataType }[];
  readonly data: TableData;
}

function typedVector(a: TypedArray): Vector {
  const n = a.length;
  if (a instanceof Int32Array) return { kind: 'i32', type: Types.int4, length: n, validity: null, data: a };
  if (a instanceof Float64Array)
    return { kind: 'f64', type: Types.float8, length: n, validity: null, data: a };
  if (a instanceof Float32Array)
    return { kind: 'f32', type: Types.float4, length: n, validity: null, data: a };
  if (a instanceof Int16Array) return { kind: 'i16', type: Types.int2, length: n, validity: null, data: a };
  if (a instanceof Int8Array || a instanceof Uint8Array)
    return { kind: 'i16', type: Types.int2, length: n, validity: null, data: Int16Array.from(a) };
  if (a instanceof Uint16Array)
    return { kind: 'i32', type: Types.int4, length: n, validity: null, data: Int32Array.from(a) };
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Number(a[i]!);
    if (!Number.isSafeInteger(x))
      throw new LarchError(SqlState.numericValueOutOfRange, 'bigint out of range');
    data[i] = x;
  }
  return { kind: 'f64', type: Types.int8, length: n, validity: null, data };
}

/** The type of a column of JS values: numbers, bigints, strings, booleans, Dates, bytes, nested. */
function jsType(values: readonly unknown[]): DataType {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return Types.text;
  if (present.every((v) => v instanceof Date)) return Types.timestamptz;
  if (present.every((v) => v instanceof Uint8Array)) return Types.bytea;
  if (present.every((v) => typeof v === 'bigint')) return Types.int8;
  if (present.every((v) => typeof v === 'string')) return Types.text;
  if (present.every((v) => typeof v === 'number'))
    return present.every((v) => Number.isInteger(v) && Math.abs(v as number) <= 2147483647)
      ? Types.int4
      : present.every((v) => Number.isSafeInteger(v))
        ? Types.int8
        : Types.float8;
  const [column] = inferColumns(present.map((v) => ({ v })));
  return merge(null, column!.type) ?? Types.json;
}

function jsValue(v: unknown, type: DataType): Scalar {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime() * 1000;
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'bigint') {
    const x = Number(v);
    if (!Number.isSafeInteger(x))
      throw new LarchError(SqlState.numericValueOutOfRange, 'bigint out of range');
    return x;
  }
  return jsonToScalar(v, type, UTC);
}

function valuesVector(name: string, values: readonly unknown[]): Vector {
  const type = jsType(values);
  try {
    return vectorFromScalars(
      type,
      values.map((v) => jsValue(v, type)),
    );
  } catch (e) {
    throw new LarchError(SqlState.invalidParameterValue, `column "${name}": ${(e as Error).message}`);
  }
}

function chunked(columns: readonly Vector[], length: number): Batch[] {
  const chunks: Batch[] = [];
  for (let start = 0; start < length; start += ROW_GROUP_SIZE) {
    const end = Math.min(length, start + ROW_GROUP_SIZE);
    chunks.push({ length: end - start, columns: columns.map((c) => sliceVector(c, start, end)) });
  }
  return chunks;
}

/** Converts registered data into named, typed columns and table chunks. */
export function registeredColumns(input: RegisterData): RegisteredColumns {
  if (input instanceof arrow.Table) {
    const columns = input.schema.fields.map((f) => ({ name: f.name, type: dataTypeFromArrow(f.type) }));
    const chunks: Batch[] = input.batches.map((rb) => ({
      length: rb.numRows,
      columns: columns.map((c, k) => vectorFromArrow(rb.getChildAt(k)!.data[0]!, c.type)),
    }));
    return {
      columns,
      data: new TableData(
        columns.map((c) => c.type),
        chunks.filter((c) => c.length > 0),
      ),
    };
  }
  let vectors: { name: string; vector: Vector }[];
  if (Array.isArray(input)) {
    const rows = input as readonly Record<string, unknown>[];
    const names: string[] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      for (const k of Object.keys(r)) {
        if (seen.has(k)) continue;
        names.push(k);
        seen.add(k);
      }
    }
    vectors = names.map((name) => ({
      name,
      vector: valuesVector(
        name,
        rows.map((r) => r[name]),
      ),
    }));
  } else {
    vectors = Object.entries(input as Record<string, TypedArray | unknown[]>).map(([name, values]) => ({
      name,
      vector: ArrayBuffer.isView(values)
        ? typedVector(values as TypedArray)
        : valuesVector(name, values as unknown[]),
    }));
  }
  const length = vectors[0]?.vector.length ?? 0;
  const bad = vectors.find((v) => v.vector.length !== length);
  if (bad !== undefined)
    throw new LarchError(
      SqlState.invalidParameterValue,
      `column "${bad.name}" has ${bad.vector.length} values, "${vectors[0]!.name}" has ${length}`,
    );
  const columns = vectors.map((v) => ({ name: v.name, type: v.vector.type }));
  return {
    columns,
    data: new TableData(
      columns.map((c) => c.type),
      chunked(
        vectors.map((v) => v.vector),
        length,
      ),
    ),
  };
}
