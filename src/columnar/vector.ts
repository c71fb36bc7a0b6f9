// Column vectors: typed arrays plus an Arrow-style validity bitmap. Strings are dictionary-encoded
// (codes into an array of JS strings); values a typed array cannot hold are boxed.

import type { DataType } from '../types/data-type.js';
import type { Decimal } from '../types/decimal.js';
import type { Interval } from '../types/interval.js';
import type { Bitmap } from './bitmap.js';

interface VectorBase {
  readonly type: DataType;
  readonly length: number;
  /** null when every row is valid. */
  readonly validity: Bitmap | null;
}

export interface BoolVector extends VectorBase {
  readonly kind: 'bool';
  /** One byte per row, 0 or 1. */
  readonly data: Uint8Array;
}
export interface I16Vector extends VectorBase {
  readonly kind: 'i16';
  readonly data: Int16Array;
}
export interface I32Vector extends VectorBase {
  readonly kind: 'i32';
  readonly data: Int32Array;
}
export interface F32Vector extends VectorBase {
  readonly kind: 'f32';
  readonly data: Float32Array;
}
/** bigint (exact integers up to 2^53), double precision, timestamps (microseconds), times. */
export interface F64Vector extends VectorBase {
  readonly kind: 'f64';
  readonly data: Float64Array;
}
/** numeric values whose mantissas fit in 53 bits, all at one scale: value = data[i] / 10^scale. */
export interface NumericVector extends VectorBase {
  readonly kind: 'numeric';
  readonly data: Float64Array;
  readonly scale: number;
}
export interface StringVector extends VectorBase {
  readonly kind: 'string';
  readonly dict: readonly string[];
  readonly codes: Int32Array;
}
export interface IntervalVector extends VectorBase {
  readonly kind: 'interval';
  readonly months: Int32Array;
  readonly days: Int32Array;
  readonly micros: Float64Array;
}
/** Decimals of any size and scale, JSON, arrays, structs, bytea: one JS value per row. */
export interface BoxedVector extends VectorBase {
  readonly kind: 'boxed';
  readonly values: readonly unknown[];
}
/** One value repeated `length` times (validity is always null; a null constant has value null). */
export interface ConstVector extends VectorBase {
  readonly kind: 'const';
  readonly value: Scalar;
}

export type FlatVector = BoolVector | I16Vector | I32Vector | F32Vector | F64Vector | NumericVector;
export type Vector = FlatVector | StringVector | IntervalVector | BoxedVector | ConstVector;
export type VectorKind = Vector['kind'];

/**
 * A single value as the engine holds it: boolean, number (integers, floats, days, microseconds),
 * Decimal (numeric), string, Interval, Uint8Array (bytea), arrays and objects (lists, structs,
 * JSON) or null.
 */
export type Scalar =
  null | boolean | number | string | Decimal | Interval | Uint8Array | readonly unknown[] | object;

export type NumberArray = Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;
