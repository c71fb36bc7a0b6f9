// Larch vectors to Arrow data, building the buffers directly: fixed-width columns keep their typed
// arrays, bigints and timestamps become Int64 through 32-bit word writes (no BigInt per row),
// numerics become Decimal128, strings are encoded once per dictionary entry.

import * as arrow from 'apache-arrow';
import { type DataType, Types } from '../types/data-type.js';
import { rescaleUp, type Decimal } from '../types/decimal.js';
import { formatValue } from '../types/text-format.js';
import { bitmapBytes, getBit } from './bitmap.js';
import type { Scalar, Vector } from './vector.js';
import { getScalar, materialize, vectorFromScalars } from './vector-ops.js';

const TWO_32 = 4294967296;
const encoder = new TextEncoder();

/** Scale used for numeric columns without a declared one when no value needs more. */
const DEFAULT_NUMERIC_SCALE = 6;
/** Widest Decimal128 precision. */
const MAX_PRECISION = 38;

/** The Arrow type a column of `t` is written as; unconstrained numerics take `numericScale`. */
export function arrowTypeOf(t: DataType, numericScale = DEFAULT_NUMERIC_SCALE): arrow.DataType {
  switch (t.id) {
    case 'bool':
      return new arrow.Bool();
    case 'int2':
      return new arrow.Int16();
    case 'int4':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
      return new arrow.Int32();
    case 'int8':
      return new arrow.Int64();
    case 'float4':
      return new arrow.Float32();
    case 'float8':
      return new arrow.Float64();
    case 'numeric':
      return t.precision === null
        ? new arrow.Decimal(numericScale, MAX_PRECISION, 128)
        : new arrow.Decimal(t.scale ?? 0, Math.min(t.precision, MAX_PRECISION), 128);
    case 'date':
      return new arrow.DateDay();
    case 'time':
      return new arrow.TimeMicrosecond();
    case 'timestamp':
      return new arrow.TimestampMicrosecond();
    case 'timestamptz':
      return new arrow.TimestampMicrosecond('UTC');
    case 'bytea':
      return new arrow.Binary();
    case 'list':
      return new arrow.List(new arrow.Field('item', arrowTypeOf(t.element, numericScale), true));
    case 'struct':
      return new arrow.Struct(
        t.fields.map((f) => new arrow.Field(f.name, arrowTypeOf(f.type, numericScale), true)),
      );
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
    case 'unknown':
    case 'uuid':
    case 'interval':
    case 'json':
      return new arrow.Utf8();
  }
}

function validityOf(v: Vector): { bitmap: Uint8Array | undefined; nulls: number } {
  if (v.validity === null) return { bitmap: undefined, nulls: 0 };
  let valid = 0;
  for (let i = 0; i < v.length; i++) if (getBit(v.validity, i)) valid++;
  return { bitmap: v.validity.subarray(0, bitmapBytes(v.length)), nulls: v.length - valid };
}

function int64Words(src: Float64Array, n: number, scale = 1): BigInt64Array {
  const out = new BigInt64Array(n);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const x = Math.round(src[i]! * scale);
    if (!Number.isFinite(x)) continue;
    const hi = Math.floor(x / TWO_32);
    words[2 * i] = x - hi * TWO_32;
    words[2 * i + 1] = hi >>> 0;
  }
  return out;
}

/** The largest scale of a numeric vector's values (flat vectors have one). */
export function numericScaleOf(v: Vector): number {
  if (v.kind === 'numeric') return v.scale;
  let scale = 0;
  for (let i = 0; i < v.length; i++) {
    const d = getScalar(v, i) as Decimal | null;
    if (d !== null) scale = Math.max(scale, d.s);
  }
  return scale;
}

function decimalWords(v: Vector, scale: number): Uint32Array {
  const n = v.length;
  const words = new Uint32Array(n * 4);
  if (v.kind === 'numeric' && v.scale <= scale) {
    const factor = 10 ** (scale - v.scale);
    let exact = true;
    for (let i = 0; i < n && exact; i++) {
      const m = v.data[i]! * factor;
      if (Math.abs(m) > Number.MAX_SAFE_INTEGER) {
        exact = false;
        break;
      }
      const hi = Math.floor(m / TWO_32);
      const ext = m < 0 ? 0xffffffff : 0;
      words[4 * i] = m - hi * TWO_32;
      words[4 * i + 1] = hi >>> 0;
      words[4 * i + 2] = ext;
      words[4 * i + 3] = ext;
    }
    if (exact) return words;
  }
  for (let i = 0; i < n; i++) {
    const d = getScalar(v, i) as Decimal | null;
    if (d === null) continue;
    let m = BigInt.asUintN(128, d.s <= scale ? rescaleUp(d, scale) : d.m / 10n ** BigInt(d.s - scale));
    for (let k = 0; k < 4; k++) {
      words[4 * i + k] = Number(m & 0xffffffffn);
      m >>= 32n;
    }
  }
  return words;
}

function utf8Data(
  type: arrow.DataType,
  v: Vector,
  text: (s: Scalar) => string,
  nulls: { bitmap: Uint8Array | undefined; nulls: number },
): arrow.Data {
  const n = v.length;
  const offsets = new Int32Array(n + 1);
  if (v.kind === 'string') {
    const encoded = v.dict.map((s) => encoder.encode(s));
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (v.validity === null || getBit(v.validity, i)) total += encoded[v.codes[i]!]!.length;
      offsets[i + 1] = total;
    }
    const bytes = new Uint8Array(total);
    for (let i = 0; i < n; i++)
      if (offsets[i + 1]! > offsets[i]!) bytes.set(encoded[v.codes[i]!]!, offsets[i]!);
    return arrow.makeData({
      type: type as arrow.Utf8,
      length: n,
      nullCount: nulls.nulls,
      nullBitmap: nulls.bitmap,
      valueOffsets: offsets,
      data: bytes,
    });
  }
  const parts: Uint8Array[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = getScalar(v, i);
    parts[i] = s === null ? new Uint8Array(0) : encoder.encode(text(s));
    total += parts[i]!.length;
    offsets[i + 1] = total;
  }
  const bytes = new Uint8Array(total);
  for (let i = 0; i < n; i++) bytes.set(parts[i]!, offsets[i]!);
  return arrow.makeData({
    type: type as arrow.Utf8,
    length: n,
    nullCount: nulls.nulls,
    nullBitmap: nulls.bitmap,
    valueOffsets: offsets,
    data: bytes,
  });
}

/** One vector as Arrow data of `type` (from arrowTypeOf). */
export function arrowDataOf(input: Vector, type: arrow.DataType): arrow.Data {
  const v = input.kind === 'const' ? materialize(input) : input;
  const n = v.length;
  const nulls = validityOf(v);
  const base = { length: n, nullCount: nulls.nulls, nullBitmap: nulls.bitmap };
  const t = v.type;
  switch (type.typeId) {
    case arrow.Type.Bool: {
      const bits = new Uint8Array(bitmapBytes(n));
      if (v.kind === 'bool') for (let i = 0; i < n; i++) if (v.data[i]) bits[i >>> 3]! |= 1 << (i & 7);
      return arrow.makeData({ ...base, type: type as arrow.Bool, data: bits });
    }
    case arrow.Type.Int: {
      const bw = (type as arrow.Int).bitWidth;
      if (bw === 64)
        return arrow.makeData({
          ...base,
          type: type as arrow.Int64,
          data: int64Words(
            v.kind === 'f64' ? v.data : Float64Array.from((v as { data: ArrayLike<number> }).data),
            n,
          ),
        });
      const data = (v as { data: Int16Array | Int32Array }).data;
      return arrow.makeData({
        ...base,
        type: type as arrow.Int32,
        data: bw === 16 ? Int16Array.from(data) : data instanceof Int32Array ? data : Int32Array.from(data),
      });
    }
    case arrow.Type.Float: {
      const data = (v as { data: Float32Array | Float64Array }).data;
      const wide = (type as arrow.Float).precision === arrow.Precision.DOUBLE;
      return arrow.makeData({
        ...base,
        type: type as arrow.Float64,
        data: wide
          ? data instanceof Float64Array
            ? data
            : Float64Array.from(data)
          : data instanceof Float32Array
            ? data
            : Float32Array.from(data),
      });
    }
    case arrow.Type.Decimal:
      return arrow.makeData({
        ...base,
        type: type as arrow.Decimal,
        data: decimalWords(v, (type as arrow.Decimal).scale),
      });
    case arrow.Type.Date:
      return arrow.makeData({ ...base, type: type as arrow.DateDay, data: (v as { data: Int32Array }).data });
    case arrow.Type.Time:
    case arrow.Type.Timestamp:
      return arrow.makeData({
        ...base,
        type: type as arrow.TimestampMicrosecond,
        data: int64Words((v as { data: Float64Array }).data, n),
      });
    case arrow.Type.Binary: {
      const offsets = new Int32Array(n + 1);
      const parts: Uint8Array[] = [];
      let total = 0;
      for (let i = 0; i < n; i++) {
        const b = getScalar(v, i) as Uint8Array | null;
        if (b !== null) parts.push(b);
        total += b?.length ?? 0;
        offsets[i + 1] = total;
      }
      return arrow.makeData({
        ...base,
        type: type as arrow.Binary,
        valueOffsets: offsets,
        data: Buffer.concat(parts),
      });
    }
    case arrow.Type.List: {
      const element = (t as { element: DataType }).element ?? Types.text;
      const offsets = new Int32Array(n + 1);
      const items: Scalar[] = [];
      for (let i = 0; i < n; i++) {
        const list = getScalar(v, i) as readonly Scalar[] | null;
        if (list !== null) items.push(...list);
        offsets[i + 1] = items.length;
      }
      const child = arrowDataOf(vectorFromScalars(element, items), type.children[0]!.type);
      return arrow.makeData({ ...base, type: type as arrow.List, valueOffsets: offsets, child });
    }
    case arrow.Type.Struct: {
      const fields = t.id === 'struct' ? t.fields : [];
      const children = fields.map((f, k) => {
        const values: Scalar[] = new Array(n);
        for (let i = 0; i < n; i++)
          values[i] = ((getScalar(v, i) as Record<string, Scalar> | null) ?? {})[f.name] ?? null;
        return arrowDataOf(vectorFromScalars(f.type, values), type.children[k]!.type);
      });
      return arrow.makeData({ ...base, type: type as arrow.Struct, children });
    }
    default:
      return utf8Data(type, v, (s) => (t.id === 'json' ? JSON.stringify(s) : formatValue(t, s)), nulls);
  }
}

/** Query results as an Arrow table, one record batch per batch. */
export function arrowTableOf(
  columns: readonly { name: string; type: DataType }[],
  batches: readonly { length: number; columns: readonly Vector[] }[],
): arrow.Table {
  const names = uniqueNames(columns.map((c) => c.name));
  const scales = columns.map((c, k) =>
    c.type.id === 'numeric' && c.type.scale === null
      ? Math.max(0, ...batches.map((b) => numericScaleOf(b.columns[k]!)))
      : DEFAULT_NUMERIC_SCALE,
  );
  const fields = columns.map((c, k) => new arrow.Field(names[k]!, arrowTypeOf(c.type, scales[k]), true));
  const schema = new arrow.Schema(fields);
  const records = batches
    .filter((b) => b.length > 0)
    .map((b) => {
      const children = fields.map((f, k) => arrowDataOf(b.columns[k]!, f.type));
      const data = arrow.makeData({
        type: new arrow.Struct(fields),
        length: b.length,
        nullCount: 0,
        children,
      });
      return new arrow.RecordBatch(schema, data);
    });
  return new arrow.Table(schema, records);
}

function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    return k === 0 ? name : `${name}_${k}`;
  });
}
