// Arrow data to Larch vectors: fixed-width buffers are used as they are where the layouts agree
// (Int32, Float64, Date32, validity bitmaps); 64-bit integers, decimals and timestamps are turned
// into float64 without BigInt per row; strings are decoded once per column chunk.

import * as arrow from 'apache-arrow';
import { LarchError, SqlState } from '../engine/errors.js';
import { type DataType, listType, numericType, Types } from '../types/data-type.js';
import { getBit, simplifyBitmap, type Bitmap } from './bitmap.js';
import { decodeUtf8Strings } from './utf8-strings.js';
import type { Scalar, Vector } from './vector.js';
import { getScalar, vectorFromScalars } from './vector-ops.js';

const TWO_32 = 4294967296;
const MAX = Number.MAX_SAFE_INTEGER;

function wideFits(words: Uint32Array, base: number, stride: number, ext: number): boolean {
  for (let k = 2; k < stride; k++) if (words[base + k] !== ext) return false;
  return true;
}

/** The SQL type Larch gives an Arrow column. */
export function dataTypeFromArrow(t: arrow.DataType): DataType {
  switch (t.typeId) {
    case arrow.Type.Bool:
      return Types.bool;
    case arrow.Type.Int: {
      const i = t as arrow.Int;
      if (i.bitWidth <= 8 || (i.bitWidth === 16 && i.isSigned)) return Types.int2;
      if (i.bitWidth === 16 || (i.bitWidth === 32 && i.isSigned)) return Types.int4;
      return Types.int8;
    }
    case arrow.Type.Float:
      return (t as arrow.Float).precision === arrow.Precision.DOUBLE ? Types.float8 : Types.float4;
    case arrow.Type.Decimal: {
      const d = t as arrow.Decimal;
      return numericType(d.precision, d.scale);
    }
    case arrow.Type.Date:
      return Types.date;
    case arrow.Type.Time:
      return Types.time;
    case arrow.Type.Timestamp:
      return (t as arrow.Timestamp).timezone ? Types.timestamptz : Types.timestamp;
    case arrow.Type.Duration:
      return Types.int8;
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
    case arrow.Type.Utf8View:
      return Types.text;
    case arrow.Type.Binary:
    case arrow.Type.LargeBinary:
    case arrow.Type.BinaryView:
      return Types.bytea;
    case arrow.Type.FixedSizeBinary:
      return (t as arrow.FixedSizeBinary).byteWidth === 16 ? Types.uuid : Types.bytea;
    case arrow.Type.Dictionary:
      return dataTypeFromArrow((t as arrow.Dictionary).dictionary);
    case arrow.Type.List:
    case arrow.Type.LargeList:
    case arrow.Type.FixedSizeList: {
      const child = dataTypeFromArrow(t.children[0]!.type);
      return child.id === 'list' || child.id === 'json' ? Types.json : listType(child);
    }
    case arrow.Type.Null:
      return Types.text;
    default:
      // Structs, maps and unions: kept as JSON values, reachable with -> and ->>.
      return Types.json;
  }
}

function validityOf(data: arrow.Data): Bitmap | null {
  if (data.nullCount === 0 || data.nullBitmap === undefined || data.nullBitmap.length === 0) return null;
  const bm = data.nullBitmap;
  if ((data.offset & 7) === 0)
    return simplifyBitmap(bm.subarray(data.offset >>> 3, (data.offset + data.length + 7) >>> 3), data.length);
  const out = new Uint8Array((data.length + 7) >>> 3);
  for (let i = 0; i < data.length; i++) if (getBit(bm, data.offset + i)) out[i >>> 3]! |= 1 << (i & 7);
  return simplifyBitmap(out, data.length);
}

function outOfRange(type: DataType): LarchError {
  return new LarchError(
    SqlState.numericValueOutOfRange,
    `${type.id === 'int8' ? 'bigint' : 'value'} out of range`,
  );
}

/** Little-endian 64-bit integers as doubles, exact up to 2^53 (beyond that an error, not lost digits). */
function int64ToFloat64(
  values: BigInt64Array | BigUint64Array,
  n: number,
  divisor: number,
  type: DataType,
  valid: Bitmap | null,
): Float64Array {
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const signed = values instanceof BigInt64Array;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]!;
    const v = (signed ? hi | 0 : hi) * TWO_32 + words[2 * i]!;
    if (v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER) {
      if (valid === null || getBit(valid, i)) throw outOfRange(type);
    }
    out[i] = divisor === 1 ? v : Math.floor(v / divisor);
  }
  return out;
}

function copyNumbers<T extends Int16Array | Int32Array | Float32Array | Float64Array>(
  Target: { new (n: number): T },
  src: ArrayLike<number>,
  n: number,
  scale = 1,
): T {
  const out = new Target(n);
  for (let i = 0; i < n; i++) out[i] = src[i]! * scale;
  return out;
}

function unitDivisor(unit: arrow.TimeUnit): number {
  // Units → microseconds: a negative number multiplies.
  switch (unit) {
    case arrow.TimeUnit.SECOND:
      return -1_000_000;
    case arrow.TimeUnit.MILLISECOND:
      return -1000;
    case arrow.TimeUnit.MICROSECOND:
      return 1;
    case arrow.TimeUnit.NANOSECOND:
      return 1000;
  }
}

function microsFrom(
  data: arrow.Data,
  unit: arrow.TimeUnit,
  type: DataType,
  valid: Bitmap | null,
): Float64Array {
  const n = data.length;
  const d = unitDivisor(unit);
  const values = data.values as BigInt64Array | Int32Array;
  if (values instanceof Int32Array) return copyNumbers(Float64Array, values, n, d < 0 ? -d : 1 / d);
  const raw = int64ToFloat64(values, n, d > 0 ? d : 1, type, valid);
  if (d < 0) for (let i = 0; i < n; i++) raw[i] = raw[i]! * -d;
  return raw;
}

/** Decimal128/256 words (little-endian, two's complement) → mantissas; boxed when beyond 2^53. */
function decimalVector(data: arrow.Data, type: DataType, validity: Bitmap | null): Vector {
  const t = data.type as arrow.Decimal;
  const n = data.length;
  const stride = (t.bitWidth ?? 128) / 32;
  const words = data.values as Uint32Array;
  const out = new Float64Array(n);
  let fits = true;
  // Hot loop: the upper words must be the sign extension and the value within 2^53.
  for (let i = 0, base = 0; i < n; i++, base += stride) {
    const hi = words[base + 1]! | 0;
    const v = hi * TWO_32 + words[base]!;
    const ext = hi < 0 ? 0xffffffff : 0;
    const upper =
      stride === 4 ? words[base + 2] === ext && words[base + 3] === ext : wideFits(words, base, stride, ext);
    if (!upper || v > MAX || v < -MAX) {
      fits = false;
      break;
    }
    out[i] = v;
  }
  if (fits) return { kind: 'numeric', type, length: n, validity, data: out, scale: t.scale };
  const values: Scalar[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (validity !== null && !getBit(validity, i)) {
      values[i] = null;
      continue;
    }
    let m = 0n;
    for (let k = stride - 1; k >= 0; k--) m = (m << 32n) | BigInt(words[i * stride + k]!);
    values[i] = { m: BigInt.asIntN(stride * 32, m), s: t.scale };
  }
  return vectorFromScalars(type, values);
}

function stringVector(data: arrow.Data, type: DataType, validity: Bitmap | null): Vector {
  const n = data.length;
  if (data.typeId === arrow.Type.Dictionary) {
    const dictionary = data.dictionary!;
    const dict: string[] = [];
    for (const chunk of dictionary.data)
      dict.push(
        ...decodeUtf8Strings(chunk.valueOffsets as Int32Array, chunk.values as Uint8Array, chunk.length).dict,
      );
    const indices = data.values as ArrayLike<number>;
    const codes = indices instanceof Int32Array ? indices : Int32Array.from(indices as ArrayLike<number>);
    return { kind: 'string', type, length: n, validity, dict, codes: codes.subarray(0, n) };
  }
  if (data.typeId === arrow.Type.Utf8 || data.typeId === arrow.Type.LargeUtf8) {
    const offsets = data.valueOffsets as Int32Array | BigInt64Array;
    const o32 = offsets instanceof Int32Array ? offsets : Int32Array.from(offsets, Number);
    const { dict, codes } = decodeUtf8Strings(o32, data.values as Uint8Array, n);
    return { kind: 'string', type, length: n, validity, dict, codes };
  }
  return boxedFromArrow(data, type, validity, (v) => (v === null ? null : String(v)));
}

/** The slow path for nested and rare types: Arrow's own per-row accessor, converted to JS values. */
function boxedFromArrow(
  data: arrow.Data,
  type: DataType,
  validity: Bitmap | null,
  convert: (v: unknown) => Scalar,
): Vector {
  const v = arrow.makeVector(data);
  const values: Scalar[] = new Array(data.length);
  for (let i = 0; i < data.length; i++)
    values[i] = validity !== null && !getBit(validity, i) ? null : convert(v.get(i));
  return vectorFromScalars(type, values);
}

/** Arrow row values (Row proxies, Vectors, BigInts, Dates) as plain JSON-like JS values. */
function plainJson(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (
    typeof v === 'object' &&
    'toArray' in (v as object) &&
    typeof (v as arrow.Vector).toArray === 'function' &&
    !(v instanceof Map)
  ) {
    if ('toJSON' in (v as object) && !(v as { [Symbol.iterator]?: unknown })[Symbol.iterator])
      return plainJson((v as { toJSON(): unknown }).toJSON());
    return [...(v as Iterable<unknown>)].map(plainJson);
  }
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plainJson(x)]));
  if (typeof v === 'object') {
    const json =
      typeof (v as { toJSON?: () => unknown }).toJSON === 'function'
        ? (v as { toJSON(): unknown }).toJSON()
        : v;
    return Object.fromEntries(Object.entries(json as object).map(([k, x]) => [k, plainJson(x)]));
  }
  return v as Scalar;
}

function listVector(data: arrow.Data, type: DataType & { id: 'list' }, validity: Bitmap | null): Vector {
  const n = data.length;
  const child = data.children[0]!;
  const elements = vectorFromArrow(child, type.element);
  const fixed = data.typeId === arrow.Type.FixedSizeList ? (data.type as arrow.FixedSizeList).listSize : 0;
  const offsets = data.valueOffsets as Int32Array | undefined;
  const values: Scalar[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (validity !== null && !getBit(validity, i)) {
      values[i] = null;
      continue;
    }
    const start = fixed > 0 ? i * fixed : Number(offsets![i]);
    const end = fixed > 0 ? start + fixed : Number(offsets![i + 1]);
    const items: Scalar[] = new Array(end - start);
    for (let k = start; k < end; k++) items[k - start] = getScalar(elements, k);
    values[i] = items;
  }
  return { kind: 'boxed', type, length: n, validity, values };
}

/** Converts one Arrow column chunk into a vector of `type` (from dataTypeFromArrow or a declared type). */
export function vectorFromArrow(data: arrow.Data, type: DataType): Vector {
  const n = data.length;
  const validity = validityOf(data);
  const id = data.typeId;
  if (id === arrow.Type.Null) return { kind: 'const', type, length: n, validity: null, value: null };
  switch (type.id) {
    case 'bool': {
      if (id !== arrow.Type.Bool) break;
      const bits = data.values as Uint8Array;
      const out = new Uint8Array(n);
      for (let i = 0, j = data.offset; i < n; i++, j++) out[i] = (bits[j >>> 3]! >>> (j & 7)) & 1;
      return { kind: 'bool', type, length: n, validity, data: out };
    }
    case 'int2':
      if (id !== arrow.Type.Int) break;
      return {
        kind: 'i16',
        type,
        length: n,
        validity,
        data:
          data.values instanceof Int16Array
            ? data.values.subarray(0, n)
            : copyNumbers(Int16Array, data.values as ArrayLike<number>, n),
      };
    case 'int4':
      if (
        id === arrow.Type.Int &&
        !(data.values instanceof BigInt64Array) &&
        !(data.values instanceof BigUint64Array)
      )
        return {
          kind: 'i32',
          type,
          length: n,
          validity,
          data:
            data.values instanceof Int32Array
              ? data.values.subarray(0, n)
              : copyNumbers(Int32Array, data.values as ArrayLike<number>, n),
        };
      break;
    case 'int8':
      if (id !== arrow.Type.Int) break;
      if (data.values instanceof BigInt64Array || data.values instanceof BigUint64Array)
        return {
          kind: 'f64',
          type,
          length: n,
          validity,
          data: int64ToFloat64(data.values, n, 1, type, validity),
        };
      return {
        kind: 'f64',
        type,
        length: n,
        validity,
        data: copyNumbers(Float64Array, data.values as ArrayLike<number>, n),
      };
    case 'float4':
      if (data.values instanceof Float32Array)
        return { kind: 'f32', type, length: n, validity, data: data.values.subarray(0, n) };
      break;
    case 'float8':
      if (data.values instanceof Float64Array)
        return { kind: 'f64', type, length: n, validity, data: data.values.subarray(0, n) };
      if (data.values instanceof Float32Array)
        return { kind: 'f64', type, length: n, validity, data: copyNumbers(Float64Array, data.values, n) };
      break;
    case 'numeric':
      if (id === arrow.Type.Decimal) return decimalVector(data, type, validity);
      break;
    case 'date':
      if (id !== arrow.Type.Date) break;
      if ((data.type as arrow.Date_).unit === arrow.DateUnit.DAY)
        return { kind: 'i32', type, length: n, validity, data: (data.values as Int32Array).subarray(0, n) };
      return {
        kind: 'i32',
        type,
        length: n,
        validity,
        data: Int32Array.from(int64ToFloat64(data.values as BigInt64Array, n, 86_400_000, type, validity)),
      };
    case 'timestamp':
    case 'timestamptz':
      if (id !== arrow.Type.Timestamp) break;
      return {
        kind: 'f64',
        type,
        length: n,
        validity,
        data: microsFrom(data, (data.type as arrow.Timestamp).unit, type, validity),
      };
    case 'time':
      if (id !== arrow.Type.Time) break;
      return {
        kind: 'f64',
        type,
        length: n,
        validity,
        data: microsFrom(data, (data.type as arrow.Time).unit, type, validity),
      };
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'unknown':
      return stringVector(data, type, validity);
    case 'list':
      if (id === arrow.Type.List || id === arrow.Type.FixedSizeList || id === arrow.Type.LargeList)
        return listVector(data, type, validity);
      break;
    case 'json':
      if (id === arrow.Type.Utf8 || id === arrow.Type.LargeUtf8)
        return jsonFromStrings(stringVector(data, Types.text, validity), type);
      return boxedFromArrow(data, type, validity, plainJson);
    case 'uuid':
      return boxedFromArrow(data, type, validity, (v) => formatUuid(v as Uint8Array | null));
    case 'bytea':
      return boxedFromArrow(data, type, validity, (v) => (v instanceof Uint8Array ? v.slice() : null));
    default:
      break;
  }
  // Anything else (Int to numeric, Float16, intervals …): per row through Arrow's accessor.
  return boxedFromArrow(data, type, validity, (v) => convertScalar(v, type));
}

function jsonFromStrings(texts: Vector, type: DataType): Vector {
  const values: Scalar[] = new Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const s = getScalar(texts, i) as string | null;
    try {
      values[i] = s === null ? null : (JSON.parse(s) as Scalar);
    } catch {
      throw new LarchError(
        SqlState.invalidTextRepresentation,
        `invalid input syntax for type json: "${s!.slice(0, 40)}"`,
      );
    }
  }
  return vectorFromScalars(type, values);
}

function formatUuid(b: Uint8Array | null): string | null {
  if (b === null) return null;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function convertScalar(v: unknown, type: DataType): Scalar {
  if (v === null || v === undefined) return null;
  switch (type.id) {
    case 'numeric':
      return { m: BigInt(typeof v === 'number' ? Math.trunc(v) : (v as bigint)), s: 0 };
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8': {
      const x = Number(v);
      if (type.id === 'int8' && Math.abs(x) > Number.MAX_SAFE_INTEGER) throw outOfRange(type);
      return x;
    }
    default:
      return plainJson(v);
  }
}
