// Values a typed array cannot hold (numerics of any size, bytea, JSON, arrays, structs) as plain JSON,
// guided by their SQL type so nothing is lost: bigint mantissas become strings, bytes base64,
// non-finite and negative-zero floats tagged strings.

import type { Scalar } from '../columnar/vector.js';
import { LarchError, SqlState, unreachable } from '../engine/errors.js';
import type { DataType } from '../types/data-type.js';
import type { Decimal } from '../types/decimal.js';
import type { Interval } from '../types/interval.js';

export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { [key: string]: JsonValue };

/** A number as JSON: finite values as themselves, NaN, ±Infinity and -0 as strings. */
function numberToJson(x: number): number | string {
  if (Number.isFinite(x)) return Object.is(x, -0) ? '-0' : x;
  return String(x);
}

function numberFromJson(x: JsonValue): number {
  return typeof x === 'number' ? x : Number(x);
}

export function scalarToJson(type: DataType, value: Scalar): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.id) {
    case 'bool':
      return value as boolean;
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return numberToJson(value as number);
    case 'numeric': {
      const d = value as Decimal;
      return [d.m.toString(), d.s];
    }
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'uuid':
    case 'unknown':
      return value as string;
    case 'interval': {
      const i = value as Interval;
      return [i.months, i.days, numberToJson(i.micros)];
    }
    case 'json':
      // JSON values are what JSON.parse made, so they are JSON already.
      return value as JsonValue;
    case 'bytea':
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'list':
      return (value as readonly Scalar[]).map((item) => scalarToJson(type.element, item));
    case 'struct': {
      const record = value as Record<string, Scalar>;
      return type.fields.map((f) => scalarToJson(f.type, record[f.name] ?? null));
    }
    default:
      return unreachable(type);
  }
}

export function scalarFromJson(type: DataType, json: JsonValue): Scalar {
  if (json === null) return null;
  switch (type.id) {
    case 'bool':
      return json as boolean;
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return numberFromJson(json);
    case 'numeric': {
      const [m, s] = json as readonly [string, number];
      return { m: BigInt(m), s } satisfies Decimal;
    }
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'uuid':
    case 'unknown':
      return json as string;
    case 'interval': {
      const [months, days, micros] = json as readonly [number, number, JsonValue];
      return { months, days, micros: numberFromJson(micros) } satisfies Interval;
    }
    case 'json':
      return json as Scalar;
    case 'bytea':
      return new Uint8Array(Buffer.from(json as string, 'base64'));
    case 'list':
      return (json as readonly JsonValue[]).map((item) => scalarFromJson(type.element, item));
    case 'struct': {
      const values = json as readonly JsonValue[];
      if (values.length !== type.fields.length) {
        throw new LarchError(SqlState.dataCorrupted, 'stored struct value does not match its type');
      }
      const record: Record<string, Scalar> = {};
      type.fields.forEach((f, i) => (record[f.name] = scalarFromJson(f.type, values[i]!)));
      return record;
    }
    default:
      return unreachable(type);
  }
}
