// Interop with apache-arrow: results as Arrow tables (typed columns keep their buffers' layout).

import * as arrow from 'apache-arrow';
import type { Scalar, Vector } from './vector.js';
import { getScalar, materialize } from './vector-ops.js';
import { type DataType } from '../types/data-type.js';
import { type Decimal, decimalToString } from '../types/decimal.js';
import { formatValue } from '../types/text-format.js';
import type { Batch } from './batch.js';

function arrowType(t: DataType): arrow.DataType {
  switch (t.id) {
    case 'bool':
      return new arrow.Bool();
    case 'int2':
      return new arrow.Int16();
    case 'int4':
    case 'oid':
      return new arrow.Int32();
    case 'int8':
      return new arrow.Int64();
    case 'float4':
      return new arrow.Float32();
    case 'float8':
      return new arrow.Float64();
    case 'date':
      return new arrow.DateDay();
    case 'timestamp':
      return new arrow.TimestampMicrosecond();
    case 'timestamptz':
      return new arrow.TimestampMicrosecond('UTC');
    case 'bytea':
      return new arrow.Binary();
    case 'list':
      return new arrow.List(new arrow.Field('item', arrowType(t.element), true));
    default:
      return new arrow.Utf8();
  }
}

/** One JS value for Arrow's builders. */
function arrowValue(t: DataType, v: Scalar): unknown {
  if (v === null) return null;
  switch (t.id) {
    case 'int8':
      return BigInt(v as number);
    case 'date':
      return new Date((v as number) * 86_400_000);
    case 'timestamp':
    case 'timestamptz':
      return Math.floor((v as number) / 1000);
    case 'numeric':
      return decimalToString(v as Decimal);
    case 'list':
      return (v as Scalar[]).map((x) => arrowValue((t as { element: DataType }).element, x));
    case 'bool':
    case 'int2':
    case 'int4':
    case 'oid':
    case 'float4':
    case 'float8':
    case 'bytea':
      return v;
    default:
      return typeof v === 'string' ? v : formatValue(t, v);
  }
}

function toArrowVector(v: Vector): arrow.Vector {
  const flat = materialize(v);
  const type = arrowType(v.type);
  const values: unknown[] = new Array(flat.length);
  for (let i = 0; i < flat.length; i++) values[i] = arrowValue(v.type, getScalar(flat, i));
  return arrow.vectorFromArray(values, type);
}

export function toArrowTable(
  columns: readonly { name: string; type: DataType }[],
  batches: readonly Batch[],
): arrow.Table {
  if (batches.length === 0) {
    const schema = new arrow.Schema(columns.map((c) => new arrow.Field(c.name, arrowType(c.type), true)));
    return new arrow.Table(schema);
  }
  const tables = batches.map((b) => {
    const vectors: Record<string, arrow.Vector> = {};
    columns.forEach((_, i) => {
      vectors[uniqueName(columns, i)] = toArrowVector(b.columns[i]!);
    });
    return new arrow.Table(vectors);
  });
  return tables.length === 1 ? tables[0]! : tables[0]!.concat(...tables.slice(1));
}

function uniqueName(columns: readonly { name: string }[], i: number): string {
  const name = columns[i]!.name;
  const before = columns.slice(0, i).filter((c) => c.name === name).length;
  return before === 0 ? name : `${name}_${before}`;
}
